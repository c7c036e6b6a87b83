"""The CLI's error contract: a malformed command line exits 2; a refused write or an unknown id
exits 1 with ONE plain line on stderr; either way nothing is written."""

from __future__ import annotations

from datetime import date

import pytest

from ledger.ids import NEW_ID_RULE as ID_RULE

STUDY = ["record", "study", "M1", "--topic", "t"]
DUES = ["record", "dues", "M1", "--month", "2026-03", "--paid-on", "2026-03-10"]
RATING = ["record", "rating", "M1", "--month", "2026-03"]
MEETING = ["record", "meeting", "B1", "--kind", "group", "--on", "2026-03-05"]


@pytest.mark.sqlite_only  # printing and parsing, not database behaviour
@pytest.mark.parametrize("args, says", [
    ([*STUDY, "--on", "2026-02-30"], "'2026-02-30' is not a date; write it as YYYY-MM-DD"),
    ([*STUDY, "--on", "yesterday"], "'yesterday' is not a date"),
    (["record", "dues", "M1", "--month", "2026-13", "--amount", "5", "--paid-on", "2026-03-10"],
     "'2026-13' is not a month; write it as YYYY-MM"),
    (["record", "rating", "M1", "--month", "2026-3", "--score", "5"], "'2026-3' is not a month"),
    ([*DUES, "--amount", "abc"], "'abc' is not a number"),
    ([*DUES, "--amount", "NaN"], "'NaN' is not a number"),
    ([*DUES, "--amount", "Infinity"], "'Infinity' is not a number"),
    ([*RATING, "--score", "ten"], "'ten' is not a number"),
    (["record", "duty", "M1", "--on", "2026-03-05", "--kind", "cleaning"], "Invalid value for '--kind'"),
    (["record", "award", "M1", "--on", "2026-03-05", "--level", "galactic", "--title", "t"],
     "Invalid value for '--level'"),
    (["record", "meeting", "B1", "--kind", "party", "--on", "2026-03-05", "--attended", "M1"],
     "Invalid value for '--kind'"),
    (["member", "add", "M7", "--name", "N", "--branch", "B1", "--joined", "2025-13-01"], "is not a date"),
    (["member", "transfer", "M1", "--to", "B2", "--on", "soon"], "is not a date"),
    (["branch", "add", "B3", "--name", "N", "--category", "production", "--established", "2025/01/01"],
     "is not a date"),
    (["ranking", "--branch", "B1", "--month", "March"], "'March' is not a month"),
    (["reverse", "X-1"], "Missing option '--reason'"),
    (["record", "study", "M1", "--on", "2026-03-05"], "Missing option '--topic'"),
    ([*STUDY, "--on", "2026-03-05", "--colour", "red"], "No such option '--colour'"),
    (["record", "homework", "M1"], "No such command 'homework'"),
], ids=lambda value: value if isinstance(value, str) else None)
def test_a_malformed_command_line_exits_2_and_writes_nothing(org_cli, args, says):
    org_cli.malformed(*args, says=says)


