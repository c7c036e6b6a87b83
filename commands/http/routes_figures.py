"""Figures: scores, explanations, stars, rankings, alerts and pay; the same JSON as the CLI's --json.

Each takes `as_of=` (ISO 8601) and, where the CLI does, `published=true`.
"""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Depends, Query, Request

from commands.http.auth import current_user, the_ledger
from commands.http.bodies import MonthQuery, OptionalMonthQuery
from commands.http.replies import reply
from commands.service.access import Guard, authorised_read
from ledger.dates import month_of, parse_timestamp
from ledger.errors import Refused
from ledger.users import User
from projections import branch_queries, queries
from projections.branch_explain import explain_branch_month

router = APIRouter(prefix="/api", tags=["figures"])
YEAR = Query(default=None, ge=1900, le=9999)
AS_OF = Query(default=None, max_length=64, description="ISO 8601: answer from what was recorded by then")


def _as_of(text: str | None) -> datetime | None:
    return parse_timestamp(text) if text else None


def _moment(conn, month: str, as_of: datetime | None, published: bool) -> datetime | None:
    if published and as_of:
        raise Refused("give published or as_of, not both")
    return queries.published_as_of(conn, month) if published else as_of


def _one_period(month: str | None, year: int | None) -> None:
    if (month is None) == (year is None):
        raise Refused("give exactly one of month or year")


@router.get("/members/{member_id}/score")
async def member_score(member_id: str, request: Request, month: OptionalMonthQuery = None, year: int | None = YEAR,
                       as_of: str | None = AS_OF, published: bool = False, user: User = Depends(current_user)):
    ledger, moment = the_ledger(request), _as_of(as_of)
    _one_period(month, year)
    if published and (moment or not month):
        raise Refused("published goes with month and without as_of")

    def read(g: Guard) -> dict:
        g.allow("read").member(member_id, month=month) if month else g.allow("read").member(member_id)
        if year is not None:
            return queries.member_year_score(g.conn, member_id, str(year), month_of(ledger.today()), moment)
        at = queries.published_as_of(g.conn, month) if published else moment
        return {**queries.member_month_score(g.conn, member_id, month, at), "published": published}
    return reply(authorised_read(ledger, user, read))


@router.get("/members/{member_id}/explain")
async def member_explain(member_id: str, request: Request, month: MonthQuery, as_of: str | None = AS_OF,
                         user: User = Depends(current_user)):
    moment = _as_of(as_of)
    return reply(authorised_read(the_ledger(request), user, lambda g: queries.explain_member_month(
        g.allow("read").member(member_id, month=month).conn, member_id, month, moment)))


@router.get("/branches/{branch_id}/score")
async def branch_score(branch_id: str, request: Request, month: OptionalMonthQuery = None, year: int | None = YEAR,
                       as_of: str | None = AS_OF, published: bool = False, user: User = Depends(current_user)):
    ledger, moment = the_ledger(request), _as_of(as_of)
    _one_period(month, year)
    current = month_of(ledger.today())

    def read(g: Guard) -> dict:
        g.allow("read").branch(branch_id)
        if year is not None:
            return branch_queries.branch_year_score(g.conn, branch_id, year, current, moment)
        data = branch_queries.branch_month_score(g.conn, branch_id, month, current,
                                                 _moment(g.conn, month, moment, published))
        return {**data, "published": published}
    return reply(authorised_read(ledger, user, read))


@router.get("/branches/{branch_id}/explain")
async def branch_explain(branch_id: str, request: Request, month: MonthQuery, as_of: str | None = AS_OF,
                         user: User = Depends(current_user)):
    ledger, moment = the_ledger(request), _as_of(as_of)
    return reply(authorised_read(ledger, user, lambda g: explain_branch_month(
        g.allow("read").branch(branch_id).conn, branch_id, month, month_of(ledger.today()), moment)))


@router.get("/stars")
async def stars(request: Request, month: MonthQuery, category: str | None = Query(default=None, max_length=32),
                as_of: str | None = AS_OF, published: bool = False, user: User = Depends(current_user)):
    """Branches in scope, ranked within their category (ranks as in the whole organisation)."""
    ledger, moment = the_ledger(request), _as_of(as_of)
    return reply(authorised_read(ledger, user, lambda g: g.only_in_scope(branch_queries.branch_stars(
        g.allow("read").conn, month, month_of(ledger.today()), category, _moment(g.conn, month, moment, published)))))


@router.get("/ranking")
async def ranking(request: Request, month: MonthQuery, branch: str = Query(min_length=1, max_length=64),
                  as_of: str | None = AS_OF, user: User = Depends(current_user)):
    moment = _as_of(as_of)
    return reply(authorised_read(the_ledger(request), user, lambda g: queries.branch_member_ranking(
        g.allow("read").branch(branch).conn, branch, month, moment)))


@router.get("/alerts")
async def alerts(request: Request, month: MonthQuery, user: User = Depends(current_user)):
    ledger = the_ledger(request)
    return reply(authorised_read(ledger, user, lambda g: g.only_in_scope(
        branch_queries.month_alerts(g.allow("read").conn, month, month_of(ledger.today())),
        branch_key="subject_id", member_key="subject_id")))


@router.get("/pay")
async def pay(request: Request, month: MonthQuery, user: User = Depends(current_user)):
    ledger = the_ledger(request)
    return reply(authorised_read(ledger, user, lambda g: g.only_in_scope(
        branch_queries.secretary_pay(g.allow("read").conn, month, month_of(ledger.today())))))
