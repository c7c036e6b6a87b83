"""Scope without leaks (issue 23): what a caller outside a member's scope can learn of that
member through the audit reads, through history's answers and timing, and through ids.

Through a real uvicorn server on 127.0.0.1, on SQLite and PostgreSQL (tests/api/conftest.py:
C1 > G1 > B1 (M1-M5), B2 (M6); outside every user's scope C2 > B9 (M9), with violation
e-violation-m9 on M9).
"""

from __future__ import annotations

import statistics
import time
from datetime import date, timedelta
from typing import Iterator

import pytest

from commands.service.ledger import open_ledger
from tests.api.conftest import Served
from tests.conftest import TODAY
from tests.templates import close

OUTSIDE_AND_UNKNOWN = [("M9", "M8"), ("e-violation-m9", "e-violation-m8")]


@pytest.fixture
def scoped(api_db) -> Iterator[Served]:
    """The API organisation with a violation in B2, a long history for M9, a branch auditor of
    B2, and a user named like member M2 (an id that names a member and a user)."""
    url, tokens = api_db
    ledger = open_ledger(url, today=lambda: TODAY)
    try:
        ledger.record_violation("M6", date(2026, 10, 6), "违纪", "纪发〔2026〕4号", "纪委", "insp",
                                entry_id="e-violation-m6")
        for day in range(120):  # a long history outside the scope: reading it would take time
            ledger.record_study("M9", date(2026, 1, 1) + timedelta(days=day), "理论学习", "sec")
        tokens = {**tokens, "auditor_b2": ledger.add_user("auditor_b2", "auditor", "B2", "root")["token"],
                  "M2": ledger.add_user("M2", "member", "M2", "root")["token"]}
        ledger.catch_up()
    finally:
        close(ledger)
    with Served(url, tokens) as server:
        yield server


def test_a_branch_auditor_sees_only_their_branchs_members_in_the_read_audit(scoped):
    with scoped.client("auditor") as auditor:  # C1: its looks show B1's and B2's members
        for asked in ("", "?member=M2", "?branch=B1", "?branch=B2"):
            assert auditor.get(f"/api/deductions{asked}").status_code == 200
        everything = auditor.get("/api/audit/reads").json()
    # The look with no filter read M9's rows too (the C1 auditor was not shown them, but the log
    # names them): so its count is not given even to C1.
    assert [(row["filters"], row["members_shown"], row["rows"]) for row in everything] == [
        ({}, ["M1", "M2", "M6"], None), ({"member": "M2"}, ["M2"], 1), ({"branch": "B1"}, ["M1", "M2"], 3),
        ({"branch": "B2"}, ["M6"], 1)]
    with scoped.client("auditor_b2") as branch_auditor:
        seen = branch_auditor.get("/api/audit/reads")
        only_m6 = branch_auditor.get("/api/audit/reads?member=M6").json()
        other_branch = branch_auditor.get("/api/audit/reads?member=M2")
    assert seen.status_code == 200
    # The whole look is trimmed to M6, and says no count (it counted B1's rows too); the looks
    # at B1 alone are gone; the look at B2 is whole.
    assert [(row["by"], row["filters"], row["members_shown"], row["rows"]) for row in seen.json()] == [
        ("auditor (auditor)", {}, ["M6"], None), ("auditor (auditor)", {"branch": "B2"}, ["M6"], 1)]
    assert only_m6 == seen.json()
    assert other_branch.status_code == 404
    for text in ("M1", "M2", "B1"):
        assert f'"{text}"' not in seen.text


def _timed(client, path: str) -> tuple[float, bytes, int]:
    start = time.perf_counter()
    answer = client.get(path)
    return time.perf_counter() - start, answer.content, answer.status_code


@pytest.mark.parametrize("caller", ["member", "secretary"])
def test_an_id_outside_the_scope_takes_as_long_as_an_unknown_one(scoped, caller):
    """Medians of 200 interleaved requests each, after a warm-up: within 20% of each other.
    Before, the existing id read its events first (about twice the time)."""
    with scoped.client(caller) as client:
        for outside, unknown in OUTSIDE_AND_UNKNOWN:
            for _ in range(20):
                _timed(client, f"/api/history/{outside}"), _timed(client, f"/api/history/{unknown}")
            times: dict[str, list[float]] = {outside: [], unknown: []}
            for turn in range(200):
                for key in (outside, unknown) if turn % 2 else (unknown, outside):  # no drift favours one
                    took, _, status = _timed(client, f"/api/history/{key}")
                    assert status == 404
                    times[key].append(took)
            fast, slow = sorted((statistics.median(times[outside]), statistics.median(times[unknown])))
            assert slow <= fast * 1.2, f"{outside}: {statistics.median(times[outside]) * 1000:.2f} ms, " \
                                       f"{unknown}: {statistics.median(times[unknown]) * 1000:.2f} ms"


