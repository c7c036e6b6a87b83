"""/admin/org: the organisation tree under the admin's unit, with a member added or transferred:
the application's AddMember and TransferMember commands, behind the same checks as
`POST /api/members` and `POST /api/members/{id}/transfer` (org.write within the admin's scope)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse

from commands.http.auth import check_csrf
from commands.service.access import authorise, authorised_read
from commands.service.catalogue import MEMBER_STATUSES
from commands.service.model_base import InvalidInput, build
from commands.service.org_commands import AddMember, TransferMember
from commands.service.refusals_zh import in_chinese
from commands.web.deps import Ledger, Viewer
from commands.web.forms import form_data, run, typed
from commands.web.pages import PageRoute
from commands.web.render import page
from ledger.errors import LedgerError
from projections import org_queries

router = APIRouter(route_class=PageRoute)
WRITE = "org.write"
FIELDS = {"add": ("member", "name", "branch", "joined", "status"), "move": ("member", "to", "on")}


def _show(request, ledger, viewer, values=None, errors=None, done=None, status=200):
    tree = authorised_read(ledger, viewer, lambda guard: org_queries.unit_tree(
        guard.allow(WRITE).unit(viewer.scope_id).conn, viewer.scope_id))
    return page(request, "org.html", viewer, status=status, tree=tree, statuses=MEMBER_STATUSES,
                v=values or {}, errors=errors or {}, done=done)


@router.get("/admin/org")
async def org_page(request: Request, ledger: Ledger, viewer: Viewer, done: str | None = None):
    return _show(request, ledger, viewer, done=done)


@router.post("/admin/org")
async def org_change(request: Request, ledger: Ledger, viewer: Viewer):
    authorise(ledger, viewer, lambda guard: guard.allow(WRITE))  # a role that may never change it: 403, not a form error
    values = await form_data(request)
    check_csrf(request, values.get("csrf_token"))
    action = "add" if values.get("action") == "add" else "move"
    given = typed(values, FIELDS[action])
    try:
        if action == "add":
            order = build(AddMember, given)
            authorise(ledger, viewer, lambda guard: guard.allow(WRITE).branch(order.branch))
            done = f"已添加党员 {order.member}"
        else:
            order = build(TransferMember, given)
            authorise(ledger, viewer, lambda guard: guard.allow(WRITE).member(order.member).branch(order.to))
            done = f"已转接 {order.member} 到 {order.to}"
        run(ledger, viewer, order, preview=False)
    except LedgerError as error:
        errors = {f"{action}-{_field(error, action)}": in_chinese(error)}
        return _show(request, ledger, viewer, values, errors, status=400)
    return RedirectResponse(f"/admin/org?done={done}", status_code=303)


def _field(error: LedgerError, action: str) -> str:
    """The field an invalid value names; else the branch or member a refusal is about."""
    if isinstance(error, InvalidInput) and error.field in FIELDS[action]:
        return error.field
    if "branch" in str(error):
        return "branch" if action == "add" else "to"
    return "member"
