"""Read commands through the CLI: the JSON shapes scripts rely on, and tables for people."""

from __future__ import annotations

import pytest


@pytest.fixture
def march(org_cli):
    """M1: assembly +2, study +1, rating 8, commendation +3, violation -20 (reversed); M2 ties M3."""
    org_cli.ok("record", "meeting", "B1", "--kind", "assembly", "--on", "2026-03-05", "--attended", "M1,M2,M3",
               "--absent", "M4", "--entry-id", "A-1", "--by", "sec-li")
    org_cli.ok("record", "study", "M1", "--on", "2026-03-06", "--topic", "t", "--entry-id", "S-1", "--by", "sec-li")
    org_cli.ok("record", "rating", "M1", "--month", "2026-03", "--score", "8", "--entry-id", "R-1", "--by", "sec-li")
    org_cli.ok("record", "commendation", "M1", "--on", "2026-03-07", "--title", "t", "--entry-id", "C-1",
               "--by", "sec-li")
    org_cli.ok("record", "violation", "M1", "--on", "2026-03-08", "--reason", "r", "--decision", "D-1",
               "--issued-by", "DC", "--entry-id", "V-1", "--by", "insp-chen")
    org_cli.ok("reverse", "V-1", "--reason", "revoked", "--entry-id", "X-1", "--by", "insp-chen")
    return org_cli


def test_score_member_month_json(march):
    assert march.json("score", "member", "M1", "--month", "2026-03") == {
        "member_id": "M1", "month": "2026-03", "total": 14.0,
        "parts": {"obligations": 3.0, "role": 8.0, "excellence": 3.0, "deductions": 0.0},
        "rule_book": "default-2026", "capped": 0, "reversed": 1, "published": False}


def test_score_member_year_json_lists_every_month_from_joining(march):
    data = march.json("score", "member", "M1", "--year", "2025")
    assert data == {"member_id": "M1", "year": 2025, "total": 0.0,
                    "months": {f"2025-{m:02d}": 0.0 for m in range(1, 13)}}
    data = march.json("score", "member", "M1", "--year", "2026")
    assert set(data) == {"member_id", "year", "total", "months"}
    assert (data["total"], data["months"]["2026-03"], data["months"]["2026-02"]) == (14.0, 14.0, 0.0)


def test_explain_member_json_lines_add_up_to_the_total(march):
    data = march.json("explain", "member", "M1", "--month", "2026-03")
    assert (data["member_id"], data["month"], data["total"]) == ("M1", "2026-03", 14.0)
    keys = ("entry_id", "kind", "occurred_on", "actor", "rule", "points", "capped", "reversed")
    assert [tuple(line[k] for k in keys) for line in data["lines"]] == [
        ("A-1/M1", "attendance", "2026-03-05", "sec-li", "default-2026/attend.assembly", 2.0, False, False),
        ("S-1", "study", "2026-03-06", "sec-li", "default-2026/study", 1.0, False, False),
        ("C-1", "commendation", "2026-03-07", "sec-li", "default-2026/commendation", 3.0, False, False),
        ("V-1", "violation", "2026-03-08", "insp-chen", "default-2026/violation", 0.0, False, True),
        ("R-1", "rating", "2026-03-31", "sec-li", "default-2026/rating", 8.0, False, False)]
    assert all(line["recorded_at"].endswith("+00:00") for line in data["lines"])
    assert sum(line["points"] for line in data["lines"]) == data["total"]


def test_ranking_json_ties_share_a_rank(march):
    assert march.json("ranking", "--branch", "B1", "--month", "2026-03") == [
        {"member_id": "M1", "total": 14.0, "rank": 1}, {"member_id": "M2", "total": 2.0, "rank": 2},
        {"member_id": "M3", "total": 2.0, "rank": 2}, {"member_id": "M5", "total": 0.0, "rank": 4},
        {"member_id": "M4", "total": -2.0, "rank": 5}]


