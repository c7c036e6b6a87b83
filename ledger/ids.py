"""Stable aggregate ids: people type short ids (M001, B-EAST); the store keys on UUIDs."""

from uuid import NAMESPACE_URL, UUID, uuid5


def stream_id(kind: str, key: str) -> UUID:
    return uuid5(NAMESPACE_URL, f"starledger:{kind}/{key}")
