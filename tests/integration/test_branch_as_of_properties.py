"""Property: a branch figure asked as of a moment is the figure the ledger showed at that moment,
and as of now it is the stored figure."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ledger.organisation import Branch
from projections import branch_queries
from projections.branch_explain import explain_branch_month
from tests.builders import small_org
from tests.integration.test_branch_properties import MONTHS, apply, op

pytestmark = pytest.mark.slow  # hypothesis over a real database: the whole suite runs it, the fast loop does not

NOW = "2026-11"
PROBED = [(branch_id, month) for branch_id in ("B1", "B2") for month in MONTHS[:4]]


def figures(ledger, as_of=None) -> dict:
    """Every figure a person can ask about the probed branch-months."""
    with ledger.reading() as conn:
        shown = {}
        for branch_id, month in PROBED:
            explained = explain_branch_month(conn, branch_id, month, NOW, as_of)
            explained.pop("as_of")
            shown[branch_id, month] = (branch_queries.branch_month_score(conn, branch_id, month, NOW, as_of),
                                       explained)
        for month in MONTHS[:4]:
            shown["stars", month] = branch_queries.branch_stars(conn, month, NOW, None, as_of)
        shown["year"] = branch_queries.branch_year_score(conn, "B1", 2026, NOW, as_of)
    return shown


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(before=st.lists(op, min_size=1, max_size=10), after=st.lists(op, min_size=1, max_size=10))
def test_as_of_a_moment_is_what_the_ledger_showed_then_and_as_of_now_is_current(ledger, before, after):
    if not ledger.exists(Branch, "B1"):  # examples share the fixture's ledger and build on it
        small_org(ledger)
    reversible: list[str] = []
    for step in before:
        apply(ledger, step, reversible)
    then = figures(ledger)
    moment = datetime.now(timezone.utc)
    for step in after:  # corrections too: reversals of what came before
        apply(ledger, step, reversible)
    assert figures(ledger, moment) == then
    assert figures(ledger, datetime.now(timezone.utc)) == figures(ledger)
