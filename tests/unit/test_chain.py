"""The chain's hash functions: a stored format, so fixed by known values."""

from __future__ import annotations

from ledger.chain import GENESIS, chain_hash, event_hash

STREAM = "0" * 31 + "1"
TOPIC = "ledger.member:Member.DuesPaid"


def test_hashes_are_the_stored_format():
    # Changing these values breaks every chain already stored: add a v2 instead.
    event = event_hash(7, STREAM, 3, TOPIC, b'{"a":1}')
    assert event == "e19c959d1ed65f372d0d2c0e7c09976fb5379c1951ccad73a0c2169ddb804136"
    assert chain_hash(event, GENESIS, GENESIS) == "f8d2a0f3a62e78a4b69128204803d1f594bd75a19a7fb9abdffe3807cb3cdbc7"


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
