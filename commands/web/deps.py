"""What every page needs: the application, the logged-in viewer, the month asked and its guard.

The viewer comes from the HTTP service's login (commands/http/auth.py); who may see what is
decided by the access policy (commands/service/access/access.py). Pages add nothing of their own.
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import Annotated, Any, Iterator

from fastapi import Depends, Request

from commands.http.auth import current_user
from commands.service.access.access import READ, Guard
from ledger.dates import month_of, parse_month


def ledger_of(request: Request) -> Any:
    return request.app.state.ledger


Ledger = Annotated[Any, Depends(ledger_of)]
Viewer = Annotated[Any, Depends(current_user)]


def current_month(ledger: Any) -> str:
    return month_of(ledger.today())


def month_asked(ledger: Any, month: str | None) -> str:
    """The ?month= asked, or this month when none was given (a malformed one is refused)."""
    return parse_month(month) if month else current_month(ledger)


@contextmanager
def reading(ledger: Any, viewer: Any, action: str = READ) -> Iterator[tuple[Any, Guard]]:
    """A read-model connection and the viewer's guard over it, for one page."""
    with ledger.reading() as conn:
        yield conn, Guard(conn, viewer, ledger).allow(action)

