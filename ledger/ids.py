"""Stable aggregate ids: people type short ids (M001, B-EAST); the store keys on UUIDs."""

from functools import lru_cache
from uuid import NAMESPACE_URL, UUID, uuid5


@lru_cache(maxsize=65536)  # pure, and asked for on every load: hashing it again cost 5% of an import
def stream_id(kind: str, key: str) -> UUID:
    return uuid5(NAMESPACE_URL, f"starledger:{kind}/{key}")
