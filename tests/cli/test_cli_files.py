"""`starledger template`, `import SHEET FILE`, `statement`, `notice` and `verify-export FILE.pdf`
end to end on SQLite and PostgreSQL, with real files in tmp_path."""

from __future__ import annotations

import json

from click.testing import CliRunner
from openpyxl import Workbook, load_workbook

from commands.cli.main import cli

from tests.files.sheets import filled
from tests.files.test_pdf_statements import edited


def test_template_writes_the_headers(tmp_path):
    out = tmp_path / "roster.xlsx"
    result = CliRunner().invoke(cli, ["template", "roster", "--out", str(out)])
    assert result.exit_code == 0
    assert result.stdout == f"wrote {out}: the roster template with columns 党员编号, 姓名, 党支部编号, 加入日期, 党员类别\n"
    assert [c.value for c in load_workbook(out).worksheets[0][1]] == ["党员编号", "姓名", "党支部编号", "加入日期", "党员类别"]


def test_a_sheet_with_a_bad_row_exits_1_writes_nothing_and_leaves_the_errors_file(org_cli, tmp_path):
    path = filled(tmp_path, "entries", [
        {"党员编号": "M1", "类型": "学习教育", "日期": "2026-03-04", "内容": "学习党章"},
        {"党员编号": "M9", "类型": "表扬", "日期": "2026-03-04", "内容": "好人好事"}])
    before = org_cli.fingerprint()
    result = org_cli("import", "entries", str(path), "--json")
    assert result.exit_code == 1
    assert json.loads(result.stdout) == {
        "imported": 0, "skipped": 0, "errors": [{"row": 3, "column": "党员编号", "message": "台账中没有党员 M9"}],
        "rows": 2, "written": False, "errors_file": str(tmp_path / "entries.errors.xlsx")}
    assert org_cli.fingerprint() == before
    plain = org_cli("import", "entries", str(path))
    assert plain.exit_code == 1 and "nothing was imported: 1 bad row(s) of 2" in plain.stdout
    skipped = org_cli.ok("import", "entries", str(path), "--skip-bad")
    assert "imported 1 row(s), skipped 0 already in the ledger, 1 bad row(s) left out" in skipped.stdout
    again = json.loads(org_cli("import", "entries", str(path), "--skip-bad", "--json").stdout)
    assert (again["imported"], again["skipped"]) == (0, 1)


def test_an_unknown_sheet_kind_is_a_usage_error(org_cli, tmp_path):
    org_cli.malformed("import", "dues", str(tmp_path / "x.xlsx"), says="'dues' is not one of roster, entries, meetings")


def test_a_printed_statement_verifies_and_an_edited_one_is_named(org_cli, tmp_path):
    path = filled(tmp_path, "entries", [
        {"党员编号": "M1", "类型": "党费", "日期": "2026-03-10", "所属月份": "2026-03", "金额": 25},
        {"党员编号": "M1", "类型": "月度评价", "所属月份": "2026-03", "分值": 8}])
    org_cli.ok("import", "entries", str(path))
    pdf = str(tmp_path / "m1.pdf")
    wrote = org_cli.ok("statement", "member", "M1", "--month", "2026-03", "--out", pdf)
    assert wrote.stdout.startswith(f"wrote {pdf}: member M1 2026-03; seal: not sealed; events ")
    assert org_cli.ok("verify-export", pdf).stdout.startswith(f"matches: every figure of {pdf} (member M1 2026-03")
    bad = edited(pdf, b"(10.00)", b"(12.00)", str(tmp_path / "m1-edited.pdf"))
    result = org_cli("verify-export", bad, "--json")
    assert result.exit_code == 1
    assert [(d["section"], d["subject"], d["column"], d["ledger"]) for d in json.loads(result.stdout)["differences"]] == [
        ("分项得分", "合计", "得分", "10.00")]
    notice = str(tmp_path / "notice.pdf")
    org_cli.ok("notice", "--month", "2026-03", "--under", "G1", "--out", notice)
    org_cli.ok("statement", "branch", "B1", "--month", "2026-03", "--out", str(tmp_path / "b1.pdf"))
    assert org_cli.ok("verify-export", notice).stdout.startswith("matches:")


def test_a_jsonl_dry_run_shows_the_whole_file_and_writes_nothing(org_cli, tmp_path):
    path = tmp_path / "march.jsonl"
    path.write_text('{"command": "record study", "member": "M1", "on": "2026-03-04", "topic": "x"}\n'
                    '{"command": "record commendation", "member": "M2", "on": "2026-03-05", "title": "y"}\n',
                    encoding="utf-8")
    before = org_cli.fingerprint()
    impact = org_cli.json("import", str(path), "--dry-run")
    assert sorted((c["subject_id"], c["new"]) for c in impact["changes"] if c["figure"] == "member_month") == [
        ("M1", 1.0), ("M2", 3.0)]
    assert org_cli.fingerprint() == before


def test_a_spreadsheet_without_its_kind_or_a_binary_file_is_a_usage_error(org_cli, tmp_path):
    sheet = filled(tmp_path, "entries", [])
    org_cli.malformed("import", str(sheet), says=f"say which sheet {sheet} is: starledger import roster|entries|meetings")
    binary = tmp_path / "x.jsonl"
    binary.write_bytes(b"\xff\xfe\x00")
    org_cli.malformed("import", str(binary), says="is not a UTF-8 JSON Lines file")
    empty = org_cli("import", "entries", str(sheet))
    assert (empty.exit_code, empty.stderr) == (1, f"error: {sheet} has no rows under its header; nothing was imported\n")


def test_a_sheet_missing_a_required_column_is_refused_in_one_line(org_cli, tmp_path):
    book = Workbook()
    book.active.append(["党员编号", "日期", "备注"])
    book.active.append(["M1", "2026-03-04", "x"])
    path = tmp_path / "mine.xlsx"
    book.save(path)
    org_cli.refused("import", "entries", str(path),
                    message=f"{path}: 第 1 行缺少列：类型（模板见 starledger template entries）")
