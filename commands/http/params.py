"""Query and path parameters of the HTTP routes. Bodies are the application's command models
(commands/http/writes.py); a month in a query or a path is checked here like every field."""

from __future__ import annotations

from typing import Annotated

from fastapi import Path, Query
from pydantic import AfterValidator

from ledger.dates import parse_month
from ledger.errors import Refused

MONTH_PATTERN = r"^\d{4}-\d{2}$"


def valid_month(text: str | None) -> str | None:
    """A month the ledger knows (1900-01 or later), checked at the edge like every field."""
    try:
        return None if text is None else parse_month(text)
    except Refused as error:
        raise ValueError(str(error)) from None


MonthQuery = Annotated[str, Query(pattern=MONTH_PATTERN, description="YYYY-MM"), AfterValidator(valid_month)]
OptionalMonthQuery = Annotated[str | None, Query(pattern=MONTH_PATTERN, description="YYYY-MM"),
                               AfterValidator(valid_month)]
MonthPath = Annotated[str, Path(pattern=MONTH_PATTERN, description="YYYY-MM"), AfterValidator(valid_month)]
