"""The committee's month: close it (月兑现, published for a notice window), see the objections
and resolve them, seal it; and a member's or secretary's objection during the window.

Each write is the application's command (CloseMonth, SealMonth, FileObjection, ResolveObjection),
behind the access policy's action for it as over HTTP, previewed first where it changes figures."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse

from commands.http.auth import check_csrf
from commands.service.access.authorised import authorise, authorised_read
from commands.service.access.command_checks import objection_subject
from commands.service.models.model_base import build
from commands.service.models.org_commands import CloseMonth, FileObjection, ResolveObjection, SealMonth
from commands.service.vocabulary.refusals_zh import in_chinese
from commands.web.deps import Ledger, Viewer, current_month
from commands.web.forms import form_data, run, typed, where
from commands.web.pages import PageRoute
from commands.web.render import page
from ledger.errors import LedgerError
from projections import queries

router = APIRouter(route_class=PageRoute)


def _months_page(request, ledger, viewer, values=None, errors=None, preview=None, done=None, status=200):
    closes = authorised_read(ledger, viewer, lambda guard: queries.month_closes(guard.allow("month.close").conn))
    values = values or {"month": current_month(ledger), "notice_days": "5"}
    return page(request, "months.html", viewer, status=status, closes=closes, v=values, errors=errors or {},
                preview=preview, done=done)


@router.get("/months")
async def months_page(request: Request, ledger: Ledger, viewer: Viewer, done: str | None = None):
    return _months_page(request, ledger, viewer, done=done)


@router.post("/months")
async def month_action(request: Request, ledger: Ledger, viewer: Viewer):
    values = await form_data(request)
    check_csrf(request, values.get("csrf_token"))
    action = values.get("action", "")
    try:
        if action in ("preview", "close"):
            closing = build(CloseMonth, typed(values, ("month", "notice_days")))
            authorise(ledger, viewer, lambda guard: guard.allow("month.close"))
            result = run(ledger, viewer, closing, preview=action == "preview")
            if action == "preview":
                return _months_page(request, ledger, viewer, values, preview=result)
            done = f"已结账 {closing.month}，公示 {closing.notice_days} 天"
        elif action == "seal":
            sealing = build(SealMonth, typed(values, ("month",)))
            authorise(ledger, viewer, lambda guard: guard.allow("month.seal"))
            run(ledger, viewer, sealing, preview=False)
            done = f"已封存 {sealing.month}"
        elif action == "resolve":
            resolution = build(ResolveObjection, {"objection_id": values.get("objection", ""),
                                                  **typed(values, ("reason",))})
            authorise(ledger, viewer, lambda guard: guard.allow("objection.resolve"))
            run(ledger, viewer, resolution, preview=False)
            done = f"已处理异议 {resolution.objection_id}"
        else:
            raise LedgerError(f"no action '{action}'")
    except LedgerError as error:
        field = {"seal": "seal", "resolve": f"reason-{values.get('objection', '')}"}.get(action)
        field = field or where(error, ("month", "notice_days"), default="month")
        return _months_page(request, ledger, viewer, values, {field: in_chinese(error)}, status=400)
    return RedirectResponse(f"/months?done={done}", status_code=303)


@router.get("/objections/new")
async def objection_form(request: Request, ledger: Ledger, viewer: Viewer, month: str, subject: str):
    authorise(ledger, viewer, lambda guard: objection_subject(guard.allow("objection.file"), subject))
    return page(request, "objection_new.html", viewer, month=month, subject=subject, v={}, errors={})


@router.post("/objections/new")
async def file_objection(request: Request, ledger: Ledger, viewer: Viewer, month: str, subject: str):
    authorise(ledger, viewer, lambda guard: objection_subject(guard.allow("objection.file"), subject))
    values = await form_data(request)
    check_csrf(request, values.get("csrf_token"))
    try:
        objection = build(FileObjection, {"month": month, "subject": subject, **typed(values, ("reason",))})
        run(ledger, viewer, objection, preview=False)
    except LedgerError as error:
        return page(request, "objection_new.html", viewer, status=400, month=month, subject=subject, v=values,
                    errors={"reason": in_chinese(error)})
    return RedirectResponse(f"/members/{subject}?month={month}" if not _is_branch(ledger, viewer, subject)
                            else f"/branches/{subject}?month={month}", status_code=303)


def _is_branch(ledger, viewer, subject: str) -> bool:
    return authorised_read(ledger, viewer, lambda guard: guard.scope.has_branch(subject))
