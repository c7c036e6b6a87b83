"""Commands about the people who use the service: add a user, change their role, set their
password, revoke them; and the list of users. The same models the CLI's `user` commands and the
HTTP bodies use."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, RootModel

from commands.service.fields import FreeText, Id
from commands.service.model_base import Command, Query, Result
from ledger.users import ROLES

Role = Literal[ROLES]  # type: ignore[valid-type]
# A unit, branch or member id; "unit:C1" says which outright when an id names two kinds.
ScopeId = Id


class AddUser(Command):
    """A new user; the answer holds their API token, shown once."""

    command = "user add"
    name: Id
    role: Role
    scope: ScopeId = Field(min_length=1, max_length=80)

    def apply(self, ledger, actor):
        return ledger.add_user(self.name, self.role, self.scope, actor)


class ChangeRole(Command):
    command = "user role"
    name: Id
    role: Role
    scope: ScopeId = Field(min_length=1, max_length=80)

    def apply(self, ledger, actor):
        return ledger.change_role(self.name, self.role, self.scope, actor)


class SetPassword(Command):
    """The password for the web pages (hashed with Argon2; never stored as typed)."""

    command = "user password"
    name: Id
    password: str = Field(min_length=1, max_length=1024)

    def apply(self, ledger, actor):
        return ledger.set_password(self.name, self.password, actor)


class RevokeUser(Command):
    """Ends the user's tokens and sessions at once."""

    command = "user revoke"
    name: Id
    reason: FreeText = ""

    def apply(self, ledger, actor):
        return ledger.revoke_user(self.name, actor, self.reason)


class UserRow(Result):
    name: str
    role: str
    scope: str
    scope_kind: str
    revoked: bool
    has_password: bool


class UserRows(RootModel[list[UserRow]]):
    pass


class UserList(Query):
    """Every user with their role, scope, whether they have a password and whether revoked."""

    query = "user list"

    def answer(self, ledger: Any) -> UserRows:
        return UserRows(ledger.list_users())
