"""Exports an auditor can check: export, then verify-export recomputes every figure from the ledger."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from sqlalchemy import select, update

from commands.store.chain import chain
from commands.files.month_export import export_month, verify_export
from commands.files.export_files import cell_text, read_export
from projections import tables as t
from projections.seal import latest_position
from tests.builders import ledger_fingerprint, small_org

MONTH = "2026-03"


@pytest.fixture
def org(ledger):
    return march_org(ledger)


def march_org(ledger):
    """March 2026. Every member is rated 10, so B1's mean member score stays above 10 and its
    membership dimension at its maximum: a late study session changes a member's total only."""
    small_org(ledger)
    for n in range(1, 7):
        ledger.record_rating(f"M{n}", MONTH, Decimal(10), "sec")
    ledger.record_study("M1", date(2026, 3, 2), "the constitution", "sec", entry_id="S1")
    ledger.record_meeting("B1", "assembly", date(2026, 3, 4), ["M1", "M2"], ["M3"], ["M4"], "sec",
                          meeting_id="MT1")
    ledger.record_dues("M2", MONTH, Decimal(25), date(2026, 3, 10), "sec")
    ledger.record_violation("M6", date(2026, 3, 12), "misused funds", "纪字〔2026〕3号", "discipline committee",
                            "inspector", evidence_ref="file 7", entry_id="V1")
    ledger.record_branch_deduction("B1", MONTH, Decimal(3), "扣分项目 2", "report late", "inspector", entry_id="D1")
    ledger.record_veto("B2", MONTH, "否决专项 1", "safety accident", "inspector", entry_id="VT1")
    ledger.assess("B1", MONTH, "final", Decimal(9), Decimal(18), Decimal(14), "committee", Decimal(2))
    return ledger


def texts(rows: list[dict], *columns: str) -> list[tuple[str, ...]]:
    return [tuple(cell_text(row[column]) for column in columns) for row in rows]


def numbers(rows: list[dict], *columns: str) -> list[tuple]:
    """Figures as numbers: xlsx cells hold numbers, csv cells text."""
    return [(cell_text(row[columns[0]]), *(Decimal(cell_text(row[c])) for c in columns[1:])) for row in rows]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_export_holds_the_figures_and_verifies_clean_without_writing(org, tmp_path, fmt):
    path = str(tmp_path / f"march.{fmt}")
    before = ledger_fingerprint(org)
    result = export_month(org, MONTH, fmt, path, False, "auditor")
    assert result["rows"] == {"members": 6, "branches": 2, "deductions": 3}
    export = read_export(path)
    assert numbers(export.sections["members"], "member", "obligations", "role", "excellence", "deductions",
                   "total") == [
        ("M1", 3, 10, 0, 0, 13), ("M2", 4, 10, 0, 0, 14), ("M3", 0, 10, 0, 0, 10),
        ("M4", -2, 10, 0, 0, 8), ("M5", 0, 10, 0, 0, 10), ("M6", 0, 10, 0, -20, -10)]
    assert texts(export.sections["members"], "member", "name", "branch", "rule_book")[0] == (
        "M1", "Member 1", "B1", "default-2026")
    # B1: 9 + 18 + 20 + (5 x (2/4)/0.9 + 5 x 1/5) + 14 + 20 + bonus 2 - 3 = 83 7/9
    assert numbers(export.sections["branches"], "branch", *("organisation", "leadership", "membership",
                   "institutions", "support", "discipline", "bonus", "deductions", "total")) == [
        ("B2", 0, 0, 0, 0, 0, 10, 0, 0, 10),
        ("B1", 9, 18, 20, Decimal("3.78"), 14, 20, 2, 3, Decimal("83.78"))]
    assert texts(export.sections["branches"], "branch", "category", "provisional", "stars", "tier", "grade",
                 "rank") == [("B2", "management", "yes", "1", "3", "fail", "1"),
                             ("B1", "production", "no", "3", "2", "good", "1")]
    assert texts(export.sections["deductions"], "entry", "kind", "subject", "month", "clause", "reason",
                 "decision_ref", "recorded_by", "reversed") == [
        ("V1", "violation", "M6", MONTH, "§3 violation 违法违纪 (seed 001)", "misused funds", "纪字〔2026〕3号",
         "inspector", "no"),
        ("D1", "deduction", "B1", MONTH, "扣分项目 2", "report late", "", "inspector", "no"),
        ("VT1", "veto", "B2", MONTH, "否决专项 1", "safety accident", "", "inspector", "no")]
    assert [Decimal(cell_text(row["points"])) for row in export.sections["deductions"]] == [-20, -3, 0]
    header = export.header
    with org.reading() as conn:
        ledger_position = latest_position(conn, org.events_table)
    assert (header["month"], header["figures"], header["published_at"], header["seal_digest"],
            header["chain_anchor"], header["branch_figures"], header["rule_books"], header["exported_by"]) == (
        MONTH, "current", "not closed", "not sealed", "not sealed", "current", "default-2026", "auditor")
    assert header["ledger_position"] == str(ledger_position)
    assert 0 < int(header["first_position"]) < int(header["last_position"]) <= ledger_position
    # 6 ratings, a study, a meeting, 4 attendance lines, dues, violation; a review step, a deduction, a veto
    assert header["rows_counted"] == "17"

    checked = verify_export(org, path)
    assert (checked["matches"], checked["differences"]) == (True, [])
    assert checked["checked"] == {"members": 6, "branches": 2, "deductions": 3}
    assert ledger_fingerprint(org) == before


