"""Users over HTTP: an admin adds and changes users within the admin's own scope."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request

from commands.http.auth import current_user
from commands.http.reads import asked
from commands.http.writes import add_write
from commands.service.user_commands import AddUser, ChangeRole, RevokeUser, SetPassword, UserList
from ledger.users import User

router = APIRouter(prefix="/api/users", tags=["users"])


@router.get("")
async def list_users(request: Request, user: User = Depends(current_user)):
    """The users whose scope lies within the caller's (`starledger user list --json`, narrowed)."""
    return asked(request, user, UserList, {})


add_write(router, "", AddUser, status_code=201, summary="Add a user within the caller's scope")
add_write(router, "/{name}/role", ChangeRole, summary="Change a user's role and scope")
add_write(router, "/{name}/password", SetPassword, summary="Set a password: one's own, or as an admin in scope")
add_write(router, "/{name}/revoke", RevokeUser, summary="Revoke a user: their tokens and sessions end at once")
