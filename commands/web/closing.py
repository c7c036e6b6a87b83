"""The committee's month: close it (月兑现, published for a notice window), see the objections
and resolve them, seal it; and a member's or secretary's objection during the window.

Each write is the application's call, behind the access policy's action for it, previewed
first where it changes figures."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse

from commands.http.auth import check_csrf
from commands.http.routes_review import _subject  # an objection is about a branch or a member in scope
from commands.service.access import authorise, authorised_read
from commands.web.deps import Ledger, Viewer, current_month
from commands.web.forms import form_data
from commands.web.pages import PageRoute
from commands.web.render import page
from ledger.dates import parse_month
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
            month = parse_month(values.get("month", ""), "所属月份")
            text = values.get("notice_days", "").strip()
            days = int(text) if text.isdigit() else None
            if days is None or days > 60:
                return _months_page(request, ledger, viewer, values, {"notice_days": "公示天数应为 0 到 60 的整数"},
                                    status=400)
            authorise(ledger, viewer, lambda guard: guard.allow("month.close"))
            record = lambda: ledger.close_month(month, days, viewer.label)  # noqa: E731
            if action == "preview":
                return _months_page(request, ledger, viewer, values, preview=ledger.preview(record))
            ledger.with_retries(record)
            done = f"已结账 {month}，公示 {days} 天"
        elif action == "seal":
            month = parse_month(values.get("month", ""))
            authorise(ledger, viewer, lambda guard: guard.allow("month.seal"))
            ledger.with_retries(lambda: ledger.seal_month(month, viewer.label))
            done = f"已封存 {month}"
        elif action == "resolve":
            objection, reason = values.get("objection", ""), values.get("reason", "").strip()
            if not reason:
                return _months_page(request, ledger, viewer, values, {f"reason-{objection}": "请填写处理意见"},
                                    status=400)
            authorise(ledger, viewer, lambda guard: guard.allow("objection.resolve"))
            ledger.with_retries(lambda: ledger.resolve_objection(objection, reason, viewer.label))
            done = f"已处理异议 {objection}"
        else:
            raise LedgerError(f"no action '{action}'")
    except LedgerError as error:
        where = {"seal": "seal", "resolve": f"reason-{values.get('objection', '')}"}.get(action, "month")
        return _months_page(request, ledger, viewer, values, {where: str(error)}, status=400)
    return RedirectResponse(f"/months?done={done}", status_code=303)


@router.get("/objections/new")
async def objection_form(request: Request, ledger: Ledger, viewer: Viewer, month: str, subject: str):
    authorise(ledger, viewer, lambda guard: _subject(guard.allow("objection.file"), subject))
    return page(request, "objection_new.html", viewer, month=month, subject=subject, v={}, errors={})


@router.post("/objections/new")
async def file_objection(request: Request, ledger: Ledger, viewer: Viewer, month: str, subject: str):
    authorise(ledger, viewer, lambda guard: _subject(guard.allow("objection.file"), subject))
    values = await form_data(request)
    check_csrf(request, values.get("csrf_token"))
    reason = values.get("reason", "").strip()
    try:
        if not reason:
            raise LedgerError("请填写异议内容")
        ledger.with_retries(lambda: ledger.file_objection(month, subject, reason, viewer.label))
    except LedgerError as error:
        return page(request, "objection_new.html", viewer, status=400, month=month, subject=subject, v=values,
                    errors={"reason": str(error)})
    return RedirectResponse(f"/members/{subject}?month={month}" if not _is_branch(ledger, viewer, subject)
                            else f"/branches/{subject}?month={month}", status_code=303)


def _is_branch(ledger, viewer, subject: str) -> bool:
    return authorised_read(ledger, viewer, lambda guard: guard.scope.has_branch(subject))
