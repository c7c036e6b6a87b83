"""Idempotency keys: a write retried with the same `Idempotency-Key` gets the first answer.

Keys are kept per user. A key is reserved before the write runs, so two copies of a request
sent at once cannot both write; the answer is stored when the write is done. The same key with
another request is refused.
"""

from __future__ import annotations

import hashlib
from typing import NamedTuple

from sqlalchemy import Column, Integer, LargeBinary, MetaData, String, Table, delete, insert, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from ledger.errors import Duplicate

metadata = MetaData()

answers = Table(
    "sl_idempotency", metadata,
    Column("user_name", String(64), primary_key=True),
    Column("key", String(200), primary_key=True),
    Column("fingerprint", String(64), nullable=False),
    Column("status", Integer),  # None while the first request is still running
    Column("media_type", String(200)),
    Column("body", LargeBinary),
)


class Answer(NamedTuple):
    status: int
    media_type: str
    body: bytes


def fingerprint(method: str, path: str, query: str, body: bytes) -> str:
    return hashlib.sha256(b"\0".join([method.encode(), path.encode(), query.encode(), body])).hexdigest()


def reserve(engine: Engine, user: str, key: str, print_: str) -> Answer | None:
    """None if this request is the first with the key (it is now reserved); the stored answer
    if the same request was answered before; Duplicate if the key was used otherwise."""
    try:
        with engine.begin() as conn:
            conn.execute(insert(answers).values(user_name=user, key=key, fingerprint=print_))
        return None
    except IntegrityError:
        pass
    with engine.connect() as conn:
        row = conn.execute(select(answers).where(answers.c.user_name == user, answers.c.key == key)).first()
    if row is None:  # the first request failed and gave the key back meanwhile
        return reserve(engine, user, key, print_)
    if row.fingerprint != print_:
        raise Duplicate(f"Idempotency-Key '{key}' was already used for another request")
    if row.status is None:
        raise Duplicate(f"a request with Idempotency-Key '{key}' is still being answered; try again")
    return Answer(row.status, row.media_type, bytes(row.body))


def keep(engine: Engine, user: str, key: str, answer: Answer) -> None:
    with engine.begin() as conn:
        conn.execute(update(answers).where(answers.c.user_name == user, answers.c.key == key)
                     .values(status=answer.status, media_type=answer.media_type, body=answer.body))


def give_back(engine: Engine, user: str, key: str) -> None:
    """The write could not be answered (a concurrent change, the database away): a retry runs it again."""
    with engine.begin() as conn:
        conn.execute(delete(answers).where(answers.c.user_name == user, answers.c.key == key))
