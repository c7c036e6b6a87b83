"""The StarLedger application: the eventsourcing Application with every write command.

Each write checks its input, changes aggregates through their public methods, and saves the
events together with their entry-index rows and hash-chain rows in one transaction: all of it
or none of it.
"""

from __future__ import annotations

import threading
import uuid
from contextlib import contextmanager
from datetime import date
from typing import Any, Callable, Iterator

from eventsourcing.application import AggregateNotFoundError, Application, ProcessingEvent
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import JSONTranscoder
from sqlalchemy.orm import Session

from commands.service.handlers.entry_index_access import EntryIndexAccess
from commands.service.handlers.verify import check_seal_anchors, verify as verify_chain
from commands.service.queries.read_connections import ReadConnections
from commands.service.runtime.per_thread import PerThread
from commands.service.runtime.retry import conflict_from
from commands.store import chain, entry_index
from commands.store.cache import CacheKeeper
from commands.store.date_transcoding import DateAsISO
from commands.store.probes import probe_engine
from ledger.errors import Duplicate, NotFound
from ledger.ids import shown_id
from projections import impact
from projections.projector import Projector
from projections.stuck import damaged_stream


def _replay(aggregate: Any, events: Any) -> Any:
    """The library's projector without its per-event `isinstance` against a Protocol (slower than the event)."""
    for domain_event in events:
        aggregate = domain_event.mutate(aggregate)
    return aggregate


class _RollBack(Exception):
    """Raised inside a preview's transaction: nothing it wrote is kept."""


