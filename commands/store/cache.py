"""Keeping aggregates in memory between writes, without ever keeping a change that was not saved.

The library's cache hands out a deep copy of every cached aggregate, so that a refused command
cannot leave a half-changed aggregate behind; copying a member with two years of entries cost
more than the rest of a write. Inside a write this keeper lends the cached object itself and,
when the outermost transaction ends, puts right what the write left: after a commit the saved
aggregates are the newest state of their streams and stay; anything with unsaved changes, and
after a rollback everything the write touched, is evicted so that the next read replays it
from the store.
"""

from __future__ import annotations

import copy
from typing import Any, Callable
from uuid import UUID


class CacheKeeper:
    def __init__(self, repository: Any, recorder: Any):
        self.repository = repository
        self.recorder = recorder
        self.lent: dict[UUID, Any] = {}
        self.saved: dict[UUID, Any] = {}

    def get(self, aggregate_id: UUID, replay: Callable, in_write: bool) -> Any:
        """The aggregate, fast-forwarded to its newest stored version (a copy outside a write)."""
        aggregate = self.repository.get(aggregate_id, projector_func=replay, deepcopy_from_cache=not in_write)
        if in_write and self.repository.cache:
            self.lent[aggregate_id] = aggregate
        return aggregate

    def current(self, ids: list[UUID], in_write: bool) -> dict[UUID, Any]:
        """The cached aggregates among these that are still the newest state of their streams,
        checked with one query for all of them instead of one fast-forward read each."""
        cache = self.repository.cache
        if not cache:
            return {}
        cached = {}
        for aggregate_id in ids:
            try:
                cached[aggregate_id] = cache.get(aggregate_id)
            except KeyError:
                continue
        if not cached:
            return {}
        moved = self.recorder.streams_moved_on({aggregate_id: aggregate.version
                                                for aggregate_id, aggregate in cached.items()})
        current = {aggregate_id: aggregate for aggregate_id, aggregate in cached.items()
                   if aggregate_id not in moved}
        if moved:
            current.update(self._fast_forward({aggregate_id: cached[aggregate_id] for aggregate_id in moved}))
        if not in_write:
            return {aggregate_id: copy.deepcopy(aggregate) for aggregate_id, aggregate in current.items()}
        self.lent.update(current)
        return current

    def _fast_forward(self, behind: dict[UUID, Any]) -> dict[UUID, Any]:
        """The cached aggregates of streams that moved on (another process wrote to them),
        brought to their newest version with one query for all their new events: one read per
        stream cost a meeting in a second worker a round trip per member. The caller holds the
        write lock of this process, as the library's own fast-forward does its lock. A stream
        whose events do not decode or do not follow on is left out, to be read alone."""
        try:
            stored = self.recorder.select_new_events({aggregate_id: aggregate.version
                                                      for aggregate_id, aggregate in behind.items()})
            events: dict[UUID, list] = {}
            for event in stored:
                events.setdefault(event.originator_id, []).append(self.repository.event_store.mapper.to_domain_event(event))
        except Exception:  # a damaged payload: the single read names it
            return {}
        caught_up = {}
        for aggregate_id, new_events in events.items():
            aggregate = behind.get(aggregate_id)
            if aggregate is None or new_events[0].originator_version != aggregate.version + 1:
                continue
            try:
                for event in new_events:
                    aggregate = event.mutate(aggregate)
            except Exception:  # never keep a half-advanced aggregate: the single read replays it
                self._evict(self.repository.cache, aggregate_id, behind[aggregate_id])
                continue
            self.repository.cache.put(aggregate_id, aggregate)
            caught_up[aggregate_id] = aggregate
        return caught_up

    def settle(self, committed: bool) -> None:
        """Called when the outermost write transaction has ended, committed or not."""
        cache = self.repository.cache
        if cache:
            kept = {}
            if committed:
                kept = {aggregate_id: aggregate for aggregate_id, aggregate in self.saved.items()
                        if not aggregate.pending_events}
                for aggregate_id, aggregate in kept.items():
                    cache.put(aggregate_id, aggregate)
            for aggregate_id, aggregate in {**self.saved, **self.lent}.items():
                if aggregate_id not in kept and (not committed or aggregate.pending_events):
                    self._evict(cache, aggregate_id, aggregate)
        self.lent.clear()
        self.saved.clear()

    @staticmethod
    def _evict(cache: Any, aggregate_id: UUID, aggregate: Any) -> None:
        try:
            if cache.get(aggregate_id) is aggregate:
                cache.get(aggregate_id, evict=True)
        except KeyError:
            pass
