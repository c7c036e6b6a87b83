"""Commands about the people who use the service: add a user, change their role, set their
password, revoke them; and the list of users. The same models the CLI's `user` commands and the
HTTP bodies use."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import Field, RootModel

from commands.service.models.fields import FreeText, Id
from commands.service.models.model_base import Command, Query, Result
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
    """The password for the web pages (hashed with Argon2; never stored as typed). Changing
    one's own needs the current one; a change ends the user's other sessions and their tokens."""

    command = "user password"
    name: Id
    password: str = Field(min_length=1, max_length=1024)
    current_password: str | None = Field(default=None, max_length=1024)

    def apply(self, ledger, actor):
        return ledger.set_password(self.name, self.password, actor)


class IssueToken(Command):
    """A new API token for a user, shown once; it expires after `days`."""

    command = "user token"
    name: Id
    days: int | None = Field(default=None, ge=1, le=3650)  # None: the default life (credentials.TOKEN_DAYS)

    def apply(self, ledger, actor):
        return ledger.issue_token(self.name, actor, self.days)


class RevokeToken(Command):
    """Revoke one of a user's API tokens, named by its id (`user tokens` lists them)."""

    command = "user revoke-token"
    name: Id
    token_id: str = Field(min_length=8, max_length=64, pattern="^[0-9a-fA-F]+$")

    def apply(self, ledger, actor):
        return ledger.revoke_token(self.name, self.token_id, actor)


class RevokeUser(Command):
    """Ends the user's tokens and sessions at once."""

    command = "user revoke"
    name: Id
    reason: FreeText = ""

    def apply(self, ledger, actor):
        return ledger.revoke_user(self.name, actor, self.reason)


class TokenRow(Result):
    token_id: str
    created: date | None
    expires: date | None
    expired: bool


class TokenRows(RootModel[list[TokenRow]]):
    pass


class UserTokens(Query):
    """A user's live API tokens: id, issued, expires (never the secret, which is not kept)."""

    query = "user tokens"
    name: Id

    def answer(self, ledger: Any) -> TokenRows:
        return TokenRows(ledger.list_tokens(self.name))


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
