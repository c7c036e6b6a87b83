"""`export` and `verify-export` end to end: exit codes, one-line refusals, nothing written to the ledger."""

from __future__ import annotations

import json
from datetime import date

import pytest
from click.testing import CliRunner

from commands.cli.main import cli
from tests.builders import ledger_fingerprint, small_org

MONTH = "2026-03"


@pytest.fixture
def run(ledger, db_url):
    small_org(ledger)
    ledger.record_study("M1", date(2026, 3, 2), "x", "sec")
    runner = CliRunner()

    def invoke(*args: str) -> tuple[int, str, str]:
        result = runner.invoke(cli, [*args, "--db", db_url], catch_exceptions=False)
        return result.exit_code, result.stdout, result.stderr
    return invoke


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_then_verify_export_matches(run, ledger, tmp_path, fmt):
    path = str(tmp_path / f"march.{fmt}")
    before = ledger_fingerprint(ledger)
    code, out, _ = run("export", "--month", MONTH, "--out", path, "--by", "auditor")
    assert code == 0 and out.startswith(f"wrote {path}: 6 members, 2 branches, 0 deductions of {MONTH} (current); "
                                        "seal: not sealed; events ")
    code, out, _ = run("verify-export", path)
    assert (code, out) == (0, f"matches: every figure of {path} ({MONTH}, current figures; 6 members, "
                              "2 branches, 0 deductions and the header) agrees with the ledger\n")
    code, out, _ = run("verify-export", path, "--json")
    assert code == 0 and json.loads(out)["matches"] is True
    assert ledger_fingerprint(ledger) == before


def test_verify_export_names_an_edited_figure_and_exits_1(run, ledger, tmp_path):
    path = tmp_path / "march.csv"
    assert run("export", "--month", MONTH, "--format", "csv", "--out", str(path))[0] == 0
    text = path.read_bytes().decode("utf-8-sig")
    path.write_bytes(text.replace("M1,Member 1,B1,1.00,0.00,0.00,0.00,1.00",
                                  "M1,Member 1,B1,1.00,0.00,0.00,0.00,5.00").encode("utf-8-sig"))
    code, out, _ = run("verify-export", str(path))
    assert code == 1
    assert "│ members │ M1      │ total  │ 5.00 │ 1.00   │" in out
    assert out.splitlines()[-1] == (f"differs: 1 difference(s) between {path} ({MONTH}, current figures; "
                                    "6 members, 2 branches, 0 deductions and the header) and the ledger")
    code, out, _ = run("verify-export", str(path), "--json")
    assert code == 1 and json.loads(out)["differences"] == [
        {"section": "members", "subject": "M1", "column": "total", "file": "5.00", "ledger": "1.00"}]


def test_refusals_are_one_line_with_the_right_exit_code_and_write_nothing(run, ledger, tmp_path):
    not_export = tmp_path / "notes.csv"
    not_export.write_text("member,total\nM1,1\n", encoding="utf-8")
    before = ledger_fingerprint(ledger)
    cases = [
        (("verify-export", str(not_export)), 1,
         f"error: {not_export} is not a starledger export: line 1 comes before any '# section:' line"),
        (("export", "--month", "2999-01", "--out", str(tmp_path / "x.csv")), 1,
         "error: month 2999-01 is after the current month"),
        (("export", "--month", MONTH, "--out", str(tmp_path / "x.csv"), "--published"), 1,
         f"error: month {MONTH} has not been closed, so nothing is published for it"),
    ]
    for args, exit_code, message in cases:
        code, out, err = run(*args)
        assert (code, out, err) == (exit_code, "", message + "\n")
    for args, message in [
        (("verify-export", str(tmp_path / "missing.csv")), "does not exist"),
        (("export", "--month", "2026-13", "--out", str(tmp_path / "x.csv")), "is not a month"),
        (("export", "--month", MONTH, "--out", str(tmp_path / "x.pdf")), "cannot tell the format"),
        (("export", "--month", MONTH, "--format", "xlsx", "--out", str(tmp_path / "x.csv")), "ends in .csv"),
        (("export", "--month", MONTH, "--format", "pdf", "--out", str(tmp_path / "x.pdf")), "'pdf' is not one of"),
    ]:
        code, _, err = run(*args)
        assert code == 2 and message in err and "Traceback" not in err
    assert not (tmp_path / "x.csv").exists() and not (tmp_path / "x.pdf").exists()
    assert ledger_fingerprint(ledger) == before
