"""`starledger demo` end to end: its report's figures are the queries' figures for its database."""

from __future__ import annotations

import json
from decimal import Decimal
from fractions import Fraction

import pytest
from click.testing import CliRunner

from commands.cli.main import cli
from commands.cli.demo import _print_report
from commands.service.ledger import open_ledger
from ledger.dates import months_between
from projections import queries
from commands.demo.build import clear_sqlite_file
from commands.demo.org import BRANCHES, INSPECTOR, ORGANISER
from tests.builders import ledger_fingerprint
from tests.conftest import make_postgres_url


def run(*args: str) -> dict:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('demo')}/demo.db"
    return url, run("demo", "--db", url, "--json")


pytestmark = pytest.mark.slow


def test_demo_reports_a_year_of_at_least_150_members(built):
    _, report = built
    assert report["members"] == 160
    assert report["branches"] == len(BRANCHES) == 9
    assert len(months_between(report["period"]["from"], report["period"]["to"])) == 12
    assert report["month"] == report["period"]["to"]
    assert len(report["top"]) == len(report["bottom"]) == 5


def test_every_member_shown_has_the_score_that_score_member_gives(built):
    url, report = built
    for row in report["top"] + report["bottom"]:
        score = run("score", "member", row["member_id"], "--month", report["month"], "--db", url, "--json")
        assert (row["total"], row["parts"]) == (score["total"], score["parts"])


def test_top_and_bottom_are_the_extremes_of_the_branch_rankings(built):
    url, report = built
    totals = {}
    for branch_id, *_ in BRANCHES:
        for row in run("ranking", "--branch", branch_id, "--month", report["month"], "--db", url, "--json"):
            totals[row["member_id"]] = row["total"]
    assert len(totals) == report["members"]
    assert report["top"][0]["total"] == max(totals.values())
    assert report["bottom"][-1]["total"] == min(totals.values())
    assert [row["rank"] for row in report["top"]][0] == 1
    assert report["bottom"][-1]["rank"] == 1 + sum(1 for t in totals.values() if t > min(totals.values()))


def test_the_explanation_is_explain_member_and_adds_up(built):
    url, report = built
    explained = report["explained"]
    assert explained["member_id"] == report["bottom"][-1]["member_id"]
    assert explained == run("explain", "member", explained["member_id"], "--month", report["month"],
                            "--db", url, "--json")
    points = [Decimal(str(line["points"])) for line in explained["lines"]]
    assert sum(points) == Decimal(str(explained["total"]))


def test_the_ledger_holds_the_violations_reversals_and_transfers(built):
    url, _ = built
    ledger = open_ledger(url)
    try:
        with ledger.reading() as conn:
            ledgers = [queries.member_ledger(conn, f"M{n:03d}") for n in range(1, 161)]
    finally:
        ledger.close()
    entries = [entry for book in ledgers for entry in book["entries"]]
    violations = [e for e in entries if e["kind"] == "violation"]
    assert len(violations) == 4
    assert all(e["actor"] == INSPECTOR and e["detail"]["decision_ref"] for e in violations)
    reversed_ = [e for e in entries if e["reversed_by"]]
    assert all(e["reversal_reason"] for e in reversed_)
    # five single entries and one whole meeting (every attendance line of it)
    assert len({e["reversed_by"] for e in reversed_}) == 6
    assert sum(1 for book in ledgers if len(book["branches"]) == 2) == 2


def test_demo_refuses_a_database_that_is_not_empty(pg_admin):
    for url in make_postgres_url(pg_admin):
        ledger = open_ledger(url)
        ledger.init("tester")
        before = ledger_fingerprint(ledger)
        result = CliRunner().invoke(cli, ["demo", "--db", url])
        assert result.exit_code == 1
        assert result.output == ("error: the demo builds only into an empty database, "
                                 "and this one already holds a ledger\n")
        assert ledger_fingerprint(ledger) == before
        ledger.close()


def test_an_earlier_demo_file_or_an_empty_one_is_replaced(tmp_path):
    empty = tmp_path / "empty.db"
    empty.write_bytes(b"")
    (tmp_path / "empty.db-wal").write_bytes(b"")
    assert clear_sqlite_file(f"sqlite:///{empty}") == empty
    assert not empty.exists() and not (tmp_path / "empty.db-wal").exists()
    assert clear_sqlite_file(f"sqlite:///{empty}") is None
    earlier = tmp_path / "earlier.db"
    ledger = open_ledger(f"sqlite:///{earlier}")
    ledger.init(ORGANISER)
    ledger.close()
    assert clear_sqlite_file(f"sqlite:///{earlier}") == earlier
    assert not earlier.exists()
    assert clear_sqlite_file("postgresql+psycopg2://u:p@localhost/x") is None