@pytest.mark.parametrize("args, message", [
    ([*STUDY, "--on", "2026-03-05", "--entry-id", "has space"],
     f"entry id 'has space' must be 1-120 characters: {ID_RULE}"),
    (["record", "study", "M99", "--on", "2026-03-05", "--topic", "t"], "no member with id 'M99'"),
    (["record", "meeting", "BX", "--kind", "group", "--on", "2026-03-05", "--attended", "M1"],
     "no branch with id 'BX'"),
    ([*MEETING, "--attended", "M1,M99"], "no member with id 'M99'"),
    ([*MEETING, "--attended", "M1", "--absent", "M1"], "member M1 is listed twice in this meeting"),
    ([*MEETING], "a meeting needs at least one member listed as attended, excused or absent"),
    (["reverse", "nope", "--reason", "x"], "no entry with id 'nope'"),
    ([*DUES, "--amount", "0"], "amount 0 must be more than 0"),
    ([*DUES, "--amount", "-3"], "amount -3 must be more than 0"),
    ([*RATING, "--score", "11"], "rating 11 is outside 0-10"),
    ([*RATING, "--score", "-1"], "rating -1 is outside 0-10"),
    (["record", "study", "M1", "--on", "2024-12-31", "--topic", "t"],
     "member M1 joined on 2025-01-01; 2024-12-31 is before that"),
    (["member", "add", "M7", "--name", "N", "--branch", "B1", "--joined", "2023-12-31"],
     "branch B1 was established on 2024-01-01; joined 2023-12-31 is before that"),
    (["branch", "add", "B3", "--name", "N", "--category", "service", "--established", "2025-01-01"],
     "category 'service' is not one of production, auxiliary, management, marketing, non_public"),
    (["member", "add", "M,7", "--name", "N", "--branch", "B1", "--joined", "2025-01-01"],
     f"member id 'M,7' must be 1-64 characters: {ID_RULE}"),
], ids=lambda value: value if isinstance(value, str) else None)
def test_a_refused_write_exits_1_with_one_plain_line_and_writes_nothing(org_cli, args, message):
    org_cli.refused(*args, message=message)


def test_a_date_after_today_is_refused(org_cli):
    today = date.today()
    org_cli.refused(*STUDY, "--on", "2999-01-01", message=f"date 2999-01-01 is after today ({today})")
    org_cli.refused(*MEETING[:-2], "--on", "2999-01-01", "--attended", "M1",
                    message=f"date 2999-01-01 is after today ({today})")
    org_cli.refused("record", "dues", "M1", "--month", "2026-03", "--amount", "5", "--paid-on", "2999-01-01",
                    message=f"paid-on 2999-01-01 is after today ({today})")
    org_cli.refused("record", "rating", "M1", "--month", "2999-01", "--score", "5",
                    message="month 2999-01 is after the current month")


def test_dues_twice_for_a_month_are_refused_until_the_first_is_reversed(org_cli):
    org_cli.ok(*DUES, "--amount", "5", "--entry-id", "D-1")
    org_cli.refused(*DUES, "--amount", "5",
                    message="dues for 2026-03 are already recorded for member M1 (entry D-1); "
                            "reverse that entry first")
    org_cli.ok("reverse", "D-1", "--reason", "paid twice by mistake")
    assert org_cli.json(*DUES, "--amount", "5", "--entry-id", "D-2") == {"entry_id": "D-2"}


def test_a_second_rating_for_a_month_is_refused_until_the_first_is_reversed(org_cli):
    org_cli.ok(*RATING, "--score", "8", "--entry-id", "R-1")
    org_cli.refused(*RATING, "--score", "9",
                    message="member M1 already has a rating for 2026-03 (entry R-1); reverse it first")
    org_cli.ok("reverse", "R-1", "--reason", "wrong member")
    org_cli.ok(*RATING, "--score", "9")
    assert org_cli.json("score", "member", "M1", "--month", "2026-03")["total"] == 9.0


def test_an_entry_id_reused_with_other_content_is_refused(org_cli):
    org_cli.ok(*STUDY, "--on", "2026-03-05", "--entry-id", "E-1")
    org_cli.refused(*STUDY, "--on", "2026-03-06", "--entry-id", "E-1",
                    message="entry id E-1 is already used by a different entry")
    org_cli.refused(*MEETING, "--attended", "M1", "--entry-id", "E-1",
                    message="entry id E-1 is already used by a different entry")


def test_reversing_an_entry_twice_is_refused(org_cli):
    org_cli.ok(*STUDY, "--on", "2026-03-05", "--entry-id", "E-1")
    org_cli.ok("reverse", "E-1", "--reason", "mistake", "--entry-id", "R-1")
    org_cli.refused("reverse", "E-1", "--reason", "mistake", message="entry E-1 has already been reversed")
    org_cli.refused("reverse", "R-1", "--reason", "undo",
                    message="entry R-1 is itself a reversal and cannot be reversed")
