"""Questions about branches and months: scores, explanations, stars, alerts, pay, closed months."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import RootModel, model_validator

from commands.service.models.fields import Id, Month
from commands.service.models.model_base import Query, Result
from ledger.dates import month_of
from projections import branch_queries, queries
from projections.branch_explain import explain_branch_month


class Rows(RootModel[list[dict[str, Any]]]):
    """A table's rows, each a mapping of column to value, as the CLI's --json prints them."""


class Document(RootModel[dict[str, Any]]):
    """A nested answer (an explanation, a history), as the CLI's --json prints it."""


class BranchMonthScore(Result):
    branch_id: str
    month: str
    category: str
    dimensions: dict[str, float | None]
    bonus: float | None
    deductions: float | None
    total: float | None
    provisional: bool
    stars: int
    tier: str | None
    grade: str | None
    rank: int | None
    published: bool = False
    model_config = {"extra": "allow"}


def _moment(conn: Any, month: str, as_of: datetime | None, published: bool) -> datetime | None:
    return queries.published_as_of(conn, month) if published else as_of


class BranchScore(Query):
    """A branch's monthly score (dimensions, bonus, deductions, stars) or its year (mean, stars)."""

    query = "score branch"
    branch: Id
    month: Month | None = None
    year: int | None = None
    as_of: datetime | None = None
    published: bool = False

    @model_validator(mode="after")
    def _one_period(self) -> "BranchScore":
        if (self.month is None) == (self.year is None):
            raise ValueError("give exactly one of month or year")
        if self.published and (self.as_of or not self.month):
            raise ValueError("published goes with month and without as_of")
        return self

    def answer(self, ledger: Any) -> Document:
        current = month_of(ledger.today())
        with ledger.reading() as conn:
            if self.month:
                data = branch_queries.branch_month_score(conn, self.branch, self.month, current,
                                                         _moment(conn, self.month, self.as_of, self.published))
                data["published"] = self.published
            else:
                data = branch_queries.branch_year_score(conn, self.branch, self.year, current, self.as_of)
        return Document(data)


class ExplainBranch(Query):
    """Every figure behind a branch's month: dimensions, steps, deductions, vetoes, stars."""

    query = "explain branch"
    branch: Id
    month: Month
    as_of: datetime | None = None

    def answer(self, ledger: Any) -> Document:
        with ledger.reading() as conn:
            return Document(explain_branch_month(conn, self.branch, self.month, month_of(ledger.today()), self.as_of))


class Stars(Query):
    """Every branch's stars for a month, ranked within its category."""

    query = "stars"
    month: Month
    category: Id | None = None
    as_of: datetime | None = None
    published: bool = False

    @model_validator(mode="after")
    def _one_moment(self) -> "Stars":
        if self.published and self.as_of:
            raise ValueError("give published or as_of, not both")
        return self

    def answer(self, ledger: Any) -> Rows:
        with ledger.reading() as conn:
            return Rows(branch_queries.branch_stars(conn, self.month, month_of(ledger.today()), self.category,
                                                    _moment(conn, self.month, self.as_of, self.published)))


class Alerts(Query):
    """The month's alerts: last places, low members, missing meetings."""

    query = "alerts"
    month: Month

    def answer(self, ledger: Any) -> Rows:
        with ledger.reading() as conn:
            return Rows(branch_queries.month_alerts(conn, self.month, month_of(ledger.today())))


class SecretaryPay(Query):
    """The secretaries' pay link for a month."""

    query = "pay"
    month: Month

    def answer(self, ledger: Any) -> Rows:
        with ledger.reading() as conn:
            return Rows(branch_queries.secretary_pay(conn, self.month, month_of(ledger.today())))


class ClosedMonths(Query):
    """Closed months: when published, open objections, seal digest and event range."""

    query = "months"

    def answer(self, ledger: Any) -> Rows:
        with ledger.reading() as conn:
            return Rows(queries.month_closes(conn))