@pytest.mark.parametrize("caller", ["member", "secretary"])
def test_an_id_outside_the_scope_gets_the_bytes_of_an_unknown_one(scoped, caller):
    with scoped.client(caller) as client:
        for outside, unknown in OUTSIDE_AND_UNKNOWN:
            told = client.get(f"/api/history/{outside}")
            not_there = client.get(f"/api/history/{unknown}")
            assert (told.status_code, not_there.status_code) == (404, 404)
            assert told.content.replace(outside.encode(), b"ID") == not_there.content.replace(unknown.encode(), b"ID")
            assert told.json() == {"detail": f"no member, branch, unit, rule book, user or entry with id '{outside}'"}
            assert {k: v for k, v in told.headers.items() if k not in ("date", "content-length")} == \
                   {k: v for k, v in not_there.headers.items() if k not in ("date", "content-length")}


def test_an_id_naming_a_member_and_a_user_is_ambiguous_only_to_who_reaches_both(scoped):
    with scoped.client("member") as member:  # M1: neither member M2 nor user M2 is theirs
        told, unknown = member.get("/api/history/M2"), member.get("/api/history/M7")
    assert (told.status_code, told.content.replace(b"M2", b"M7")) == (404, unknown.content)
    with scoped.client("M2") as both:
        ambiguous = both.get("/api/history/M2")
        as_user = both.get("/api/history/M2?kind=user")
    assert (ambiguous.status_code, ambiguous.json()) == (
        422, {"detail": "id 'M2' names a member and a user; say which with --kind"})
    assert (as_user.status_code, as_user.json()["kind"]) == (200, "user")
    with scoped.client("secretary") as secretary:  # reaches member M2, never user M2's history
        assert secretary.get("/api/history/M2").json()["kind"] == "member"


LOOK_ALIKES = ["\u041c10", "M\U0001f600", "M\u202e01", "M\u200b1"]  # Cyrillic М, emoji, RLO, zero width


@pytest.mark.parametrize("look_alike", LOOK_ALIKES)
def test_a_look_alike_id_is_refused_with_nothing_written(scoped, look_alike):
    before = scoped.events()
    with scoped.client("admin") as admin, scoped.client("secretary") as secretary:
        answers = [
            admin.post("/api/members", json={"member": look_alike, "name": "N", "branch": "B1", "joined": "2025-01-01"}),
            admin.post("/api/branches", json={"branch": look_alike, "name": "N", "category": "production",
                                              "parent": "G1", "established": "2025-01-01"}),
            admin.post("/api/units", json={"unit": look_alike, "name": "n", "kind": "general_branch", "parent": "C1"}),
            admin.post("/api/users", json={"name": look_alike, "role": "member", "scope": "M1"}),
            secretary.post("/api/entries/study", json={"member": "M1", "on": "2026-11-02", "topic": "t",
                                                       "entry_id": look_alike}),
        ]
    assert [answer.status_code for answer in answers] == [422] * 5
    rule = "ASCII letters, digits, '-', '_' or '.'"
    if "\u202e" in look_alike:  # the character check of every text field refuses it first
        assert all(answer.json()["detail"].endswith("must not contain the bidirectional control U+202E, which "
                                                    "makes text read otherwise than it is stored")
                   for answer in answers), [answer.json()["detail"] for answer in answers]
    else:
        assert [answer.json()["detail"].split(" must be ")[1] for answer in answers] == [
            f"1-64 characters: {rule}"] * 4 + [f"1-120 characters: {rule}"]
    for answer in answers:
        assert "\u202e" not in answer.text and "\u200b" not in answer.text  # invisible ones are escaped
    assert scoped.events() == before


def test_a_huge_id_is_not_echoed(scoped):
    huge = "x" * 1_000_000
    with scoped.client("secretary") as secretary:
        body = secretary.post("/api/entries/study", json={"member": huge, "on": "2026-11-02", "topic": "t"})
        path = secretary.get(f"/api/history/{'y' * 8000}")
    assert (body.status_code, body.json()) == (404, {"detail": f"no member with id '{'x' * 64}…'"})
    assert (path.status_code, path.json()) == (
        404, {"detail": f"no member, branch, unit, rule book, user or entry with id '{'y' * 64}…'"})
