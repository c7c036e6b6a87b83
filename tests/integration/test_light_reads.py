"""The read-only door (commands/service/reader.py) on both databases: it answers from a current
read model without opening the application, and goes through the application, which catches
up or rebuilds first, whenever the read model is not current."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import delete, select, update

from commands.service.models.model_base import build
from commands.service.queries.branch_queries import BranchScore
from commands.service.queries.member_queries import BranchRanking, MemberScore
from commands.service.reader import PROJECTION, SCHEMA, open_reader, read_model_current
from ledger.errors import Damaged, NotFound
from projections import projector
from projections import tables as t
from tests.builders import event_count
from tests.conftest import TODAY


def test_the_reader_knows_the_read_model_as_the_projector_names_it():
    assert (PROJECTION, SCHEMA) == (projector.NAME, projector.SCHEMA)


def _march(org) -> None:
    org.record_study("M1", date(2026, 3, 2), "t", "sec")
    org.record_meeting("B1", "assembly", date(2026, 3, 5), ["M1", "M2"], [], ["M4"], "sec")


def _answers(ledger) -> tuple:
    score = ledger.ask(build(MemberScore, {"member": "M1", "month": "2026-03"})).model_dump(mode="json")
    year = ledger.ask(build(MemberScore, {"member": "M2", "year": 2026})).model_dump(mode="json")
    ranking = ledger.ask(build(BranchRanking, {"branch": "B1", "month": "2026-03"})).model_dump(mode="json")
    return score, year, ranking


def test_a_current_read_model_answers_without_the_application(org):
    _march(org)
    org.catch_up()
    expected = _answers(org)
    events = event_count(org)
    reader = open_reader(org.engine.url.render_as_string(hide_password=False), today=lambda: TODAY)
    try:
        assert _answers(reader) == expected
        assert expected[0]["total"] == 3.0
        assert reader._ledger is None  # the application was never opened
    finally:
        reader.close()
    assert event_count(org) == events


def test_a_read_model_behind_the_log_is_caught_up_through_the_application(org):
    _march(org)
    org.catch_up()
    expected = _answers(org)
    with org.engine.begin() as conn:  # a read model that has projected nothing yet
        for table in reversed(t.PROJECTED):
            conn.execute(delete(table))
        conn.execute(update(t.tracking).values(position=0))
    reader = open_reader(org.engine.url.render_as_string(hide_password=False), today=lambda: TODAY)
    try:
        with org.engine.connect() as conn:
            assert read_model_current(conn) is False
        assert _answers(reader) == expected
        assert reader._ledger is not None
        with org.engine.connect() as conn:
            assert read_model_current(conn) is True
            assert conn.execute(select(t.tracking.c.position)).scalar_one() == org.projector.position(conn)
    finally:
        reader.close()


def test_a_read_model_of_other_columns_goes_through_the_application(org):
    _march(org)
    org.catch_up()
    expected = _answers(org)
    with org.engine.begin() as conn:
        conn.execute(update(t.schema).where(t.schema.c.name == PROJECTION).values(fingerprint="older code"))
    reader = open_reader(org.engine.url.render_as_string(hide_password=False), today=lambda: TODAY)
    try:
        assert _answers(reader) == expected
        assert reader._ledger is not None
        with org.engine.connect() as conn:
            assert conn.execute(select(t.schema.c.fingerprint)).scalar_one() == SCHEMA
    finally:
        reader.close()


def test_refusals_read_the_same_through_the_reader(org):
    org.catch_up()
    reader = open_reader(org.engine.url.render_as_string(hide_password=False), today=lambda: TODAY)
    try:
        with pytest.raises(NotFound, match="^no member with id 'M9'$"):
            reader.ask(build(MemberScore, {"member": "M9", "month": "2026-03"}))
        assert reader._ledger is None
    finally:
        reader.close()


def test_a_log_cut_below_the_read_model_is_refused_as_the_application_refuses_it(org):
    _march(org)
    org.catch_up()
    with org.engine.begin() as conn:
        last = conn.execute(select(t.tracking.c.position)).scalar_one()
        conn.execute(delete(org.events_table).where(org.events_table.c.id == last))
    reader = open_reader(org.engine.url.render_as_string(hide_password=False), today=lambda: TODAY)
    try:
        with pytest.raises(Damaged) as through_reader:
            reader.ask(build(MemberScore, {"member": "M1", "month": "2026-03"}))
        with pytest.raises(Damaged) as through_application:
            org.ask(build(MemberScore, {"member": "M1", "month": "2026-03"}))
        assert str(through_reader.value) == str(through_application.value)
    finally:
        reader.close()


def test_member_figures_are_read_beside_stale_branch_months_and_branch_figures_settle_them(org):
    _march(org)  # writes project themselves and leave the branch-months they touch stale
    with org.engine.connect() as conn:
        assert conn.execute(select(t.stale_branch_months.c.month)).first() is not None
        assert read_model_current(conn, branches=False) is True
        assert read_model_current(conn) is False
    url = org.engine.url.render_as_string(hide_password=False)
    reader = open_reader(url, today=lambda: TODAY)
    try:
        member = reader.ask(build(MemberScore, {"member": "M1", "month": "2026-03"})).model_dump(mode="json")
        assert reader._ledger is None
        branch = reader.ask(build(BranchScore, {"branch": "B1", "month": "2026-03"})).model_dump(mode="json")
        assert reader._ledger is not None  # the application settled the stale branch-months first
    finally:
        reader.close()
    with org.engine.connect() as conn:
        assert conn.execute(select(t.stale_branch_months.c.month)).first() is None
    assert member == org.ask(build(MemberScore, {"member": "M1", "month": "2026-03"})).model_dump(mode="json")
    assert branch == org.ask(build(BranchScore, {"branch": "B1", "month": "2026-03"})).model_dump(mode="json")
    reader = open_reader(url, today=lambda: TODAY)
    try:
        assert reader.ask(build(BranchScore, {"branch": "B1", "month": "2026-03"})).model_dump(mode="json") == branch
        assert reader._ledger is None  # settled: the next branch read needs no application
    finally:
        reader.close()
