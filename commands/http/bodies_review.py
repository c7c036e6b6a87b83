"""Request bodies of the branch review, appeals, closing and rule books (CLI option names)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import Field

from commands.http.bodies import Body, IdStr, MonthStr, TextStr

PointsDecimal = Annotated[Decimal, Field(ge=0, le=1000, max_digits=8, decimal_places=2)]


class Assessment(Body):
    branch: IdStr
    month: MonthStr
    step: Literal["self", "preliminary", "final"]
    organisation: PointsDecimal
    leadership: PointsDecimal
    support: PointsDecimal
    bonus: Decimal = Field(default=Decimal(0), ge=-100, le=100, max_digits=8, decimal_places=2)
    comment: str = Field(default="", max_length=2000)
    late_reason: str | None = Field(default=None, max_length=2000)


class BranchDeduction(Body):
    branch: IdStr
    month: MonthStr
    points: PointsDecimal
    clause: TextStr
    reason: TextStr
    entry_id: str | None = Field(default=None, max_length=200)
    late_reason: str | None = Field(default=None, max_length=2000)


class Veto(Body):
    branch: IdStr
    month: MonthStr
    clause: TextStr
    reason: TextStr
    entry_id: str | None = Field(default=None, max_length=200)
    late_reason: str | None = Field(default=None, max_length=2000)


class Appeal(Body):
    entry_id: str = Field(min_length=1, max_length=200, description="The deduction appealed against.")
    reason: TextStr
    appeal_id: str | None = Field(default=None, max_length=64)


class Decision(Body):
    decision: Literal["revoke", "maintain"]
    reason: TextStr
    late_reason: str | None = Field(default=None, max_length=2000)


class Closing(Body):
    notice_days: int = Field(default=5, ge=0, le=60)


class Objection(Body):
    month: MonthStr
    subject: str = Field(min_length=1, max_length=64, description="The member or branch it is about.")
    reason: TextStr


class Resolution(Body):
    reason: TextStr


class Publication(Body):
    effective: date
    rule_book: dict[str, Any] = Field(description="The JSON form `starledger rules show --json` prints.")


class WhatIf(Body):
    month: MonthStr
    rules: dict[str, Any] = Field(description="A rule book in the JSON form of `rules show --json`.")
