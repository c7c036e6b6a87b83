"""Keeping the read model in step with the event log, exactly once.

Each page of events is folded and written in one transaction together with the new
tracking position; the position only moves if it still holds the value read at the start
(compare-and-set), so two workers can never apply the same page twice and a crash between
the event write and the projection update loses nothing.
"""

from __future__ import annotations

import hashlib
from typing import Any, Callable

from sqlalchemy import Table, delete, insert, select, update
from sqlalchemy import inspect as inspect_schema
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError, OperationalError

from ledger.errors import LedgerError
from ledger.rule_book_content import RuleBookShelf
from projections import branch_scores
from projections import tables as t
from projections.events import RawEvent, last_position, read_page
from projections.branch_fold import LedgerFold
from projections.stuck import (
    check_not_cut, currency_query, cut_below, name_unprojectable, position_of, rebuild_stopped,
)
from projections.rescore import load_shelf, members_with_entries_since, rescore
from projections.shelf_tail import shelf_with_tail

NAME = "member_scores"
SCHEMA = hashlib.sha256("\n".join(
    f"{table.name}: " + ", ".join(f"{column.name} {column.type}" for column in table.columns)
    for table in t.PROJECTED).encode()).hexdigest()
Progress = Callable[[int, int], None]


class ProjectionConflict(Exception):
    """Another worker moved the tracking position first; the page is retried."""


class Unprojectable(Exception):
    """A page the read model could not take; which event, and why, is found after its rollback."""

    def __init__(self, page: list[RawEvent], error: BaseException):
        super().__init__(str(error))
        self.page, self.error = page, error


