"""The hashes of the tamper-evident chain over the stored events.

Each stored event gets an event hash over exactly what the store holds for it (its position
in the log, its stream, its version, its topic and its state bytes). The chain hash of an
event binds that event hash to the chain hash of the previous event of the same stream and
of the previous event in the whole log, so removing, changing or reordering any stored event
breaks a link that a verification can point at. Pure functions: no SQL, no clock.
"""

from __future__ import annotations

import hashlib

# The "previous hash" of the first event of the log, and of the first event of each stream.
GENESIS = "0" * 64

_EVENT_TAG = b"starledger/event/v1"
_CHAIN_TAG = b"starledger/chain/v1"


def _framed(*parts: bytes) -> bytes:
    """Each part with its length in front, so no two different field lists hash alike."""
    return b"".join(len(part).to_bytes(8, "big") + part for part in parts)


def event_hash(notification_id: int, stream_id: str, version: int, topic: str, state: bytes) -> str:
    """sha256 over one stored event; `stream_id` is the hex of the aggregate's UUID."""
    payload = _framed(_EVENT_TAG, str(notification_id).encode(), stream_id.encode(),
                      str(version).encode(), topic.encode("utf-8"), bytes(state))
    return hashlib.sha256(payload).hexdigest()


def chain_hash(event: str, stream_previous: str, log_previous: str) -> str:
    """sha256 linking an event hash to the chain hashes before it (stream and whole log)."""
    payload = _framed(_CHAIN_TAG, event.encode(), stream_previous.encode(), log_previous.encode())
    return hashlib.sha256(payload).hexdigest()
