"""The StarLedger application: the eventsourcing Application with every write command.

Each write checks its input, changes aggregates through their public methods, and saves the
events together with their entry-index rows and hash-chain rows in one transaction: all of it
or none of it.
"""

from __future__ import annotations

import uuid
from contextlib import contextmanager
from datetime import date
from typing import Any, Callable, Iterator

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import IntegrityError, JSONTranscoder, Transcoding
from sqlalchemy.orm import Session

from commands import chain, entry_index
from ledger.errors import NotFound, Refused
from projections.projector import Projector


class DateAsISO(Transcoding):
    type = date
    name = "date_iso"

    def encode(self, obj: date) -> str:
        return obj.isoformat()

    def decode(self, data: str) -> date:
        return date.fromisoformat(data)


class LedgerBase(Application):
    """Storage, transactions and the helpers every command uses."""

    name = "starledger"  # table names: starledger_events; set explicitly, never derived

    def __init__(self, env: dict[str, str], today: Callable[[], date] = date.today):
        super().__init__(env=env)
        self.today = today
        self.engine = self.recorder.datastore.engine  # type: ignore[attr-defined]
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
        with self.recorder.transaction(commit=True) as session:  # type: ignore[attr-defined]
            recordings = super()._record(processing_event)
            chain.append(session, [recording.notification for recording in recordings])
        return recordings

    def catch_up(self, progress: Any = None) -> int:
        return self.projector.catch_up(progress)

    @contextmanager
    def reading(self) -> Iterator[Any]:
        """A connection to the read model, caught up first so no read is ever stale."""
        self.catch_up()
        with self.engine.connect() as conn:
            yield conn

    @contextmanager
    def unit_of_work(self) -> Iterator[Session]:
        """One database transaction for the events and the entry index of a write."""
        try:
            with self.recorder.transaction(commit=True) as session:  # type: ignore[attr-defined]
                yield session
        except IntegrityError:
            raise Refused("someone else changed the same records at the same moment; "
                          "nothing was written, please try again") from None

    def get(self, cls: type[Aggregate], key: str, what: str) -> Any:
        try:
            return self.repository.get(cls.create_id(key))
        except AggregateNotFoundError:
            raise NotFound(f"no {what} with id '{key}'") from None

    def exists(self, cls: type[Aggregate], key: str) -> bool:
        try:
            self.repository.get(cls.create_id(key))
        except AggregateNotFoundError:
            return False
        return True

    def check_not_future(self, day: date, field: str = "date") -> None:
        if day > self.today():
            raise Refused(f"{field} {day} is after today ({self.today()})")

    @staticmethod
    def new_entry_id() -> str:
        return "e-" + uuid.uuid4().hex[:16]

    @staticmethod
    def check_id(value: str, what: str) -> str:
        value = (value or "").strip()
        if not value or len(value) > 64 or any(ch.isspace() or ch in ",/" for ch in value):
            raise Refused(f"{what} id '{value}' must be 1-64 characters with no spaces, commas or slashes")
        return value
