"""The secretary's meeting form: kind, date, every member with 出席 / 请假 / 缺席, a preview
(the dry run) before 保存.

The form carries the meeting's id from the moment it is opened, so saving twice (a double
click, a reload) records one meeting: the application answers a repeated write with its
first result.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse

from commands.http.auth import check_csrf
from commands.service.access.authorised import authorise
from commands.service.access.command_checks import meeting_check
from commands.service.models.entry_commands import RecordMeeting
from commands.service.models.model_base import build
from commands.service.vocabulary.catalogue import ATTENDANCE, MEETING_KINDS
from commands.service.vocabulary.refusals_zh import in_chinese
from commands.web.deps import Ledger, Viewer, current_month, reading
from commands.web.forms import FormRefused, form_data, run, where
from commands.web.pages import PageRoute
from commands.web.render import page
from ledger.dates import month_of
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
    preview = form.get("action") == "preview"
    try:
        meeting = build(RecordMeeting, _fields(branch, values))
        authorise(ledger, viewer, meeting_check(meeting))
        result = run(ledger, viewer, meeting, preview)
    except FormRefused as refusal:
        return _show(request, viewer, branch, name, roster, values, {refusal.field: str(refusal)}, status=400)
    except LedgerError as error:
        field = where(error, ("kind", "on", "late_reason", "marks"))
        return _show(request, viewer, branch, name, roster, values, {field: in_chinese(error)}, status=400)
    if preview:
        return _show(request, viewer, branch, name, roster, values, preview=result)
    return RedirectResponse(f"/branches/{branch}?month={month_of(meeting.on)}&saved={values['meeting_id']}",
                            status_code=303)


def _fields(branch_id: str, values: dict) -> dict:
    """The RecordMeeting command's fields from the form: the roster's marks as the three lists."""
    if any(given not in ATTENDANCE for given in values["marks"].values()):
        raise FormRefused("marks", "每名党员须选择出席、请假或缺席")
    listed = {mark: [m for m, given in values["marks"].items() if given == mark] for mark in ATTENDANCE}
    return {"branch": branch_id, "kind": values["kind"], "on": values["on"], **listed,
            "entry_id": values["meeting_id"], "late_reason": values["late_reason"]}
