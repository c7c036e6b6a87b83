"""Properties of the member-score projection on both databases (hypothesis).

- incremental catch-up, page by page at any page size, equals a rebuild from zero;
- a crash after the projection write but before the tracking position moves loses nothing
  and counts nothing twice;
- every explanation adds up to its month total, the parts and the projected score.

Each test has its own copy of the small organisation, restored after every example
(tests/templates.py): rule books are ledger-wide, so leftovers would make examples depend on
one another.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from projections import tables as t
from projections.events import last_position
from projections.projector import NAME
from tests.integration.ledger_ops import MONTHS, Run, operations
from tests.reads import explain, month_score, projected_rows, year_score
from tests.templates import restored_after

pytestmark = pytest.mark.slow  # hypothesis over a real database: the whole suite runs it, the fast loop does not

PROPERTY = settings(max_examples=25, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def tracking_position(ledger) -> int:
    with ledger.engine.connect() as conn:
        return conn.execute(select(t.tracking.c.position).where(t.tracking.c.projection == NAME)).scalar_one()


def event_position(ledger) -> int:
    with ledger.engine.connect() as conn:
        return last_position(conn, ledger.events_table)


@PROPERTY
@given(ops=operations, page_size=st.sampled_from([1, 2, 3, 7, 1000]))
def test_incremental_projection_equals_a_rebuild_from_zero(org_url, ops, page_size):
    with restored_after(org_url) as org:
        check_incremental_equals_rebuild(org, ops, page_size)


def check_incremental_equals_rebuild(org, ops, page_size):
    org.projector.page_size = page_size
    Run(org).apply_all(ops)
    org.catch_up()
    incremental = projected_rows(org)
    assert tracking_position(org) == event_position(org)
    org.projector.rebuild()
    assert projected_rows(org) == incremental
    assert tracking_position(org) == event_position(org)
    org.projector.rebuild()
    assert projected_rows(org) == incremental  # replaying twice changes nothing


@PROPERTY
@given(ops=operations, page_size=st.sampled_from([1, 3, 1000]))
def test_a_crash_between_projection_write_and_tracking_update_loses_nothing_and_counts_nothing_twice(
        org_url, ops, page_size):
    with restored_after(org_url) as org:
        check_crash_recovery(org, ops, page_size)


def check_crash_recovery(org, ops, page_size):
    org.projects_own_writes = False  # a backlog for the readers' catch-up, as an earlier version left it
    org.projector.page_size = page_size
    run = Run(org)
    run.apply_all(ops)
    org.record_study(run.members[0], date(2026, 1, 5), "always one unprojected write", "sec")
    before_rows, before_position = projected_rows(org), tracking_position(org)
    assert before_position < event_position(org)
    with pytest.raises(RuntimeError, match="simulated crash after the projection write"):
        org.projector.catch_up(fail_after_write=True)
    assert (projected_rows(org), tracking_position(org)) == (before_rows, before_position)
    org.catch_up()
    assert org.catch_up() == 0
    recovered = projected_rows(org)
    org.projector.rebuild()
    assert projected_rows(org) == recovered


@PROPERTY
@given(ops=operations)
def test_every_explanation_adds_up_to_its_month_total_and_the_projected_score(org_url, ops):
    with restored_after(org_url) as org:
        check_explanations_add_up(org, ops)


def check_explanations_add_up(org, ops):
    run = Run(org)
    run.apply_all(ops)
    for member_id in run.members:
        months = {}
        for month in MONTHS:
            data = explain(org, member_id, month)
            lines = sum((Decimal(str(line["points"])) for line in data["lines"]), Decimal(0))
            assert lines == Decimal(str(data["total"]))
            assert sum(Decimal(str(v)) for v in data["parts"].values()) == Decimal(str(data["total"]))
            score = month_score(org, member_id, month)
            assert (score["total"], score["parts"], score["rule_book"]) == (
                data["total"], data["parts"], data["rule_book"])
            assert all(line["points"] == 0.0 for line in data["lines"] if line["reversed"])
            # a line straddling a cap keeps the points below it (a published cap of 3 over 2-point duties)
            assert all(line["points"] >= 0.0 for line in data["lines"] if line["capped"])
            months[month] = data["total"]
        year = year_score(org, member_id, "2026")
        assert {m: year["months"][m] for m in MONTHS} == months
        assert Decimal(str(year["total"])) == sum(Decimal(str(v)) for v in months.values())
