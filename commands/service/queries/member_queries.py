"""Questions about members: scores, explanations, rankings, whole ledgers and lists.

Every query answers from the read model, caught up first; `as_of` answers from only what was
recorded by then, and `published` from what stood when the month was closed.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import RootModel, model_validator

from commands.service.models.fields import Id, Month
from commands.service.models.model_base import Query, Result
from ledger.dates import month_of
from projections import queries


class MemberMonthScore(Result):
    member_id: str
    month: str
    total: float
    parts: dict[str, float]
    rule_book: str
    capped: int
    reversed: int
    published: bool = False


class MemberYearScore(Result):
    member_id: str
    year: int
    total: float
    months: dict[str, float]


class ExplainedLine(Result):
    entry_id: str
    kind: str
    occurred_on: str
    recorded_at: str
    actor: str
    rule: str
    clause: str
    part: str
    points: float
    capped: bool
    reversed: bool
    reversed_by: str | None
    reversal_reason: str | None
    late: bool
    late_reason: str | None
    detail: dict[str, Any]


class MemberExplanation(Result):
    member_id: str
    month: str
    total: float
    parts: dict[str, float]
    rule_book: str
    capped: int
    reversed: int
    lines: list[ExplainedLine]


class MemberScore(Query):
    """A member's score for a month (by part) or a year (by month)."""

    query = "score member"
    member: Id
    month: Month | None = None
    year: int | None = None
    as_of: datetime | None = None
    published: bool = False

    @model_validator(mode="after")
    def _one_period(self) -> "MemberScore":
        if (self.month is None) == (self.year is None):
            raise ValueError("give exactly one of month or year")
        if self.published and (self.as_of or not self.month):
            raise ValueError("published goes with month and without as_of")
        return self

    def answer(self, ledger: Any) -> MemberMonthScore | MemberYearScore:
        with ledger.reading(branches=False) as conn:
            if self.month:
                as_of = queries.published_as_of(conn, self.month) if self.published else self.as_of
                data = queries.member_month_score(conn, self.member, self.month, as_of)
                return MemberMonthScore(**data, published=self.published)
            data = queries.member_year_score(conn, self.member, str(self.year), month_of(ledger.today()), self.as_of)
        return MemberYearScore(**data)


class ExplainMember(Query):
    """Every entry behind a member's monthly score, adding up to the total."""

    query = "explain member"
    member: Id
    month: Month
    as_of: datetime | None = None

    def answer(self, ledger: Any) -> MemberExplanation:
        with ledger.reading(branches=False) as conn:
            return MemberExplanation(**queries.explain_member_month(conn, self.member, self.month, self.as_of))


class RankedMember(Result):
    rank: int
    member_id: str
    total: float


class Ranking(RootModel[list[RankedMember]]):
    pass


class BranchRanking(Query):
    """A branch's members ranked by monthly score (ties share a rank)."""

    query = "ranking"
    branch: Id
    month: Month
    as_of: datetime | None = None

    def answer(self, ledger: Any) -> Ranking:
        with ledger.reading(branches=False) as conn:
            return Ranking(queries.branch_member_ranking(conn, self.branch, self.month, self.as_of))


class MemberLedgerResult(Result):
    member_id: str
    name: str
    status: str
    joined_on: str
    branches: list[dict[str, Any]]
    entries: list[dict[str, Any]]


class MemberLedger(Query):
    """Everything recorded about a member, across branches."""

    query = "ledger member"
    member: Id

    def answer(self, ledger: Any) -> Any:
        with ledger.reading(branches=False) as conn:
            return RootModel[dict[str, Any]](queries.member_ledger(conn, self.member))
