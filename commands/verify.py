"""Verifying the stored events against their hash chain, straight from the raw tables.

No aggregate and no projection is trusted: the event table and the chain table are read
with SQLAlchemy Core, page by page in log order, and every event is re-hashed from the bytes
the database holds. Each broken place is reported with the event's position and what is
wrong with it, in plain words.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Callable, Iterator
from uuid import UUID

from sqlalchemy import Table, func, select
from sqlalchemy.engine import Connection, Engine

from commands.chain import chain
from ledger.chain import GENESIS, chain_hash, event_hash
from projections import tables as t
from projections.events import stream_hex
from projections.history import stream_owner

Progress = Callable[[int, int], None]
PAIRWISE_LIMIT = 500  # changed events compared with each other to recognise swaps


@dataclass
class Problem:
    event: int | None
    kind: str
    message: str
    stream: str | None = None
    about: str | None = None


def _pages(conn: Connection, query: Any, key: Any, upto: int, size: int) -> Iterator[Any]:
    after = 0
    while True:
        rows = conn.execute(query.where(key > after, key <= upto).order_by(key).limit(size)).all()
        yield from rows
        if len(rows) < size:
            return
        after = rows[-1][0]


def _merged(events: Iterator[Any], links: Iterator[Any]) -> Iterator[tuple[int, Any, Any]]:
    """(position, event row or None, chain row or None) in log order."""
    event, link = next(events, None), next(links, None)
    while event is not None or link is not None:
        if link is None or (event is not None and event.id < link.notification_id):
            yield event.id, event, None
            event = next(events, None)
        elif event is None or link.notification_id < event.id:
            yield link.notification_id, None, link
            link = next(links, None)
        else:
            yield event.id, event, link
            event, link = next(events, None), next(links, None)


class ChainCheck:
    """Walks the log once, keeping only the last hash of the log and of each stream."""

    def __init__(self, anchor: str | None):
        self.anchor = anchor
        self.anchor_seen = False
        self.problems: list[Problem] = []
        self.events = self.chained = 0
        self.log_previous = GENESIS
        self.previous_position: int | None = None
        self.streams: dict[str, tuple[int, str]] = {}  # stream -> (version, chain hash)
        self.before_chain: list[int] = []  # [first, last, count] of events older than the chain
        self.changed: list[tuple[Any, Any]] = []
        self.head: dict | None = None

    def see(self, position: int, event: Any, link: Any) -> None:
        if event is not None:
            self.events += 1
        if link is None:
            self._unchained(position)
            return
        self.chained += 1
        self._check_links(position, link)
        if event is None:
            self.problems.append(Problem(position, "missing",
                                         f"event {position} (version {link.version} of its stream) "
                                         f"was deleted from the log", link.stream_id))
        elif event_hash(position, stream_hex(event.originator_id), event.originator_version,
                        event.topic, bytes(event.state)) != link.event_hash:
            self.changed.append((event, link))

    def _unchained(self, position: int) -> None:
        if self.chained == 0:
            if not self.before_chain:
                self.before_chain = [position, position, 0]
            self.before_chain[1:] = [position, self.before_chain[2] + 1]
        else:
            self.problems.append(Problem(position, "unchained",
                                         f"event {position} is in the log but not in the chain: "
                                         f"it was added behind the application's back"))

    def _check_links(self, position: int, link: Any) -> None:
        if chain_hash(link.event_hash, link.stream_previous, link.log_previous) != link.chain_hash:
            self.problems.append(Problem(position, "chain_altered",
                                         f"the chain row of event {position} was altered: its hashes do not add up",
                                         link.stream_id))
        if link.log_previous != self.log_previous:
            if self.previous_position is None:
                message = (f"the chain starts at event {position}, which links to an earlier event "
                           f"that is no longer chained: the events before it were removed")
            else:
                message = (f"event {position} does not link to event {self.previous_position}, the event "
                           f"before it in the chain: events between them were removed, or a chain row rewritten")
            self.problems.append(Problem(position, "link_broken", message, link.stream_id))
        version, previous = self.streams.get(link.stream_id, (0, GENESIS))
        if link.stream_previous != previous or (version and link.version != version + 1):
            self.problems.append(Problem(position, "stream_broken",
                                         f"event {position} (version {link.version} of its stream) does not "
                                         f"link to the previous event of its stream (version {version} was "
                                         f"the last one chained)", link.stream_id))
        if link.chain_hash == self.anchor:
            self.anchor_seen = True
        self.streams[link.stream_id] = (link.version, link.chain_hash)
        self.log_previous, self.previous_position = link.chain_hash, position
        self.head = {"event": position, "hash": link.chain_hash}

    def finish(self, last_applied: int, last_event: int) -> None:
        self._classify_changed()
        if self.before_chain:
            first, last, count = self.before_chain
            whole = "" if self.chained else " (this ledger has no chain at all)"
            self.problems.insert(0, Problem(first, "not_chained",
                                            f"events {first} to {last} ({count} events) were recorded before the "
                                            f"ledger kept a hash chain{whole}; they cannot be verified"))
        if last_applied > last_event:
            self.problems.append(Problem(last_applied, "truncated",
                                         f"the read model has already applied event {last_applied}, but the "
                                         f"log ends at event {last_event}: events at the end were removed"))
        if self.anchor is not None and not self.anchor_seen:
            self.problems.append(Problem(None, "anchor_missing",
                                         f"the chain hash {self.anchor} you gave is not in the chain: events "
                                         f"up to it were removed or rewritten, or it is from another ledger"))

    def _classify_changed(self) -> None:
        """A changed event that holds exactly what was recorded at another position was moved."""
        pool = self.changed[:PAIRWISE_LIMIT]
        for event, link in self.changed:
            source = next((other.notification_id for _, other in pool if other is not link and event_hash(
                other.notification_id, other.stream_id, other.version, event.topic, bytes(event.state))
                == other.event_hash), None)
            if source is not None:
                message = (f"event {event.id} holds the content recorded as event {source}: "
                           f"stored events were swapped or reordered")
                self.problems.append(Problem(event.id, "moved", message, link.stream_id))
                continue
            claimed = (stream_hex(event.originator_id), event.originator_version)
            if claimed != (link.stream_id, link.version):
                message = (f"event {event.id} was changed: it now says version {claimed[1]} of stream "
                           f"{claimed[0]}, but version {link.version} of stream {link.stream_id} was recorded")
            else:
                message = f"event {event.id} was changed: its stored type or payload is not what was recorded"
            self.problems.append(Problem(event.id, "changed", message, link.stream_id))


def verify(engine: Engine, events: Table, transcoder: Any, anchor: str | None = None, progress: Progress | None = None,
           page_size: int = 5000) -> dict:
    with engine.connect() as conn:
        last_event = conn.execute(select(func.coalesce(func.max(events.c.id), 0))).scalar_one()
        last_link = conn.execute(select(func.coalesce(func.max(chain.c.notification_id), 0))).scalar_one()
        upto = max(last_event, last_link)  # later writes are left for the next verification
        check = ChainCheck(anchor)
        rows = _pages(conn, select(events.c.id, events.c.originator_id, events.c.originator_version,
                                   events.c.topic, events.c.state), events.c.id, upto, page_size)
        links = _pages(conn, select(chain), chain.c.notification_id, upto, page_size)
        for seen, (position, event, link) in enumerate(_merged(rows, links), start=1):
            check.see(position, event, link)
            if progress is not None and seen % 1000 == 0:
                progress(position, upto)
        last_applied = conn.execute(select(func.coalesce(func.max(t.tracking.c.position), 0))).scalar_one()
        check.finish(last_applied, last_event)
        check.problems.sort(key=lambda p: (p.event is None, p.event or 0))
        _name_streams(conn, events, transcoder, check.problems)
    if progress is not None:
        progress(upto, upto)
    return {"ok": not check.problems, "events": check.events, "chained": check.chained,
            "head": check.head, "problems": [asdict(p) for p in check.problems]}


def _name_streams(conn: Connection, events: Table, transcoder: Any, problems: list[Problem]) -> None:
    """Say whose stream a broken event is in (best effort: a damaged first event names nothing)."""
    for problem in problems:
        owner = stream_owner(conn, events, transcoder, UUID(problem.stream)) if problem.stream else None
        if owner is not None:
            problem.about = f"{owner[0].replace('rulebook', 'rule book')} {owner[1]}"
