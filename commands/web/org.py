"""/admin/org: the organisation tree under the admin's unit, with a member added or transferred
through the HTTP service's own handlers (org.write within the admin's scope)."""

from __future__ import annotations

import json

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse
from pydantic import ValidationError

from commands.http import routes_org
from commands.http.auth import check_csrf
from commands.http.bodies import NewMember, Transfer
from commands.service.catalogue import MEMBER_STATUSES
from commands.web.deps import Viewer
from commands.web.entry_fields import field_errors
from commands.web.forms import form_data
from commands.web.pages import PageRoute
from commands.web.render import page
from ledger.errors import LedgerError

router = APIRouter(route_class=PageRoute)
WORDS = {"member_id": "党员编号", "name": "姓名", "branch": "所属支部", "joined": "日期", "to": "转入支部", "on": "日期"}


async def _show(request, viewer, values=None, errors=None, done=None, status=200):
    tree = json.loads((await routes_org.unit_tree(viewer.scope_id, request, user=viewer)).body)
    return page(request, "org.html", viewer, status=status, tree=tree, statuses=MEMBER_STATUSES,
                v=values or {}, errors=errors or {}, done=done)


@router.get("/admin/org")
async def org_page(request: Request, viewer: Viewer, done: str | None = None):
    return await _show(request, viewer, done=done)


@router.post("/admin/org")
async def org_change(request: Request, viewer: Viewer):
    values = await form_data(request)
    check_csrf(request, values.get("csrf_token"))
    action = values.get("action")
    prefix = "add-" if action == "add" else "move-"
    given = {key: values[key].strip() for key in WORDS if values.get(key, "").strip()}
    try:
        if action == "add":
            body = NewMember(status=values.get("status", "full"), **{k: given.get(k, "") for k in
                                                                       ("member_id", "name", "branch", "joined")})
            await routes_org.add_member(body, request, dry_run=False, user=viewer)
            done = f"已添加党员 {body.member_id}"
        else:
            body = Transfer(to=given.get("to", ""), on=given.get("on", ""))
            await routes_org.transfer(given.get("member_id", ""), body, request, dry_run=False, user=viewer)
            done = f"已转接 {given.get('member_id')} 到 {body.to}"
    except ValidationError as error:
        errors = {prefix + k: m.replace(k, WORDS.get(k, k)) for k, m in field_errors(error).items()}
        return await _show(request, viewer, values, errors, status=400)
    except LedgerError as error:
        word = next((key for key in ("branch", "member") if key in str(error)), "member")
        field = {"branch": "branch" if action == "add" else "to", "member": "member_id"}[word]
        return await _show(request, viewer, values, {prefix + field: str(error)}, status=400)
    return RedirectResponse(f"/admin/org?done={done}", status_code=303)
