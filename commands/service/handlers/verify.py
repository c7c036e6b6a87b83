"""Verifying the stored events against their hash chain, straight from the raw tables.

No aggregate and no projection is trusted: the event table and the chain table are read
with plain SQL, joined page by page in log order, and every event is re-hashed from the bytes
the database holds. Each broken place is reported with the event's position and what is
wrong with it, in plain words.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Callable, Iterator
from uuid import UUID

from sqlalchemy import Table, func, select
from sqlalchemy.engine import Connection, Engine

from commands.store.chain import chain
from ledger.chain import GENESIS, chain_hash, event_hash
from ledger.ids import stream_hex
from projections import tables as t
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


# Plain SQL on the driver's own cursor: the values as the database gives them, no row objects.
# The bounds are integers computed here, written into the text so one form suits every driver.
_PAGE = """SELECT e.id, e.originator_id, e.originator_version, e.topic, e.state,
  c.stream_id, c.version, c.event_hash, c.stream_previous, c.log_previous, c.chain_hash
FROM {events} e LEFT OUTER JOIN {chain} c ON c.notification_id = e.id
WHERE e.id > {after:d} AND e.id <= {upto:d} ORDER BY e.id LIMIT {size:d}"""
_ORPHANS = """SELECT c.notification_id, c.stream_id, c.version, c.event_hash, c.stream_previous,
  c.log_previous, c.chain_hash
