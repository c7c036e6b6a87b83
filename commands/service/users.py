"""Commands for the people who use the service: add, password, role, revoke, log in and out.

Every change of a user is an event saved through the application's normal path, so the hash
chain covers it and `history` shows it. Passwords are hashed with Argon2; API tokens are
random and kept only as SHA-256.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher
from sqlalchemy import bindparam, func, select
from sqlalchemy.engine import Connection

from commands.service.base import LedgerBase
from commands.service.answer_cache import AnswerCache
from commands.service import credentials as cred, idempotency
from ledger.errors import Duplicate, LoginLocked, NotFound, Refused, Unauthenticated
from ledger.ids import shown_id
from ledger.member import Member
from ledger.organisation import Branch, Unit
from ledger.users import SCOPE_KINDS, User, check_role, check_user_name

PASSWORDS = PasswordHash((Argon2Hasher(),))


@cache
def _nobody() -> str:
    """Verified against when the name is unknown, so a wrong name costs as long as a wrong
    password. Hashed on first use, not at import: an Argon2 hash is a third of a second of CPU
    that every command opening the ledger would otherwise pay."""
    return PASSWORDS.hash("no such user")


MIN_PASSWORD = 8
WRONG_LOGIN = "wrong name or password"


@dataclass(frozen=True)
class Caller:
    """A logged-in user, and where the read model stood when their credentials were checked (a
    row of Projector.currency, asked in the same round trip): a read for them answers from there."""
    user: User
    currency: Any


def user_view(user: User) -> dict:
    return {"name": user.name, "role": user.role, "scope": user.scope_id, "scope_kind": user.scope_kind,
            "revoked": user.revoked, "has_password": user.password_hash is not None}


class UserCommands(LedgerBase):
    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        cred.metadata.create_all(self.engine)
        idempotency.metadata.create_all(self.engine)
        self._token_owners: dict[str, str] = {}
        self._signed_in: dict[str, User] = {}  # name -> the user as last loaded (with its version)
        self.answers = AnswerCache()  # logged-in users' figure reads (query_access.answer_for)
        events = self.events_table  # asked on every request: built once
        user_version = select(func.max(events.c.originator_version)).where(
            events.c.originator_id == bindparam("stream")).scalar_subquery()
        self._caller_probe = self.projector.currency[True].add_columns(user_version)  # currency first, version last

    # --- reading ----------------------------------------------------------------------------

    def find_user(self, name: str) -> User | None:
        return self.find(User, name)

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

    def add_user(self, name: str, role: str, scope_id: str, actor: str) -> dict:
        """A new user with a fresh API token, returned once and stored only as its hash."""
        name = check_user_name(name)
        check_role(role)
        scope_kind = self.scope_kind_of(scope_id)
        scope_id = scope_id.partition(":")[2] if ":" in scope_id else scope_id
        if self.exists(User, name):
            raise Duplicate(f"user '{name}' already exists")
        user = User(name=name, role=role, scope_kind=scope_kind, scope_id=scope_id,
                    occurred_on=self.today(), actor=actor)
        token = cred.new_secret()
        user.issue_token(cred.sha256(token), self.today(), actor)
        with self.unit_of_work() as session:
            self.save(user)
            cred.add_token(session, cred.sha256(token), name)
        return {**user_view(user), "token": token}

    def set_password(self, name: str, password: str, actor: str) -> dict:
        if len(password) < MIN_PASSWORD:
            raise Refused(f"a password needs at least {MIN_PASSWORD} characters")
        user = self.user(name)
        user.set_password(PASSWORDS.hash(password), self.today(), actor)
        with self.unit_of_work():
            self.save(user)
        return {"name": user.name, "password_set": True}

    def change_role(self, name: str, role: str, scope_id: str, actor: str) -> dict:
        user = self.user(name)
        scope_kind = self.scope_kind_of(scope_id)
        scope_id = scope_id.partition(":")[2] if ":" in scope_id else scope_id
        user.change_role(role, scope_kind, scope_id, self.today(), actor)
        with self.unit_of_work():
            self.save(user)
        return user_view(user)

    def issue_token(self, name: str, actor: str) -> dict:
        user = self.user(name)
        token = cred.new_secret()
        user.issue_token(cred.sha256(token), self.today(), actor)
        with self.unit_of_work() as session:
            self.save(user)
            cred.add_token(session, cred.sha256(token), name)
        return {"name": name, "token": token}

    def revoke_user(self, name: str, actor: str, reason: str = "") -> dict:
        """Ends the user's tokens and sessions at once, in the same transaction as the event."""
        user = self.user(name)
        user.revoke(reason, self.today(), actor)
        with self.unit_of_work() as session:
            self.save(user)
            cred.forget_user(session, name)
        return {"name": name, "revoked": True}

    # --- logging in ---------------------------------------------------------------------------

    def log_in(self, name: str, password: str) -> dict:
        """A session for a right name and password; a wrong name and a wrong password are
        answered alike, and after 5 failures in a row the name is locked for 60 seconds."""
        if "\x00" in name:  # no such name can exist (PostgreSQL would refuse even to look)
            raise Unauthenticated(WRONG_LOGIN)
        with self.engine.begin() as conn:
            if cred.locked(conn, name):
                raise LoginLocked("too many failed logins for this name; try again in a minute")
        user = self.find_user(name) if name and len(name) <= 64 else None
        usable = user is not None and not user.revoked and user.password_hash is not None
        right = PASSWORDS.verify(password, user.password_hash if usable else _nobody())  # type: ignore[union-attr]
        if not (usable and right):
            with self.engine.begin() as conn:  # committed: raising inside would roll it back
                cred.note_failure(conn, name[:64])
            raise Unauthenticated(WRONG_LOGIN)
        with self.engine.begin() as conn:
            cred.note_success(conn, name)
            secret, csrf = cred.open_session(conn, name)
        return {"user": user, "session": secret, "csrf": csrf}

    def log_out(self, secret: str) -> None:
        with self.engine.begin() as conn:
            cred.close_session(conn, secret)

    def session_user(self, secret: str) -> tuple[User, str]:
        """The live user of a session cookie and the session's CSRF token."""
        caller, csrf = self.session_caller(secret)
        return caller.user, csrf

    def session_caller(self, secret: str) -> tuple[Caller, str]:
        with self.looking() as conn:
            found = cred.session_of(conn, secret)
            user, currency = self._live_user(conn, found[0]) if found else (None, None)
        if user is None or user.revoked:
            raise Unauthenticated("not logged in")
        return Caller(user, currency), found[1]  # type: ignore[index]

    def token_user(self, token: str) -> User:
        return self.token_caller(token).user

    def token_caller(self, token: str) -> Caller:
        """The live user of an API token. Which user a token was issued to never changes, so
        that is remembered; whether the token is still theirs is asked of the user as stored now."""
        token_hash = cred.sha256(token)
        with self.looking() as conn:
            name = self._token_owners.get(token_hash)
            if name is None:
                name = cred.token_owner(conn, token)
                if name is not None and len(self._token_owners) < 10_000:
                    self._token_owners[token_hash] = name
            user, currency = self._live_user(conn, name) if name else (None, None)
        if user is None or user.revoked or token_hash not in user.token_hashes:
            raise Unauthenticated("the token is wrong or revoked")
        return Caller(user, currency)

    def _live_user(self, conn: Connection, name: str) -> tuple[User | None, Any]:
        """The user as stored now, for every request: kept in memory and replayed only when their
        stream has moved on, which one indexed query tells. Any process's revocation or role change
        is a new event on the stream, so it counts on the very next request everywhere. The same
        query tells where the read model stands (its currency row)."""
        probe = conn.execute(self._caller_probe, {"stream": User.create_id(name)}).one()
        version, currency = probe[-1], tuple(probe[:-1])
        known = self._signed_in.get(name)
        if version is not None and known is not None and known.version == version:
            return known, currency
        user = self.find_user(name) if version is not None else None
        if user is None:
            self._signed_in.pop(name, None)
        elif len(self._signed_in) < 10_000:
            self._signed_in[name] = user  # a copy of its own: the routes only read it
        return user, currency
