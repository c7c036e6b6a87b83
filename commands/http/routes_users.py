"""Users over HTTP: an admin adds and changes users within the admin's own scope."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request

from commands.http.auth import current_user, the_ledger, writer
from commands.http.bodies import NewRole, NewUser, Password, Revocation
from commands.http.replies import reply, written
from commands.service.access import Guard, authorise, authorised_read
from ledger.errors import NotFound
from ledger.users import User

router = APIRouter(prefix="/api/users", tags=["users"])


def _reaches(guard: Guard, kind: str, target: str) -> bool:
    try:
        guard.scope_target(kind, target)
        return True
    except NotFound:
        return False


def _managed(request: Request, caller: User, name: str, new_scope: str | None = None) -> None:
    """The caller manages users and reaches both the user and, if given, the user's new scope."""
    ledger = the_ledger(request)
    target = ledger.find_user(name)

    def check(guard: Guard) -> None:
        guard.allow("users.manage")
        if target is None or not _reaches(guard, target.scope_kind, target.scope_id):
            raise NotFound(f"no user with id '{name}'")
        if new_scope:
            guard.scope_id(ledger.scope_kind_of, new_scope)
    authorise(ledger, caller, check)


@router.get("")
async def list_users(request: Request, user: User = Depends(current_user)):
    """The users whose scope lies within the caller's."""
    ledger = the_ledger(request)

    def visible(guard: Guard) -> list[dict]:
        guard.allow("users.manage")
        return [u for u in ledger.list_users() if _reaches(guard, u["scope_kind"], u["scope"])]
    return reply(authorised_read(ledger, user, visible))


@router.post("", status_code=201)
async def add_user(body: NewUser, request: Request, dry_run: bool = False, user: User = Depends(writer)):
    """Add a user within the caller's scope; the answer holds their API token, shown once."""
    ledger = the_ledger(request)
    authorise(ledger, user, lambda g: g.allow("users.manage").scope_id(ledger.scope_kind_of, body.scope))
    return written(ledger, dry_run, lambda: ledger.add_user(body.name, body.role, body.scope, user.label), 201)


@router.post("/{name}/role")
async def change_role(name: str, body: NewRole, request: Request, dry_run: bool = False,
                      user: User = Depends(writer)):
    _managed(request, user, name, body.scope)
    ledger = the_ledger(request)
    return written(ledger, dry_run, lambda: ledger.change_role(name, body.role, body.scope, user.label))


@router.post("/{name}/password")
async def set_password(name: str, body: Password, request: Request, user: User = Depends(writer)):
    if name != user.name:  # anyone may set their own; an admin may set those in scope
        _managed(request, user, name)
    return reply(the_ledger(request).set_password(name, body.password, user.label))


@router.post("/{name}/revoke")
async def revoke(name: str, body: Revocation, request: Request, dry_run: bool = False,
                 user: User = Depends(writer)):
    _managed(request, user, name)
    ledger = the_ledger(request)
    return written(ledger, dry_run, lambda: ledger.revoke_user(name, user.label, body.reason))
