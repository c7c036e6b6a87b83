"""Stable aggregate ids: people type short ids (M001, B-EAST); the store keys on UUIDs."""

import re
from functools import lru_cache
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5


@lru_cache(maxsize=65536)  # pure, and asked for on every load: hashing it again cost 5% of an import
def stream_id(kind: str, key: str) -> UUID:
    return uuid5(NAMESPACE_URL, f"starledger:{kind}/{key}")


def stream_hex(originator: Any) -> str:
    """The hex of an aggregate id, whether the driver gives a UUID, its bytes or its text."""
    if type(originator) is bytes:  # SQLite's 16 bytes, the usual case in replays: asked first
        return originator.hex()
    if isinstance(originator, UUID):
        return originator.hex
    if isinstance(originator, memoryview):
        return bytes(originator).hex()
    return UUID(str(originator)).hex


# New ids are plain ASCII, so that no two ids look alike (a Cyrillic М beside a Latin M) and
# none can turn the text around it (right-to-left overrides). Ids stored before this rule load.
NEW_ID = re.compile(r"[A-Za-z0-9._-]+")
NEW_ID_RULE = "ASCII letters, digits, '-', '_' or '.'"
SHOWN_MAX = 64  # an id echoed in an answer is cut here: a megabyte of id is not sent back


def is_new_id(value: str, longest: int) -> bool:
    return 0 < len(value) <= longest and NEW_ID.fullmatch(value) is not None


def shown_id(value: str) -> str:
    """An id as an answer quotes it: at most SHOWN_MAX characters, with invisible characters
    (bidi controls, zero-width ones) written as escapes so that the quote reads as typed."""
    cut = value[:SHOWN_MAX]
    plain = "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in cut)
    return plain + ("…" if len(value) > SHOWN_MAX else "")