class LedgerBase(ReadConnections, EntryIndexAccess, Application):
    """Storage, transactions and the helpers every command uses."""

    name = "starledger"  # table names: starledger_events; set explicitly, never derived
    projects_own_writes = True  # off in tests that need a backlog for the readers' catch-up, and while the demo records its year

    # Each thread's own: one application object serves many threads at once.
    _batch: dict[uuid.UUID, Any] | None = PerThread(None)  # type: ignore[assignment]
    _batch_saves: int = PerThread(0)  # type: ignore[assignment]
    _batch_saves_total: int = PerThread(0)  # type: ignore[assignment]
    _batch_flush_every: int = PerThread(2000)  # type: ignore[assignment]
    _batch_index: dict[str, tuple] = PerThread(None)  # type: ignore[assignment]
    _batch_absent: set[uuid.UUID] = PerThread(None)  # type: ignore[assignment]
    _batch_recorded: dict[str, tuple[str, str]] = PerThread(None)  # type: ignore[assignment]
    _open_units: int = PerThread(0)  # type: ignore[assignment]

    def __init__(self, env: dict[str, str], today: Callable[[], date] = date.today):
        super().__init__(env=env)
        self.today = today
        # Writes in one process take turns: the aggregates lent from the cache inside a write
        # are the cached objects themselves, so two threads must never hold them at once.
        # Writes from other processes are kept apart by the database, as always.
        self._writing = threading.RLock()
        # The projector's in-memory shelves are shared, so catch-ups in one process take turns.
        self._projecting = threading.RLock()
        self.cache_keeper = CacheKeeper(self.repository, self.recorder)
        self.engine = self.recorder.datastore.engine  # type: ignore[attr-defined]
        self.probes = probe_engine(self.engine)
        entry_index.metadata.create_all(self.engine)
        chain.metadata.create_all(self.engine)
        self.events_table = self.recorder.events_record_cls.__table__  # type: ignore[attr-defined]
        self.projector = Projector(self.engine, self.events_table, self.mapper.transcoder)
        self.projector.create_tables()

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        transcoder.register(DateAsISO())

    def _record(self, processing_event: Any) -> Any:
        """Insert the events and their hash-chain rows in one transaction (joins an open one)."""
        with self.unit_of_work() as session:
            recordings = super()._record(processing_event)
            first_new = min((r.notification.id for r in recordings), default=None)
            if first_new is not None:
                self.projector.check_write_position(session.connection(), first_new)
            chain.append(session, [recording.notification for recording in recordings])
            if first_new is not None and self.projects_own_writes:
                self._project_own(session.connection(), first_new)
            self.cache_keeper.saved.update(processing_event.aggregates)
        return recordings

    def _project_own(self, conn: Any, first_new: int) -> None:
        """Project a write's events in its own transaction: the read model is caught up when the
        write commits, and readers never wait for writers (projecting on the read path made an
        explain 34x slower behind 8 writers). The event table (PostgreSQL) or the database
        (SQLite) is locked for the write, so no older event can still arrive. Not with a backlog
        (an event the read model cannot take, say): the readers' catch-up names it."""
        with self._projecting:
            if self.projector.pending_before(conn, first_new):
                return
            self.projector.catch_up_within(conn, defer_branches=True)

    def close(self) -> None:
        """Close the store and return every pooled connection (a long-running process opens many)."""
        super().close()
        self.engine.dispose()
        self.probes.dispose()

    def verify(self, anchor: str | None = None, progress: Any = None) -> dict:
        """Check the stored events against their hash chain (see commands/verify.py)."""
        report = verify_chain(self.engine, self.events_table, self.mapper.transcoder, anchor, progress)
        report["problems"] += check_seal_anchors(self.engine, self.events_table, self.mapper.transcoder)
        report["ok"] = not report["problems"]
        return report

    def catch_up(self, progress: Any = None, branches: bool = True) -> int:
        """Bring the read model up to the log's head, and with `branches` settle the stale branch-months."""
        if self._batch is not None:
            return 0  # a batch holds the write transaction; the read model waits for its commit
        with self.looking() as conn:
            if self.projector.current(conn, branches):
                return 0  # the usual case (each write projects itself): one query, no lock
        with self._projecting:
            applied = self.projector.catch_up(progress)
            if branches:
                self.projector.settle_branches()
            return applied

    # --- batches: many commands, one transaction, aggregates loaded once --------------------

    @contextmanager
    def batch(self, flush_every: int = 2000) -> Iterator["LedgerBase"]:
        """Run many commands as one atomic write: all of them are saved, or none.

        Each aggregate is loaded once and kept for the batch; events are saved in bulk
        every `flush_every` saves and at the end, all inside one transaction.
        """
        if self._batch is not None:
            raise RuntimeError("batches do not nest")
        with self.unit_of_work():
            self._batch = {}
            self._batch_saves = self._batch_saves_total = 0
            self._batch_flush_every = flush_every
            self._batch_index: dict[str, tuple] = {}
            self._batch_absent: set[uuid.UUID] = set()
            self._batch_recorded: dict[str, tuple[str, str]] = {}
            try:
                yield self
                self._flush_batch()
            finally:
                self._batch = None
        if self._batch_saves_total > 10_000:
            self.projector.give_back_log()

    def _flush_batch(self) -> None:
        assert self._batch is not None
        dirty = [agg for agg in self._batch.values() if agg.pending_events]
        if dirty:
            self._save_aggregates(dirty)
        if self._batch_index:
            with self.unit_of_work() as session:
                taken = entry_index.existing_ids(session, list(self._batch_index))
                if taken:
                    raise Duplicate(f"entry id {taken[0]} is already in the ledger; nothing was imported")
                entry_index.add_entries(session, list(self._batch_index.values()))
            self._batch_index = {}
        self._batch_saves = 0

    def _save_aggregates(self, aggregates: list[Aggregate]) -> Any:
        """Application.save for aggregates only: the library's version asks each object two
        isinstance questions against Protocols, which on Python 3.11 cost 9% of a meeting's save."""
        processing_event: ProcessingEvent = ProcessingEvent()
        for aggregate in aggregates:
            processing_event.events.extend(aggregate.collect_events())
            processing_event.aggregates[aggregate.id] = aggregate
        recordings = self._record(processing_event)
        self._take_snapshots(processing_event)
        self._notify(recordings)
        return recordings

    def save(self, *objs: Any, **kwargs: Any) -> Any:
        if self._batch is None:
            if kwargs or not all(isinstance(obj, Aggregate) for obj in objs):
                return super().save(*objs, **kwargs)
            return self._save_aggregates(list(objs))
        for obj in objs:
            self._batch[obj.id] = obj
        self._batch_saves += 1
        self._batch_saves_total += 1
        if self._batch_saves >= self._batch_flush_every:
            self._flush_batch()
        return []

    @contextmanager
    def unit_of_work(self) -> Iterator[Session]:
        """One database transaction for the events and the entry index of a write
        (a nested one joins it; the outermost commits)."""
        outermost = self._open_units == 0
        if outermost:
            self._writing.acquire()
        self._open_units += 1
        committed = False
        try:
            with self.recorder.transaction(commit=True) as session:  # type: ignore[attr-defined]
                if outermost:  # writers take turns from the start: what a write loads stays current
                    self.recorder.take_write_lock(session)  # type: ignore[attr-defined]
                yield session
            committed = True
        except Exception as error:
            conflict = conflict_from(error)  # a racing writer: never a driver error, retried above
            if conflict is None:
                raise
            raise conflict from None
        finally:
            self._open_units -= 1
            if outermost:
                if not committed:  # the rolled-back write may have projected streams now gone
                    self.projector.forget_streams()
                try:
                    self.cache_keeper.settle(committed)
                finally:
                    self._writing.release()

    def load(self, aggregate_id: uuid.UUID) -> Any:
        """An aggregate by its stream id; inside a batch, the batch's own copy."""
        if self._batch is not None and aggregate_id in self._batch:
            return self._batch[aggregate_id]
        if self._batch is not None and aggregate_id in self._batch_absent:
            # e.g. the month close looked up by every write: asked once per batch
            raise AggregateNotFoundError(aggregate_id)
        try:
            with self._writing:  # outside a write, the copy must not be taken while a write changes it
                aggregate = self.cache_keeper.get(aggregate_id, _replay, in_write=self._open_units > 0)
        except AggregateNotFoundError:
            if self._batch is not None:
                self._batch_absent.add(aggregate_id)
            raise
        except ValueError as error:  # a stored payload that does not decode: name it
            raise damaged_stream(self, aggregate_id, error) from None
        if self._batch is not None:
            self._batch[aggregate_id] = aggregate
        return aggregate

    def get(self, cls: type[Aggregate], key: str, what: str) -> Any:
        try:
            return self.load(cls.create_id(key))
        except AggregateNotFoundError:
            raise NotFound(f"no {what} with id '{shown_id(key)}'") from None

    def get_many(self, cls: type[Aggregate], keys: list[str], what: str) -> list[Any]:
        """Several aggregates, in order; those current in the cache cost one query together."""
        ids = [cls.create_id(key) for key in keys]
        with self._writing:
            current = {} if self._batch is not None else self.cache_keeper.current(ids, in_write=self._open_units > 0)
        return [current[aggregate_id] if aggregate_id in current else self.get(cls, key, what)
                for aggregate_id, key in zip(ids, keys)]

    def exists(self, cls: type[Aggregate], key: str) -> bool:
        return self.find(cls, key) is not None

    # --- previews: a write's impact, computed and rolled back ------------------------------

    def preview(self, write: Callable[[], dict]) -> dict:
        """Run a write, project it, list every figure it changes, and undo all of it."""
        self.catch_up()
        outcome: dict = {}
        # Always the write lock before the projector's: a write may catch up inside itself.
        with self._writing, self._projecting:
            try:
                with self.unit_of_work() as session:
                    conn = session.connection()
                    before = impact.snapshot(conn)
                    outcome["would_record"] = write()
                    self.projector.catch_up_within(conn)
                    outcome["changes"] = impact.compare(before, impact.snapshot(conn))
                    raise _RollBack
            except _RollBack:
                pass
            finally:
                self.projector.forget_streams()
        return {"dry_run": True, **outcome}
