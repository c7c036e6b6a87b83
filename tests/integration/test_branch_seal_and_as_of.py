"""Branch rows in the month's seal, late review steps, and branch figures as of a moment."""

from __future__ import annotations

from datetime import date, datetime, timezone
from decimal import Decimal

import pytest
from sqlalchemy import select, update

from commands.service.ledger import open_ledger
from ledger.errors import Refused
from ledger.rule_book_content import default_rule_book, parse_rule_book, rule_book_json
from projections import branch_queries, queries
from projections import tables as t
from projections.branch_explain import explain_branch_month
from projections.seal import month_digest
from tests.builders import ledger_fingerprint, small_org
from tests.conftest import TODAY

NOW = "2026-11"
D = Decimal


@pytest.fixture
def org(ledger):
    small_org(ledger)
    ledger.assess("B1", "2026-03", "self", D(9), D(18), D(14), "B1 secretary", D(2))
    ledger.record_branch_deduction("B1", "2026-03", D(3), "§4", "late report", "insp", entry_id="D1")
    ledger.record_veto("B2", "2026-03", "veto 1", "accident", "insp", entry_id="V1")
    return ledger


def rule_book(version: str, **branch: object):
    data = rule_book_json(default_rule_book())
    data["version"] = version
    data["branch"].update(branch)
    return parse_rule_book(data)


def explain(ledger, branch_id, month, as_of=None):
    with ledger.reading() as conn:
        return explain_branch_month(conn, branch_id, month, NOW, as_of)


def sealed_at(ledger, month):
    with ledger.reading() as conn:
        return queries.as_utc(conn.execute(select(t.month_closes.c.sealed_at)
                                           .where(t.month_closes.c.month == month)).scalar_one())


def digests(ledger, month, moment):
    with ledger.reading() as conn:
        return month_digest(conn, month)["digest"], month_digest(conn, month, moment)["digest"]


def test_the_seal_covers_steps_deductions_and_vetoes_and_late_ones_leave_it_unchanged(org):
    org.close_month("2026-03", 0, "committee")
    sealed = org.seal_month("2026-03", "committee")
    assert sealed["entries"] == 3  # one step, one deduction, one veto (no member entries in March)
    moment = sealed_at(org, "2026-03")
    assert digests(org, "2026-03", moment) == (sealed["digest"], sealed["digest"])

    org.record_branch_deduction("B1", "2026-03", D(1), "§4", "found in the audit", "insp",
                                late_reason="audit after the seal")
    current, at_seal = digests(org, "2026-03", moment)
    assert current != sealed["digest"] and at_seal == sealed["digest"]

    org.reverse("D1", "report was on time", "insp", late_reason="appeal upheld")
    org.assess("B1", "2026-03", "final", D(10), D(18), D(14), "committee", D(2), late_reason="met late")
    after_more, at_seal = digests(org, "2026-03", moment)
    assert after_more not in (current, sealed["digest"]) and at_seal == sealed["digest"]


def test_a_step_after_the_close_needs_a_reason_and_is_flagged_late(org):
    org.close_month("2026-03", 5, "committee")
    before = ledger_fingerprint(org)
    with pytest.raises(Refused, match="month 2026-03 was closed on 2026-11-21; a late entry needs --late-reason"):
        org.assess("B1", "2026-03", "final", D(10), D(18), D(14), "committee")
    with pytest.raises(Refused, match="late entry needs --late-reason"):
        org.assess("B1", "2026-03", "final", D(10), D(18), D(14), "committee", late_reason="  ")
    assert ledger_fingerprint(org) == before
    result = org.assess("B1", "2026-03", "final", D(10), D(18), D(14), "committee", late_reason=" met late ")
    assert result == {"branch_id": "B1", "month": "2026-03", "step": "final", "late": True}
    org.reverse("D1", "report was on time", "insp", late_reason="appeal upheld")
    shown = explain(org, "B1", "2026-03")
    assert [(s["step"], s["late"], s["late_reason"]) for s in shown["assessment"]["steps"]] == [
        ("self", False, None), ("final", True, "met late")]
    assert [(d["reversed"], d["late"], d["late_reason"]) for d in shown["deductions"]["entries"]] == [
        (True, True, "appeal upheld")]
    assert org.assess("B1", "2026-04", "self", D(1), D(1), D(1), "B1 secretary") == {
        "branch_id": "B1", "month": "2026-04", "step": "self"}  # April is open
    with org.reading() as conn:
        published = branch_queries.branch_month_score(conn, "B1", "2026-03", NOW,
                                                      queries.published_as_of(conn, "2026-03"))
        current = branch_queries.branch_month_score(conn, "B1", "2026-03", NOW)
    assert (published["total"], published["provisional"]) == (60.0, True)
    assert (current["total"], current["provisional"]) == (62.0, False)  # the final step gives no bonus
    before = ledger_fingerprint(org)
    org.projector.rebuild()
    assert ledger_fingerprint(org) == before


