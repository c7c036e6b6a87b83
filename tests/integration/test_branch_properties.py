"""Properties over random histories: rebuild == incremental, and explanations add up exactly."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ledger.errors import Refused
from ledger.organisation import Branch
from projections.branch_explain import explain_branch_month
from tests.builders import small_org
from tests.integration.test_branch_standing import projected_rows

pytestmark = pytest.mark.slow  # hypothesis over a real database: the whole suite runs it, the fast loop does not

MONTHS = [f"2026-{m:02d}" for m in range(1, 11)]
MEMBERS = {"B1": ["M1", "M2", "M3", "M4", "M5"], "B2": ["M6"]}

branch = st.sampled_from(["B1", "B2"])
month = st.sampled_from(MONTHS)
day = st.integers(1, 28)
amount = st.decimals(min_value=0, max_value=5, places=2)
op = st.one_of(
    st.tuples(st.just("assess"), branch, month, st.sampled_from(["self", "preliminary", "final"]),
              st.decimals(0, 10, places=2), st.decimals(0, 20, places=2), st.decimals(0, 15, places=2), amount),
    st.tuples(st.just("deduct"), branch, month, st.decimals(Decimal("0.5"), 30, places=2)),
    st.tuples(st.just("veto"), branch, month),
    st.tuples(st.just("meeting"), branch, month, day, st.sampled_from(["committee", "assembly", "group"]),
              st.lists(st.sampled_from(["attended", "excused", "absent"]), min_size=5, max_size=5)),
    st.tuples(st.just("dues"), st.sampled_from(["M1", "M2", "M3", "M6"]), month, day),
    st.tuples(st.just("violation"), st.sampled_from(["M1", "M6"]), month, day),
    st.tuples(st.just("reverse"), st.integers(0, 50)),
    st.tuples(st.just("catch_up")),
)


def apply(ledger, step, reversible: list[str]) -> None:
    kind = step[0]
    if kind == "assess":
        _, b, m, name, organisation, leadership, support, bonus = step
        ledger.assess(b, m, name, organisation, leadership, support, "committee", bonus)
    elif kind == "deduct":
        reversible.append(ledger.record_branch_deduction(step[1], step[2], step[3], "§4", "r", "insp")["entry_id"])
    elif kind == "veto":
        reversible.append(ledger.record_veto(step[1], step[2], "§4", "r", "insp")["entry_id"])
    elif kind == "meeting":
        _, b, m, d, meeting_kind, marks = step
        listed = {mark: [mid for mid, got in zip(MEMBERS[b], marks) if got == mark]
                  for mark in ("attended", "excused", "absent")}
        on = date(int(m[:4]), int(m[5:]), d)
        result = ledger.record_meeting(b, meeting_kind, on, listed["attended"], listed["excused"],
                                       listed["absent"], "sec")
        reversible.append(result["meeting_id"])
    elif kind == "dues":
        _, member_id, m, d = step
        try:
            result = ledger.record_dues(member_id, m, Decimal(5), date(int(m[:4]), int(m[5:]), d), "sec")
        except Refused:  # already paid for that month: nothing written
            return
        reversible.append(result["entry_id"])
    elif kind == "violation":
        _, member_id, m, d = step
        reversible.append(ledger.record_violation(member_id, date(int(m[:4]), int(m[5:]), d), "r", "ref",
                                                  "office", "insp")["entry_id"])
    elif kind == "reverse" and reversible:
        target = reversible.pop(step[1] % len(reversible))
        ledger.reverse(target, "correction", "sec")
    elif kind == "catch_up":
        ledger.catch_up()


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(history=st.lists(op, min_size=1, max_size=14), probe=st.tuples(branch, month))
def test_rebuild_equals_incremental_and_explanations_add_up(ledger, history, probe):
    if not ledger.exists(Branch, "B1"):  # examples share the fixture's ledger and build on it
        small_org(ledger)
    reversible: list[str] = []
    for step in history:
        apply(ledger, step, reversible)
    ledger.catch_up()
    incremental = projected_rows(ledger)
    ledger.projector.rebuild()
    assert projected_rows(ledger) == incremental
    with ledger.reading() as conn:
        shown = explain_branch_month(conn, probe[0], probe[1], "2026-11")
    parts = sum(Fraction(d["exact"]) for d in shown["dimensions"].values())
    parts += Fraction(shown["exact"]["bonus"]) - Fraction(shown["exact"]["deductions"])
    assert parts == Fraction(shown["exact"]["sum"])
    assert Fraction(shown["exact"]["total"]) == min(Fraction(shown["ceiling"]), max(0, parts))
