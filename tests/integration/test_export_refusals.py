"""Files that are not exports, damaged exports and months that cannot be exported: each refused
in one line, with nothing written (the exports themselves: test_exports.py)."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from commands.files.month_export import export_month, verify_export
from ledger.errors import NotFound, Refused
from tests.builders import ledger_fingerprint
from tests.integration.test_exports import MONTH, _edit_csv, march_org


@pytest.fixture
def org(ledger):
    return march_org(ledger)


MALFORMED = {
    "empty.csv": b"",
    "other.csv": b"member,total\r\nM1,13\r\n",
    "json.csv": b'{"month": "2026-03"}',
    "binary.xlsx": bytes(range(256)),
    "zip.xlsx": b"PK\x05\x06" + b"\x00" * 18,  # an empty zip archive
}


@pytest.mark.parametrize("name", sorted(MALFORMED))
def test_a_file_that_is_not_an_export_is_refused_in_one_line(org, tmp_path, name):
    path = tmp_path / name
    path.write_bytes(MALFORMED[name])
    before = ledger_fingerprint(org)
    with pytest.raises(Refused, match=f"^{path} is not a starledger export: [^\n]+$"):
        verify_export(org, str(path))
    assert ledger_fingerprint(org) == before


@pytest.mark.parametrize("old, new, why", [
    ("# section: branches", "# section: branch", "its sections are branch, deductions, members"),
    ("member,name,branch", "member,nom,branch", "section members has the columns"),
    ("M3,Member 3,B1,", "M3,Member 3,B1,7,", "row 3 of section members has 10 cells, not 9"),
    ("# figures: current", "# figures: some", "its figures are 'some'"),
    ("# month: 2026-03", "# month: 2026-3", "its month '2026-3' is not a month"),
    ("# rule_books: default-2026\r\n", "", "its header lacks rule_books"),
])
def test_a_damaged_csv_export_is_refused_in_one_line(org, tmp_path, old, new, why):
    path = tmp_path / "march.csv"
    export_month(org, MONTH, "csv", str(path), False, "auditor")
    _edit_csv(path, old, new)
    with pytest.raises(Refused, match="is not a starledger export: " + why.replace("(", r"\(")):
        verify_export(org, str(path))


def test_a_workbook_that_is_not_an_export_is_refused(org, tmp_path):
    path = tmp_path / "march.xlsx"
    export_month(org, MONTH, "xlsx", str(path), False, "auditor")
    book = load_workbook(path)
    del book["deductions"]
    book.save(path)
    with pytest.raises(Refused, match="its sections are branches, members, not members, branches, deductions"):
        verify_export(org, str(path))


def test_exports_of_a_future_empty_or_unpublished_month_are_refused_and_write_nothing(org, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    path = out / "x.csv"
    before = ledger_fingerprint(org)
    with pytest.raises(Refused, match="^month 2026-12 is after the current month$"):
        export_month(org, "2026-12", "csv", str(path), False, "auditor")
    with pytest.raises(Refused, match="^the ledger has no branch or member in 2023-12; there is nothing to export$"):
        export_month(org, "2023-12", "csv", str(path), False, "auditor")
    with pytest.raises(NotFound, match="^month 2026-03 has not been closed, so nothing is published for it$"):
        export_month(org, MONTH, "csv", str(path), True, "auditor")
    with pytest.raises(Refused, match="^cannot write .*: No such file or directory$"):
        export_month(org, MONTH, "csv", str(out / "missing" / "x.csv"), False, "auditor")
    assert list(out.iterdir()) == []
    assert ledger_fingerprint(org) == before
