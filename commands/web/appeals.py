"""The deduction register (/deductions), the inspector's appeal queue (/appeals) with its
revoke / maintain decision, and a member's appeal against their own deduction.

The register is read through the service's deduction_register, as `GET /api/deductions` reads
it, so the scope, the narrowing and the read audit (who looked at whose deductions) are alike.
Decisions and appeals are the application's DecideAppeal and FileAppeal commands, previewed.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse

from commands.http.auth import check_csrf
from commands.service.access.audit_access import deduction_register
from commands.service.access.authorised import authorise
from commands.service.models.model_base import build
from commands.service.models.org_commands import DecideAppeal, FileAppeal
from commands.service.vocabulary.catalogue import DEDUCTION_STATUSES
from commands.service.vocabulary.refusals_zh import in_chinese
from commands.web.deps import Ledger, Viewer
from commands.web.forms import form_data, run, typed, where
from commands.web.pages import PageRoute
from commands.web.render import as_json, page
from ledger.errors import LedgerError

router = APIRouter(route_class=PageRoute)
DECISIONS = {"revoke": "撤销", "maintain": "维持"}


def _register(ledger, viewer, branch=None, member=None, status=None) -> list[dict]:
    return as_json(deduction_register(ledger, viewer, branch=branch or None, member=member or None,
                                      status=status or None))


@router.get("/deductions")
async def register_page(request: Request, ledger: Ledger, viewer: Viewer, branch: str = "", member: str = "",
                        status: str = ""):
    rows = _register(ledger, viewer, branch, member, status if status in DEDUCTION_STATUSES else None)
    return page(request, "deductions.html", viewer, rows=rows, f={"branch": branch, "member": member, "status": status},
                statuses=DEDUCTION_STATUSES, title="扣分台账")


@router.get("/appeals")
async def appeal_queue(request: Request, ledger: Ledger, viewer: Viewer, decided: str | None = None):
    rows = _register(ledger, viewer, status="appealed")
    for row in rows:
        row["open_appeal"] = next(step["appeal_id"] for step in reversed(row["story"]) if step["step"] == "appealed")
    return page(request, "deductions.html", viewer, rows=rows, f=None, statuses=DEDUCTION_STATUSES,
                title="待复核的申诉", decided=decided)


def _decision_page(request, viewer, appeal_id, values, errors=None, preview=None, status=200):
    return page(request, "decide.html", viewer, status=status, appeal_id=appeal_id, v=values, errors=errors or {},
                preview=preview, decisions=DECISIONS)


@router.get("/appeals/{appeal_id}/decide")
async def decision_form(request: Request, ledger: Ledger, viewer: Viewer, appeal_id: str):
    authorise(ledger, viewer, lambda guard: guard.allow("appeal.decide").appeal(appeal_id))
    return _decision_page(request, viewer, appeal_id, {"decision": "revoke"})


@router.post("/appeals/{appeal_id}/decide")
async def decide(request: Request, ledger: Ledger, viewer: Viewer, appeal_id: str):
    authorise(ledger, viewer, lambda guard: guard.allow("appeal.decide").appeal(appeal_id))
    values = await form_data(request)
    check_csrf(request, values.get("csrf_token"))
    preview = values.get("action") == "preview"
    try:
        decision = build(DecideAppeal, {"appeal_id": appeal_id, **typed(values, ("decision", "reason", "late_reason"))})
        result = run(ledger, viewer, decision, preview)
    except LedgerError as error:
        field = where(error, ("decision", "reason", "late_reason"), default="reason")
        return _decision_page(request, viewer, appeal_id, values, {field: in_chinese(error)}, status=400)
    if preview:
        return _decision_page(request, viewer, appeal_id, values, preview=result)
    return RedirectResponse(f"/appeals?decided={appeal_id}", status_code=303)


@router.get("/appeals/new")
async def appeal_form(request: Request, ledger: Ledger, viewer: Viewer, entry: str):
    authorise(ledger, viewer, lambda guard: guard.allow("appeal.file").entry(entry))
    return page(request, "appeal_new.html", viewer, entry=entry, v={}, errors={})


@router.post("/appeals/new")
async def file_appeal(request: Request, ledger: Ledger, viewer: Viewer, entry: str):
    authorise(ledger, viewer, lambda guard: guard.allow("appeal.file").entry(entry))
    values = await form_data(request)
    check_csrf(request, values.get("csrf_token"))
    try:
        filed = run(ledger, viewer, build(FileAppeal, {"entry_id": entry, **typed(values, ("reason",))}), False)
    except LedgerError as error:
        return page(request, "appeal_new.html", viewer, status=400, entry=entry, v=values,
                    errors={"reason": in_chinese(error)})
    return RedirectResponse(f"/deductions?filed={filed.get('appeal_id', '')}", status_code=303)
