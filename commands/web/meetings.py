"""The secretary's meeting form: kind, date, every member with 出席 / 请假 / 缺席, a preview
(the dry run) before 保存.

The form carries the meeting's id from the moment it is opened, so saving twice (a double
click, a reload) records one meeting: the application answers a repeated write with its
first result.
"""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse

from commands.http.auth import check_csrf
from commands.service.access import authorise
from commands.service.catalogue import ATTENDANCE, MEETING_KINDS
from commands.web.deps import Ledger, Viewer, current_month, reading
from commands.web.forms import FormRefused, field_of, form_data
from commands.web.pages import PageRoute
from commands.web.render import page
from ledger.dates import month_of, parse_date
from ledger.errors import LedgerError
from projections.roster import branch_names, branch_roster

router = APIRouter(route_class=PageRoute)


def _form(ledger, viewer, branch_id: str) -> tuple[str, list[dict]]:
    """The branch's name and today's roster, once the viewer may record its meetings."""
    with reading(ledger, viewer, "meeting.record") as (conn, guard):
        guard.branch(branch_id)
        return branch_names(conn)[branch_id], branch_roster(conn, branch_id, current_month(ledger))


def _show(request, viewer, branch_id, name, roster, values, errors=None, preview=None, status=200):
    return page(request, "meeting_new.html", viewer, status=status, branch_id=branch_id, branch_name=name,
                roster=roster, kinds=MEETING_KINDS, attendance=ATTENDANCE, v=values, errors=errors or {},
                preview=preview)


@router.get("/meetings/new")
async def new_meeting(request: Request, ledger: Ledger, viewer: Viewer, branch: str):
    name, roster = _form(ledger, viewer, branch)
    values = {"meeting_id": ledger.new_entry_id(), "kind": "assembly", "on": ledger.today().isoformat(),
              "late_reason": "", "marks": {m["member_id"]: "attended" for m in roster}}
    return _show(request, viewer, branch, name, roster, values)


@router.post("/meetings/new")
async def save_meeting(request: Request, ledger: Ledger, viewer: Viewer, branch: str):
    name, roster = _form(ledger, viewer, branch)
    form = await form_data(request)
    check_csrf(request, form.get("csrf_token"))
    values = {"meeting_id": form.get("meeting_id") or ledger.new_entry_id(), "kind": form.get("kind", ""),
              "on": form.get("on", ""), "late_reason": form.get("late_reason", ""),
              "marks": {m["member_id"]: form.get(f"a-{m['member_id']}", "attended") for m in roster}}
    try:
        record = _recorder(ledger, viewer, branch, values)
        authorise(ledger, viewer, lambda guard: guard.allow("meeting.record").branch(branch).members(
            [m for m in values["marks"]], on=date.fromisoformat(values["on"])))
        if form.get("action") == "preview":
            return _show(request, viewer, branch, name, roster, values, preview=ledger.preview(record))
        ledger.with_retries(record)
    except FormRefused as refusal:
        return _show(request, viewer, branch, name, roster, values, {refusal.field: str(refusal)}, status=400)
    except LedgerError as error:
        return _show(request, viewer, branch, name, roster, values, {field_of(str(error)): str(error)}, status=400)
    month = month_of(date.fromisoformat(values["on"]))
    return RedirectResponse(f"/branches/{branch}?month={month}&saved={values['meeting_id']}", status_code=303)


def _recorder(ledger, viewer, branch_id: str, values: dict):
    """The application call the form asks for, checked field by field first."""
    if values["kind"] not in MEETING_KINDS:
        raise FormRefused("kind", "请选择会议类型")
    try:
        on = parse_date(values["on"], "日期")
    except LedgerError:
        raise FormRefused("on", "日期应写作 YYYY-MM-DD，例如 2026-03-05") from None
    listed = {mark: [m for m, given in values["marks"].items() if given == mark] for mark in ATTENDANCE}
    if any(given not in ATTENDANCE for given in values["marks"].values()):
        raise FormRefused("marks", "每名党员须选择出席、请假或缺席")
    late_reason = values["late_reason"].strip() or None
    return lambda: ledger.record_meeting(branch_id, values["kind"], on, listed["attended"], listed["excused"],
                                         listed["absent"], viewer.label, values["meeting_id"], late_reason)
