"""Users over HTTP: an admin adds and changes users within the admin's own scope."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request

from commands.http.auth import current_user, the_ledger, writer
from commands.http.replies import reply, written
from commands.service.user_access import (NewRole, NewUser, Password, Revocation, check_managed, check_new_user,
                                          check_password_setter, users_in_scope)
from ledger.users import User

router = APIRouter(prefix="/api/users", tags=["users"])


@router.get("")
async def list_users(request: Request, user: User = Depends(current_user)):
    """The users whose scope lies within the caller's."""
    return reply(users_in_scope(the_ledger(request), user))


@router.post("", status_code=201)
async def add_user(body: NewUser, request: Request, dry_run: bool = False, user: User = Depends(writer)):
    """Add a user within the caller's scope; the answer holds their API token, shown once."""
    ledger = the_ledger(request)
    check_new_user(ledger, user, body.scope)
    return written(ledger, dry_run, lambda: ledger.add_user(body.name, body.role, body.scope, user.label), 201)


@router.post("/{name}/role")
async def change_role(name: str, body: NewRole, request: Request, dry_run: bool = False,
                      user: User = Depends(writer)):
    ledger = the_ledger(request)
    check_managed(ledger, user, name, body.scope)
    return written(ledger, dry_run, lambda: ledger.change_role(name, body.role, body.scope, user.label))


@router.post("/{name}/password")
async def set_password(name: str, body: Password, request: Request, user: User = Depends(writer)):
    ledger = the_ledger(request)
    check_password_setter(ledger, user, name)
    return reply(ledger.set_password(name, body.password, user.label))


@router.post("/{name}/revoke")
async def revoke(name: str, body: Revocation, request: Request, dry_run: bool = False,
                 user: User = Depends(writer)):
    ledger = the_ledger(request)
    check_managed(ledger, user, name)
    return written(ledger, dry_run, lambda: ledger.revoke_user(name, user.label, body.reason))
