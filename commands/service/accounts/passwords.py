"""Password hashing and the rules a new password must meet.

Argon2 is a third of a second of CPU and releases the GIL, so the async entrances run it in a
small thread pool (`hashed_off_loop`, `verified_off_loop`): the event loop keeps answering other
requests meanwhile. Only the pure hash or verify runs in a thread; the application object is
never touched there (it is not thread-safe).
"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from importlib.resources import files

from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher

from ledger.errors import Refused

PASSWORDS = PasswordHash((Argon2Hasher(),))
MIN_PASSWORD = 8
# Two threads: on the two cores of a small office server, more would only queue on the CPU,
# and the event loop needs a core of its own to go on answering.
HASHING_THREADS = 2
_POOL = ThreadPoolExecutor(max_workers=HASHING_THREADS, thread_name_prefix="argon2")


@cache
def nobody_hash() -> str:
    """Verified against when the name is unknown, so a wrong name costs as long as a wrong
    password. Hashed on first use, not at import: every command opening the ledger would pay it."""
    return PASSWORDS.hash("no such user")


@cache
def common_passwords() -> frozenset[str]:
    """The list shipped with the package (common_passwords.txt says where it comes from)."""
    text = files("commands.service.accounts").joinpath("common_passwords.txt").read_text(encoding="utf-8")
    return frozenset(line for line in text.splitlines() if line and not line.startswith("#"))


def check_new_password(name: str, password: str) -> None:
    """Refused: too short, the user's own name, or a password from the common list."""
    if len(password) < MIN_PASSWORD:
        raise Refused(f"a password needs at least {MIN_PASSWORD} characters")
    if password.casefold() == name.casefold():
        raise Refused("a password must not be the user name")
    if password.casefold() in common_passwords():
        raise Refused("this password is on the list of common passwords; choose another")


def verified(password: str, password_hash: str | None) -> bool:
    """Whether the password matches; with no hash, a check of equal cost that fails."""
    right = PASSWORDS.verify(password, password_hash or nobody_hash())
    return right and password_hash is not None


async def verified_off_loop(password: str, password_hash: str | None) -> bool:
    return await asyncio.get_running_loop().run_in_executor(_POOL, verified, password, password_hash)


async def hashed_off_loop(password: str) -> str:
    return await asyncio.get_running_loop().run_in_executor(_POOL, PASSWORDS.hash, password)
