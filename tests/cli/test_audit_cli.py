"""The auditor's commands end to end: verify, history and rebuild, on both databases."""

from __future__ import annotations

import json
import re
from datetime import date
from decimal import Decimal

import pytest
from click.testing import CliRunner
from sqlalchemy import delete, select, update

from commands.store.chain import chain
from commands.cli.main import cli
from projections import tables as t
from tests.builders import event_count, ledger_fingerprint, small_org


@pytest.fixture
def org(ledger):
    small_org(ledger)
    ledger.record_dues("M1", "2026-03", Decimal("10"), date(2026, 3, 10), "treasurer", entry_id="d1")
    ledger.record_study("M1", date(2026, 3, 12), "Constitution", "sec", entry_id="s1")
    ledger.reverse("s1", "wrong member", "inspector", entry_id="x1")
    ledger.catch_up()
    return ledger


@pytest.fixture
def run(db_url):
    def invoke(*args: str, code: int = 0):
        result = CliRunner().invoke(cli, [*args, "--db", db_url])
        assert result.exit_code == code, result.output
        return json.loads(result.output) if "--json" in args and result.output.startswith(("{", "[")) else result.output
    return invoke


def tamper(ledger, statement) -> None:
    with ledger.engine.begin() as conn:
        conn.execute(statement)


def test_verify_says_ok_and_prints_the_head_to_note(org, run):
    before = ledger_fingerprint(org)
    output = run("verify")
    total = event_count(org)
    assert re.fullmatch(rf"OK: {total} events verified; chain head is event {total}, hash [0-9a-f]{{64}}\n", output)
    report = run("verify", "--json")
    assert (report["ok"], report["events"], report["chained"], report["problems"]) == (True, total, total, [])
    assert run("verify", "--anchor", report["head"]["hash"]) == output
    assert ledger_fingerprint(org) == before


def test_verify_names_a_changed_event_and_exits_1(org, run):
    dues = 12  # rule book, 2 units, 2 branches, 6 members, then the dues
    table = org.events_table
    with org.engine.connect() as conn:
        state = bytes(conn.execute(select(table.c.state).where(table.c.id == dues)).scalar_one())
    tamper(org, update(table).where(table.c.id == dues).values(state=state + b" "))
    report = run("verify", "--json", code=1)
    assert report["ok"] is False
    assert [(p["event"], p["kind"], p["about"]) for p in report["problems"]] == [(dues, "changed", "member M1")]
    output = run("verify", code=1)
    assert "BROKEN: 1 problem in 14 events" in output
    assert "event 12 was changed: its stored type or payload is not what was recorded" in " ".join(output.split())


def test_verify_with_a_noted_head_finds_a_cut_off_end(org, run):
    head = run("verify", "--json")["head"]
    tamper(org, delete(org.events_table).where(org.events_table.c.id == head["event"]))
    tamper(org, delete(chain).where(chain.c.notification_id == head["event"]))
    tamper(org, update(t.tracking).values(position=0))  # hide the read model's witness too
    run("verify")
    report = run("verify", "--anchor", head["hash"], "--json", code=1)
    assert [p["kind"] for p in report["problems"]] == ["anchor_missing"]


@pytest.mark.sqlite_only  # printing and parsing, not database behaviour
def test_verify_refuses_a_malformed_anchor(org, run):
    before = ledger_fingerprint(org)
    assert "a chain hash is 64 hexadecimal characters" in run("verify", "--anchor", "abc", code=2)
    assert ledger_fingerprint(org) == before


def test_verify_of_a_ledger_without_a_chain_says_so(org, run):
    tamper(org, delete(chain))
    output = " ".join(run("verify", code=1).split())
    assert "events 1 to 14 (14 events) were recorded before the ledger kept a hash chain" in output


def test_history_of_a_member_as_json_and_as_a_table(org, run):
    data = run("history", "M1", "--json")
    assert [(e["event"], e["actor"]) for e in data["events"]] == [
        ("Member.Enrolled", "sec"), ("Member.DuesPaid", "treasurer"), ("Member.StudyRecorded", "sec"),
        ("Member.EntryReversed", "inspector")]
    table = run("history", "M1")
    assert "member M1: 4 events" in table
    assert "entry_id=d1, month=2026-03, amount=10" in table


def test_history_of_an_entry(org, run):
    data = run("history", "s1", "--json")
    assert (data["recording"]["event"], data["reversal"]["event"], data["reversal"]["detail"]["reason"]) == (
        "Member.StudyRecorded", "Member.EntryReversed", "wrong member")
    assert "entry d1 (dues) on member M1, not reversed" in run("history", "d1")


def test_history_refusals_write_nothing(org, run):
    before = ledger_fingerprint(org)
    assert run("history", "NOPE", code=1) == "error: no member, branch, unit, rule book, user or entry with id 'NOPE'\n"
    assert "Invalid value for '--kind'" in run("history", "M1", "--kind", "planet", code=2)
    assert ledger_fingerprint(org) == before


def test_rebuild_says_identical_then_names_a_tampered_table(org, run):
    result = run("rebuild", "--json")
    assert (result["events"], result["identical"]) == (14, True)
    assert set(result["tables"]["sl_entries"]) >= {"before", "after", "identical"}
    assert run("rebuild") == "rebuilt from 14 events: identical to the previous rows\n"

    tamper(org, update(t.entries).where(t.entries.c.entry_id == "d1").values(actor="someone else"))
    output = run("rebuild", code=1)  # differing rows: exit 1, so a script can tell
    assert output.startswith("rebuilt from 14 events: 1 table differed from the previous rows; "
                             "the rebuilt rows are now in place\n")
    assert "sl_entries" in output and "d1 (changed)" in output
    assert run("rebuild", "--json")["identical"] is True


def test_history_table_marks_a_damaged_event(org, run):
    tamper(org, update(org.events_table).where(org.events_table.c.id == 12).values(state=b"{}"))
    output = " ".join(run("history", "M1").split())
    assert "UNREADABLE: the stored bytes do not decode; run starledger verify" in output


def test_rebuild_exits_1_when_rows_differed_and_0_when_identical_also_with_json(org, run):
    assert run("rebuild", "--json")["identical"] is True  # exit 0 checked by run
    tamper(org, update(t.entries).where(t.entries.c.entry_id == "d1").values(actor="someone else"))
    result = run("rebuild", "--json", code=1)
    assert (result["identical"], result["tables"]["sl_entries"]["identical"]) == (False, False)
    assert run("rebuild", "--json")["identical"] is True  # the rebuilt rows stayed: identical now
