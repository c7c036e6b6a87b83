"""Figures: scores, explanations, stars, rankings, alerts and pay; the same JSON as the CLI's --json.

Each takes `as_of=` (ISO 8601) and, where the CLI does, `published=true`.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query, Request

from commands.http.auth import current_user
from commands.http.params import MonthQuery, OptionalMonthQuery
from commands.http.reads import as_of as moment, asked
from commands.service.queries.branch_queries import Alerts, BranchScore, ExplainBranch, SecretaryPay, Stars
from commands.service.queries.member_queries import BranchRanking, ExplainMember, MemberScore
from ledger.users import User

router = APIRouter(prefix="/api", tags=["figures"])
YEAR = Query(default=None, ge=1900, le=9999)
AS_OF = Query(default=None, max_length=64, description="ISO 8601: answer from what was recorded by then")


@router.get("/members/{member_id}/score")
async def member_score(member_id: str, request: Request, month: OptionalMonthQuery = None, year: int | None = YEAR,
                       as_of: str | None = AS_OF, published: bool = False, user: User = Depends(current_user)):
    """A member's score for a month (by part) or a year (by month)."""
    return asked(request, user, MemberScore, {"member": member_id, "month": month, "year": year,
                                              "as_of": moment(as_of), "published": published})


@router.get("/members/{member_id}/explain")
async def member_explain(member_id: str, request: Request, month: MonthQuery, as_of: str | None = AS_OF,
                         user: User = Depends(current_user)):
    """Every entry behind a member's monthly score, adding up to the total."""
    return asked(request, user, ExplainMember, {"member": member_id, "month": month, "as_of": moment(as_of)})


@router.get("/branches/{branch_id}/score")
async def branch_score(branch_id: str, request: Request, month: OptionalMonthQuery = None, year: int | None = YEAR,
                       as_of: str | None = AS_OF, published: bool = False, user: User = Depends(current_user)):
    """A branch's monthly score (dimensions, bonus, deductions, stars) or its year."""
    return asked(request, user, BranchScore, {"branch": branch_id, "month": month, "year": year,
                                              "as_of": moment(as_of), "published": published})


@router.get("/branches/{branch_id}/explain")
async def branch_explain(branch_id: str, request: Request, month: MonthQuery, as_of: str | None = AS_OF,
                         user: User = Depends(current_user)):
    """Every figure behind a branch's month: dimensions, steps, deductions, vetoes, stars."""
    return asked(request, user, ExplainBranch, {"branch": branch_id, "month": month, "as_of": moment(as_of)})


@router.get("/stars")
async def stars(request: Request, month: MonthQuery, category: str | None = Query(default=None, max_length=32),
                as_of: str | None = AS_OF, published: bool = False, user: User = Depends(current_user)):
    """Branches in scope, ranked within their category (ranks as in the whole organisation)."""
    return asked(request, user, Stars, {"month": month, "category": category, "as_of": moment(as_of),
                                        "published": published})


@router.get("/ranking")
async def ranking(request: Request, month: MonthQuery, branch: str = Query(min_length=1, max_length=64),
                  as_of: str | None = AS_OF, user: User = Depends(current_user)):
    """The branch's members ranked by monthly score (ties share a rank)."""
    return asked(request, user, BranchRanking, {"branch": branch, "month": month, "as_of": moment(as_of)})


@router.get("/alerts")
async def alerts(request: Request, month: MonthQuery, user: User = Depends(current_user)):
    """The month's alerts in scope: last places, low members, missing meetings."""
    return asked(request, user, Alerts, {"month": month})


@router.get("/pay")
async def pay(request: Request, month: MonthQuery, user: User = Depends(current_user)):
    """The secretaries' pay link for a month, for the branches in scope."""
    return asked(request, user, SecretaryPay, {"month": month})