def test_ledger_member_json_lists_every_entry_with_its_reversal(march):
    data = march.json("ledger", "member", "M1")
    assert [(e["entry_id"], e["kind"], e["month"], e["actor"], e["reversed_by"]) for e in data["entries"]] == [
        ("A-1/M1", "attendance", "2026-03", "sec-li", None), ("S-1", "study", "2026-03", "sec-li", None),
        ("C-1", "commendation", "2026-03", "sec-li", None), ("V-1", "violation", "2026-03", "insp-chen", "X-1"),
        ("R-1", "rating", "2026-03", "sec-li", None)]


def test_rebuild_reports_the_events_and_changes_no_figure(march):
    before = march.fingerprint()
    data = march.json("rebuild")
    # rule book, 2 units, 2 branches, 6 members, meeting + 4 attendances, 4 entries, reversal
    assert (data["events"], data["identical"]) == (21, True)
    assert all(table["identical"] for table in data["tables"].values())
    assert march.fingerprint() == before
    assert march.ok("rebuild").stdout.startswith("rebuilt from 21 events")


@pytest.mark.sqlite_only  # printing and parsing, not database behaviour
def test_read_commands_print_tables_for_people(march):
    score = march.ok("score", "member", "M1", "--month", "2026-03").stdout
    assert "default-2026" in score and "│ obligations 履行义务 │ 3.00   │" in score
    assert "│ total                │ 14.00  │" in score
    explain = march.ok("explain", "member", "M1", "--month", "2026-03").stdout
    assert "M1 2026-03: total 14.00" in explain and "reversed" in explain and "insp-chen" in explain
    ranking = march.ok("ranking", "--branch", "B1", "--month", "2026-03").stdout
    assert "branch B1, 2026-03" in ranking and "M5" in ranking
    ledger = march.ok("ledger", "member", "M1").stdout
    assert ledger.startswith("M1 Member 1 (full 正式党员), joined 2025-01-01\n") and "X-1" in ledger
    year = march.ok("score", "member", "M1", "--year", "2026").stdout
    assert "M1 2026" in year and "2026-03" in year


def test_as_of_before_the_member_was_recorded_says_so(march):
    march.refused("score", "member", "M1", "--month", "2026-03", "--as-of", "2000-01-01T00:00:00+00:00",
                  message="member M1 was not yet recorded at 2000-01-01T00:00:00+00:00")


def test_as_of_far_ahead_equals_the_current_figures(march):
    args = ["explain", "member", "M1", "--month", "2026-03"]
    assert march.json(*args, "--as-of", "2100-01-01T00:00:00") == march.json(*args)


@pytest.mark.sqlite_only  # printing and parsing, not database behaviour
def test_a_malformed_as_of_is_a_malformed_command_line(march):
    march.malformed("score", "member", "M1", "--month", "2026-03", "--as-of", "soon",
                    says="'soon' is not a timestamp")


@pytest.mark.sqlite_only  # printing and parsing, not database behaviour
def test_score_needs_exactly_one_of_month_or_year(march):
    march.malformed("score", "member", "M1", says="give exactly one of --month or --year")
    march.malformed("score", "member", "M1", "--month", "2026-03", "--year", "2026",
                    says="give exactly one of --month or --year")


@pytest.mark.parametrize("args, message", [
    (["score", "member", "M99", "--month", "2026-03"], "no member with id 'M99'"),
    (["score", "member", "M99", "--year", "2026"], "no member with id 'M99'"),
    (["explain", "member", "M99", "--month", "2026-03"], "no member with id 'M99'"),
    (["ledger", "member", "M99"], "no member with id 'M99'"),
    (["ranking", "--branch", "BX", "--month", "2026-03"], "no branch with id 'BX'"),
])
def test_reading_an_unknown_id_exits_1_with_one_line(march, args, message):
    march.refused(*args, message=message)
    march.refused(*args, "--json", message=message)
