"""People who use the ledger as a service: their role, their scope, their credentials.

A user is an aggregate like any other, so adding one, changing a role, setting a password,
issuing or revoking a token and revoking the user are events in the hash-chained log that
`history` shows. A token is kept as its SHA-256. A password change records who set it and when
(PasswordChanged); its Argon2 hash is kept outside the log (commands/service/accounts/credentials.py).
Ledgers made before that hold hashes in PasswordSet events, which still load and still count.
The event names ("User.Added", ...) are part of the stored format: never rename them.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from eventsourcing.domain import event

from ledger.aggregate import ClockedAggregate
from ledger.copying import CheapCopy
from ledger.errors import Refused
from ledger.ids import NEW_ID_RULE, is_new_id, shown_id, stream_id

ROLES = ("admin", "secretary", "reviewer", "inspector", "auditor", "member")
SCOPE_KINDS = ("unit", "branch", "member")
MAX_NAME = 64


def check_user_name(name: str) -> str:
    name = (name or "").strip()
    if not is_new_id(name, MAX_NAME):
        raise Refused(f"user name '{shown_id(name)}' must be 1-{MAX_NAME} characters: {NEW_ID_RULE}")
    return name


def check_role(role: str) -> str:
    if role not in ROLES:
        raise Refused(f"role '{role}' is not one of {', '.join(ROLES)}")
    return role


class User(CheapCopy, ClockedAggregate):
    @staticmethod
    def create_id(name: str, **_: Any) -> UUID:
        return stream_id("user", name)

    @event("Added")
    def __init__(self, name: str, role: str, scope_kind: str, scope_id: str,
                 occurred_on: date, actor: str):
        self.name = name
        self.role = role
        self.scope_kind = scope_kind
        self.scope_id = scope_id
        self.password_hash: str | None = None
        self.token_hashes: set[str] = set()
        self.revoked = False

    @property
    def label(self) -> str:
        """How this user is named as the actor of what they record: "王芳 (secretary)"."""
        return f"{self.name} ({self.role})"

    def _check_active(self) -> None:
        if self.revoked:
            raise Refused(f"user {self.name} has been revoked")

    def change_role(self, role: str, scope_kind: str, scope_id: str, on: date, actor: str) -> None:
        self._check_active()
        check_role(role)
        if scope_kind not in SCOPE_KINDS:
            raise Refused(f"scope kind '{scope_kind}' is not one of {', '.join(SCOPE_KINDS)}")
        self._role_changed(role=role, scope_kind=scope_kind, scope_id=scope_id, occurred_on=on,
                           actor=actor)

    @event("RoleChanged")
    def _role_changed(self, role: str, scope_kind: str, scope_id: str, occurred_on: date,
                      actor: str) -> None:
        self.role = role
        self.scope_kind = scope_kind
        self.scope_id = scope_id

    @property
    def has_password(self) -> bool:
        return self.password_hash is not None or getattr(self, "password_kept", False)

    @event("PasswordSet")  # the stored format of older ledgers: no longer recorded
    def _password_set(self, password_hash: str, occurred_on: date, actor: str) -> None:
        self.password_hash = password_hash

    def change_password(self, on: date, actor: str) -> None:
        """A new password (its hash is kept outside the log). Replacing one ends every token:
        whoever knew the old password may have taken them. A first password ends nothing."""
        self._check_active()
        self._password_changed(occurred_on=on, actor=actor, ended_tokens=self.has_password)

    @event("PasswordChanged")
    def _password_changed(self, occurred_on: date, actor: str, ended_tokens: bool) -> None:
        self.password_hash = None  # an older hash from the log no longer counts
        self.password_kept = True
        if ended_tokens:
            self.token_hashes = set()

    def issue_token(self, token_hash: str, on: date, actor: str) -> None:
        self._check_active()
        self._token_issued(token_hash=token_hash, occurred_on=on, actor=actor)

    @event("TokenIssued")
    def _token_issued(self, token_hash: str, occurred_on: date, actor: str) -> None:
        self.token_hashes.add(token_hash)

    def revoke_token(self, token_hash: str, on: date, actor: str) -> None:
        self._check_active()
        if token_hash not in self.token_hashes:
            raise Refused(f"user {self.name} has no such token")
        self._token_revoked(token_hash=token_hash, occurred_on=on, actor=actor)

    @event("TokenRevoked")
    def _token_revoked(self, token_hash: str, occurred_on: date, actor: str) -> None:
        self.token_hashes = self.token_hashes - {token_hash}

    def revoke(self, reason: str, on: date, actor: str) -> None:
        self._check_active()
        self._revoked(reason=reason, occurred_on=on, actor=actor)

    @event("Revoked")
    def _revoked(self, reason: str, occurred_on: date, actor: str) -> None:
        self.revoked = True
        self.token_hashes = set()
