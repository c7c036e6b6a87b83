"""Forms for a member's entries (study, rating, duty, commendation, award; violation for
inspectors) and for reversing an entry with its reason. Each previews before 保存.

A form's value is checked by the HTTP service's request body and recorded by the same call
`POST /api/entries/{kind}` makes; the form carries the entry id from the moment it is opened,
so saving it twice records one entry.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse
from pydantic import ValidationError

from commands.http.auth import check_csrf
from commands.http.bodies import ENTRY_BODIES, Reversal
from commands.http.routes_entries import RECORDERS
from commands.service.access import authorise
from commands.web.deps import Ledger, Viewer
from commands.web.entry_fields import FIELDS, FORMS, OPTIONAL, TITLES, field_errors
from commands.web.forms import field_of, form_data
from commands.web.pages import PageRoute
from commands.web.render import page
from ledger.errors import LedgerError, NotFound

router = APIRouter(route_class=PageRoute)


def _action(kind: str) -> str:
    return "entry.violation" if kind == "violation" else "entry.record"


def _show(request, viewer, kind, values, errors=None, preview=None, status=200):
    return page(request, "entry_new.html", viewer, status=status, kind=kind, title=TITLES[kind],
                fields=[(name, *FIELDS[name], name not in OPTIONAL) for name in FORMS[kind]],
                v=values, errors=errors or {}, preview=preview)


@router.get("/entries/new")
async def new_entry(request: Request, ledger: Ledger, viewer: Viewer, kind: str, member: str = ""):
    if kind not in FORMS:
        raise NotFound(f"no form for '{kind}'")
    authorise(ledger, viewer, lambda guard: guard.allow(_action(kind)))
    return _show(request, viewer, kind, {"member_id": member, "entry_id": ledger.new_entry_id(),
                                         "on": ledger.today().isoformat()})


@router.post("/entries/new")
async def save_entry(request: Request, ledger: Ledger, viewer: Viewer, kind: str):
    if kind not in FORMS:
        raise NotFound(f"no form for '{kind}'")
    authorise(ledger, viewer, lambda guard: guard.allow(_action(kind)))
    values = await form_data(request)
    check_csrf(request, values.get("csrf_token"))
    given = {name: values.get(name, "").strip() for name in FORMS[kind] if values.get(name, "").strip()}
    given.update(entry_id=values.get("entry_id") or None, late_reason=values.get("late_reason", "").strip() or None)
    try:
        body = ENTRY_BODIES[kind](**given)
    except ValidationError as error:
        return _show(request, viewer, kind, values, field_errors(error), status=400)
    month = getattr(body, "month", None)
    try:
        authorise(ledger, viewer, lambda guard: guard.allow(_action(kind)).member(
            body.member_id, on=None if month else body.on, month=month))
        record = lambda: RECORDERS[kind][1](ledger, body, viewer.label)  # noqa: E731
        if values.get("action") == "preview":
            return _show(request, viewer, kind, values, preview=ledger.preview(record))
        result = ledger.with_retries(record)
    except LedgerError as error:
        where = "member_id" if isinstance(error, NotFound) else _field(str(error), kind)
        return _show(request, viewer, kind, values, {where: str(error)}, status=400)
    shown_month = month or body.on.isoformat()[:7]
    return RedirectResponse(f"/members/{body.member_id}?month={shown_month}&saved={result['entry_id']}",
                            status_code=303)


def _field(message: str, kind: str) -> str:
    field = field_of(message)
    return field if field in FORMS[kind] or field == "late_reason" else "form"


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

    def again(errors: dict, preview=None, status=400):
        return page(request, "reversal_new.html", viewer, status=status, v=values, errors=errors, preview=preview)

    try:
        body = Reversal(entry_id=entry, reason=values.get("reason", "").strip(),
                        late_reason=values.get("late_reason", "").strip() or None)
    except ValidationError:
        return again({"reason": "请填写冲销原因"})
    record = lambda: ledger.reverse(body.entry_id, body.reason, viewer.label, None, body.late_reason)  # noqa: E731
    try:
        if values.get("action") == "preview":
            return again({}, ledger.preview(record), status=200)
        ledger.with_retries(record)
    except LedgerError as error:
        return again({"late_reason" if field_of(str(error)) == "late_reason" else "reason": str(error)})
    return RedirectResponse(f"/history/{entry}", status_code=303)