def test_the_csv_form_is_a_header_block_then_sections(org, tmp_path):
    path = tmp_path / "march.csv"
    export_month(org, MONTH, "csv", str(path), False, "auditor")
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    assert [line.split(":")[0] for line in lines[:14]] == [
        "# format", "# month", "# figures", "# published_at", "# branch_figures", "# seal_digest",
        "# chain_anchor", "# first_position", "# last_position", "# rows_counted", "# ledger_position", "# rule_books",
        "# exported_at", "# exported_by"]
    assert [line for line in lines if line.startswith("# section:")] == [
        "# section: members", "# section: branches", "# section: deductions"]
    start = lines.index("# section: members")
    assert lines[start + 1:start + 3] == ["member,name,branch,obligations,role,excellence,deductions,total,rule_book",
                                          "M1,Member 1,B1,3.00,10.00,0.00,0.00,13.00,default-2026"]


def _edit_csv(path, old: str, new: str) -> None:
    """A text edit, byte for byte (csv rows end in CRLF)."""
    text = path.read_bytes().decode("utf-8-sig")
    assert text.count(old) == 1
    path.write_bytes(text.replace(old, new).encode("utf-8-sig"))


def test_a_figure_edited_in_a_csv_file_is_named(org, tmp_path):
    path = tmp_path / "march.csv"
    export_month(org, MONTH, "csv", str(path), False, "auditor")
    _edit_csv(path, "M2,Member 2,B1,4.00,10.00,0.00,0.00,14.00", "M2,Member 2,B1,4.00,10.00,0.00,0.00,16.00")
    checked = verify_export(org, str(path))
    assert checked["matches"] is False
    assert checked["differences"] == [
        {"section": "members", "subject": "M2", "column": "total", "file": "16.00", "ledger": "14.00"}]


def test_a_figure_and_a_star_edited_in_an_xlsx_file_are_named(org, tmp_path):
    path = tmp_path / "march.xlsx"
    export_month(org, MONTH, "xlsx", str(path), False, "auditor")
    book = load_workbook(path)
    sheet = book["branches"]
    columns = [cell.value for cell in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == "B1")
    row[columns.index("total")].value = 93.78
    row[columns.index("stars")].value = 4
    book["header"]["B7"].value = "0" * 64  # the seal digest line (row 1 holds the column names)
    book.save(path)
    assert verify_export(org, str(path))["differences"] == [
        {"section": "header", "subject": MONTH, "column": "seal_digest", "file": "0" * 64, "ledger": "not sealed"},
        {"section": "branches", "subject": "B1", "column": "total", "file": "93.78", "ledger": "83.78"},
        {"section": "branches", "subject": "B1", "column": "stars", "file": "4", "ledger": "3"}]


def test_a_row_removed_or_added_is_named(org, tmp_path):
    path = tmp_path / "march.csv"
    export_month(org, MONTH, "csv", str(path), False, "auditor")
    d1 = next(line for line in path.read_text(encoding="utf-8-sig").splitlines() if line.startswith("D1,"))
    _edit_csv(path, d1 + "\r\n", "")
    _edit_csv(path, "M5,Member 5", "M9,Member 5")
    assert [(d["section"], d["subject"], d["column"], d["file"], d["ledger"])
            for d in verify_export(org, str(path))["differences"]] == [
        ("members", "M5", "row", "missing", "present"), ("members", "M9", "row", "present", "missing"),
        ("deductions", "D1", "row", "missing", "present")]


def test_a_late_entry_leaves_a_published_export_clean_and_names_what_changed_in_a_current_one(org, tmp_path):
    org.close_month(MONTH, 5, "committee")
    published, current = tmp_path / "published.csv", tmp_path / "current.xlsx"
    export_month(org, MONTH, "csv", str(published), True, "auditor")
    export_month(org, MONTH, "xlsx", str(current), False, "auditor")
    header = read_export(str(published)).header
    assert (header["figures"], header["branch_figures"]) == ("published", "published")
    assert header["published_at"] != "not closed"

    late = org.record_study("M1", date(2026, 3, 20), "late study", "sec", late_reason="paper form found")
    with org.reading() as conn:
        late_position = conn.execute(select(t.entries.c.sequence).where(
            t.entries.c.entry_id == late["entry_id"])).scalar_one()
    assert verify_export(org, str(published))["differences"] == []
    file_header = read_export(str(current)).header
    assert verify_export(org, str(current))["differences"] == [
        {"section": "header", "subject": MONTH, "column": "last_position",
         "file": file_header["last_position"], "ledger": str(late_position)},
        {"section": "header", "subject": MONTH, "column": "rows_counted", "file": "17", "ledger": "18"},
        {"section": "members", "subject": "M1", "column": "obligations", "file": "3.00", "ledger": "4.00"},
        {"section": "members", "subject": "M1", "column": "total", "file": "13.00", "ledger": "14.00"}]


