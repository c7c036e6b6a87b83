"""The deduction register (each deduction's story and status, with filters), its rebuild, and
the read audit: every look at members' deductions is recorded, and only those looks."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from ledger.errors import NotFound
from projections import tables as t
from projections.deductions import Filters, read_audit
from tests.builders import event_count, ledger_fingerprint

D = Decimal


@pytest.fixture
def org(org):
    """The small organisation (tests/integration/conftest.py) with the deductions of these tests."""
    org.transfer_member("M5", "B2", date(2026, 4, 1), "sec")
    org.record_violation("M1", date(2026, 3, 2), "gift", "纪〔2026〕3号", "DC", "insp", "report 7",
                         entry_id="V1")
    org.record_violation("M2", date(2026, 3, 9), "absent", "纪〔2026〕4号", "DC", "insp2", entry_id="V2")
    org.record_violation("M5", date(2026, 3, 20), "drunk", "纪〔2026〕5号", "DC", "insp", entry_id="V3")
    org.record_violation("M5", date(2026, 4, 20), "drunk again", "纪〔2026〕6号", "DC", "insp", entry_id="V4")
    org.record_branch_deduction("B1", "2026-03", D(3), "§2", "late report", "insp", entry_id="D1")
    org.record_veto("B2", "2026-04", "§4 veto", "accident", "insp", entry_id="X1")
    org.file_appeal("V1", "returned", "M1", appeal_id="A1")
    org.decide_appeal("A1", "revoke", "receipt produced", "insp2")
    org.file_appeal("V2", "ill", "M2", appeal_id="A2")
    org.decide_appeal("A2", "maintain", "no certificate", "insp")
    org.file_appeal("D1", "on time", "B1 secretary", appeal_id="A3")
    org.reverse("V3", "recorded twice", "insp", entry_id="R3")
    return org


def look(ledger, actor="inspector", **filters):
    return ledger.look_at_deductions(Filters(**filters), actor)


def story(row):
    return [(step["step"], step["by"], step["reason"], step.get("appeal_id")) for step in row["story"]]


def test_every_deduction_has_its_status_in_month_then_recorded_order(org):
    rows = look(org)
    assert [(r["entry_id"], r["kind"], r["member_id"], r["branch_id"], r["month"], r["points"], r["status"])
            for r in rows] == [
        ("V1", "violation", "M1", "B1", "2026-03", -20.0, "revoked"),
        ("V2", "violation", "M2", "B1", "2026-03", -20.0, "maintained"),
        ("V3", "violation", "M5", "B1", "2026-03", -20.0, "revoked"),
        ("D1", "branch_deduction", None, "B1", "2026-03", -3.0, "appealed"),
        ("V4", "violation", "M5", "B2", "2026-04", -20.0, "active"),
        ("X1", "veto", None, "B2", "2026-04", None, "active"),
    ]
    assert rows[0]["reference"] == {"decision": "纪〔2026〕3号", "issued_by": "DC", "evidence": "report 7"}
    assert rows[3]["reference"] == {"clause": "§2"}


def test_the_story_names_every_step_with_who_and_why(org):
    rows = {r["entry_id"]: r for r in look(org)}
    assert story(rows["V1"]) == [
        ("recorded", "insp", "gift", None), ("appealed", "M1", "returned", "A1"),
        ("revoked", "insp2", "receipt produced", "A1"),
        ("reversed", "insp2", "revoked on appeal A1: receipt produced", "A1")]
    assert rows["V1"]["story"][-1]["entry_id"] == "A1/revoked"
    assert story(rows["V2"]) == [
        ("recorded", "insp2", "absent", None), ("appealed", "M2", "ill", "A2"),
        ("maintained", "insp", "no certificate", "A2")]
    assert story(rows["V3"]) == [("recorded", "insp", "drunk", None), ("reversed", "insp", "recorded twice", None)]
    assert story(rows["D1"]) == [("recorded", "insp", "late report", None), ("appealed", "B1 secretary", "on time", "A3")]
    times = [step["at"] for step in rows["V1"]["story"]]
    assert times == sorted(times) and all(at.endswith("+00:00") for at in times)


@pytest.mark.parametrize("filters, expected", [
    (dict(branch="B1"), ["V1", "V2", "V3", "D1"]),  # M5 was in B1 on the day of V3
    (dict(branch="B2"), ["V4", "X1"]),
    (dict(member="M5"), ["V3", "V4"]),
    (dict(member="M3"), []),
    (dict(month_from="2026-04"), ["V4", "X1"]),
    (dict(month_to="2026-03", month_from="2026-03"), ["V1", "V2", "V3", "D1"]),
    (dict(status="active"), ["V4", "X1"]),
    (dict(status="appealed"), ["D1"]),
    (dict(status="maintained"), ["V2"]),
    (dict(status="revoked"), ["V1", "V3"]),
    (dict(inspector="insp2"), ["V2"]),
    (dict(branch="B1", status="revoked", inspector="insp"), ["V1", "V3"]),
])
def test_filters(org, filters, expected):
    assert [r["entry_id"] for r in look(org, **filters)] == expected


@pytest.mark.parametrize("filters, message", [
    (dict(member="M99"), "no member with id 'M99'"), (dict(branch="B9"), "no branch with id 'B9'")])
def test_an_unknown_member_or_branch_is_refused_and_nothing_is_recorded(org, filters, message):
    before = ledger_fingerprint(org)
    with pytest.raises(NotFound, match=message):
        look(org, **filters)
    assert ledger_fingerprint(org) == before


def test_a_look_at_members_deductions_is_recorded(org):
    look(org, actor="王芳", branch="B1", status="revoked")
    with org.reading() as conn:
        reads = read_audit(conn)
    assert [(r["by"], r["what"], r["filters"], r["members_shown"], r["rows"]) for r in reads] == [
        ("王芳", "deductions", {"branch": "B1", "status": "revoked"}, ["M1", "M5"], 2)]
    assert reads[0]["read_id"].startswith("r-") and reads[0]["at"].endswith("+00:00")


def test_naming_a_member_is_recorded_even_when_nothing_is_shown(org):
    look(org, actor="auditor", member="M3")
    with org.reading() as conn:
        assert [(r["by"], r["members_shown"], r["rows"]) for r in read_audit(conn, "M3")] == [("auditor", [], 0)]


def test_a_look_at_branch_rows_only_is_not_recorded(org):
    before = event_count(org)
    rows = look(org, status="appealed")
    assert [r["entry_id"] for r in rows] == ["D1"]
    assert event_count(org) == before


def test_audit_reads_by_member_lists_who_looked_at_whose_deductions(org):
    look(org, actor="insp", member="M1")
    look(org, actor="insp2", branch="B2")  # shows M5's V4
    look(org, actor="committee")  # shows M1, M2, M5
    with org.reading() as conn:
        assert [r["by"] for r in read_audit(conn, "M1")] == ["insp", "committee"]
        assert [r["by"] for r in read_audit(conn, "M5")] == ["insp2", "committee"]
        assert [r["by"] for r in read_audit(conn)] == ["insp", "insp2", "committee"]
    before = event_count(org)
    with org.reading() as conn:
        read_audit(conn, "M1")
    assert event_count(org) == before  # reading the audit is not a look at deductions


def projected(ledger):
    with ledger.engine.connect() as conn:
        return {table.name: sorted(tuple(row) for row in conn.execute(select(table)))
                for table in (t.appeals, t.reads, t.read_members, t.entries, t.branch_entries)}


def test_rebuild_from_zero_gives_the_incremental_rows(org):
    look(org, actor="insp", member="M1")
    look(org, actor="committee")
    org.file_appeal("V4", "not me", "M5", appeal_id="A4")
    org.catch_up()
    incremental = projected(org)
    assert [row[0] for row in incremental["sl_appeals"]] == ["A1", "A2", "A3", "A4"]
    assert len(incremental["sl_reads"]) == 2 and len(incremental["sl_read_members"]) == 4
    before = ledger_fingerprint(org)
    org.projector.rebuild()
    assert projected(org) == incremental
    assert ledger_fingerprint(org) == before
    assert [r["status"] for r in look(org)] == ["revoked", "maintained", "revoked", "appealed", "appealed", "active"]
