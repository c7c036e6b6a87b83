"""Values that do not fit their field are refused on the command line with one plain line
naming the field (exit 2), and nothing is written: the same checks as every other entrance,
because every entrance builds the same command model."""

from __future__ import annotations

import json

import pytest

DUES = ("record", "dues", "M1", "--month", "2026-03", "--paid-on", "2026-03-10")
STUDY = ("record", "study", "M1", "--on", "2026-03-12")


# Refused while the command's model is built, before any database is touched: parsing, not
# database behaviour, so SQLite only (see tests/conftest.py).
@pytest.mark.sqlite_only
@pytest.mark.parametrize("args, message", [
    ((*DUES, "--amount", "25.555"), "error: field 'amount': '25.555' has more than two decimals\n"),
    ((*DUES, "--amount", "1e3"), "error: field 'amount': '1e3' must be written as a plain number, like 25.50\n"),
    ((*DUES, "--amount", "1E400"), "error: field 'amount': '1E400' must be written as a plain number, like 25.50\n"),
    ((*DUES, "--amount", "2000000"), "error: field 'amount': 2000000 is too large: at most 1000000 is accepted\n"),
    ((*STUDY, "--topic", ""), "error: field 'topic': must not be empty\n"),
    ((*STUDY, "--topic", "   "), "error: field 'topic': must not be empty\n"),
    ((*STUDY, "--topic", "学" * 2001), "error: field 'topic': is 2001 characters long; at most 2000 are allowed\n"),
    ((*STUDY, "--topic", "x", "--by", ""),
     "error: field 'actor': who records this must be named (--by, or the logged-in user)\n"),
    (("record", "commendation", "M1", "--on", "2026-03-12", "--title", " "), "error: field 'title': must not be empty\n"),
    (("record", "violation", "M1", "--on", "2026-03-12", "--reason", "迟到", "--decision", " ", "--issued-by", "纪委"),
     "error: field 'decision': must not be empty\n"),
    (("record", "violation", "M1", "--on", "2026-03-12", "--reason", "迟到", "--decision", "纪检1号",
      "--issued-by", ""), "error: field 'issued_by': must not be empty\n"),
    (("record", "branch-deduction", "B1", "--month", "2026-03", "--points", "1e30", "--clause", "3",
      "--reason", "x"), "error: field 'points': '1e30' must be written as a plain number, like 25.50\n"),
    (("record", "branch-deduction", "B1", "--month", "2026-03", "--points", "12345678901", "--clause", "3",
      "--reason", "x"), "error: field 'points': 12345678901 is too large: at most 1000 is accepted\n"),
    (("reverse", "S1", "--reason", " "), "error: field 'reason': must not be empty\n"),
])
def test_a_value_that_does_not_fit_is_one_plain_line_and_nothing_is_written(org_cli, args, message):
    before = org_cli.fingerprint()
    result = org_cli(*args)
    assert (result.exit_code, result.stderr, result.stdout) == (2, message, "")
    assert org_cli.fingerprint() == before


def test_late_reason_goes_through_an_import_line(org_cli, tmp_path):
    """An import line's fields are the command model's fields: `late_reason` included."""
    org_cli.ok("close", "--month", "2026-03", "--notice-days", "0", "--by", "committee")
    line = {"command": "record study", "member": "M1", "on": "2026-03-12", "topic": "补学",
            "late_reason": "学习记录补交", "entry_id": "late-1"}
    path = tmp_path / "late.jsonl"
    path.write_text(json.dumps(line, ensure_ascii=False) + "\n", encoding="utf-8")
    assert org_cli.json("import", str(path), "--by", "sec") == {"imported": 1}
    explained = org_cli.json("explain", "member", "M1", "--month", "2026-03")
    late = [row for row in explained["lines"] if row["entry_id"] == "late-1"]
    assert [(row["late"], row["late_reason"]) for row in late] == [(True, "学习记录补交")]
