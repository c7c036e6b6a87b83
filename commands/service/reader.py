"""A read-only door to a ledger that opens only what a read needs: a SQLAlchemy engine and
the read-model tables, not the eventsourcing application, its store factory and its models.

Opening the whole application for a one-off read cost three times the libraries' own import
(the store factory alone imports every SQLAlchemy dialect). Most queries answer from the read
model alone, and the read model is normally current: writes project their own events (the
branch-months a write leaves stale are recomputed by the next read of branch figures). So
`reading()` first checks, on the connection it hands out, that the read model is what the
application would answer from after its catch-up: the read model's schema is the code's, it
has projected up to the log's head (and the log was not cut below it) and, for branch figures,
no branch-month is stale. When it is not, the read goes through the whole application, which
catches up, settles or rebuilds first, exactly as before. Anything else a query asks of the
ledger (`verify`, `load`, ...) is handed to the whole application too, opened on first use.
"""

from __future__ import annotations

import hashlib
from contextlib import contextmanager
from datetime import date
from typing import TYPE_CHECKING, Any, Callable, Iterator

from sqlalchemy import BigInteger, Column, Integer, MetaData, Table, create_engine, select
from sqlalchemy.engine import Connection
from sqlalchemy.exc import SQLAlchemyError

from commands.service.models.model_base import Query
from commands.service.runtime.config import EVENTS_TABLE, with_busy_timeout
from projections import tables as t
from projections.events import last_position
from projections.stuck import check_not_cut

if TYPE_CHECKING:
    from commands.service.ledger import StarLedger

# The projector's name for the read model and its fingerprint of the read-model columns, as
# projections/projector.py computes them (a test holds the two equal): importing the projector
# would import the whole fold and eventsourcing's domain model.
PROJECTION = "member_scores"
SCHEMA = hashlib.sha256("\n".join(
    f"{table.name}: " + ", ".join(f"{column.name} {column.type}" for column in table.columns)
    for table in t.PROJECTED).encode()).hexdigest()

# The event table's positions are all a reader looks at.
_events = Table(EVENTS_TABLE, MetaData(),
                Column("id", BigInteger().with_variant(Integer(), "sqlite"), primary_key=True))


def read_model_current(conn: Connection, branches: bool = True) -> bool:
    """Whether the read model answers as the application would after catching up: its tables
    are the code's, it has projected every event in the log and, for a read of branch figures
    (`branches`), no branch-month is left stale by a write. A log cut below the read model is
    refused here as the application refuses it."""
    try:
        fingerprint = conn.execute(select(t.schema.c.fingerprint)
                                   .where(t.schema.c.name == PROJECTION)).scalar_one_or_none()
        if fingerprint != SCHEMA:
            return False
        projected = conn.execute(select(t.tracking.c.position)
                                 .where(t.tracking.c.projection == PROJECTION)).scalar_one_or_none() or 0
        head = last_position(conn, _events)
        stale = branches and conn.execute(select(t.stale_branch_months.c.month).limit(1)).first() is not None
    except SQLAlchemyError:  # e.g. a ledger from before the read model had these tables
        return False
    check_not_cut(conn, projected, _events)
    return projected >= head and not stale


class LedgerReader:
    """Answers queries as `StarLedger.ask` does, from the read model when it is current."""

    def __init__(self, url: str, today: Callable[[], date] = date.today):
        self.url = url
        self.today = today
        self._engine = create_engine(with_busy_timeout(url))
        self._ledger: StarLedger | None = None

    def ask(self, query: Query, **options: Any) -> Any:
        if not isinstance(query, Query):
            raise TypeError(f"ask takes a Query, not {type(query).__name__}")
        return query.answer(self, **options)

    @contextmanager
    def reading(self, branches: bool = True) -> Iterator[Connection]:
        """A connection to a current read model; through the whole application if it is behind
        (as `StarLedger.reading`: a read of member figures alone passes `branches=False`)."""
        if self._ledger is None:
            with self._engine.connect() as conn:
                current = read_model_current(conn, branches)
                if current:
                    yield conn
            if current:
                return
        with self.whole().reading(branches=branches) as conn:
            yield conn

    def whole(self) -> StarLedger:
        """The whole application, opened once, when a read needs more than the read model."""
        if self._ledger is None:
            from commands.service.ledger import StarLedger
            from commands.service.runtime.config import application_env
            self._ledger = StarLedger(env=application_env(self.url), today=self.today)
        return self._ledger

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self.whole(), name)

    def close(self) -> None:
        if self._ledger is not None:
            self._ledger.close()
        self._engine.dispose()


def open_reader(db: str | None = None, today: Callable[[], date] = date.today) -> LedgerReader:
    """A reader on the existing ledger at --db, STARLEDGER_DB or the SQLite default; a missing
    ledger is refused and nothing is created."""
    from commands.service.runtime.config import database_url, require_ledger
    url = database_url(db)
    require_ledger(url)
    return LedgerReader(url, today)
