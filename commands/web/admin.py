"""/admin/users: an admin adds a user (with a first password), changes a role or scope, sets a
password, revokes. Each action is checked by the same service checks as the HTTP routes
(commands/service/user_access.py), so the rules (users.manage, within the admin's scope) are
exactly the service's."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse
from pydantic import ValidationError

from commands.http.auth import check_csrf
from commands.service.catalogue import ROLES
from commands.service.model_base import plain_validation_error
from commands.service.refusals_zh import in_chinese
from commands.service.retry import retry_conflicts
from commands.service.user_access import (NewRole, NewUser, Password, Revocation, check_managed, check_new_user,
                                          check_password_setter, users_in_scope)
from commands.web.deps import Ledger, Viewer
from commands.web.forms import form_data
from commands.web.pages import PageRoute
from commands.web.render import as_json, page
from ledger.errors import LedgerError, NotFound

router = APIRouter(route_class=PageRoute)
ACTIONS = ("add", "role", "password", "revoke")


def _show(request: Request, ledger: Any, viewer: Any, values=None, errors=None, done=None, status=200):
    return page(request, "admin_users.html", viewer, status=status, users=as_json(users_in_scope(ledger, viewer)),
                roles=ROLES, v=values or {}, errors=errors or {}, done=done)


@router.get("/admin/users")
async def users_page(request: Request, ledger: Ledger, viewer: Viewer, done: str | None = None):
    return _show(request, ledger, viewer, done=done)


@router.post("/admin/users")
async def change_users(request: Request, ledger: Ledger, viewer: Viewer):
    values = await form_data(request)
    check_csrf(request, values.get("csrf_token"))
    action, name = values.get("action", ""), values.get("name", "").strip()
    try:
        if action == "add":
            body = NewUser(name=name, role=values.get("role", ""), scope=values.get("scope", "").strip())
            secret = Password(password=values.get("password", ""))
            check_new_user(ledger, viewer, body.scope)
            retry_conflicts(lambda: ledger.add_user(body.name, body.role, body.scope, viewer.label))
            ledger.set_password(name, secret.password, viewer.label)
        elif action == "role":
            change = NewRole(role=values.get("role", ""), scope=values.get("scope", "").strip())
            check_managed(ledger, viewer, name, change.scope)
            retry_conflicts(lambda: ledger.change_role(name, change.role, change.scope, viewer.label))
        elif action == "password":
            secret = Password(password=values.get("password", ""))
            check_password_setter(ledger, viewer, name)
            ledger.set_password(name, secret.password, viewer.label)
        elif action == "revoke":
            why = Revocation(reason=values.get("reason", ""))
            check_managed(ledger, viewer, name)
            retry_conflicts(lambda: ledger.revoke_user(name, viewer.label, why.reason))
        else:
            raise NotFound(f"no action '{action}'")
    except ValidationError as error:
        refusal = plain_validation_error(error)
        errors = {f"{action}-{refusal.field or 'form'}": in_chinese(refusal)}
        return _show(request, ledger, viewer, values, errors, status=400)
    except LedgerError as error:
        where = "scope" if "scope" in str(error) or "no unit" in str(error) else "name"
        return _show(request, ledger, viewer, values, {f"{action}-{where}": in_chinese(error)}, status=400)
    return RedirectResponse(f"/admin/users?done={action}:{name}", status_code=303)
