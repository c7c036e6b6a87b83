"""Closing a month: publication, notice window, objections, seal, and late entries."""

from __future__ import annotations

from datetime import date

import pytest

from commands.service.ledger import open_ledger
from ledger.errors import NotFound, Refused
from projections import queries
from projections.seal import month_digest
from tests.builders import ledger_fingerprint, small_org


@pytest.fixture
def org(ledger):
    small_org(ledger)
    ledger.record_study("M1", date(2026, 3, 2), "x", "sec", entry_id="S1")
    ledger.record_meeting("B1", "assembly", date(2026, 3, 4), ["M1", "M2"], [], [], "sec", meeting_id="MT1")
    return ledger


def scores(ledger, member_id, month):
    with ledger.reading() as conn:
        current = queries.member_month_score(conn, member_id, month)["total"]
        published = queries.member_month_score(conn, member_id, month,
                                               queries.published_as_of(conn, month))["total"]
    return current, published


def test_a_late_entry_changes_the_current_figure_but_never_the_published_one(org):
    org.close_month("2026-03", 5, "committee")
    result = org.record_study("M1", date(2026, 3, 20), "late study", "sec", late_reason="paper form found")
    assert result["late"] is True
    assert scores(org, "M1", "2026-03") == (4.0, 3.0)
    with org.reading() as conn:
        lines = queries.explain_member_month(conn, "M1", "2026-03")["lines"]
    assert [(line["entry_id"] == result["entry_id"], line["late"], line["late_reason"]) for line in lines] == [
        (False, False, None), (False, False, None), (True, True, "paper form found")]


def test_a_late_reversal_and_a_late_meeting_are_flagged(org):
    org.close_month("2026-03", 5, "committee")
    org.reverse("S1", "not held", "sec", late_reason="found in the audit")
    org.record_meeting("B1", "group", date(2026, 3, 25), ["M1"], [], ["M2"], "sec", late_reason="minutes arrived late")
    with org.reading() as conn:
        lines = {line["entry_id"]: line for line in queries.explain_member_month(conn, "M1", "2026-03")["lines"]}
    assert (lines["S1"]["reversed"], lines["S1"]["late"], lines["S1"]["late_reason"]) == (True, True, "found in the audit")
    late_meeting = [line for line in lines.values() if line["kind"] == "attendance" and line["late"]]
    assert [line["late_reason"] for line in late_meeting] == ["minutes arrived late"]
    assert scores(org, "M1", "2026-03") == (3.0, 3.0)  # -1 study, +1 group meeting
    assert scores(org, "M2", "2026-03") == (0.0, 2.0)


def test_a_write_for_a_closed_month_without_a_reason_is_refused_and_writes_nothing(org):
    org.close_month("2026-03", 5, "committee")
    before = ledger_fingerprint(org)
    with pytest.raises(Refused, match="month 2026-03 was closed on 2026-11-21; a late entry needs --late-reason"):
        org.record_study("M1", date(2026, 3, 20), "x", "sec")
    with pytest.raises(Refused, match="late entry needs --late-reason"):
        org.reverse("S1", "x", "sec")
    with pytest.raises(Refused, match="late entry needs --late-reason"):
        org.record_dues("M2", "2026-03", 5, date(2026, 4, 2), "sec")
    assert ledger_fingerprint(org) == before
    org.record_study("M1", date(2026, 4, 1), "x", "sec")  # April is open


