"""/admin/users: an admin adds a user (with a first password), changes a role or scope, sets a
password, revokes. Each action goes through the HTTP service's own handler for it, so the
rules (users.manage, within the admin's scope) are exactly the service's."""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse
from pydantic import ValidationError

from commands.http import routes_users
from commands.http.auth import check_csrf
from commands.http.bodies import NewRole, NewUser, Password, Revocation
from commands.service.catalogue import ROLES
from commands.web.deps import Viewer
from commands.web.forms import form_data
from commands.web.pages import PageRoute
from commands.web.render import page
from ledger.errors import LedgerError, NotFound

router = APIRouter(route_class=PageRoute)
ACTIONS = ("add", "role", "password", "revoke")


async def _users(request: Request, viewer: Any) -> list[dict]:
    return json.loads((await routes_users.list_users(request, user=viewer)).body)


async def _show(request, viewer, values=None, errors=None, done=None, status=200):
    return page(request, "admin_users.html", viewer, status=status, users=await _users(request, viewer),
                roles=ROLES, v=values or {}, errors=errors or {}, done=done)


@router.get("/admin/users")
async def users_page(request: Request, viewer: Viewer, done: str | None = None):
    return await _show(request, viewer, done=done)


@router.post("/admin/users")
async def change_users(request: Request, viewer: Viewer):
    values = await form_data(request)
    check_csrf(request, values.get("csrf_token"))
    action, name = values.get("action", ""), values.get("name", "").strip()
    try:
        if action == "add":
            body = NewUser(name=name, role=values.get("role", ""), scope=values.get("scope", "").strip())
            secret = Password(password=values.get("password", ""))
            await routes_users.add_user(body, request, dry_run=False, user=viewer)
            await routes_users.set_password(name, secret, request, user=viewer)
        elif action == "role":
            body = NewRole(role=values.get("role", ""), scope=values.get("scope", "").strip())
            await routes_users.change_role(name, body, request, dry_run=False, user=viewer)
        elif action == "password":
            await routes_users.set_password(name, Password(password=values.get("password", "")), request, user=viewer)
        elif action == "revoke":
            await routes_users.revoke(name, Revocation(reason=values.get("reason", "")), request, dry_run=False,
                                      user=viewer)
        else:
            raise NotFound(f"no action '{action}'")
    except ValidationError as error:
        field = str(error.errors()[0]["loc"][0]) if error.errors() else "form"
        return await _show(request, viewer, values, {f"{action}-{field}": "请检查这一项：" + error.errors()[0]["msg"]},
                           status=400)
    except LedgerError as error:
        where = "scope" if "scope" in str(error) or "no unit" in str(error) else "name"
        return await _show(request, viewer, values, {f"{action}-{where}": str(error)}, status=400)
    return RedirectResponse(f"/admin/users?done={action}:{name}", status_code=303)
