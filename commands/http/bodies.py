"""Request bodies. Field names are the command line's option names, so a script moves from
`starledger record dues M1 --month ... --paid-on ...` to a JSON body without relearning."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from fastapi import Path, Query
from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from ledger.dates import parse_month
from commands.service.user_access import NewRole, NewUser, Password, Revocation  # noqa: F401 (the users' bodies)
from ledger.errors import Refused

IdStr = Annotated[str, Field(min_length=1, max_length=64)]
TextStr = Annotated[str, Field(min_length=1, max_length=2000)]
MONTH_PATTERN = r"^\d{4}-\d{2}$"


def valid_month(text: str | None) -> str | None:
    """A month the ledger knows (1900-01 or later), checked at the edge like every field."""
    try:
        return None if text is None else parse_month(text)
    except Refused as error:
        raise ValueError(str(error)) from None


MonthStr = Annotated[str, Field(pattern=MONTH_PATTERN, description="YYYY-MM"), AfterValidator(valid_month)]
MonthQuery = Annotated[str, Query(pattern=MONTH_PATTERN, description="YYYY-MM"), AfterValidator(valid_month)]
OptionalMonthQuery = Annotated[str | None, Query(pattern=MONTH_PATTERN, description="YYYY-MM"),
                               AfterValidator(valid_month)]
MonthPath = Annotated[str, Path(pattern=MONTH_PATTERN, description="YYYY-MM"), AfterValidator(valid_month)]


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class NewUnit(Body):
    unit_id: IdStr
    name: TextStr
    kind: Literal["committee", "general_branch"]
    parent: str | None = Field(default=None, max_length=64)


class NewBranch(Body):
    branch_id: IdStr
    name: TextStr
    category: str = Field(min_length=1, max_length=32)
    parent: str | None = Field(default=None, max_length=64)
    established: date | None = None


class NewMember(Body):
    member_id: IdStr
    name: TextStr
    branch: IdStr
    joined: date
    status: Literal["probationary", "full"] = "full"


class Transfer(Body):
    to: IdStr
    on: date


class StatusChange(Body):
    to: Literal["probationary", "full"]
    on: date


class Secretary(Body):
    member: IdStr
    since: date
    full_time: bool = False


class Reversal(Body):
    entry_id: str = Field(min_length=1, max_length=200, description="The entry to reverse.")
    reason: TextStr
    late_reason: str | None = Field(default=None, max_length=2000)