def test_a_published_export_shows_deductions_as_they_stood_at_the_close(org, tmp_path):
    org.close_month(MONTH, 5, "committee")
    org.reverse("D1", "recorded twice", "inspector", late_reason="found in the audit", entry_id="R1")
    org.record_branch_deduction("B1", MONTH, Decimal(1), "扣分项目 3", "late minutes", "inspector",
                                entry_id="D2", late_reason="reported after the close")
    for published, name in ((True, "published.csv"), (False, "current.csv")):
        export_month(org, MONTH, "csv", str(tmp_path / name), published, "auditor")
    published_rows = read_export(str(tmp_path / "published.csv")).sections["deductions"]
    current_rows = read_export(str(tmp_path / "current.csv")).sections["deductions"]
    assert texts(published_rows, "entry", "points", "reversed", "reversed_by") == [
        ("V1", "-20.00", "no", ""), ("D1", "-3.00", "no", ""), ("VT1", "0.00", "no", "")]
    assert texts(current_rows, "entry", "points", "reversed", "reversed_by") == [
        ("V1", "-20.00", "no", ""), ("D1", "-3.00", "yes", "R1"), ("VT1", "0.00", "no", ""),
        ("D2", "-1.00", "no", "")]


def test_a_sealed_month_carries_its_seal_and_the_export_verifies(org, tmp_path):
    org.close_month(MONTH, 0, "committee")
    sealed = org.seal_month(MONTH, "committee")
    path = tmp_path / "sealed.csv"
    export_month(org, MONTH, "csv", str(path), True, "auditor")
    header = read_export(str(path)).header
    assert (header["seal_digest"], header["first_position"], header["last_position"], header["rows_counted"]) == (
        sealed["digest"], str(sealed["first_position"]), str(sealed["last_position"]), str(sealed["entries"]))
    assert header["chain_anchor"] == f"{sealed['chain_position']} {sealed['chain_hash']}"
    assert verify_export(org, str(path))["matches"] is True


def test_a_rewritten_hash_chain_under_the_seal_is_named(org, tmp_path):
    org.close_month(MONTH, 0, "committee")
    sealed = org.seal_month(MONTH, "committee")
    path = tmp_path / "sealed.xlsx"
    export_month(org, MONTH, "xlsx", str(path), True, "auditor")
    with org.engine.begin() as conn:  # someone rewrites the chain row the seal anchored
        conn.execute(update(chain).where(chain.c.notification_id == sealed["chain_position"])
                     .values(chain_hash="0" * 64))
    assert verify_export(org, str(path))["differences"] == [
        {"section": "header", "subject": MONTH, "column": "chain_anchor",
         "file": f"{sealed['chain_position']} {sealed['chain_hash']}",
         "ledger": f"broken: the chain holds {'0' * 64} at {sealed['chain_position']}"}]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_text_with_quotes_line_breaks_and_formula_signs_survives_the_round_trip(org, tmp_path, fmt):
    org.record_branch_deduction("B2", MONTH, Decimal("0.5"), "=1+1", 'he said "no",\n# section: members\nthen left',
                                'Wang, "Li"', entry_id="D9")
    path = str(tmp_path / f"march.{fmt}")
    export_month(org, MONTH, fmt, path, False, "=HYPERLINK(\"x\")")
    rows = read_export(path).sections["deductions"]
    assert texts(rows, "entry", "clause", "reason", "recorded_by")[-1] == (
        "D9", "=1+1", 'he said "no",\n# section: members\nthen left', 'Wang, "Li"')
    assert verify_export(org, path)["differences"] == []


def test_a_published_export_shows_branch_figures_as_they_stood_at_the_close(org, tmp_path):
    org.close_month(MONTH, 5, "committee")
    published, current = tmp_path / "published.csv", tmp_path / "current.csv"
    export_month(org, MONTH, "csv", str(published), True, "auditor")
    org.record_branch_deduction("B1", MONTH, Decimal(5), "扣分项目 3", "late minutes", "inspector",
                                late_reason="reported after the close")
    org.assess("B2", MONTH, "final", Decimal(5), Decimal(10), Decimal(5), "committee",
               late_reason="the committee met after the close")
    export_month(org, MONTH, "csv", str(current), False, "auditor")
    assert verify_export(org, str(published))["differences"] == []
    assert numbers(read_export(str(published)).sections["branches"], "branch", "total") == [
        ("B2", 10), ("B1", Decimal("83.78"))]
    assert texts(read_export(str(published)).sections["branches"], "branch", "provisional") == [
        ("B2", "yes"), ("B1", "no")]
    assert numbers(read_export(str(current)).sections["branches"], "branch", "total") == [
        ("B2", 30), ("B1", Decimal("78.78"))]
