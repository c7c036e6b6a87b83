"""Every read over HTTP, made the same way: the query model the CLI's --json asks, answered by
the application for the caller (commands/service/access/query_access.py): checked first, narrowed to
the caller's scope after. The answer is the very JSON `starledger ... --json` prints.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import Request
from fastapi.responses import Response

from commands.http.auth import the_ledger
from commands.http.replies import reply_answer
from commands.service.access.query_access import answer_for
from commands.service.models.model_base import Query, build
from ledger.dates import parse_timestamp
from ledger.users import User


def as_of(text: str | None) -> datetime | None:
    """`as_of=` read exactly as the CLI's --as-of is."""
    return parse_timestamp(text) if text else None


def asked(request: Request, user: User, model: type[Query], fields: dict[str, Any]) -> Response:
    """The answer to one query for the caller, built from the request's values (None left out,
    as the CLI leaves out an option not given), as the read model stood when the caller was
    identified (no write comes before a read in one request)."""
    query = build(model, {name: value for name, value in fields.items() if value is not None})
    currency = getattr(request.state, "currency", None)
    return reply_answer(answer_for(the_ledger(request), user, query, currency=currency))
