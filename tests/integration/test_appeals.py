"""Appeals (申诉 → 复核 → 撤销/维持): revoking reverses the entry in the same save, maintaining
changes nothing but the appeal, and every refusal writes nothing."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from ledger.appeals import EntryAppeals
from ledger.errors import NotFound, Refused
from projections import branch_queries, queries
from projections.deductions import Filters
from tests.builders import event_count, ledger_fingerprint

D = Decimal


@pytest.fixture
def org(org):
    """The small organisation (tests/integration/conftest.py) with the deductions of these tests."""
    org.record_violation("M1", date(2026, 3, 2), "gift", "纪〔2026〕3号", "DC", "insp", entry_id="V1")
    org.record_violation("M2", date(2026, 3, 9), "absent from duty", "纪〔2026〕4号", "DC", "insp",
                         entry_id="V2")
    org.record_study("M1", date(2026, 3, 3), "x", "sec", entry_id="S1")
    org.record_branch_deduction("B1", "2026-03", D(3), "§2", "late report", "insp", entry_id="D1")
    org.record_veto("B2", "2026-03", "§4 veto", "accident", "insp", entry_id="X1")
    for branch_id, bonus in (("B1", D(0)), ("B2", D(5))):
        org.assess(branch_id, "2026-03", "final", D(10), D(20), D(15), "committee", bonus)
    return org


def member_total(ledger, member_id, month="2026-03"):
    with ledger.reading() as conn:
        return queries.member_month_score(conn, member_id, month)["total"]


def branch_figures(ledger, branch_id, month="2026-03"):
    with ledger.reading() as conn:
        score = branch_queries.branch_month_score(conn, branch_id, month, "2026-11")
    return score["total"], score["stars"]


def test_revoking_a_violation_reverses_it_and_restores_the_score(org):
    assert member_total(org, "M1") == -19.0  # -20 violation, +1 study
    filed = org.file_appeal("V1", "the gift was returned", "M1", appeal_id="A1")
    assert filed == {"appeal_id": "A1", "target": "V1", "kind": "violation"}
    assert member_total(org, "M1") == -19.0  # an appeal alone changes nothing
    decided = org.decide_appeal("A1", "revoke", "receipt produced", "insp2")
    assert decided == {"appeal_id": "A1", "target": "V1", "decision": "revoke", "reversal_id": "A1/revoked"}
    assert member_total(org, "M1") == 1.0
    with org.reading() as conn:
        lines = {line["entry_id"]: line for line in queries.explain_member_month(conn, "M1", "2026-03")["lines"]}
    assert (lines["V1"]["reversed"], lines["V1"]["reversed_by"], lines["V1"]["reversal_reason"]) == (
        True, "A1/revoked", "revoked on appeal A1: receipt produced")


def test_the_decision_and_the_reversal_are_one_save(org):
    org.file_appeal("V1", "returned", "M1", appeal_id="A1")
    before = event_count(org)
    org.decide_appeal("A1", "revoke", "receipt produced", "insp2")
    assert event_count(org) == before + 2  # EntryAppeals.Decided and Member.EntryReversed
    with org.engine.connect() as conn:
        rows = conn.exec_driver_sql(
            "SELECT topic FROM starledger_events ORDER BY id DESC LIMIT 2").scalars().all()
    assert sorted(topic.rsplit(":", 1)[1] for topic in rows) == ["EntryAppeals.Decided", "Member.EntryReversed"]


def test_maintaining_keeps_the_deduction_and_closes_the_appeal(org):
    org.file_appeal("V1", "returned", "M1", appeal_id="A1")
    assert org.decide_appeal("A1", "maintain", "no receipt", "insp2") == {
        "appeal_id": "A1", "target": "V1", "decision": "maintain", "reversal_id": None}
    assert member_total(org, "M1") == -19.0
    appeals = org.get(EntryAppeals, "V1", "appeals")
    assert (appeals.open, appeals.decisions) == (None, {"A1": "maintain"})
    # A maintained deduction can be appealed again (to the next body); then revoked.
    org.file_appeal("V1", "new evidence", "M1", appeal_id="A2")
    org.decide_appeal("A2", "revoke", "new evidence holds", "committee")
    assert member_total(org, "M1") == 1.0


def test_revoking_a_branch_deduction_and_a_veto_changes_the_branch_score(org):
    # B1: 45 assessed + discipline 0 (two violations) - 3 deducted; B2: 45 + 20 + 5 bonus, vetoed.
    assert (branch_figures(org, "B1"), branch_figures(org, "B2")) == ((42.0, 1), (70.0, 1))
    org.file_appeal("D1", "the report was on time", "B1 secretary", appeal_id="A1")
    org.decide_appeal("A1", "revoke", "postmark shows on time", "insp2")
    org.file_appeal("X1", "not our accident", "B2 secretary", appeal_id="A2")
    org.decide_appeal("A2", "revoke", "another unit's site", "committee")
    assert (branch_figures(org, "B1"), branch_figures(org, "B2")) == ((45.0, 1), (70.0, 2))


def test_a_revocation_for_a_closed_month_needs_a_late_reason(org):
    org.file_appeal("V1", "returned", "M1", appeal_id="A1")
    org.file_appeal("V2", "I was ill", "M2", appeal_id="A2")
    org.close_month("2026-03", 5, "committee")
    before = ledger_fingerprint(org)
    with pytest.raises(Refused, match="month 2026-03 was closed on 2026-11-21; a late entry needs --late-reason"):
        org.decide_appeal("A1", "revoke", "receipt produced", "insp2")
    assert ledger_fingerprint(org) == before
    decided = org.decide_appeal("A1", "revoke", "receipt produced", "insp2", late_reason="appeal decided after close")
    assert decided["late"] is True
    with org.reading() as conn:
        published = queries.member_month_score(conn, "M1", "2026-03", queries.published_as_of(conn, "2026-03"))
        lines = {line["entry_id"]: line for line in queries.explain_member_month(conn, "M1", "2026-03")["lines"]}
    assert (member_total(org, "M1"), published["total"]) == (1.0, -19.0)
    assert (lines["V1"]["late"], lines["V1"]["late_reason"]) == (True, "appeal decided after close")
    # A branch deduction's late revocation is flagged late the same way.
    org.file_appeal("D1", "on time", "B1 secretary", appeal_id="A3")
    org.decide_appeal("A3", "revoke", "postmark", "insp2", late_reason="decided after close")
    story = {row["entry_id"]: row["story"] for row in org.look_at_deductions(Filters(), "insp")}
    assert [step.get("late_reason") for step in story["V1"]] == [None, None, None, "appeal decided after close"]
    assert [step.get("late_reason") for step in story["D1"]] == [None, None, None, "decided after close"]
    # Maintaining changes no figure of the month, so it needs no late reason.
    assert org.decide_appeal("A2", "maintain", "certificate is forged", "insp2")["decision"] == "maintain"


def test_an_appeal_id_repeated_with_the_same_filing_changes_nothing(org):
    first = org.file_appeal("V1", "returned", "M1", appeal_id="A1")
    before = ledger_fingerprint(org)
    assert org.file_appeal("V1", "returned", "M1", appeal_id="A1") == first
    assert ledger_fingerprint(org) == before


def test_a_generated_appeal_id_is_found_by_decide(org):
    appeal_id = org.file_appeal("V2", "ill", "M2")["appeal_id"]
    assert appeal_id.startswith("a-") and len(appeal_id) == 18
    assert org.decide_appeal(appeal_id, "maintain", "no certificate", "insp")["target"] == "V2"


REFUSALS = [
    ("deciding twice", lambda l: l.decide_appeal("A1", "maintain", "x", "insp"), Refused,
     "appeal A1 has already been decided: maintained"),
    ("revoking a maintained appeal", lambda l: l.decide_appeal("A1", "revoke", "x", "insp"), Refused,
     "appeal A1 has already been decided: maintained"),
    ("unknown appeal", lambda l: l.decide_appeal("A9", "maintain", "x", "insp"), NotFound, "no appeal with id 'A9'"),
    ("deciding an entry id", lambda l: l.decide_appeal("V2", "maintain", "x", "insp"), NotFound,
     "no appeal with id 'V2'"),
    ("decision without reason", lambda l: l.decide_appeal("A2", "revoke", " ", "insp"), Refused,
     "deciding an appeal needs a reason"),
    ("unknown decision", lambda l: l.decide_appeal("A2", "annul", "x", "insp"), Refused,
     "decision 'annul' is not one of revoke, maintain"),
    ("unknown entry", lambda l: l.file_appeal("V9", "x", "M1"), NotFound, "no entry with id 'V9'"),
    ("a study entry", lambda l: l.file_appeal("S1", "x", "M1"), Refused,
     "entry S1 is a study entry; only a member violation, a branch deduction or a veto can be appealed"),
    ("an appeal", lambda l: l.file_appeal("A1", "x", "M1"), Refused, "entry A1 is an appeal; only"),
    ("second open appeal", lambda l: l.file_appeal("V2", "again", "M2"), Refused,
     "entry V2 already has an open appeal, A2; it must be decided first"),
    ("second open appeal, same id", lambda l: l.file_appeal("V2", "again", "M2", appeal_id="A2"), Refused,
     "entry id A2 is already used by a different entry"),
    ("already reversed", lambda l: l.file_appeal("D1", "x", "B1 secretary"), Refused,
     "entry D1 has already been reversed; there is nothing left to appeal"),
    ("a reversal", lambda l: l.file_appeal("R1", "x", "B1 secretary"), Refused, "entry R1 is a reversal; only"),
    ("appeal without reason", lambda l: l.file_appeal("X1", " ", "B2 secretary"), Refused, "an appeal needs a reason"),
    ("appeal id with a space", lambda l: l.file_appeal("X1", "x", "B2", appeal_id="A 3"), Refused,
     "appeal id 'A 3' must be 1-64 characters"),
]


@pytest.mark.parametrize("name, act, error, message", REFUSALS, ids=[r[0] for r in REFUSALS])
def test_refused_appeal_writes_nothing(org, name, act, error, message):
    org.file_appeal("V1", "returned", "M1", appeal_id="A1")
    org.decide_appeal("A1", "maintain", "no receipt", "insp")
    org.file_appeal("V2", "ill", "M2", appeal_id="A2")
    org.reverse("D1", "double entry", "insp", entry_id="R1")
    before = ledger_fingerprint(org)
    with pytest.raises(error, match=message):
        act(org)
    assert ledger_fingerprint(org) == before


def test_a_revoked_entry_cannot_be_appealed_or_revoked_again(org):
    org.file_appeal("V1", "returned", "M1", appeal_id="A1")
    org.decide_appeal("A1", "revoke", "receipt", "insp")
    before = ledger_fingerprint(org)
    with pytest.raises(Refused, match="entry V1 has already been reversed; there is nothing left to appeal"):
        org.file_appeal("V1", "and again", "M1")
    with pytest.raises(Refused, match="appeal A1 has already been decided: revoked"):
        org.decide_appeal("A1", "revoke", "again", "insp")
    assert ledger_fingerprint(org) == before


def test_an_entry_reversed_while_appealed_cannot_be_decided(org):
    org.file_appeal("V2", "ill", "M2", appeal_id="A2")
    org.reverse("V2", "recorded for the wrong member", "insp")
    before = ledger_fingerprint(org)
    for decision in ("revoke", "maintain"):
        with pytest.raises(Refused, match="entry V2 has been reversed since appeal A2 was filed; "
                                          "there is nothing left to decide"):
            org.decide_appeal("A2", decision, "x", "insp")
    assert ledger_fingerprint(org) == before


def test_a_dry_run_revocation_shows_the_change_and_writes_nothing(org):
    org.file_appeal("V1", "returned", "M1", appeal_id="A1")
    before = ledger_fingerprint(org)
    preview = org.preview(lambda: org.decide_appeal("A1", "revoke", "receipt", "insp"))
    assert ledger_fingerprint(org) == before
    changes = {(c["figure"], c["subject_id"], c["month"]): (c["old"], c["new"]) for c in preview["changes"]}
    assert changes[("member_month", "M1", "2026-03")] == (-19.0, 1.0)
    assert changes[("branch_month", "B1", "2026-03")] == (42.0, 52.0)
