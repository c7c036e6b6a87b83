"""Which users an admin reaches, and the forms that change them: one set of checks for the HTTP
routes (commands/http/routes_users.py) and the admin page (commands/web/admin.py).

An admin manages the users whose scope lies within the admin's own; a user outside it is told
apart from an unknown one by nothing (NotFound, worded alike).
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from commands.service.access import Guard, authorise, authorised_read
from ledger.errors import NotFound
from ledger.users import User

RoleName = Literal["admin", "secretary", "reviewer", "inspector", "auditor", "member"]


class UserForm(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class NewUser(UserForm):
    name: str = Field(min_length=1, max_length=64)
    role: RoleName
    scope: str = Field(min_length=1, max_length=80)


class NewRole(UserForm):
    role: RoleName
    scope: str = Field(min_length=1, max_length=80)


class Password(UserForm):
    password: str = Field(min_length=1, max_length=1024)


class Revocation(UserForm):
    reason: str = Field(default="", max_length=2000)


def reaches(guard: Guard, kind: str, target: str) -> bool:
    """Whether a user's scope (a unit, branch or member) lies within the guard's."""
    try:
        guard.scope_target(kind, target)
        return True
    except NotFound:
        return False


def check_managed(ledger: Any, caller: User, name: str, new_scope: str | None = None) -> None:
    """The caller manages users and reaches both the user and, if given, the user's new scope."""
    target = ledger.find_user(name)

    def check(guard: Guard) -> None:
        guard.allow("users.manage")
        if target is None or not reaches(guard, target.scope_kind, target.scope_id):
            raise NotFound(f"no user with id '{name}'")
        if new_scope:
            guard.scope_id(ledger.scope_kind_of, new_scope)
    authorise(ledger, caller, check)


def check_new_user(ledger: Any, caller: User, scope: str) -> None:
    """The caller manages users and reaches the new user's scope."""
    authorise(ledger, caller, lambda guard: guard.allow("users.manage").scope_id(ledger.scope_kind_of, scope))


def check_password_setter(ledger: Any, caller: User, name: str) -> None:
    """Anyone may set their own password; an admin may set those of the users in scope."""
    if name != caller.name:
        check_managed(ledger, caller, name)


def users_in_scope(ledger: Any, caller: User) -> list[dict]:
    """The users whose scope lies within the caller's."""
    def visible(guard: Guard) -> list[dict]:
        guard.allow("users.manage")
        return [user for user in ledger.list_users() if reaches(guard, user["scope_kind"], user["scope"])]
    return authorised_read(ledger, caller, visible)