def test_as_of_counts_transfers_meetings_and_rule_books_only_once_recorded(org):
    org.record_meeting("B1", "committee", date(2026, 3, 2), ["M1", "M2"], [], [], "sec", meeting_id="K1")
    for member_id in ("M1", "M5"):
        org.record_dues(member_id, "2026-03", D(5), date(2026, 3, 10), "sec")
    moment = datetime.now(timezone.utc)
    org.transfer_member("M5", "B2", date(2026, 3, 15), "sec")
    org.reverse("K1", "held in April", "sec")
    org.publish_rules(rule_book("strict-2026", stars=[{"min": 50, "stars": 5}]), date(2026, 1, 1), "committee")

    then, now = explain(org, "B1", "2026-03", moment), explain(org, "B1", "2026-03")
    assert then["members"] == ["M1", "M2", "M3", "M4", "M5"] and now["members"] == ["M1", "M2", "M3", "M4"]
    assert explain(org, "B2", "2026-03", moment)["members"] == ["M6"]
    assert explain(org, "B2", "2026-03")["members"] == ["M5", "M6"]
    inst_then, inst_now = then["dimensions"]["institutions"], now["dimensions"]["institutions"]
    assert (inst_then["committee_meeting"]["held"], inst_then["attendance"]["text"], inst_then["dues"]["text"]) == (
        True, "2 of 2 = 100.0%", "dues on time 2 of 5")
    assert (inst_now["committee_meeting"]["held"], inst_now["attendance"]["text"], inst_now["dues"]["text"]) == (
        False, "0 of 0 = 0.0%", "dues on time 1 of 4")
    # member totals then: M1 1 + 2, M2 1, M5 2 -> mean 6/5; now M1 2, M5 2 in B2
    assert then["dimensions"]["membership"]["mean"] == 1.2 and now["dimensions"]["membership"]["mean"] == 0.5
    # then 9 + 18 + 2.4 + (5 + 5 + 2) + 14 + 20 + bonus 2 - 3; now 9 + 18 + 1 + 1.25 + 14 + 20 + 2 - 3
    assert (then["rule_book"], then["total"], then["stars"]["after"]) == ("default-2026", 74.4, 2)
    assert (now["rule_book"], now["total"], now["stars"]["after"]) == ("strict-2026", 62.25, 5)


def test_a_step_stored_before_late_steps_existed_still_loads_and_projects(org, db_url):
    with org.engine.begin() as conn:  # the state as older versions stored it: no late_reason
        events = org.events_table
        row = conn.execute(select(events.c.id, events.c.state)
                           .where(events.c.topic.like("%:Branch.Assessed"))).one()
        state = org.mapper.transcoder.decode(bytes(row.state))
        state.pop("late_reason")
        conn.execute(update(events).where(events.c.id == row.id)
                     .values(state=org.mapper.transcoder.encode(state)))
    org.projector.rebuild()
    assert [(s["step"], s["late"]) for s in explain(org, "B1", "2026-03")["assessment"]["steps"]] == [("self", False)]
    again = open_ledger(db_url, today=lambda: TODAY)  # nothing cached: the branch is replayed from the store
    try:
        again.assess("B1", "2026-03", "final", D(10), D(18), D(14), "committee")
        assert [s["step"] for s in explain(again, "B1", "2026-03")["assessment"]["steps"]] == ["self", "final"]
    finally:
        again.close()


def test_a_write_sees_a_rule_book_published_but_not_yet_projected(org):
    org.projects_own_writes = False  # as a process of an earlier version, which left projecting to reads
    org.publish_rules(rule_book("generous-2026", bonus_max=8), date(2026, 1, 1), "committee")
    with org.engine.connect() as conn:  # the read model has not seen the new book yet
        projected = conn.execute(select(t.rule_books.c.version)).scalars().all()
    assert "generous-2026" not in projected
    assert org.assess("B2", "2026-03", "self", D(1), D(1), D(1), "B2 secretary", D(7))["step"] == "self"
    with pytest.raises(Refused, match="bonus 7 is outside 0-5"):
        org.assess("B2", "2025-12", "self", D(1), D(1), D(1), "B2 secretary", D(7))