FROM {chain} c LEFT OUTER JOIN {events} e ON e.id = c.notification_id
WHERE e.id IS NULL AND c.notification_id <= {upto:d} ORDER BY c.notification_id"""


def _log_order(conn: Connection, events: Table, upto: int, size: int) -> Iterator[list[tuple]]:
    """Pages of rows in log order: (position, stream, version, topic, state) of the event, then
    the six fields of its chain row (None where it has none). Chain rows whose event is gone
    (normally none) are read once and slotted in by position, with None for the event."""
    quote = conn.dialect.identifier_preparer.format_table
    names = {"events": quote(events), "chain": quote(chain), "upto": upto, "size": size}
    cursor = conn.connection.cursor()
    try:
        cursor.execute(_ORPHANS.format(**names))
        orphans = [(row[0], None, None, None, None, *row[1:]) for row in cursor.fetchall()]
        after = 0
        while True:
            cursor.execute(_PAGE.format(after=after, **names))
            rows = cursor.fetchall()
            if orphans and rows and orphans[0][0] < rows[-1][0]:
                cut = sum(1 for orphan in orphans if orphan[0] < rows[-1][0])
                rows, orphans = sorted(rows + orphans[:cut], key=lambda row: row[0]), orphans[cut:]
            yield rows
            if len(rows) < size:
                break
            after = rows[-1][0]
        yield orphans
    finally:
        cursor.close()


class ChainCheck:
    """Walks the log once, keeping only the last hash of the log and of each stream.

    An event is (stream, version, topic, state); a chain row is (stream, version, event hash,
    previous hash in the stream, previous hash in the log, chain hash).
    """

    def __init__(self, anchor: str | None):
        self.anchor = anchor
        self.anchor_seen = False
        self.problems: list[Problem] = []
        self.events = self.chained = 0
        self.log_previous = GENESIS
        self.previous_position: int | None = None
        self.streams: dict[str, tuple[int, str]] = {}  # stream -> (version, chain hash)
        self.before_chain: list[int] = []  # [first, last, count] of events older than the chain
        self.changed: list[tuple[int, Any, Any]] = []

    @property
    def head(self) -> dict | None:
        return None if self.previous_position is None else {"event": self.previous_position,
                                                            "hash": self.log_previous}

    def see_row(self, row: tuple) -> None:
        """One row of `_log_order`. The usual case, an event whose chain row links to the one
        before it in its stream and in the log, is checked right here; anything else, or
        anything that does not hold, goes through `see` and its detailed reports."""
        position, originator, version, topic, state, stream, link_version, hashed, stream_previous, \
            log_previous, linked = row
        if originator is not None and stream is not None:
            last = self.streams.get(stream)
            if (last is not None and link_version == last[0] + 1 and stream_previous == last[1]
                    and log_previous == self.log_previous and linked != self.anchor
                    and chain_hash(hashed, stream_previous, log_previous) == linked
                    and event_hash(position, stream_hex(originator), version, topic, state) == hashed):
                self.events += 1
                self.chained += 1
                self.streams[stream] = (link_version, linked)
                self.log_previous, self.previous_position = linked, position
                return
        event = None if originator is None else (stream_hex(originator), version, topic, state)
        self.see(position, event, None if stream is None else row[5:])

    def see(self, position: int, event: Any, link: Any) -> None:
        if event is not None:
            self.events += 1
        if link is None:
            self._unchained(position)
            return
        self.chained += 1
        stream, version, hashed, stream_previous, log_previous, linked = link
        last_version, previous = self.streams.get(stream, (0, GENESIS))
        # One test for the usual case, where every link holds; the details only when one does not.
        if (log_previous != self.log_previous or stream_previous != previous
                or (last_version and version != last_version + 1)
                or chain_hash(hashed, stream_previous, log_previous) != linked):
            self._broken_links(position, link, last_version, previous)
        if linked == self.anchor:
            self.anchor_seen = True
        self.streams[stream] = (version, linked)
        self.log_previous, self.previous_position = linked, position
        if event is None:
            self.problems.append(Problem(position, "missing", f"event {position} (version {version} of its "
                                         f"stream) was deleted from the log", stream))
        elif event_hash(position, *event) != hashed:
            self.changed.append((position, event, link))

    def _unchained(self, position: int) -> None:
        if self.chained == 0:
            if not self.before_chain:
                self.before_chain = [position, position, 0]
            self.before_chain[1:] = [position, self.before_chain[2] + 1]
        else:
            self.problems.append(Problem(position, "unchained",
                                         f"event {position} is in the log but not in the chain: "
                                         f"it was added behind the application's back"))

    def _broken_links(self, position: int, link: Any, last_version: int, previous: str) -> None:
        stream, version, hashed, stream_previous, log_previous, linked = link
        if chain_hash(hashed, stream_previous, log_previous) != linked:
            self.problems.append(Problem(position, "chain_altered",
                                         f"the chain row of event {position} was altered: its hashes do not add up",
                                         stream))
        if log_previous != self.log_previous:
            if self.previous_position is None:
                message = (f"the chain starts at event {position}, which links to an earlier event "
                           f"that is no longer chained: the events before it were removed")
            else:
                message = (f"event {position} does not link to event {self.previous_position}, the event "
                           f"before it in the chain: events between them were removed, or a chain row rewritten")
            self.problems.append(Problem(position, "link_broken", message, stream))
        if stream_previous != previous or (last_version and version != last_version + 1):
            self.problems.append(Problem(position, "stream_broken",
                                         f"event {position} (version {version} of its stream) does not "
                                         f"link to the previous event of its stream (version {last_version} was "
                                         f"the last one chained)", stream))

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
        for position, (stream, version, topic, state), link in self.changed:
            source = next((other for other, _, other_link in pool if other != position and event_hash(
                other, other_link[0], other_link[1], topic, state) == other_link[2]), None)
            if source is not None:
                message = (f"event {position} holds the content recorded as event {source}: "
                           f"stored events were swapped or reordered")
                self.problems.append(Problem(position, "moved", message, link[0]))
            elif (stream, version) != (link[0], link[1]):
                message = (f"event {position} was changed: it now says version {version} of stream "
                           f"{stream}, but version {link[1]} of stream {link[0]} was recorded")
                self.problems.append(Problem(position, "changed", message, link[0]))
            else:
                message = f"event {position} was changed: its stored type or payload is not what was recorded"
                self.problems.append(Problem(position, "changed", message, link[0]))


def verify(engine: Engine, events: Table, transcoder: Any, anchor: str | None = None, progress: Progress | None = None,
           page_size: int = 10000) -> dict:
    with engine.connect() as conn:
        last_event = conn.execute(select(func.coalesce(func.max(events.c.id), 0))).scalar_one()
        last_link = conn.execute(select(func.coalesce(func.max(chain.c.notification_id), 0))).scalar_one()
        upto = max(last_event, last_link)  # later writes are left for the next verification
        check = ChainCheck(anchor)
        see_row, seen = check.see_row, 0
        for rows in _log_order(conn, events, upto, page_size):
            if progress is None:
                for row in rows:
                    see_row(row)
                continue
            for row in rows:
                see_row(row)
                seen += 1
                if not seen % 1000:
                    progress(row[0], upto)
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


def check_seal_anchors(engine: Engine, events: Table, transcoder: Any) -> list[dict]:
    """Each month seal recorded the chain's head; the chain must still hold that hash there.

    Read from the raw event table, not the read model, like the rest of verification.
    """
    problems = []
    with engine.connect() as conn:
        seals = conn.execute(select(events.c.id, events.c.state)
                             .where(events.c.topic.like("%:MonthClose.Sealed"))).all()
        for position, state in seals:
            try:
                data = transcoder.decode(bytes(state))
            except Exception:  # a damaged seal event is already reported as changed
                continue
            anchored, expected = data.get("chain_position"), data.get("chain_hash")
            if not anchored or not expected:
                continue
            found = conn.execute(select(chain.c.chain_hash)
                                 .where(chain.c.notification_id == anchored)).scalar_one_or_none()
            if found != expected:
                problems.append(asdict(Problem(
                    event=anchored, kind="anchor",
                    message=(f"the month seal recorded as event {position} anchored the chain at "
                             f"event {anchored} with hash {expected[:16]}…; the chain now says "
                             f"{(found or 'nothing')[:16]}… there, so the chain was rewritten"))))
    return problems