class Projector:
    def __init__(self, engine: Engine, events: Table, transcoder: Any, page_size: int = 1000):
        self.engine = engine
        self.events = events
        self.transcoder = transcoder
        self.page_size = page_size
        self._streams: dict[str, tuple[str, str]] = {}
        self.currency = {branches: currency_query(events, NAME, branches) for branches in (True, False)}

    def create_tables(self) -> None:
        """Create the read model; if its tables were made by a version of the code with other
        columns, drop them and rebuild them from the events, once."""
        t.metadata.create_all(self.engine)
        with self.engine.connect() as conn:
            stored = conn.execute(select(t.schema.c.fingerprint)
                                  .where(t.schema.c.name == NAME)).scalar_one_or_none()
            if stored == SCHEMA:
                return
            found = inspect_schema(conn)
            outdated = [table.name for table in t.PROJECTED
                        if {c["name"] for c in found.get_columns(table.name)} != set(table.columns.keys())]
        if outdated:
            t.metadata.drop_all(self.engine, tables=list(t.PROJECTED))
            t.metadata.create_all(self.engine)
            self.rebuild()
        try:
            with self.engine.begin() as conn:
                conn.execute(delete(t.schema).where(t.schema.c.name == NAME))
                conn.execute(insert(t.schema).values(name=NAME, fingerprint=SCHEMA))
        except IntegrityError:
            pass  # another process opening the same database recorded it first

    # --- tracking ---------------------------------------------------------------------------

    def give_back_log(self) -> None:
        """After one very large transaction (a rebuild, a big import) SQLite's write-ahead log
        holds hundreds of megabytes that every later read looks through (verify ran 20% slower
        after a rebuild); fold it into the database file and truncate it."""
        if self.engine.dialect.name == "sqlite":
            with self.engine.connect() as conn:
                conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")

    def position(self, conn: Connection, lock: bool = False) -> int:
        query = select(t.tracking.c.position).where(t.tracking.c.projection == NAME)
        if lock:
            query = query.with_for_update()
        found = conn.execute(query).scalar_one_or_none()
        if found is None:
            conn.execute(insert(t.tracking).values(projection=NAME, position=0))
            return 0
        return found

    def check_write_position(self, conn: Connection, first_new: int) -> None:
        """A new event must land above what the read model has projected: below it, the log
        was cut behind the application's back and the write would never reach the scores."""
        projected = conn.execute(select(t.tracking.c.position)
                                 .where(t.tracking.c.projection == NAME)).scalar_one_or_none() or 0
        if first_new <= projected:
            raise cut_below(projected)
        check_not_cut(conn, projected, self.events)

    def current(self, conn: Connection, branches: bool = True) -> bool:
        return self.current_position(conn, branches) is not None

    def current_position(self, conn: Connection, branches: bool = True) -> int | None:
        """The read model's position if every event is projected (and, with `branches`, no
        branch-month is left stale), else None; one round trip and no lock, so a read that finds
        it current answers at once. A log cut below the read model is refused here, before any read."""
        return position_of(conn.execute(self.currency[branches]).one())

    def pending_before(self, conn: Connection, first_new: int) -> bool:
        """Whether events below a write's first one are not yet projected."""
        projected = conn.execute(select(t.tracking.c.position)
                                 .where(t.tracking.c.projection == NAME)).scalar_one_or_none() or 0
        older = conn.execute(select(self.events.c.id).where(self.events.c.id > projected,
                                                            self.events.c.id < first_new).limit(1)).first()
        return older is not None

    def _advance(self, conn: Connection, old: int, new: int) -> None:
        moved = conn.execute(update(t.tracking).where(t.tracking.c.projection == NAME,
                                                      t.tracking.c.position == old)
                             .values(position=new)).rowcount
        if moved != 1:
            raise ProjectionConflict

    # --- catching up ------------------------------------------------------------------------

    def catch_up(self, progress: Progress | None = None, fail_after_write: bool = False) -> int:
        """Apply the events not yet projected, up to the log's head as it stood when the call
        began: a read never chases writers that keep adding. Returns how many were applied."""
        applied, total = 0, None
        with self.engine.connect() as conn:
            head = last_position(conn, self.events)
            projected = conn.execute(select(t.tracking.c.position)
                                     .where(t.tracking.c.projection == NAME)).scalar_one_or_none() or 0
            check_not_cut(conn, projected, self.events)
        if projected >= head:
            return 0  # nothing to project: no locking transaction (on PostgreSQL its commit waits for a disk flush)
        for _attempt in range(1000):
            try:
                with self.engine.begin() as conn:
                    start = self.position(conn, lock=True)
                    if progress is not None and total is None:
                        total = head - start
                    page = read_page(conn, self.events, self.transcoder, start, self.page_size, upto=head)
                    if not page:
                        return applied
                    self._apply_or_name(conn, page)
                    if fail_after_write:
                        raise RuntimeError("simulated crash after the projection write")
                    self._advance(conn, start, page[-1].position)
                applied += len(page)
                if progress is not None:
                    progress(applied, total or applied)
            except (ProjectionConflict, IntegrityError, OperationalError):
                self._streams.clear()
                continue
            except Unprojectable as stuck:
                raise self._name_unprojectable(stuck) from None
        raise RuntimeError("the projection could not catch up after 1000 attempts")

    def catch_up_within(self, conn: Connection, defer_branches: bool = False) -> int:
        """Apply every pending event inside the caller's transaction (a write's own events, or
        a preview's). With `defer_branches` the branch-months are only noted stale; without,
        those earlier writes left stale are recomputed too.

        If the caller rolls the transaction back, it clears the stream-name cache, which may
        name streams that no longer exist.
        """
        applied = 0
        while True:
            start = self.position(conn, lock=True)
            page = read_page(conn, self.events, self.transcoder, start, self.page_size)
            if not page:
                if not defer_branches:
                    branch_scores.settle(conn)
                return applied
            self._apply(conn, page, rescore_now=True, defer_branches=defer_branches)
            self._advance(conn, start, page[-1].position)
            applied += len(page)

    def settle_branches(self) -> bool:
        """Recompute the branch-months writes left stale (see branch_scores.refresh), for a read
        of branch figures; whether there were any."""
        with self.engine.connect() as conn:
            if conn.execute(select(t.stale_branch_months.c.month).limit(1)).first() is None:
                return False
        for _attempt in range(1000):
            try:
                with self.engine.begin() as conn:
                    self.position(conn, lock=True)  # one at a time, never beside a write's projection
                    return branch_scores.settle(conn)
            except (IntegrityError, OperationalError):
                continue
        raise RuntimeError("the branch scores could not be brought up to date after 1000 attempts")

    def _apply_or_name(self, conn: Connection, page: list[RawEvent]) -> None:
        """Project a page; if the read model cannot take one of its events, say which and why."""
        try:
            self._apply(conn, page, rescore_now=True)
        except (ProjectionConflict, IntegrityError, OperationalError, LedgerError):
            raise
        except Exception as error:
            raise Unprojectable(page, error) from error

    def _name_unprojectable(self, stuck: "Unprojectable") -> Exception:
        """Called once the failed page's transaction has rolled back."""
        self._streams.clear()
        def apply_one(one_conn: Connection, event: RawEvent) -> None:
            self._apply(one_conn, [event], rescore_now=True)
        damaged = name_unprojectable(self.engine, stuck.page, apply_one, stuck.error)
        self._streams.clear()
        return damaged

    def shelf(self) -> RuleBookShelf:
        """Every published rule book, without projecting the backlog first (see shelf_with_tail)."""
        return shelf_with_tail(self.engine, self.events, self.transcoder, NAME)

    def forget_streams(self) -> None:
        self._streams.clear()

    def _apply(self, conn: Connection, page: list[RawEvent], rescore_now: bool,
               defer_branches: bool = False) -> dict[str, str]:
        fold = LedgerFold(conn, self._streams)
        for event in page:
            fold.apply(event)
        fold.flush()
        dirty = dict(fold.dirty)
        if rescore_now and fold.rules_from is not None:
            for member_id, month in members_with_entries_since(conn, fold.rules_from).items():
                if member_id not in dirty or month < dirty[member_id]:
                    dirty[member_id] = month
        if rescore_now and dirty:
            rescore(conn, dirty, load_shelf(conn))
        if rescore_now:
            branch_scores.refresh(conn, fold, defer=defer_branches)
        return dirty

    # --- rebuilding -------------------------------------------------------------------------

    def rebuild(self, progress: Progress | None = None,
                inspect: Callable[[Connection, str], None] | None = None) -> int:
        """Empty every read-model table and replay the whole log in one transaction.

        If anything fails, the transaction rolls back and the previous rows stay as they were.
        `inspect(conn, "before" | "after")` sees the rows inside that transaction, e.g. to compare.
        """
        self._streams.clear()
        self._rebuilding: tuple[int, int] | None = None
        try:
            return self._rebuild(progress, inspect)
        except (LedgerError, IntegrityError, OperationalError):
            raise
        except Exception as error:  # e.g. a number the read model's columns cannot hold
            raise rebuild_stopped(self._rebuilding, error) from None

    def _rebuild(self, progress: Progress | None, inspect: Callable[[Connection, str], None] | None) -> int:
        applied = 0
        with self.engine.begin() as conn:
            self.position(conn, lock=True)
            if inspect is not None:
                inspect(conn, "before")
            for table in reversed(t.PROJECTED):
                conn.execute(delete(table))
            end = last_position(conn, self.events)
            after = 0
            while True:
                page = read_page(conn, self.events, self.transcoder, after, max(self.page_size, 5000), upto=end)
                if not page:
                    break
                self._rebuilding = (page[0].position, page[-1].position)
                self._apply(conn, page, rescore_now=False)
                self._rebuilding = None
                after = page[-1].position
                applied += len(page)
                if progress is not None:
                    progress(applied, end)
            everyone = members_with_entries_since(conn)
            if everyone:
                rescore(conn, everyone, load_shelf(conn))
            branch_scores.refresh_all(conn)
            conn.execute(update(t.tracking).where(t.tracking.c.projection == NAME).values(position=end))
            if inspect is not None:
                inspect(conn, "after")
        self.give_back_log()
        return applied
