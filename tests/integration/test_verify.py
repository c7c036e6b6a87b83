"""Tamper evidence: changes made to the event table behind the application's back are found."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from sqlalchemy import delete, func, insert, select, update

from commands.service.handlers.verify import verify
from commands.service.ledger import open_ledger
from commands.store.chain import chain
from ledger.errors import Refused
from ledger.ids import stream_id
from ledger.organisation import Unit
from tests.builders import event_count, small_org


@pytest.fixture
def org(ledger):
    small_org(ledger)
    ledger.record_dues("M1", "2026-03", Decimal("10"), date(2026, 3, 10), "sec", entry_id="d1")
    ledger.record_study("M2", date(2026, 3, 12), "Constitution", "sec", entry_id="s1")
    ledger.record_meeting("B1", "assembly", date(2026, 3, 5), ["M1", "M2"], ["M3"], [], "sec",
                          meeting_id="mt1")
    ledger.reverse("s1", "wrong member", "sec", entry_id="r1")
    return ledger


def check(ledger) -> dict:
    return verify(ledger.engine, ledger.events_table, ledger.mapper.transcoder)


def kinds(report: dict) -> list[tuple[int | None, str]]:
    return [(p["event"], p["kind"]) for p in report["problems"]]


def row(ledger, position: int):
    with ledger.engine.connect() as conn:
        return conn.execute(select(ledger.events_table).where(ledger.events_table.c.id == position)).one()


def position_of(ledger, name: str, nth: int = 0) -> int:
    """Position of the nth stored event whose topic ends with `name` (e.g. "Member.DuesPaid")."""
    with ledger.engine.connect() as conn:
        rows = conn.execute(select(ledger.events_table.c.id, ledger.events_table.c.topic)
                            .order_by(ledger.events_table.c.id)).all()
    return [pos for pos, topic in rows if topic.endswith(":" + name)][nth]


def write(ledger, statement) -> None:
    with ledger.engine.begin() as conn:
        conn.execute(statement)


def test_untouched_ledger_verifies(org):
    report = check(org)
    assert report["ok"] is True
    assert report["problems"] == []
    assert report["events"] == report["chained"] == event_count(org)
    assert report["head"]["event"] == event_count(org)


def test_one_changed_byte_in_a_payload_is_named(org):
    dues = position_of(org, "Member.DuesPaid")
    state = bytes(row(org, dues).state)
    changed = state.replace(b"2026-03-10", b"2026-03-11", 1)
    assert sum(a != b for a, b in zip(state, changed)) == 1
    write(org, update(org.events_table).where(org.events_table.c.id == dues).values(state=changed))
    report = check(org)
    assert report["ok"] is False
    assert kinds(report) == [(dues, "changed")]
    assert report["problems"][0]["about"] == "member M1"
    assert "payload" in report["problems"][0]["message"]


def test_a_deleted_event_is_named(org):
    study = position_of(org, "Member.StudyRecorded")
    write(org, delete(org.events_table).where(org.events_table.c.id == study))
    report = check(org)
    assert kinds(report) == [(study, "missing")]
    assert report["problems"][0]["message"] == f"event {study} (version 2 of its stream) was deleted from the log"
    assert report["problems"][0]["about"] == "member M2"


def test_two_swapped_events_are_named(org):
    first, second = position_of(org, "Member.DuesPaid"), position_of(org, "Member.StudyRecorded")
    a, b = row(org, first), row(org, second)
    table = org.events_table
    write(org, update(table).where(table.c.id == first).values(topic=b.topic, state=b.state))
    write(org, update(table).where(table.c.id == second).values(topic=a.topic, state=a.state))
    report = check(org)
    assert kinds(report) == [(first, "moved"), (second, "moved")]
    assert report["problems"][0]["message"] == (
        f"event {first} holds the content recorded as event {second}: stored events were swapped or reordered")


def test_a_forged_inserted_event_is_named(org):
    dues = row(org, position_of(org, "Member.DuesPaid"))
    forged_state = bytes(dues.state).replace(b'"d1"', b'"d9"').replace(b"2026-03", b"2026-04")
    version = org.repository.get(dues.originator_id).version + 1
    write(org, insert(org.events_table).values(originator_id=dues.originator_id, originator_version=version,
                                               topic=dues.topic, state=forged_state))
    forged = event_count(org)
    report = check(org)
    assert kinds(report) == [(forged, "unchained")]
    assert "added behind the application's back" in report["problems"][0]["message"]


def test_a_deleted_last_event_is_named(org):
    last = event_count(org)
    org.catch_up()
    write(org, delete(org.events_table).where(org.events_table.c.id == last))
    report = check(org)
    assert kinds(report) == [(last, "missing"), (last, "truncated")]


def test_a_deleted_last_event_and_its_chain_row_are_found_by_the_noted_head(org):
    org.projects_own_writes = False  # a last event the read model has not counted: no "truncated"
    org.add_unit("C9", "Ninth", "committee", None, "sec")
    noted = check(org)["head"]
    write(org, delete(org.events_table).where(org.events_table.c.id == noted["event"]))
    write(org, delete(chain).where(chain.c.notification_id == noted["event"]))
    report = verify(org.engine, org.events_table, org.mapper.transcoder, anchor=noted["hash"])
    assert kinds(report) == [(None, "anchor_missing")]
    assert verify(org.engine, org.events_table, org.mapper.transcoder, anchor=check(org)["head"]["hash"])["ok"] is True


def test_a_rewritten_chain_row_is_named(org):
    target = position_of(org, "Member.DuesPaid")
    write(org, update(chain).where(chain.c.notification_id == target).values(event_hash="f" * 64))
    assert kinds(check(org)) == [(target, "chain_altered"), (target, "changed")]


def test_a_deleted_event_with_its_chain_row_breaks_the_links(org):
    study = position_of(org, "Member.StudyRecorded")
    write(org, delete(org.events_table).where(org.events_table.c.id == study))
    write(org, delete(chain).where(chain.c.notification_id == study))
    m2_attends = position_of(org, "Member.AttendanceRecorded", nth=1)  # M2's next event
    assert kinds(check(org)) == [(study + 1, "link_broken"), (m2_attends, "stream_broken")]


def test_a_ledger_written_before_the_chain_says_so_plainly(org):
    write(org, delete(chain))
    report = check(org)
    total = event_count(org)
    assert kinds(report) == [(1, "not_chained")]
    assert report["problems"][0]["message"] == (
        f"events 1 to {total} ({total} events) were recorded before the ledger kept a hash chain "
        f"(this ledger has no chain at all); they cannot be verified")
    org.add_unit("C2", "Second committee", "committee", None, "sec")
    assert kinds(check(org)) == [(1, "not_chained")]


def test_a_bare_save_is_chained_in_its_own_transaction(org):
    org.save(Unit(unit_id="C9", name="Bare", kind="committee", parent_id=None,
                  occurred_on=date(2026, 1, 1), actor="sec"))
    with org.engine.connect() as conn:
        chained = conn.execute(select(chain.c.stream_id).order_by(chain.c.notification_id.desc())).first()
    assert chained.stream_id == stream_id("unit", "C9").hex
    assert check(org)["ok"] is True


def test_a_write_that_fails_leaves_neither_event_nor_chain_row(org):
    before = event_count(org)
    with pytest.raises(Refused):
        org.record_dues("M1", "2026-03", Decimal("10"), date(2026, 3, 11), "sec")
    with org.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(chain)).scalar_one() == before
    assert event_count(org) == before


def test_sqlite_reusing_a_deleted_position_is_refused(ledger, db_url):
    ledger.projects_own_writes = False  # the read model behind: a cut above it is the chain's to find
    small_org(ledger)
    last = event_count(ledger)
    write(ledger, delete(ledger.events_table).where(ledger.events_table.c.id == last))
    if db_url.startswith("sqlite"):
        with pytest.raises(Refused, match="changed outside the application"):
            ledger.add_unit("C3", "Third", "committee", None, "sec")
        assert event_count(ledger) == last - 1
    else:  # PostgreSQL's sequence never hands a position out twice
        ledger.add_unit("C3", "Third", "committee", None, "sec")
    assert (last, "missing") in kinds(check(ledger))


def test_many_new_aggregates_in_one_save_are_chained_in_log_order(ledger):
    units = [Unit(unit_id=f"U{n}", name=f"Unit {n}", kind="committee", parent_id=None,
                  occurred_on=date(2026, 1, 1), actor="bulk") for n in range(300)]
    ledger.save(*units)
    report = check(ledger)
    assert report["ok"] is True and report["chained"] == 301


@pytest.mark.slow
def test_an_untouched_ledger_of_100000_events_verifies(ledger):
    """Built through the application, 2,000 new aggregates a save; verified page by page. (Not
    projected as written: what is checked is the chain, and projecting 100,000 units took longer.)"""
    ledger.projects_own_writes = False
    for start in range(0, 99_999, 2000):
        ledger.save(*[Unit(unit_id=f"U{n}", name=f"Unit {n}", kind="committee", parent_id=None,
                           occurred_on=date(2026, 1, 1), actor="bulk") for n in range(start, min(start + 2000, 99_999))])
    assert event_count(ledger) == 100_000
    seen: list[tuple[int, int]] = []
    report = verify(ledger.engine, ledger.events_table, ledger.mapper.transcoder,
                    progress=lambda done, total: seen.append((done, total)))
    assert report["ok"] is True
    assert (report["events"], report["chained"], report["head"]["event"]) == (100_000, 100_000, 100_000)
    assert len(seen) == 101 and seen[-1] == (100_000, 100_000)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_one_changed_byte_names_its_event(org, data):
    total = event_count(org)
    position = data.draw(st.integers(1, total), label="position")
    state = bytes(row(org, position).state)
    index = data.draw(st.integers(0, len(state) - 1), label="byte")
    changed = state[:index] + bytes([(state[index] + 1) % 256]) + state[index + 1:]
    table = org.events_table
    write(org, update(table).where(table.c.id == position).values(state=changed))
    try:
        assert kinds(check(org)) == [(position, "changed")]
    finally:
        write(org, update(table).where(table.c.id == position).values(state=state))


def test_concurrent_writers_never_chain_onto_the_same_event(ledger, db_url):
    """Two applications saving at once: the log order is serial, so the chain stays one line."""
    apps = [open_ledger(db_url, today=lambda: date(2026, 11, 21)) for _ in range(2)]

    def write_units(app, prefix):
        for n in range(15):
            app.save(Unit(unit_id=f"{prefix}{n}", name="u", kind="committee", parent_id=None,
                          occurred_on=date(2026, 1, 1), actor=prefix))
    try:
        with ThreadPoolExecutor(max_workers=2) as pool:
            for done in [pool.submit(write_units, app, prefix) for app, prefix in zip(apps, ("A", "B"))]:
                done.result()
    finally:
        for app in apps:
            app.close()
    report = check(ledger)
    assert (report["ok"], report["chained"]) == (True, 31)
