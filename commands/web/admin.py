"""/admin/users: an admin adds a user (with a first password), changes a role or scope, sets a
password, revokes. Each action is the application's user command, checked by the same access
rule as over HTTP (commands/service/access/command_access.py), so the rules are exactly the service's."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse

from commands.http.auth import SESSION_COOKIE, check_csrf, client_address
from commands.service.access.command_access import authorise_command
from commands.service.access.query_access import answer_for
from commands.service.accounts.passwords import check_new_password
from commands.service.models.model_base import InvalidInput, build
from commands.service.models.user_commands import AddUser, ChangeRole, RevokeUser, SetPassword, UserList
from commands.service.vocabulary.catalogue import ROLES
from commands.service.vocabulary.refusals_zh import in_chinese
from commands.web.deps import Ledger, Viewer
from commands.web.forms import form_data
from commands.web.pages import PageRoute
from commands.web.render import page
from ledger.errors import LedgerError, NotFound

router = APIRouter(route_class=PageRoute)
ACTIONS = ("add", "role", "password", "revoke")


def _show(request: Request, ledger: Any, viewer: Any, values=None, errors=None, done=None, status=200):
    return page(request, "admin_users.html", viewer, status=status, users=answer_for(ledger, viewer, UserList()),
                roles=ROLES, v=values or {}, errors=errors or {}, done=done)


async def _run(ledger: Any, viewer: Any, command: Any, session: str | None, address: str) -> dict:
    authorise_command(ledger, viewer, command)
    if isinstance(command, SetPassword):  # hashed off the event loop; the admin's own session goes on
        return await ledger.change_password(viewer, command.name, command.password, command.current_password,
                                            viewer.label, address, keep_session=session)
    return ledger.execute(command, viewer.label)


@router.get("/admin/users")
async def users_page(request: Request, ledger: Ledger, viewer: Viewer, done: str | None = None):
    return _show(request, ledger, viewer, done=done)


@router.post("/admin/users")
async def change_users(request: Request, ledger: Ledger, viewer: Viewer):
    values = await form_data(request)
    check_csrf(request, values.get("csrf_token"))
    action, name = values.get("action", ""), values.get("name", "").strip()
    models = {"add": [AddUser, SetPassword], "role": [ChangeRole], "password": [SetPassword],
              "revoke": [RevokeUser]}
    try:
        if action not in models:
            raise NotFound(f"no action '{action}'")
        fields = {"name": name, "role": values.get("role", ""), "scope": values.get("scope", "").strip(),
                  "password": values.get("password", ""), "reason": values.get("reason", ""),
                  "current_password": values.get("current_password") or None}
        commands = [build(model, {key: fields[key] for key in model.model_fields}) for model in models[action]]
        if action == "add":  # the first password is checked before the user is added: all or nothing
            check_new_password(fields["name"], fields["password"])
        for command in commands:
            await _run(ledger, viewer, command, request.cookies.get(SESSION_COOKIE), client_address(request))
    except InvalidInput as error:
        return _show(request, ledger, viewer, values, {f"{action}-{error.field or 'form'}": in_chinese(error)},
                     status=400)
    except LedgerError as error:
        where = "scope" if "scope" in str(error) or "no unit" in str(error) else \
            "password" if "password" in str(error) else "name"
        return _show(request, ledger, viewer, values, {f"{action}-{where}": in_chinese(error)}, status=400)
    return RedirectResponse(f"/admin/users?done={action}:{name}", status_code=303)
