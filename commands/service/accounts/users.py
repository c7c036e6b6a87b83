"""Commands for the people who use the service: add, password, role, tokens, revoke.

Every change of a user is an event saved through the application's normal path, so the hash
chain covers it and `history` shows it. Passwords are hashed with Argon2 and kept beside the
log (commands/service/accounts/credentials.py); API tokens are random and kept only as SHA-256.
Logging in and who is calling: commands/service/accounts/logins.py.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import select

from commands.service.accounts import credentials as cred
from commands.service.accounts.logins import LoginCommands
from commands.service.accounts.passwords import PASSWORDS, check_new_password, hashed_off_loop
from commands.service.queries.answer_cache import AnswerCache
from commands.service.runtime import idempotency
from ledger.errors import Duplicate, NotFound, Refused
from ledger.ids import shown_id
from ledger.member import Member
from ledger.organisation import Branch, Unit
from ledger.users import SCOPE_KINDS, User, check_role, check_user_name


def user_view(user: User) -> dict:
    return {"name": user.name, "role": user.role, "scope": user.scope_id, "scope_kind": user.scope_kind,
            "revoked": user.revoked, "has_password": user.has_password}


class UserCommands(LoginCommands):
    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        idempotency.metadata.create_all(self.engine)
        self.answers = AnswerCache()  # logged-in users' figure reads (query_access.answer_for)

    # --- reading ----------------------------------------------------------------------------

    def user(self, name: str) -> User:
        return self.get(User, name, "user")

    def list_users(self) -> list[dict]:
        topic = User.Added.__module__ + ":" + User.Added.__qualname__
        with self.engine.connect() as conn:
            ids = conn.execute(select(self.events_table.c.originator_id)
                               .where(self.events_table.c.topic == topic)).scalars().all()
        users = [self.load(stream) for stream in ids]
        return [user_view(user) for user in sorted(users, key=lambda user: user.name)]

    def scope_kind_of(self, scope_id: str) -> str:
        """Whether an id names a unit, a branch or a member ("unit:C1" says which outright)."""
        kind, _, key = scope_id.partition(":") if ":" in scope_id else ("", "", scope_id)
        if kind and kind not in SCOPE_KINDS:
            raise Refused(f"scope kind '{kind}' is not one of {', '.join(SCOPE_KINDS)}")
        found = [candidate for candidate, cls in (("unit", Unit), ("branch", Branch), ("member", Member))
                 if (not kind or kind == candidate) and self.exists(cls, key)]
        if not found:
            raise NotFound(f"no unit, branch or member with id '{shown_id(key)}'")
        if len(found) > 1:
            raise Refused(f"id '{key}' names a {' and a '.join(found)}; say which, e.g. {found[0]}:{key}")
        return found[0]

    # --- changing users ---------------------------------------------------------------------

    def add_user(self, name: str, role: str, scope_id: str, actor: str, days: int | None = None) -> dict:
        """A new user with a fresh API token, returned once and stored only as its hash."""
        name = check_user_name(name)
        check_role(role)
        scope_kind = self.scope_kind_of(scope_id)
        scope_id = scope_id.partition(":")[2] if ":" in scope_id else scope_id
        if self.exists(User, name):
            raise Duplicate(f"user '{name}' already exists")
        user = User(name=name, role=role, scope_kind=scope_kind, scope_id=scope_id,
                    occurred_on=self.today(), actor=actor)
        return {**user_view(user), **self._issue(user, actor, days)}

    # --- passwords ----------------------------------------------------------------------------

    def set_password(self, name: str, password: str, actor: str) -> dict:
        """Set a password as an operator or admin (no current password asked): the CLI's path."""
        check_new_password(name, password)
        self.user(name)
        return self._keep_password(name, PASSWORDS.hash(password), actor)

    async def change_password(self, caller: User, name: str, password: str, current: str | None,
                              actor: str, address: str, keep_session: str | None = None) -> dict:
        """A password set over HTTP or on a page, by a caller already allowed to (command_access).
        One's own needs the current password; the caller's session (`keep_session`) goes on while
        the user's other sessions end. Argon2 runs off the event loop."""
        check_new_password(name, password)
        target = self.user(name)
        if caller.name == name and target.has_password:
            await self.check_current_password(target, current, address)
        return self._keep_password(name, await hashed_off_loop(password), actor, keep_session)

    def _keep_password(self, name: str, password_hash: str, actor: str, keep_session: str | None = None) -> dict:
        """The event says who set it and when; the hash goes to the credentials table in the same
        transaction. A replaced password ends the user's tokens (the event) and other sessions."""
        user = self.user(name)
        user.change_password(self.today(), actor)
        with self.unit_of_work() as session:
            self.save(user)
            cred.keep_hash(session, name, password_hash)
            cred.end_sessions(session, name, keep_session)
        return {"name": user.name, "password_set": True}

    def change_role(self, name: str, role: str, scope_id: str, actor: str) -> dict:
        user = self.user(name)
        scope_kind = self.scope_kind_of(scope_id)
        scope_id = scope_id.partition(":")[2] if ":" in scope_id else scope_id
        user.change_role(role, scope_kind, scope_id, self.today(), actor)
        with self.unit_of_work():
            self.save(user)
        return user_view(user)

    # --- tokens -------------------------------------------------------------------------------

    def issue_token(self, name: str, actor: str, days: int | None = None) -> dict:
        return {"name": name, **self._issue(self.user(name), actor, days)}

    def _issue(self, user: User, actor: str, days: int | None) -> dict:
        days = cred.TOKEN_DAYS if days is None else days
        if not 1 <= days <= 3650:
            raise Refused(f"a token lives 1-3650 days, not {days}")
        token, expires = cred.new_secret(), self.today() + timedelta(days=days)
        user.issue_token(cred.sha256(token), self.today(), actor)
        with self.unit_of_work() as session:
            self.save(user)
            cred.add_token(session, cred.sha256(token), user.name, self.today(), expires)
        return {"token": token, "token_id": cred.sha256(token)[:cred.TOKEN_ID_LENGTH], "expires": expires}

    def list_tokens(self, name: str) -> list[dict]:
        """The user's live tokens: an id (the start of its hash), when issued, until when; never
        the secret, which is not kept."""
        user = self.user(name)
        with self.looking() as conn:
            rows = cred.tokens_of(conn, name)
        return [{"token_id": row.token_hash[:cred.TOKEN_ID_LENGTH], "created": row.created_on,
                 "expires": row.expires_on, "expired": row.expires_on is not None and row.expires_on <= self.today()}
                for row in rows if row.token_hash in user.token_hashes]

    def revoke_token(self, name: str, token_id: str, actor: str) -> dict:
        user = self.user(name)
        matching = [token_hash for token_hash in user.token_hashes
                    if len(token_id) >= 8 and token_hash.startswith(token_id.lower())]
        if len(matching) != 1:
            raise NotFound(f"user {name} has no token '{token_id[:80]}'")
        user.revoke_token(matching[0], self.today(), actor)
        with self.unit_of_work() as session:
            self.save(user)
            cred.drop_tokens(session, matching)
        return {"name": name, "token_id": token_id, "revoked": True}

    def revoke_user(self, name: str, actor: str, reason: str = "") -> dict:
        """Ends the user's tokens and sessions at once, in the same transaction as the event."""
        user = self.user(name)
        user.revoke(reason, self.today(), actor)
        with self.unit_of_work() as session:
            self.save(user)
            cred.forget_user(session, name)
        return {"name": name, "revoked": True}

