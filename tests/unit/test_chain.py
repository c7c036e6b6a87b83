"""The chain's hash functions: a stored format, so fixed by known values."""

from __future__ import annotations

from ledger.chain import GENESIS, chain_hash, event_hash

STREAM = "0" * 31 + "1"
TOPIC = "ledger.member:Member.DuesPaid"


def test_hashes_are_the_stored_format():
    # Changing these values breaks every chain already stored: add a v2 instead.
    event = event_hash(7, STREAM, 3, TOPIC, b'{"a":1}')
    assert event == "e11b59c519ed2a7f6db7ee7851f03ec41100189a2646d7bad1d8444c61f1f22f"
    assert chain_hash(event, GENESIS, GENESIS) == "c75cc09d6d93992059795c35c0017f687f26efa16002fd8c71a8cee8dcd39cc3"


def test_every_field_is_covered():
    base = event_hash(7, STREAM, 3, TOPIC, b"{}")
    variants = [event_hash(8, STREAM, 3, TOPIC, b"{}"), event_hash(7, "0" * 31 + "2", 3, TOPIC, b"{}"),
                event_hash(7, STREAM, 4, TOPIC, b"{}"), event_hash(7, STREAM, 3, TOPIC + "x", b"{}"),
                event_hash(7, STREAM, 3, TOPIC, b"{ }")]
    assert len({base, *variants}) == 6
    linked = chain_hash(base, GENESIS, GENESIS)
    assert len({linked, chain_hash(base, "1" * 64, GENESIS), chain_hash(base, GENESIS, "1" * 64)}) == 3


def test_bytes_cannot_move_between_fields_unnoticed():
    assert event_hash(1, STREAM, 1, "T:x", b"y") != event_hash(1, STREAM, 1, "T:", b"xy")
    assert event_hash(1, STREAM, 12, "T", b"") != event_hash(11, STREAM, 2, "T", b"")
