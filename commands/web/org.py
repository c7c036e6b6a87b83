"""/admin/org: the organisation tree under the admin's unit, and a form for each organisation
command (add a unit, a branch, a member; transfer; change a status; appoint a secretary), each
previewed before 保存. Who may do which is the access policy's `org_check`, the same question
the HTTP routes ask; this module only turns form fields into commands and results into the page."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse

from commands.http.auth import check_csrf
from commands.service.access.authorised import authorise, authorised_read
from commands.service.access.command_checks import org_check
from commands.service.models.model_base import InvalidInput, build
from commands.service.vocabulary.refusals_zh import in_chinese
from commands.web.deps import Ledger, Viewer
from commands.web.forms import form_data, run, typed
from commands.web.org_fields import FORMS, field_about
from commands.web.pages import PageRoute
from commands.web.render import page
from ledger.errors import LedgerError
from projections import org_queries

router = APIRouter(route_class=PageRoute)
WRITE = "org.write"  # the page is the admin's: every other role gets 403, reading or writing


def _show(request, ledger, viewer, shown=None, values=None, errors=None, preview=None, done=None, status=200):
    tree = authorised_read(ledger, viewer, lambda guard: org_queries.unit_tree(
        guard.allow(WRITE).unit(viewer.scope_id).conn, viewer.scope_id))
    return page(request, "org.html", viewer, status=status, tree=tree, forms=FORMS, shown=shown,
                v=values or {}, errors=errors or {}, preview=preview, done=done)


@router.get("/admin/org")
async def org_page(request: Request, ledger: Ledger, viewer: Viewer, done: str | None = None):
    authorise(ledger, viewer, lambda guard: guard.allow(WRITE))
    return _show(request, ledger, viewer, done=done)


@router.post("/admin/org")
async def org_change(request: Request, ledger: Ledger, viewer: Viewer):
    authorise(ledger, viewer, lambda guard: guard.allow(WRITE))  # a role that may never change it: 403, not a form error
    values = await form_data(request)
    check_csrf(request, values.get("csrf_token"))
    name = values.get("form", "")
    form = FORMS.get(name)
    if form is None:
        return _show(request, ledger, viewer, errors={"form": "请选择要办理的事项。"}, status=400)
    preview = values.get("action") == "preview"
    try:
        order = build(form.command, typed(values, form.names))
        authorise(ledger, viewer, org_check(order))
        result = run(ledger, viewer, order, preview)
    except LedgerError as error:
        named = error.field if isinstance(error, InvalidInput) else None
        field = field_about(form, str(error), named)
        return _show(request, ledger, viewer, name, values, {field: in_chinese(error)}, status=400)
    if preview:
        return _show(request, ledger, viewer, name, values, preview=result)
    done = form.done.format(**order.model_dump())
    return RedirectResponse(f"/admin/org?done={quote(done)}", status_code=303)