def test_objections_block_the_seal_until_resolved_and_the_seal_digest_rechecks(org, db_url):
    org.close_month("2026-03", 1, "committee")
    objection = org.file_objection("2026-03", "M2", "my study is missing", "M2")["objection_id"]
    org.close()
    org = open_ledger(db_url, today=lambda: date(2026, 11, 22))  # the day after the window
    before = ledger_fingerprint(org)
    with pytest.raises(Refused, match=f"open objections \\({objection}\\)"):
        org.seal_month("2026-03", "committee")
    assert ledger_fingerprint(org) == before
    org.resolve_objection(objection, "added as a late entry", "committee")
    with pytest.raises(Refused, match="already resolved"):
        org.resolve_objection(objection, "again", "committee")
    sealed = org.seal_month("2026-03", "committee")
    assert sealed["entries"] == 4  # one study line, one meeting, two attendance lines
    with org.reading() as conn:
        closes = queries.month_closes(conn)
        assert closes[0]["seal_digest"] == sealed["digest"]
        sealed_at = queries.as_utc(conn.execute(
            queries.select(queries.t.month_closes.c.sealed_at)).scalar_one())
        assert month_digest(conn, "2026-03", sealed_at)["digest"] == sealed["digest"]
    # a later late correction changes the current digest, never the sealed one
    org.reverse("S1", "wrong", "sec", late_reason="audit")
    with org.reading() as conn:
        assert month_digest(conn, "2026-03")["digest"] != sealed["digest"]
        assert month_digest(conn, "2026-03", sealed_at)["digest"] == sealed["digest"]
    org.close()


def test_close_and_seal_refusals_write_nothing(org, db_url):
    before = ledger_fingerprint(org)
    with pytest.raises(Refused, match="month 2026-11 is not over yet"):
        org.close_month("2026-11", 5, "committee")
    with pytest.raises(NotFound, match="month 2026-03 has not been closed"):
        org.seal_month("2026-03", "committee")
    with pytest.raises(NotFound, match="has not been closed"):
        org.file_objection("2026-03", "M1", "x", "M1")
    assert ledger_fingerprint(org) == before
    org.close_month("2026-03", 5, "committee")
    before = ledger_fingerprint(org)
    with pytest.raises(Refused, match="already closed"):
        org.close_month("2026-03", 5, "committee")
    with pytest.raises(Refused, match="in its notice window until 2026-11-25"):
        org.seal_month("2026-03", "committee")
    assert ledger_fingerprint(org) == before
    later = open_ledger(db_url, today=lambda: date(2026, 11, 26))
    try:
        with pytest.raises(Refused, match="notice window of 2026-03 ended on 2026-11-25"):
            later.file_objection("2026-03", "M1", "too late", "M1")
        assert later.seal_month("2026-03", "committee")["entries"] == 4
        with pytest.raises(Refused, match="already sealed"):
            later.seal_month("2026-03", "committee")
    finally:
        later.close()


def test_published_figures_of_an_open_month_are_refused(org):
    with org.reading() as conn, pytest.raises(NotFound, match="2026-03 has not been closed"):
        queries.published_as_of(conn, "2026-03")


def test_rebuild_reproduces_closes_objections_and_late_flags(org):
    org.close_month("2026-03", 0, "committee")
    org.close_month("2026-02", 3, "committee")
    objection = org.file_objection("2026-02", "M2", "x", "M2")["objection_id"]
    org.resolve_objection(objection, "ok", "committee")
    org.record_study("M1", date(2026, 3, 9), "x", "sec", late_reason="late paper")
    org.reverse("S1", "wrong", "sec", late_reason="audit")
    org.seal_month("2026-03", "committee")
    before = ledger_fingerprint(org)
    org.projector.rebuild()
    assert ledger_fingerprint(org) == before


def test_the_seal_anchors_the_hash_chain_and_verify_checks_the_anchor(org):
    org.close_month("2026-03", 0, "committee")
    sealed = org.seal_month("2026-03", "committee")
    assert sealed["chain_position"] > 0 and len(sealed["chain_hash"]) == 64
    with org.reading() as conn:
        assert queries.month_closes(conn)[0]["chain_anchor"] == {
            "position": sealed["chain_position"], "hash": sealed["chain_hash"]}
    assert org.verify()["ok"] is True
    with org.engine.begin() as conn:  # someone rewrites the chain row the seal anchored
        conn.exec_driver_sql(f"UPDATE starledger_chain SET chain_hash = '{'0' * 64}' "
                             f"WHERE notification_id = {sealed['chain_position']}")
    report = org.verify()
    assert report["ok"] is False
    anchors = [p for p in report["problems"] if p["kind"] == "anchor"]
    assert [p["event"] for p in anchors] == [sealed["chain_position"]]
    assert "so the chain was rewritten" in anchors[0]["message"]
