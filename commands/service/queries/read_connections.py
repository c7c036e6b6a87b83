"""The connections reads are made on."""

from __future__ import annotations

from contextlib import contextmanager
from typing import Any, Iterator

from commands.service.runtime.per_thread import PerThread


class ReadConnections:
    """For LedgerBase: `engine`, `probes` (commands/store/probes.py) and `catch_up` are its."""

    _checked: Any = PerThread(None)  # a connection whose read model was just found current

    def looking(self) -> Any:
        """A connection for a read that needs no transaction (autocommit): one round trip a
        statement, with no BEGIN before and no ROLLBACK after (PostgreSQL's READ COMMITTED gives
        each statement its own snapshot either way). Never for a write."""
        return self.probes.connect()  # type: ignore[attr-defined]

    @contextmanager
    def reading(self, branches: bool = True) -> Iterator[Any]:
        """A connection to the caught-up read model (member reads: `branches=False`, no settling)."""
        if self._checked is not None:
            yield self._checked
            return
        self.catch_up(branches=branches)  # type: ignore[attr-defined]
        with self.engine.connect() as conn:  # type: ignore[attr-defined]
            yield conn

    @contextmanager
    def reading_on(self, conn: Any) -> Iterator[None]:
        """Reads inside are made on `conn`, whose read model (branch-months too) the caller has
        just found current (authorised.authorised_read). On PostgreSQL that saves asking again, and
        a BEGIN and a ROLLBACK: each statement sees its own snapshot, in a transaction or not.
        SQLite keeps a transaction of its own, for one snapshot through a read of many statements."""
        if self.engine.dialect.name != "postgresql":  # type: ignore[attr-defined]
            yield
            return
        previous, self._checked = self._checked, conn
        try:
            yield
        finally:
            self._checked = previous
