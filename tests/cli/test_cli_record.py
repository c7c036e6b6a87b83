"""Recording through the CLI: every write takes --entry-id, --by and --json; the actor is kept."""

from __future__ import annotations

import getpass

import pytest

RECORDS = {
    "dues": ["record", "dues", "M1", "--month", "2026-03", "--amount", "25.50", "--paid-on", "2026-03-10"],
    "study": ["record", "study", "M1", "--on", "2026-03-12", "--topic", "Party Constitution"],
    "rating": ["record", "rating", "M1", "--month", "2026-03", "--score", "8"],
    "duty": ["record", "duty", "M1", "--on", "2026-03-15", "--kind", "volunteer"],
    "commendation": ["record", "commendation", "M1", "--on", "2026-03-20", "--title", "Flood relief"],
    "award": ["record", "award", "M1", "--on", "2026-03-21", "--level", "city", "--title", "Model worker"],
    "violation": ["record", "violation", "M1", "--on", "2026-03-02", "--reason", "misuse",
                  "--decision", "纪检〔2026〕3号", "--issued-by", "Discipline Committee"],
}
POINTS = {"dues": 2.0, "study": 1.0, "rating": 8.0, "duty": 2.0, "commendation": 3.0, "award": 10.0,
          "violation": -20.0}


@pytest.mark.parametrize("kind", list(RECORDS))
def test_each_record_command_prints_its_entry_id_and_the_actor_lands_in_the_explanation(org_cli, kind):
    assert org_cli.json(*RECORDS[kind], "--entry-id", f"X-{kind}", "--by", "secretary-wang") == {
        "entry_id": f"X-{kind}"}
    data = org_cli.json("explain", "member", "M1", "--month", "2026-03")
    (line,) = data["lines"]
    assert (line["entry_id"], line["actor"], line["points"]) == (f"X-{kind}", "secretary-wang", POINTS[kind])
    assert data["total"] == POINTS[kind]


@pytest.mark.parametrize("kind", list(RECORDS))
def test_repeating_a_record_with_the_same_entry_id_prints_the_first_result_and_writes_nothing(org_cli, kind):
    first = org_cli.ok(*RECORDS[kind], "--entry-id", "E-1", "--json").stdout
    before = org_cli.fingerprint()
    assert org_cli.ok(*RECORDS[kind], "--entry-id", "E-1", "--json").stdout == first
    assert org_cli.fingerprint() == before


@pytest.mark.sqlite_only  # printing and parsing, not database behaviour
def test_a_record_without_json_prints_a_sentence(org_cli):
    assert org_cli.ok(*RECORDS["study"], "--entry-id", "S-1").stdout == "recorded study S-1\n"


@pytest.mark.sqlite_only  # printing and parsing, not database behaviour
def test_the_actor_defaults_to_starledger_actor(org_cli):
    org_cli.ok(*RECORDS["study"], "--entry-id", "S-1", env={"STARLEDGER_ACTOR": "clerk-zhao"})
    (line,) = org_cli.json("explain", "member", "M1", "--month", "2026-03")["lines"]
    assert line["actor"] == "clerk-zhao"


@pytest.mark.sqlite_only  # printing and parsing, not database behaviour
def test_by_wins_over_starledger_actor(org_cli):
    org_cli.ok(*RECORDS["study"], "--by", "li", env={"STARLEDGER_ACTOR": "clerk-zhao"})
    (line,) = org_cli.json("explain", "member", "M1", "--month", "2026-03")["lines"]
    assert line["actor"] == "li"


@pytest.mark.sqlite_only  # printing and parsing, not database behaviour
def test_the_actor_falls_back_to_the_os_user(org_cli):
    org_cli.ok(*RECORDS["study"], env={"STARLEDGER_ACTOR": None})
    (line,) = org_cli.json("explain", "member", "M1", "--month", "2026-03")["lines"]
    assert line["actor"] == getpass.getuser()


def test_a_meeting_prints_its_id_and_every_attendance_entry_id(org_cli):
    result = org_cli.json("record", "meeting", "B1", "--kind", "assembly", "--on", "2026-03-05",
                          "--attended", "M1,M2", "--excused", "M3", "--absent", "M4",
                          "--entry-id", "MEET-1", "--by", "sec-li")
    assert result == {"entry_id": "MEET-1", "meeting_id": "MEET-1", "attendance": [
        {"member_id": "M1", "entry_id": "MEET-1/M1", "attendance": "attended"},
        {"member_id": "M2", "entry_id": "MEET-1/M2", "attendance": "attended"},
        {"member_id": "M3", "entry_id": "MEET-1/M3", "attendance": "excused"},
        {"member_id": "M4", "entry_id": "MEET-1/M4", "attendance": "absent"}]}
    (line,) = org_cli.json("explain", "member", "M4", "--month", "2026-03")["lines"]
    assert (line["entry_id"], line["actor"], line["points"]) == ("MEET-1/M4", "sec-li", -2.0)


def test_a_repeated_meeting_with_the_same_entry_id_writes_nothing(org_cli):
    args = ["record", "meeting", "B1", "--kind", "group", "--on", "2026-03-05", "--attended", "M1",
            "--entry-id", "MEET-1", "--json"]
    first = org_cli.ok(*args).stdout
    before = org_cli.fingerprint()
    assert org_cli.ok(*args).stdout == first
    assert org_cli.fingerprint() == before


@pytest.mark.sqlite_only  # printing and parsing, not database behaviour
def test_a_meeting_without_json_says_how_many_were_listed(org_cli):
    out = org_cli.ok("record", "meeting", "B1", "--kind", "group", "--on", "2026-03-05",
                     "--attended", "M1, M2", "--absent", "M3", "--entry-id", "G-1").stdout
    assert out == "recorded meeting G-1 with 3 members listed\n"


def test_reverse_prints_its_entry_id_and_the_reversal_shows_in_the_explanation(org_cli):
    org_cli.ok(*RECORDS["violation"], "--entry-id", "V-1")
    assert org_cli.json("reverse", "V-1", "--reason", "revoked on appeal", "--entry-id", "R-1",
                        "--by", "inspector-chen") == {"entry_id": "R-1", "reversed": "V-1"}
    data = org_cli.json("explain", "member", "M1", "--month", "2026-03")
    (line,) = data["lines"]
    assert (line["reversed"], line["reversed_by"], line["reversal_reason"], line["points"]) == (
        True, "R-1", "revoked on appeal", 0.0)
    assert data["total"] == 0.0
    ledger = org_cli.json("ledger", "member", "M1")
    assert [(e["entry_id"], e["reversed_by"]) for e in ledger["entries"]] == [("V-1", "R-1")]


def test_reversing_a_whole_meeting_through_the_cli(org_cli):
    org_cli.ok("record", "meeting", "B1", "--kind", "lecture", "--on", "2026-03-05", "--attended", "M1,M2",
               "--entry-id", "L-1")
    org_cli.ok("reverse", "L-1", "--reason", "held another day")
    assert [org_cli.json("score", "member", m, "--month", "2026-03")["total"] for m in ("M1", "M2")] == [0.0, 0.0]


def test_a_transfer_then_a_meeting_of_the_old_branch_is_refused_for_that_member(org_cli):
    org_cli.ok("member", "transfer", "M1", "--to", "B2", "--on", "2026-06-15")
    org_cli.refused("record", "meeting", "B1", "--kind", "group", "--on", "2026-06-20", "--attended", "M1,M2",
                    message="member M1 was not in branch B1 on 2026-06-20")
