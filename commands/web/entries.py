"""Forms for a member's entries (study, rating, duty, commendation, award; violation for
inspectors) and for reversing an entry with its reason. Each previews before 保存.

A form's fields are the application's command (RecordStudy ... RecordViolation, Reverse), built
and run exactly as `POST /api/entries/{kind}` runs it, behind the same access check; the form
carries the entry id from the moment it is opened, so saving it twice records one entry.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse

from commands.http.auth import check_csrf
from commands.service.access.authorised import authorise
from commands.service.access.command_checks import entry_action, entry_check
from commands.service.models.entry_commands import Reverse
from commands.service.models.model_base import build
from commands.service.vocabulary.refusals_zh import in_chinese
from commands.web.deps import Ledger, Viewer
from commands.web.entry_fields import COMMANDS, FIELDS, FORMS, OPTIONAL, TITLES
from commands.web.forms import form_data, run, typed, where
from commands.web.pages import PageRoute
from commands.web.render import page
from ledger.errors import LedgerError, NotFound

router = APIRouter(route_class=PageRoute)


def _kind_allowed(ledger, viewer, kind: str) -> None:
    if kind not in FORMS:
        raise NotFound(f"no form for '{kind}'")
    authorise(ledger, viewer, lambda guard: guard.allow(entry_action(COMMANDS[kind].command)))


def _show(request, viewer, kind, values, errors=None, preview=None, status=200):
    return page(request, "entry_new.html", viewer, status=status, kind=kind, title=TITLES[kind],
                fields=[(name, *FIELDS[name], name not in OPTIONAL) for name in FORMS[kind]],
                v=values, errors=errors or {}, preview=preview)


@router.get("/entries/new")
async def new_entry(request: Request, ledger: Ledger, viewer: Viewer, kind: str, member: str = ""):
    _kind_allowed(ledger, viewer, kind)
    return _show(request, viewer, kind, {"member": member, "entry_id": ledger.new_entry_id(),
                                         "on": ledger.today().isoformat()})


@router.post("/entries/new")
async def save_entry(request: Request, ledger: Ledger, viewer: Viewer, kind: str):
    _kind_allowed(ledger, viewer, kind)
    values = await form_data(request)
    check_csrf(request, values.get("csrf_token"))
    given = typed(values, FORMS[kind] + ("entry_id", "late_reason"))
    try:
        entry = build(COMMANDS[kind], given)
        authorise(ledger, viewer, entry_check(entry))
        result = run(ledger, viewer, entry, preview=values.get("action") == "preview")
    except LedgerError as error:
        field = "member" if isinstance(error, NotFound) else where(error, FORMS[kind] + ("late_reason",))
        return _show(request, viewer, kind, values, {field: in_chinese(error)}, status=400)
    if values.get("action") == "preview":
        return _show(request, viewer, kind, values, preview=result)
    shown_month = getattr(entry, "month", None) or entry.on.isoformat()[:7]
    return RedirectResponse(f"/members/{entry.member}?month={shown_month}&saved={result['entry_id']}",
                            status_code=303)


@router.get("/reversals/new")
async def new_reversal(request: Request, ledger: Ledger, viewer: Viewer, entry: str):
    authorise(ledger, viewer, lambda guard: guard.reversal(entry))
    return page(request, "reversal_new.html", viewer, v={"entry_id": entry}, errors={}, preview=None)


@router.post("/reversals/new")
async def save_reversal(request: Request, ledger: Ledger, viewer: Viewer, entry: str):
    authorise(ledger, viewer, lambda guard: guard.reversal(entry))
    values = await form_data(request)
    check_csrf(request, values.get("csrf_token"))
    values["entry_id"] = entry
    preview = values.get("action") == "preview"
    try:
        reversal = build(Reverse, {"target": entry, **typed(values, ("reason", "late_reason"))})
        result = run(ledger, viewer, reversal, preview)
    except LedgerError as error:
        return page(request, "reversal_new.html", viewer, status=400, v=values, preview=None,
                    errors={where(error, ("late_reason",), default="reason"): in_chinese(error)})
    if preview:
        return page(request, "reversal_new.html", viewer, v=values, errors={}, preview=result)
    return RedirectResponse(f"/history/{entry}", status_code=303)
