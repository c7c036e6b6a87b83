"""Branch review, appeals, closing a month and rule books."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request

from commands.http.auth import current_user, the_ledger, writer
from commands.http.bodies import MonthPath
from commands.http.bodies_review import (
    Appeal, Assessment, BranchDeduction, Closing, Decision, Objection, Publication, Resolution, Veto, WhatIf,
)
from commands.http.replies import reply, written
from commands.service.access import ASSESS_ACTIONS, authorise, authorised_read
from commands.service.command_checks import objection_subject
from ledger.rule_book_content import parse_rule_book, rule_book_json
from ledger.users import User
from projections import queries

router = APIRouter(prefix="/api", tags=["review, appeals and closing"])


@router.post("/assessments", status_code=201)
async def assess(body: Assessment, request: Request, dry_run: bool = False, user: User = Depends(writer)):
    ledger = the_ledger(request)
    authorise(ledger, user, lambda g: g.allow(ASSESS_ACTIONS[body.step]).branch(body.branch))
    return written(ledger, dry_run, lambda: ledger.assess(
        body.branch, body.month, body.step, body.organisation, body.leadership, body.support, user.label,
        body.bonus, body.comment, body.late_reason), 201)


@router.post("/branch-deductions", status_code=201)
async def branch_deduction(body: BranchDeduction, request: Request, dry_run: bool = False,
                           user: User = Depends(writer)):
    ledger = the_ledger(request)
    authorise(ledger, user, lambda g: g.allow("branch.deduction").branch(body.branch))
    return written(ledger, dry_run, lambda: ledger.record_branch_deduction(
        body.branch, body.month, body.points, body.clause, body.reason, user.label, body.entry_id,
        body.late_reason), 201)


@router.post("/vetoes", status_code=201)
async def veto(body: Veto, request: Request, dry_run: bool = False, user: User = Depends(writer)):
    ledger = the_ledger(request)
    authorise(ledger, user, lambda g: g.allow("branch.veto").branch(body.branch))
    return written(ledger, dry_run, lambda: ledger.record_veto(
        body.branch, body.month, body.clause, body.reason, user.label, body.entry_id, body.late_reason), 201)


@router.post("/appeals", status_code=201)
async def file_appeal(body: Appeal, request: Request, dry_run: bool = False, user: User = Depends(writer)):
    """A member appeals against a deduction of their own."""
    ledger = the_ledger(request)
    authorise(ledger, user, lambda g: g.allow("appeal.file").entry(body.entry_id))
    return written(ledger, dry_run, lambda: ledger.file_appeal(body.entry_id, body.reason, user.label,
                                                               body.appeal_id), 201)


@router.post("/appeals/{appeal_id}/decision")
async def decide_appeal(appeal_id: str, body: Decision, request: Request, dry_run: bool = False,
                        user: User = Depends(writer)):
    ledger = the_ledger(request)
    authorise(ledger, user, lambda g: g.allow("appeal.decide").appeal(appeal_id))
    return written(ledger, dry_run, lambda: ledger.decide_appeal(appeal_id, body.decision, body.reason,
                                                                 user.label, body.late_reason))


@router.post("/months/{month}/close")
async def close_month(body: Closing, request: Request, month: MonthPath, dry_run: bool = False,
                      user: User = Depends(writer)):
    ledger = the_ledger(request)
    authorise(ledger, user, lambda g: g.allow("month.close"))
    return written(ledger, dry_run, lambda: ledger.close_month(month, body.notice_days, user.label))


@router.post("/months/{month}/seal")
async def seal_month(request: Request, month: MonthPath, dry_run: bool = False, user: User = Depends(writer)):
    ledger = the_ledger(request)
    authorise(ledger, user, lambda g: g.allow("month.seal"))
    return written(ledger, dry_run, lambda: ledger.seal_month(month, user.label))


@router.get("/months")
async def months(request: Request, user: User = Depends(current_user)):
    """Every closed month: when, by whom, the notice window, sealed or not."""
    return reply(authorised_read(the_ledger(request), user, lambda g: queries.month_closes(g.allow("read").conn)))


@router.post("/objections", status_code=201)
async def file_objection(body: Objection, request: Request, dry_run: bool = False, user: User = Depends(writer)):
    ledger = the_ledger(request)
    authorise(ledger, user, lambda g: objection_subject(g.allow("objection.file"), body.subject))
    return written(ledger, dry_run, lambda: ledger.file_objection(body.month, body.subject, body.reason,
                                                                  user.label), 201)


@router.post("/objections/{objection_id}/resolve")
async def resolve_objection(objection_id: str, body: Resolution, request: Request, dry_run: bool = False,
                            user: User = Depends(writer)):
    ledger = the_ledger(request)
    authorise(ledger, user, lambda g: g.allow("objection.resolve"))
    return written(ledger, dry_run, lambda: ledger.resolve_objection(objection_id, body.reason, user.label))


@router.get("/rulebooks/current")
async def current_rule_book(request: Request, user: User = Depends(current_user)):
    """The rule book in force today, in the JSON form `rules publish` accepts."""
    ledger = the_ledger(request)
    authorise(ledger, user, lambda g: g.allow("read"))
    return reply(rule_book_json(ledger.rule_book_in_force(ledger.today())))


@router.post("/rulebooks", status_code=201)
async def publish_rule_book(body: Publication, request: Request, dry_run: bool = False,
                            user: User = Depends(writer)):
    ledger = the_ledger(request)
    authorise(ledger, user, lambda g: g.allow("rulebook.publish"))
    book = parse_rule_book(body.rule_book)
    return written(ledger, dry_run, lambda: ledger.publish_rules(book, body.effective, user.label), 201)


@router.post("/whatif")
async def what_if(body: WhatIf, request: Request, user: User = Depends(writer)):
    """Re-score a month under another rule book: the figures in scope that would change; writes nothing."""
    ledger = the_ledger(request)
    authorise(ledger, user, lambda g: g.allow("read"))
    result = ledger.what_if(parse_rule_book(body.rules), body.month)
    changes = authorise(ledger, user, lambda g: g.only_in_scope(result["changes"], "subject_id", "subject_id"))
    return reply({**result, "changes": changes})
