"""Users over HTTP: an admin adds and changes users within the admin's own scope; anyone changes
their own password (with the current one) and sees or revokes their own tokens."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request

from commands.http.auth import SESSION_COOKIE, client_address, the_ledger, writer
from commands.http.auth import current_user
from commands.http.reads import asked
from commands.http.replies import reply
from commands.http.writes import add_write, body_model, command_from
from commands.service.access.command_access import authorise_command
from commands.service.models.user_commands import (
    AddUser, ChangeRole, IssueToken, RevokeToken, RevokeUser, SetPassword, UserList, UserTokens,
)
from ledger.users import User

router = APIRouter(prefix="/api/users", tags=["users"])


@router.get("")
async def list_users(request: Request, user: User = Depends(current_user)):
    """The users whose scope lies within the caller's (`starledger user list --json`, narrowed)."""
    return asked(request, user, UserList, {})


add_write(router, "", AddUser, status_code=201, summary="Add a user within the caller's scope")
add_write(router, "/{name}/role", ChangeRole, summary="Change a user's role and scope")
add_write(router, "/{name}/revoke", RevokeUser, summary="Revoke a user: their tokens and sessions end at once")
add_write(router, "/{name}/tokens", IssueToken, status_code=201,
          summary="Issue a user a new API token, shown once; it expires after `days` (default 90)")
add_write(router, "/{name}/tokens/{token_id}/revoke", RevokeToken, summary="Revoke one API token of a user")


@router.get("/{name}/tokens")
async def list_tokens(name: str, request: Request, user: User = Depends(current_user)):
    """A user's live API tokens: id, issued, expires; never the secret (`starledger user tokens`)."""
    return asked(request, user, UserTokens, {"name": name})


@router.post("/{name}/password")
async def set_password(name: str, body: body_model(SetPassword, ("name",)),  # type: ignore[valid-type]
                       request: Request, user: User = Depends(writer)):
    """Set a password: one's own (`current_password` required), or as an admin in scope. The
    user's other sessions and, if a password is replaced, their tokens end."""
    ledger = the_ledger(request)
    command = command_from(SetPassword, body, {"name": name})
    authorise_command(ledger, user, command)
    keep = request.cookies.get(SESSION_COOKIE) if request.state.via == "cookie" else None
    return reply(await ledger.change_password(user, command.name, command.password, command.current_password,
                                              user.label, client_address(request), keep_session=keep))
