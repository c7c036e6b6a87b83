"""The hashes of the tamper-evident chain over the stored events.

Each stored event gets an event hash over exactly what the store holds for it (its position
in the log, its stream, its version, its topic and its state bytes). The chain hash of an
event binds that event hash to the chain hash of the previous event of the same stream and
of the previous event in the whole log, so removing, changing or reordering any stored event
breaks a link that a verification can point at. Pure functions: no SQL, no clock.
"""

from __future__ import annotations

from hashlib import sha256

# The "previous hash" of the first event of the log, and of the first event of each stream.
GENESIS = "0" * 64

_EVENT_TAG = "starledger/event/v1"
_CHAIN_TAG = "starledger/chain/v1"


_EVENT_HEADER = (_EVENT_TAG + "\0%d\0%s\0%d\0%d\0%d\0").encode()


def event_hash(notification_id: int, stream_id: str, version: int, topic: str, state: bytes) -> str:
    """sha256 over one stored event; `stream_id` is the hex of the aggregate's UUID.

    The header holds the numbers, the stream and the byte lengths of topic and state, each
    ended by a NUL they cannot contain, so no two different events hash the same input.
    (Bytes formatting and one digest call: verify hashes every event of the ledger.)
    """
    topic_bytes = topic.encode("utf-8")
    header = _EVENT_HEADER % (notification_id, stream_id.encode(), version, len(topic_bytes), len(state))
    return sha256(header + topic_bytes + state).hexdigest()


def chain_hash(event: str, stream_previous: str, log_previous: str) -> str:
    """sha256 linking an event hash to the chain hashes before it (stream and whole log)."""
    return sha256(f"{_CHAIN_TAG}|{event}|{stream_previous}|{log_previous}".encode()).hexdigest()
