"""Every read over HTTP, made the same way: the query model the CLI's --json asks, answered by
the application (`ledger.ask`), after the access policy has checked the caller may ask it.

`asked(request, user, Query, fields, check, keep)`: `check(guard)` raises Forbidden or NotFound
before anything is read; `keep(guard, rows)` narrows a list to the caller's scope. The answer
is the result model's JSON, the very JSON `starledger ... --json` prints.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Callable

from fastapi import Request

from commands.http.auth import the_ledger
from commands.http.replies import LedgerJSON, reply
from commands.service.access import Guard, authorised_read
from commands.service.model_base import Query, build, plain
from ledger.dates import parse_timestamp
from ledger.users import User


def as_of(text: str | None) -> datetime | None:
    """`as_of=` read exactly as the CLI's --as-of is."""
    return parse_timestamp(text) if text else None


def asked(request: Request, user: User, model: type[Query], fields: dict[str, Any],
          check: Callable[[Guard], Any], keep: Callable[[Guard, Any], Any] | None = None) -> LedgerJSON:
    """The answer to one query for the caller: built from the request's values (None left out,
    as the CLI leaves out an option not given), checked, asked, narrowed to scope."""
    ledger = the_ledger(request)
    query = build(model, {name: value for name, value in fields.items() if value is not None})

    def read(guard: Guard) -> Any:
        check(guard)
        data = plain(ledger.ask(query))
        return keep(guard, data) if keep is not None else data
    return reply(authorised_read(ledger, user, read))
