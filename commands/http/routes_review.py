"""Branch review, appeals, closing a month and rule books."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request

from commands.http.auth import current_user, writer
from commands.http.reads import asked
from commands.http.writes import add_write
from commands.service.queries.audit_queries import RuleBookShown, WhatIf
from commands.service.queries.branch_queries import ClosedMonths
from commands.service.models.org_commands import (
    Assess, CloseMonth, DecideAppeal, FileAppeal, FileObjection, PublishRules, RecordBranchDeduction, RecordVeto,
    ResolveObjection, SealMonth,
)
from ledger.users import User

router = APIRouter(prefix="/api", tags=["review, appeals and closing"])

add_write(router, "/assessments", Assess, status_code=201, summary="A step of a branch's monthly assessment")
add_write(router, "/branch-deductions", RecordBranchDeduction, status_code=201, summary="Deduct points from a branch")
add_write(router, "/vetoes", RecordVeto, status_code=201, summary="Veto a branch's month: its stars become 1")
add_write(router, "/appeals", FileAppeal, status_code=201, summary="A member appeals against a deduction of their own")
add_write(router, "/appeals/{appeal_id}/decision", DecideAppeal, summary="Decide an appeal: revoke or maintain")
add_write(router, "/months/{month}/close", CloseMonth, summary="Close a month and open its notice window")
add_write(router, "/months/{month}/seal", SealMonth, summary="Seal a closed month")
add_write(router, "/objections", FileObjection, status_code=201, summary="Object to a month's figure")
add_write(router, "/objections/{objection_id}/resolve", ResolveObjection, summary="Resolve an objection")
add_write(router, "/rulebooks", PublishRules, status_code=201, summary="Publish a rule book")


@router.get("/months")
async def months(request: Request, user: User = Depends(current_user)):
    """Every closed month: when, by whom, the notice window, sealed or not."""
    return asked(request, user, ClosedMonths, {})


@router.get("/rulebooks/current")
async def current_rule_book(request: Request, user: User = Depends(current_user)):
    """The rule book in force today, in the JSON form `rules publish` accepts."""
    return asked(request, user, RuleBookShown, {})


@router.post("/whatif")
async def what_if(body: WhatIf, request: Request, user: User = Depends(writer)):
    """Re-score a month under another rule book: the figures in scope that would change; writes nothing."""
    return asked(request, user, WhatIf, dict(body))
