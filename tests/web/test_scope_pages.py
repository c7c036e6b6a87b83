"""The read audit page as a branch auditor sees it: only their branch's members (issue 23)."""

from __future__ import annotations

from datetime import date
from typing import Iterator

import pytest
from playwright.sync_api import expect

from commands.service.ledger import open_ledger
from projections.deductions import Filters
from tests.conftest import TODAY
from tests.web.conftest import PASSWORD, Served, log_in


@pytest.fixture
def looked_at(site_db) -> Iterator[str]:
    """Violations in B1 and B2, a look at both by the committee's auditor, and an auditor of B2."""
    ledger = open_ledger(site_db, today=lambda: TODAY)
    try:
        for member_id in ("M2", "M6"):
            ledger.record_violation(member_id, date(2026, 10, 6), "违纪", "纪发〔2026〕1号", "纪委", "qianhong",
                                    entry_id=f"e-violation-{member_id.lower()}")
        ledger.look_at_deductions(Filters(), "liming (auditor)")
        ledger.look_at_deductions(Filters(branch="B1"), "liming (auditor)")
        ledger.add_user("auditor_b2", "auditor", "B2", "admin")
        ledger.set_password("auditor_b2", PASSWORD, "admin")
        ledger.catch_up()
    finally:
        ledger.close()
    with Served(site_db) as served:
        yield served.base_url


def test_a_branch_auditor_sees_only_their_branchs_members_on_the_read_audit_page(looked_at, page):
    log_in(page, looked_at, "auditor_b2", then="/login?next=/audit/reads")
    page.goto(f"{looked_at}/audit/reads")
    rows = page.locator("table.cards tbody tr")
    expect(rows).to_have_count(1)  # the look at B1 alone is gone
    expect(rows.first.locator("td[data-label='看到的党员']")).to_have_text("M6")
    expect(rows.first.locator("td[data-label='行数']")).to_have_text("—")  # it counted B1's rows too
    expect(page.locator("table.cards")).not_to_contain_text("M2")
