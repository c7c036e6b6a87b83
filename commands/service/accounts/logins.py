"""Logging in and who is calling: the login throttle, sessions, API tokens and their expiry.

`log_in` is async: the database work runs on the event loop's thread (the application is not
thread-safe), the Argon2 check in the hashing pool (commands/service/accounts/passwords.py), so other
requests are answered while a password is checked.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Callable

from sqlalchemy import bindparam, func, select
from sqlalchemy.engine import Connection

from commands.service.accounts import credentials as cred, login_throttle as throttle
from commands.service.accounts.passwords import verified_off_loop
from commands.service.handlers.base import LedgerBase
from ledger.errors import Refused, Unauthenticated
from ledger.users import User

WRONG_LOGIN = "wrong name or password"


@dataclass(frozen=True)
class Caller:
    """A logged-in user, and where the read model stood when their credentials were checked (a
    row of Projector.currency, asked in the same round trip): a read for them answers from there."""
    user: User
    currency: Any


class LoginCommands(LedgerBase):
    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        cred.upgrade(self.engine, self.today())
        throttle.metadata.create_all(self.engine)
        self.login_limits = throttle.Limits()
        self.now: Callable[[], datetime] = cred.now  # the clock of sessions and the throttle
        self._token_owners: dict[str, tuple[str, Any]] = {}  # token hash -> (user name, expires on)
        self._signed_in: dict[str, User] = {}  # name -> the user as last loaded (with its version)
        events = self.events_table  # asked on every request: built once
        user_version = select(func.max(events.c.originator_version)).where(
            events.c.originator_id == bindparam("stream")).scalar_subquery()
        self._caller_probe = self.projector.currency[True].add_columns(user_version)  # currency first, version last

    def find_user(self, name: str) -> User | None:
        return self.find(User, name)

    def password_hash_of(self, conn: Connection, user: User) -> str | None:
        """The hash a login is checked against: the credentials table's, else (a ledger from
        before the table) the one its PasswordSet event holds."""
        return cred.stored_hash(conn, user.name) if user.has_password and user.password_hash is None \
            else user.password_hash

    async def log_in(self, name: str, password: str, address: str) -> dict:
        """A session for a right name and password from a client address. A wrong name and a
        wrong password are answered alike; too many failures lock the name for that address
        only, and too many from one address lock the address (login_throttle.py)."""
        at = self.now()
        counted_as = name.replace("\x00", "")[:64]  # the throttle's key: PostgreSQL stores no NUL
        with self.engine.begin() as conn:
            cred.purge_sessions(conn, at)  # opportunistic: a login is rare beside the reads
            throttle.purge(conn, at, self.login_limits)
            throttle.refuse_if_locked(conn, address, counted_as, at)
        possible = name and len(name) <= 64 and "\x00" not in name  # PostgreSQL refuses to look for NUL
        user = self.find_user(name) if possible else None
        usable = user is not None and not user.revoked
        with self.looking() as conn:
            password_hash = self.password_hash_of(conn, user) if usable else None  # type: ignore[arg-type]
        right = await verified_off_loop(password, password_hash)
        with self.engine.begin() as conn:  # committed: raising inside would roll it back
            if not right:
                throttle.note_failure(conn, address, counted_as, self.now(), self.login_limits)
            else:
                throttle.note_success(conn, address, name)
                secret, csrf = cred.open_session(conn, name, self.now())
        if not right:
            raise Unauthenticated(WRONG_LOGIN)
        return {"user": user, "session": secret, "csrf": csrf}

    async def check_current_password(self, user: User, password: str | None, address: str) -> None:
        """Refused unless `password` is the user's own, counted by the login throttle like a login:
        a stolen session must not become a way to guess the password it does not know."""
        with self.engine.begin() as conn:
            throttle.refuse_if_locked(conn, address, user.name, self.now())
            stored = self.password_hash_of(conn, user)
        if password and await verified_off_loop(password, stored):
            return
        with self.engine.begin() as conn:
            throttle.note_failure(conn, address, user.name, self.now(), self.login_limits)
        raise Refused("the current password is wrong")

    def log_out(self, secret: str) -> None:
        with self.engine.begin() as conn:
            cred.close_session(conn, secret)

    def purge_credentials(self) -> dict:
        """Forget expired sessions and login failures that no longer count."""
        at = self.now()
        with self.engine.begin() as conn:
            return {"sessions": cred.purge_sessions(conn, at),
                    "login_failures": throttle.purge(conn, at, self.login_limits)}

    def session_user(self, secret: str) -> tuple[User, str]:
        """The live user of a session cookie and the session's CSRF token."""
        caller, csrf = self.session_caller(secret)
        return caller.user, csrf

    def session_caller(self, secret: str) -> tuple[Caller, str]:
        with self.looking() as conn:
            found = cred.session_of(conn, secret, self.now())
            user, currency = self._live_user(conn, found[0]) if found else (None, None)
        if user is None or user.revoked:
            raise Unauthenticated("not logged in")
        return Caller(user, currency), found[1]  # type: ignore[index]

    def token_user(self, token: str) -> User:
        return self.token_caller(token).user

    def token_caller(self, token: str) -> Caller:
        """The live user of an API token. Which user a token was issued to, and until when, never
        change, so they are remembered; whether the token is still theirs is asked of the user as
        stored now (a revocation or password change is an event on their stream)."""
        token_hash = cred.sha256(token)
        with self.looking() as conn:
            owner = self._token_owners.get(token_hash)
            if owner is None:
                owner = cred.token_row(conn, token)
                if owner is not None and len(self._token_owners) < 10_000:
                    self._token_owners[token_hash] = tuple(owner)  # type: ignore[assignment]
            user, currency = self._live_user(conn, owner[0]) if owner else (None, None)
        if user is None or user.revoked or token_hash not in user.token_hashes:
            raise Unauthenticated("the token is wrong or revoked")
        if owner[1] is not None and owner[1] <= self.today():  # type: ignore[index]
            raise Unauthenticated("the token has expired; ask an admin for a new one")
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
