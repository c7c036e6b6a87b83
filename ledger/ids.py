"""Stable aggregate ids: people type short ids (M001, B-EAST); the store keys on UUIDs."""

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
