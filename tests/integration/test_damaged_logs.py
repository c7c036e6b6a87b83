"""Events placed, damaged or removed behind the application's back: named, never crashed on.

Every fault here is made with plain SQL on the event table, on SQLite and PostgreSQL.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import delete, select, update

from commands.service.ledger import open_ledger
from commands.store.chain import chain
from ledger.errors import Damaged
from tests.builders import event_count
from tests.conftest import TODAY
from tests.reads import explain, month_score

VERIFY = "run `starledger verify` to see what is wrong with the log"


def _last_row(app):
    with app.engine.connect() as conn:
        return conn.execute(select(app.events_table).order_by(app.events_table.c.id.desc()).limit(1)).one()


def _place_copy_of_last_event(app, change) -> int:
    """Insert, with SQL, a copy of the last event as its stream's next version, its payload
    changed by `change(dict)`; returns the new event's position."""
    last = _last_row(app)
    data = json.loads(bytes(last.state))
    change(data)
    with app.engine.begin() as conn:
        conn.execute(app.events_table.insert().values(
            originator_id=last.originator_id, originator_version=last.originator_version + 1,
            topic=last.topic, state=json.dumps(data, separators=(",", ":")).encode()))
    return _last_row(app).id


def _deduction(org, entry_id: str = "d1") -> None:
    org.record_branch_deduction("B1", "2026-03", Decimal("1"), "c1", "late report", "sec", entry_id=entry_id)


def _fresh(url):
    return open_ledger(url, today=lambda: TODAY)


def test_an_event_the_read_model_cannot_take_is_named_by_reads_and_writes_go_on(org, org_url):
    _deduction(org)
    def without_points(data):
        data.pop("points")
        data["entry_id"] = "d2"
    placed = _place_copy_of_last_event(org, without_points)
    for read in (lambda: month_score(org, "M1", "2026-03"), lambda: explain(org, "M1", "2026-03")):
        with pytest.raises(Damaged) as refused:
            read()
        assert str(refused.value).startswith(
            f"the read model stopped at event {placed} (Branch.DeductionRecorded of stream ")
        assert str(refused.value).endswith(f"scores stay as they were before it. {VERIFY}")
    before = event_count(org)
    org.record_study("M2", date(2026, 3, 3), "Constitution", "sec", entry_id="s-after")
    assert event_count(org) == before + 1
    assert placed in [problem["event"] for problem in org.verify()["problems"]]


def test_a_number_too_large_for_the_read_model_is_named_not_crashed_on(org, org_url):
    _deduction(org)
    def huge(data):
        data["points"]["_data_"] = "1E+30"
        data["entry_id"] = "d-huge"
    placed = _place_copy_of_last_event(org, huge)
    if org_url.startswith("sqlite"):
        pytest.skip("SQLite keeps any number in a NUMERIC column; only PostgreSQL's numeric(14, 4) overflows")
    with pytest.raises(Damaged) as refused:
        explain(org, "M1", "2026-03")
    assert str(refused.value).startswith(f"the read model stopped at event {placed} (Branch.DeductionRecorded")
    assert "NumericValueOutOfRange" in str(refused.value)
    with pytest.raises(Damaged) as refused:
        org.projector.rebuild()
    assert str(refused.value).startswith("the rebuild stopped: the read model cannot take ")
    assert "NumericValueOutOfRange" in str(refused.value)


def _damage_payload(app, position: int) -> None:
    state = bytes(select_state(app, position))
    with app.engine.begin() as conn:
        conn.execute(update(app.events_table).where(app.events_table.c.id == position)
                     .values(state=state.replace(b'"topic":"', b'"topic":"\xff', 1)))


def select_state(app, position: int) -> bytes:
    with app.engine.connect() as conn:
        return conn.execute(select(app.events_table.c.state).where(app.events_table.c.id == position)).scalar_one()


def test_a_payload_that_does_not_decode_is_named_by_reads_rebuild_and_writes(org, org_url):
    org.record_study("M1", date(2026, 3, 3), "Constitution", "sec", entry_id="s1")
    # Placed behind the application's back, so the read model has not yet taken it (a write
    # projects its own events as it commits; damage to an event already counted is verify's)
    damaged = _place_copy_of_last_event(org, lambda data: data.update(entry_id="s1-copy"))
    _damage_payload(org, damaged)
    named = f"event {damaged} (version "
    ending = f"Member.StudyRecorded) is damaged: its stored payload does not decode (UnicodeDecodeError); {VERIFY}"
    app = _fresh(org_url)  # a new process: nothing of M1 in memory
    try:
        for attempt in (lambda: month_score(app, "M1", "2026-03"), app.projector.rebuild,
                        lambda: app.record_study("M1", date(2026, 3, 4), "Party history", "sec")):
            with pytest.raises(Damaged) as refused:
                attempt()
            assert str(refused.value).startswith(named) and str(refused.value).endswith(ending)
        before = event_count(app)
        app.record_study("M2", date(2026, 3, 4), "Party history", "sec", entry_id="s-m2")
        assert event_count(app) == before + 1
    finally:
        app.close()


def _cut_last_event(app) -> int:
    last = _last_row(app).id
    with app.engine.begin() as conn:
        conn.execute(delete(app.events_table).where(app.events_table.c.id == last))
        conn.execute(delete(chain).where(chain.c.notification_id == last))
    return last


def test_a_log_cut_below_the_read_model_stops_the_next_write_and_read(org, org_url):
    empty = month_score(org, "M1", "2026-03")["total"]
    org.record_study("M1", date(2026, 3, 3), "Constitution", "sec", entry_id="s1")
    studied = month_score(org, "M1", "2026-03")["total"]
    assert studied > empty
    cut = _cut_last_event(org)
    message = (f"the event log no longer holds event {cut}, which the read model has already counted: events "
               f"were removed outside the application; nothing was written. Run `starledger verify`, "
               f"then `starledger rebuild`")
    app = _fresh(org_url)
    try:
        before = event_count(app)
        with pytest.raises(Damaged) as refused:
            app.record_study("M2", date(2026, 3, 4), "Party history", "sec", entry_id="s2")
        assert str(refused.value) == message
        assert event_count(app) == before
        with pytest.raises(Damaged) as refused:
            month_score(app, "M2", "2026-03")
        assert str(refused.value) == message
        assert [(p["event"], p["kind"]) for p in app.verify()["problems"]] == [(cut, "truncated")]
        app.projector.rebuild()
        assert month_score(app, "M1", "2026-03")["total"] == empty  # the cut event is gone from the scores
        app.record_study("M2", date(2026, 3, 4), "Party history", "sec", entry_id="s2")
        assert month_score(app, "M2", "2026-03")["total"] == studied  # acknowledged and counted
    finally:
        app.close()
