"""Text that cannot be stored as it reads is refused at the edge, as NUL is: lone surrogates
(a JSON "\\ud800" escape) and bidirectional controls, in every text and id field; 422 in plain
words, never a 500, and nothing written."""

from __future__ import annotations

import json

import pytest

from commands.service.models.fields import plain_characters

SURROGATE = "must not contain a lone surrogate (U+D800), which is not a character"
BIDI = "must not contain the bidirectional control {code}, which makes text read otherwise than it is stored"
STUDY = {"member": "M1", "on": "2026-11-02", "topic": "党章学习"}


def _raw(body: dict) -> bytes:
    """A JSON body as a client may send it: json.dumps writes a lone surrogate as its escape."""
    return json.dumps(body).encode("ascii")


@pytest.mark.parametrize("character", ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067",
                                       "\u2068", "\u2069", "\u200e", "\u200f", "\u061c"])
def test_every_bidirectional_control_is_named(character):
    with pytest.raises(ValueError) as refused:
        plain_characters(f"Wang{character}Li")
    assert str(refused.value) == BIDI.format(code=f"U+{ord(character):04X}")


@pytest.mark.parametrize("text", ["\ud800", "a\udfff", "\udced\udca0"])
def test_every_lone_surrogate_is_named(text):
    with pytest.raises(ValueError, match=r"^must not contain a lone surrogate \(U\+D[89A-F][0-9A-F]{2}\)"):
        plain_characters(text)


def test_ordinary_text_passes(text="王芳 Wang-Li 党章学习 ①\u200d😀"):
    assert plain_characters(text) == text


def test_surrogates_and_bidi_controls_are_422_in_every_field_and_nothing_is_written(served):
    before = served.events()
    headers = {"Content-Type": "application/json"}
    with served.client("secretary") as secretary, served.client("admin") as admin:
        answers = [
            secretary.post("/api/entries/study", content=_raw({**STUDY, "topic": "a\ud800b"}), headers=headers),
            secretary.post("/api/entries/study", content=_raw({**STUDY, "member": "M1\ud800"}), headers=headers),
            secretary.post("/api/entries/study", content=_raw({**STUDY, "entry_id": "e-\ud800"}), headers=headers),
            secretary.post("/api/entries/study", json={**STUDY, "topic": "gnirts\u202eabc"}),
            admin.post("/api/units", json={"unit": "U9", "name": "Unit\u2067 9", "kind": "general_branch",
                                           "parent": "C1"}),
            admin.post("/api/users", content=_raw({"name": "x\ud800", "role": "member", "scope": "M1"}),
                       headers=headers),
            admin.post("/api/users", json={"name": "li\u200fwang", "role": "member", "scope": "M1"}),
            # A number or a date is checked before its refusal echoes it (pydantic cannot hold a surrogate).
            secretary.post("/api/entries/dues", content=_raw({"member": "M1", "month": "2026-11", "amount": "2\ud8005",
                                                             "paid_on": "2026-11-02"}), headers=headers),
            admin.post("/api/branches", content=_raw({"branch": "B7", "category": "production", "name": "n",
                                                      "established": "2000-\ud80001-01"}), headers=headers),
        ]
        statuses = [answer.status_code for answer in answers]
        bodies = [answer.json() for answer in answers]
        login = secretary.post("/api/login", content=_raw({"name": "a\ud800", "password": "x"}), headers=headers)
    assert statuses == [422] * 9
    assert bodies[0] == {"detail": f"topic: {SURROGATE}", "field": "topic"}
    assert bodies[1] == {"detail": f"member: {SURROGATE}", "field": "member"}
    assert bodies[2]["field"] == "entry_id" and SURROGATE in bodies[2]["detail"]
    assert bodies[3] == {"detail": "topic: " + BIDI.format(code="U+202E"), "field": "topic"}
    assert bodies[4] == {"detail": "name: " + BIDI.format(code="U+2067"), "field": "name"}
    assert bodies[5]["field"] == "name" and SURROGATE in bodies[5]["detail"]
    assert bodies[6] == {"detail": "name: " + BIDI.format(code="U+200F"), "field": "name"}
    assert bodies[7] == {"detail": f"amount: {SURROGATE}", "field": "amount"}
    assert bodies[8] == {"detail": f"established: {SURROGATE}", "field": "established"}
    assert login.status_code in (401, 422)  # refused as any wrong login, not a 500
    assert served.events() == before
