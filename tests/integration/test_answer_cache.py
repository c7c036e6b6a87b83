"""Answers kept for logged-in users (commands/service/queries/answer_cache.py): given again only while
the ledger stands still, and only to the caller they were made for."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import event

from commands.service.access.query_access import answer_for
from commands.service.ledger import open_ledger
from commands.service.queries.branch_queries import Stars
from commands.service.queries.member_queries import ExplainMember, MemberScore
from ledger.errors import NotFound
from tests.builders import small_org
from tests.conftest import TODAY

NOVEMBER = "2026-11"


@pytest.fixture
def org(ledger):
    small_org(ledger)
    ledger.li_token = ledger.add_user("li", "auditor", "C1", "admin")["token"]
    ledger.add_user("wang", "secretary", "B1", "admin")
    ledger.record_study("M1", date(2026, 11, 2), "学习", "sec")
    return ledger


def asked_twice(ledger, user, query):
    """The answer once the read model is settled (a write leaves branch-months to settle), and
    the answer asked again."""
    answer_for(ledger, user, Stars(month=NOVEMBER))
    first = answer_for(ledger, user, query)
    return first, answer_for(ledger, user, query)


def test_an_answer_is_given_again_while_nothing_moves(org):
    first, again = asked_twice(org, org.find_user("li"), MemberScore(member="M1", month=NOVEMBER))
    assert again is first
    assert first["total"] == 1.0


def test_a_write_from_another_process_is_in_the_next_answer(org, db_url):
    auditor = org.find_user("li")
    first, _ = asked_twice(org, auditor, MemberScore(member="M1", month=NOVEMBER))
    elsewhere = open_ledger(db_url, today=lambda: TODAY)
    try:
        elsewhere.record_study("M1", date(2026, 11, 3), "学习二", "sec")
    finally:
        elsewhere.close()
    assert first["total"] == 1.0
    assert answer_for(org, auditor, MemberScore(member="M1", month=NOVEMBER))["total"] == 2.0
    lines = answer_for(org, auditor, ExplainMember(member="M1", month=NOVEMBER))["lines"]
    assert sorted(line["detail"]["topic"] for line in lines if line["kind"] == "study") == ["学习", "学习二"]


def test_each_caller_keeps_their_own_answer(org):
    auditor, secretary = org.find_user("li"), org.find_user("wang")
    whole, _ = asked_twice(org, auditor, Stars(month=NOVEMBER))
    own, own_again = asked_twice(org, secretary, Stars(month=NOVEMBER))
    assert [row["branch_id"] for row in whole] == ["B2", "B1"]
    assert [row["branch_id"] for row in own] == [row["branch_id"] for row in own_again] == ["B1"]
    assert [row["branch_id"] for row in answer_for(org, auditor, Stars(month=NOVEMBER))] == ["B2", "B1"]


def test_a_new_scope_counts_at_once(org):
    secretary = org.find_user("wang")
    asked_twice(org, secretary, MemberScore(member="M1", month=NOVEMBER))
    org.change_role("wang", "secretary", "B2", "admin")
    with pytest.raises(NotFound):
        answer_for(org, org.find_user("wang"), MemberScore(member="M1", month=NOVEMBER))


def test_verify_is_never_kept(org):
    from commands.service.queries.audit_queries import Verify
    assert org.answers.key(org.find_user("li"), Verify(), TODAY) is None


def statements_on(*engines):
    seen: list[str] = []
    for engine in engines:
        event.listen(engine, "before_cursor_execute", lambda *args: seen.append(args[2]))
    return seen


def test_a_kept_answer_costs_only_the_query_that_identifies_the_caller(org):
    question = ExplainMember(member="M1", month=NOVEMBER)
    answer_for(org, org.find_user("li"), Stars(month=NOVEMBER))  # settles the branch-months
    caller = org.token_caller(org.li_token)
    first = answer_for(org, caller.user, question, currency=caller.currency)
    seen = statements_on(org.engine, org.probes)
    caller = org.token_caller(org.li_token)
    assert answer_for(org, caller.user, question, currency=caller.currency) is first
    assert len(seen) == 1, seen


def test_a_request_is_answered_as_of_its_callers_identification_and_the_next_sees_the_write(org, db_url):
    question = MemberScore(member="M1", month=NOVEMBER)
    answer_for(org, org.find_user("li"), Stars(month=NOVEMBER))  # settles the branch-months
    before = org.token_caller(org.li_token)
    assert answer_for(org, before.user, question, currency=before.currency)["total"] == 1.0
    elsewhere = open_ledger(db_url, today=lambda: TODAY)
    try:
        elsewhere.record_study("M1", date(2026, 11, 3), "学习二", "sec")
    finally:
        elsewhere.close()
    assert answer_for(org, before.user, question, currency=before.currency)["total"] == 1.0
    after = org.token_caller(org.li_token)
    assert answer_for(org, after.user, question, currency=after.currency)["total"] == 2.0


def test_a_caller_identified_while_the_read_model_is_behind_is_answered_after_it_catches_up(org, db_url):
    elsewhere = open_ledger(db_url, today=lambda: TODAY)
    elsewhere.projects_own_writes = False  # as a ledger written by an earlier version: a backlog
    try:
        elsewhere.record_study("M1", date(2026, 11, 3), "学习二", "sec")
    finally:
        elsewhere.close()
    caller = org.token_caller(org.li_token)
    with org.looking() as conn:
        assert org.projector.current_position(conn) is None
    assert answer_for(org, caller.user, MemberScore(member="M1", month=NOVEMBER),
                      currency=caller.currency)["total"] == 2.0


def test_on_postgresql_a_fresh_answer_is_read_on_the_connection_that_found_the_read_model_current(org):
    answer_for(org, org.find_user("li"), Stars(month=NOVEMBER))  # settles the branch-months
    caller = org.token_caller(org.li_token)
    main = statements_on(org.engine)
    explained = answer_for(org, caller.user, ExplainMember(member="M1", month=NOVEMBER), currency=caller.currency)
    assert explained["total"] == 1.0
    if org.engine.dialect.name == "postgresql":
        assert main == []
    else:  # SQLite reads in a transaction of its own: one snapshot through the whole answer
        assert len(main) >= 2


def test_the_check_before_every_read_seeks_the_event_log_by_its_index_and_never_scans_it(org):
    """It once asked for any event above the read model's position, which PostgreSQL planned
    as a scan of the whole log (46 ms a read with a million events)."""
    statement = org.projector.currency[True]
    sql = str(statement.compile(org.probes, compile_kwargs={"literal_binds": True}))
    postgresql = org.engine.dialect.name == "postgresql"
    with org.looking() as conn:
        plan = [str(row[0] if postgresql else row[3])
                for row in conn.exec_driver_sql(("EXPLAIN " if postgresql else "EXPLAIN QUERY PLAN ") + sql)]
    scans = [line for line in plan if "Seq Scan on starledger_events" in line or "SCAN starledger_events" in line]
    assert scans == [], plan
    assert any("starledger_events" in line for line in plan), plan