def test_demo_never_replaces_a_real_ledger(tmp_path):
    url = f"sqlite:///{tmp_path}/starledger.db"
    ledger = open_ledger(url)
    ledger.init("王芳")
    before = ledger_fingerprint(ledger)
    result = CliRunner().invoke(cli, ["demo", "--db", url])
    assert result.exit_code == 1
    assert result.output == (f"error: {tmp_path}/starledger.db holds data the demo did not make; "
                             "give the demo another file\n")
    assert ledger_fingerprint(ledger) == before
    ledger.close()


def test_the_branch_stars_are_what_stars_and_score_branch_give(built):
    url, report = built
    branch, month = report["branch"], report["month"]
    assert branch["month"] == month
    assert branch["stars"] == run("stars", "--month", month, "--db", url, "--json")
    assert len(branch["stars"]) == len(branch["annual"]) == len(BRANCHES)
    for row in branch["annual"]:
        year = run("score", "branch", row["branch_id"], "--year", month[:4], "--db", url, "--json")
        assert (row["mean"], row["stars"]) == (year["mean"], year["stars"])
    vetoed = branch["reviews"]["veto"]
    assert [row["stars"] for row in branch["annual"] if row["branch_id"] == vetoed["branch_id"]] == [1]
    # twelve months of three steps for nine branches; every third branch's last month stays provisional
    assert branch["reviews"]["steps"] == 12 * 9 * 3 - 3
    provisional = [row["branch_id"] for row in branch["stars"]
                   if run("score", "branch", row["branch_id"], "--month", month, "--db", url, "--json")["provisional"]]
    assert len(provisional) == 3


def test_the_downgrade_and_the_alerts_are_what_score_branch_and_alerts_give(built):
    url, report = built
    down, alerts = report["branch"]["downgrade"], report["branch"]["alerts"]
    assert down["after"] == down["from_score"] - 1 and down["violations"] >= 1 and not down["vetoed"]
    score = run("score", "branch", down["branch_id"], "--month", down["month"], "--db", url, "--json")
    assert score["stars"] == down["after"]
    shown = run("explain", "branch", down["branch_id"], "--month", down["month"], "--db", url, "--json")["stars"]
    assert (shown["from_score"], shown["after"], shown["downgraded"]) == (down["from_score"], down["after"], True)
    assert alerts and len({alert["month"] for alert in alerts}) == 1
    assert alerts == run("alerts", "--month", alerts[0]["month"], "--db", url, "--json")


def test_the_branch_explanation_is_explain_branch_of_the_lowest_branch_and_adds_up(built):
    url, report = built
    explained, month = report["branch"]["explained"], report["month"]
    assert explained["total"] == min(row["total"] for row in report["branch"]["stars"])
    assert explained == run("explain", "branch", explained["branch_id"], "--month", month, "--db", url, "--json")
    parts = [Fraction(dim["exact"]) for dim in explained["dimensions"].values()]
    exact = explained["exact"]
    assert sum(parts) + Fraction(exact["bonus"]) - Fraction(exact["deductions"]) == Fraction(exact["sum"])
    assert Fraction(exact["total"]) == min(Fraction(exact["sum"]), Fraction(str(explained["ceiling"])))


def test_the_printed_report_shows_the_members_and_the_branches(built, capsys):
    _, report = built
    _print_report(report)
    out = capsys.readouterr().out
    down, explained = report["branch"]["downgrade"], report["branch"]["explained"]
    for text in (f"top members, {report['month']}", f"bottom members, {report['month']}",
                 f"branch stars: {report['month'][:4]}",
                 f"downgrade: {down['branch_id']} in {down['month']} scored {down['from_score']}★ "
                 f"and got {down['after']}★", f"alerts, {report['branch']['alerts'][0]['month']}",
                 f"why branch {explained['branch_id']} has {explained['total']} in {report['month']}:",
                 f"stars {explained['stars']['from_score']} from the score, {explained['stars']['after']} after"):
        assert text in out, text
