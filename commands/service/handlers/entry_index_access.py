"""What every write command uses besides storage: the entry index (aware of an open batch),
lateness against closed months, and the checks of dates and ids."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.domain import Aggregate
from sqlalchemy.orm import Session

from commands.store import entry_index
from ledger.closing import MonthClose
from ledger.errors import Refused
from ledger.ids import NEW_ID_RULE, is_new_id, shown_id


class EntryIndexAccess:
    """A mixin of LedgerBase: `self._batch`, `self._batch_index`, `self.load` and `self.today`
    come from there."""

    _batch: Any
    _batch_index: Any
    _batch_recorded: Any
    today: Any
    load: Any

    # --- the entry index, batch-aware ------------------------------------------------------

    def index_earlier(self, session: Session, entry_id: str, content: dict, generated: bool) -> dict | None:
        """The first result of a repeated write; a freshly generated id cannot have one."""
        if generated:
            return None
        if self._batch is not None:
            if entry_id in self._batch_index:
                raise Refused(f"entry id {entry_id} is used twice in this batch")
            recorded = self._batch_recorded.get(entry_id)
            # Others are checked against the ledger in bulk when the batch is flushed.
            return None if recorded is None else entry_index.result_if_same(entry_id, recorded, content)
        return entry_index.earlier_result(session, entry_id, content)

    def index_find(self, session: Session, entry_id: str) -> Any:
        """The index row of an entry (stream_id, kind), including a batch's unsaved ones."""
        if self._batch is not None and entry_id in self._batch_index:
            row = self._batch_index[entry_id]
            return entry_index.IndexRow(entry_id=row[0], stream_id=row[1], kind=row[2])
        return entry_index.find_entry(session, entry_id)

    def index_taken(self, session: Session, entry_ids: list[str]) -> list[str]:
        """Which of these ids are already used: one query, not one per id. Inside a batch only
        the batch's own ids are checked here; the ledger's are checked in bulk at the flush."""
        if self._batch is not None:
            return [entry_id for entry_id in entry_ids if entry_id in self._batch_index]
        return entry_index.existing_ids(session, entry_ids)

    def index_add(self, session: Session, rows: list[tuple[str, str, str, dict, dict]]) -> None:
        if self._batch is not None:
            for row in rows:  # written with the batch's events, in bulk
                self._batch_index[row[0]] = row
        else:
            entry_index.add_entries(session, rows)

    def lateness(self, month: str, late_reason: str | None) -> str | None:
        """The late reason if the month is closed (refused without one); None if it is open."""
        closing = self.find(MonthClose, month)
        if closing is None:
            return None
        if not (late_reason or "").strip():
            raise Refused(f"month {month} was closed on {closing.closed_on}; a late entry needs "
                          f"--late-reason saying why it comes after the close")
        return late_reason.strip()

    def find(self, cls: type[Aggregate], key: str) -> Any:
        try:
            return self.load(cls.create_id(key))
        except AggregateNotFoundError:
            return None

    def check_not_future(self, day: date, field: str = "date") -> None:
        if day > self.today():
            raise Refused(f"{field} {day} is after today ({self.today()})")

    @staticmethod
    def new_entry_id() -> str:
        return "e-" + uuid.uuid4().hex[:16]

    @staticmethod
    def check_id(value: str, what: str) -> str:
        value = (value or "").strip()
        if not is_new_id(value, 64):
            raise Refused(f"{what} id '{shown_id(value)}' must be 1-64 characters: {NEW_ID_RULE}")
        return value
