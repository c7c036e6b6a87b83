"""The branch half of the demo records reviews for a built organisation and reports on them."""

from __future__ import annotations

import random
from datetime import date

from ledger.dates import months_between
from commands.demo.branch import add_branch_assessments, branch_report
from tests.builders import small_org


def test_demo_records_reviews_and_reports_stars_downgrade_alerts_and_an_explanation(ledger):
    small_org(ledger)
    ledger.add_member("M7", "Member 7", "B2", date(2026, 7, 1), "full", "sec")  # never pays: warned in Sep
    ledger.record_violation("M2", date(2026, 4, 9), "misconduct", "ref 7", "discipline office", "insp")
    months = months_between("2026-01", "2026-10")
    recorded = add_branch_assessments(ledger, months, random.Random(7))
    # two branches, ten months, three steps each (only every third branch leaves the last month open)
    assert recorded["steps"] == 2 * 10 * 3
    assert set(recorded["secretaries"]) == {"B1", "B2"}
    report = branch_report(ledger, "2026-10")
    assert [row["branch_id"] for row in report["annual"]] == [row["branch_id"] for row in report["stars"]]
    downgrade = report["downgrade"]
    assert (downgrade["branch_id"], downgrade["month"], downgrade["after"]) == ("B1", "2026-04", 1)
    assert [(a["kind"], a["subject_id"], a["month"]) for a in report["alerts"]] == [
        ("dues_warning", "M7", "2026-09")]  # none in October: the latest of the year is shown
    explained = report["explained"]
    assert explained["total"] == min(row["total"] for row in report["stars"])
    assert [step["step"] for step in explained["assessment"]["steps"]] == ["self", "preliminary", "final"]
    assert len(report["pay"]) == 2
