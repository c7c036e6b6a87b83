"""`starledger import`: a JSON Lines file is recorded in one batch, or not at all."""

from __future__ import annotations

import json
from datetime import date

import pytest

from commands.files.jsonl_import import import_lines
from ledger.errors import NotFound, Refused
from projections import queries
from tests.builders import ledger_fingerprint, small_org


@pytest.fixture
def org(ledger):
    small_org(ledger)
    return ledger


def lines(*records):
    return [json.dumps(record, ensure_ascii=False) for record in records]


def test_import_records_every_line_and_scores_like_single_writes(org):
    count = import_lines(org, lines(
        {"command": "record meeting", "branch": "B1", "kind": "theme_day", "on": "2026-03-03",
         "attended": ["M1", "M2"], "absent": ["M3"], "entry_id": "MT1"},
        {"command": "record dues", "member": "M1", "month": "2026-03", "amount": "20", "paid_on": "2026-03-31"},
        {"command": "record study", "member": "M1", "on": "2026-03-04", "topic": "x", "entry_id": "S1"},
        {"command": "record rating", "member": "M1", "month": "2026-03", "score": "7.5"},
        {"command": "reverse", "target": "S1", "reason": "duplicate"},
        {"command": "reverse", "target": "MT1/M3", "reason": "was excused after all"},
    ), "importer")
    assert count == 6
    with org.reading() as conn:
        m1 = queries.explain_member_month(conn, "M1", "2026-03")
        m3 = queries.member_month_score(conn, "M3", "2026-03")
    assert m1["total"] == 11.5  # theme day 2 + dues 2 + rating 7.5; the study was reversed
    assert [line["actor"] for line in m1["lines"]] == ["importer"] * 4
    assert m3["total"] == 0.0


@pytest.mark.parametrize("bad, message", [
    ({"command": "record dues", "member": "M1", "month": "2026-13", "amount": "5", "paid_on": "2026-03-01"},
     "line 2: month '2026-13' is not a month"),
    ({"command": "record dues", "member": "M1", "month": "2026-03", "amount": "x", "paid_on": "2026-03-01"},
     "line 2: field 'amount'"),
    ({"command": "record study", "member": "M1", "on": "2026-03-01"}, "line 2: field 'topic'"),
    ({"command": "record party", "member": "M1"}, "line 2: 'command' must be one of"),
])
def test_a_malformed_line_is_named_and_nothing_is_written(org, bad, message):
    before = ledger_fingerprint(org)
    good = {"command": "record study", "member": "M1", "on": "2026-03-01", "topic": "x"}
    with pytest.raises(Refused, match=message.replace("(", r"\(").replace(")", r"\)")):
        import_lines(org, lines(good, bad), "importer")
    assert ledger_fingerprint(org) == before


def test_a_refused_command_late_in_the_file_rolls_back_the_earlier_lines(org):
    before = ledger_fingerprint(org)
    with pytest.raises(NotFound, match="line 3: no member with id 'M404'; nothing was imported"):
        import_lines(org, lines(
            {"command": "record study", "member": "M1", "on": "2026-03-01", "topic": "x"},
            {"command": "record meeting", "branch": "B1", "kind": "group", "on": "2026-03-02", "attended": ["M1"]},
            {"command": "record study", "member": "M404", "on": "2026-03-01", "topic": "x"},
        ), "importer")
    assert ledger_fingerprint(org) == before


def test_an_entry_id_already_in_the_ledger_refuses_the_whole_file(org):
    org.record_study("M1", date(2026, 3, 1), "x", "sec", entry_id="S1")
    before = ledger_fingerprint(org)
    with pytest.raises(Refused, match="line 2: entry id S1 is already used by a different entry; nothing was imported"):
        import_lines(org, lines(
            {"command": "record study", "member": "M1", "on": "2026-03-01", "topic": "x"},
            {"command": "record study", "member": "M2", "on": "2026-03-01", "topic": "x", "entry_id": "S1"},
        ), "importer")
    assert ledger_fingerprint(org) == before
