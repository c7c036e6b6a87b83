"""Users over HTTP: an admin adds and changes users within the admin's own scope."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request

from commands.http.auth import current_user, the_ledger
from commands.http.replies import reply
from commands.http.writes import add_write
from commands.service.access import Guard, authorised_read
from commands.service.command_access import reaches
from commands.service.user_commands import AddUser, ChangeRole, RevokeUser, SetPassword
from ledger.users import User

router = APIRouter(prefix="/api/users", tags=["users"])


@router.get("")
async def list_users(request: Request, user: User = Depends(current_user)):
    """The users whose scope lies within the caller's."""
    ledger = the_ledger(request)

    def visible(guard: Guard) -> list[dict]:
        guard.allow("users.manage")
        return [u for u in ledger.list_users() if reaches(guard, u["scope_kind"], u["scope"])]
    return reply(authorised_read(ledger, user, visible))


add_write(router, "", AddUser, status_code=201, summary="Add a user within the caller's scope")
add_write(router, "/{name}/role", ChangeRole, summary="Change a user's role and scope")
add_write(router, "/{name}/password", SetPassword, summary="Set a password: one's own, or as an admin in scope")
add_write(router, "/{name}/revoke", RevokeUser, summary="Revoke a user: their tokens and sessions end at once")
