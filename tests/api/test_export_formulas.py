"""CSV exports carry no formulas: text a spreadsheet would run is neutralised with a leading
apostrophe (OWASP), figures stay numbers, and verify-export still checks the file exactly."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from decimal import Decimal

import pytest

from commands.files.export_files import csv_cell, csv_value, neutralised
from commands.service.ledger import open_ledger
from tests.api.conftest import Served
from tests.cli.conftest import Cli
from tests.conftest import TODAY

# member id -> name as typed, and as the csv cell must hold it
NAMES = {
    "M21": ('=HYPERLINK("http://127.0.0.1/x","click")', '\'=HYPERLINK("http://127.0.0.1/x","click")'),
    "M22": ("+1+1", "'+1+1"),
    "M23": ("-2+3", "'-2+3"),
    "M24": ("@SUM(1+1)", "'@SUM(1+1)"),
    "M25": ("'=already quoted", "''=already quoted"),
    "M26": ("Plain 1", "Plain 1"),
}


def _rows(content: bytes, section: str) -> list[list[str]]:
    """The raw csv cells of one section, as a spreadsheet would read them."""
    lines = content.decode("utf-8-sig").split("\r\n")
    start = lines.index(f"# section: {section}") + 1
    end = next((n for n in range(start, len(lines)) if lines[n].startswith("# section:")), len(lines))
    return [row for row in csv.reader(io.StringIO("\r\n".join(lines[start:end]))) if row]


@pytest.mark.parametrize("text, cell", [
    ("=1", "'=1"), ("+1", "'+1"), ("-1", "'-1"), ("@A1", "'@A1"), ("\tx", "'\tx"), ("\rx", "'\rx"),
    ("''-x", "'''-x"), ("'plain", "'plain"), ("a=1", "a=1"), ("", ""),
])
def test_each_formula_start_is_neutralised_and_read_back_exactly(text, cell):
    assert neutralised(text) == cell
    assert csv_value(cell) == text


@pytest.mark.parametrize("value, cell", [
    (Decimal("-20.00"), "-20.00"), (Decimal("1.50"), "1.50"), (-3, "-3"), (True, "yes"), (None, ""), ("-2", "'-2"),
])
def test_figures_stay_numbers_and_only_text_is_neutralised(value, cell):
    assert csv_cell(value) == cell


def test_formula_names_come_out_neutralised_and_the_export_still_verifies(org_url, tmp_path):
    with open_ledger(org_url, today=lambda: TODAY) as ledger:
        for member_id, (name, _) in NAMES.items():
            ledger.add_member(member_id, name, "B1", date(2025, 1, 1), "full", "sec")
        ledger.record_violation("M22", date(2026, 10, 6), "违纪", "纪发〔2026〕1号", "纪委", "insp", entry_id="e-v22")
        token = ledger.add_user("audit", "auditor", "C1", "root")["token"]
    with Served(org_url, {"audit": token}) as server, server.client("audit") as client:
        answer = client.get("/api/exports/2026-10.csv")
    assert answer.status_code == 200
    members = {row[0]: row for row in _rows(answer.content, "members")}
    assert {member_id: members[member_id][1] for member_id in NAMES} == {
        member_id: cell for member_id, (_, cell) in NAMES.items()}
    deductions = {row[0]: row for row in _rows(answer.content, "deductions")}
    assert deductions["e-v22"][:2] == ["e-v22", "violation"]
    assert "-20.00" in deductions["e-v22"]  # a negative figure stays a number, not "'-20.00"
    assert members["M22"][6:8] == ["-20.00", "-20.00"]

    path = tmp_path / "2026-10.csv"
    path.write_bytes(answer.content)
    cli = Cli(org_url)
    assert cli.json("verify-export", str(path))["differences"] == []

    # The raw formula in place of its neutralised cell is a difference, as is any other edit.
    text = answer.content.decode("utf-8-sig")
    path.write_bytes(text.replace(",'+1+1,", ",+1+2,").encode("utf-8-sig"))
    tampered = cli("verify-export", str(path), "--json")
    assert tampered.exit_code == 1
    assert json.loads(tampered.output)["differences"] == [
        {"section": "members", "subject": "M22", "column": "name", "file": "+1+2", "ledger": "+1+1"}]
