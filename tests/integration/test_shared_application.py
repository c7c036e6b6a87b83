"""One application object serves many threads at once, as an HTTP server's worker pool will:
each call gets its own unit of work, and the cache is shared safely."""

from __future__ import annotations

import threading
import time
from collections import Counter
from datetime import date

import pytest

from commands.service.ledger import open_ledger
from commands.service.models.entry_commands import RecordDues, RecordMeeting, RecordStudy
from commands.service.queries.audit_queries import Rebuild, Verify
from commands.service.queries.member_queries import ExplainMember
from ledger.errors import Refused
from tests.conftest import TODAY

MEMBERS = ["M1", "M2", "M3", "M4", "M5"]
MONTHS = [f"2026-{month:02d}" for month in range(1, 11)]


@pytest.fixture
def pg_org(postgresql_org_template, tmp_path):
    """The small organisation on a PostgreSQL database of its own."""
    with postgresql_org_template.copy(tmp_path) as url:
        yield url


def _writer(ledger, number: int, stop: float, acknowledged: list, errors: list) -> None:
    count = 0
    while time.monotonic() < stop:
        count += 1
        member = MEMBERS[(number + count) % len(MEMBERS)]
        month = MONTHS[count % len(MONTHS)]
        entry_id = f"t{number}-{count}"
        try:
            if count % 7 == 0:
                command = RecordMeeting(branch="B1", kind="group", on=f"{month}-1{number}", attended=MEMBERS,
                                        entry_id=entry_id)
            elif count % 5 == 0:
                command = RecordDues(member=member, month=month, amount="10", paid_on=f"{month}-0{number + 1}",
                                     entry_id=entry_id)
            else:
                command = RecordStudy(member=member, on=f"{month}-{number + 10}", topic=f"学习 {count}",
                                      entry_id=entry_id)
            ledger.execute(command, f"writer {number}")
            if count % 3 == 0:  # the same write again: acknowledged once, stored once
                ledger.execute(command, f"writer {number}")
            acknowledged.append((entry_id, type(command).__name__))
        except Exception as error:  # a refusal is allowed (dues already paid), a crash is not
            if not isinstance(error, Refused) or "dues for" not in str(error):
                errors.append(repr(error))


def test_eight_threads_write_through_one_object_and_every_acknowledged_entry_is_there_once(pg_org):
    ledger = open_ledger(pg_org, today=lambda: TODAY)
    acknowledged: list = []
    errors: list = []
    stop = time.monotonic() + 10
    threads = [threading.Thread(target=_writer, args=(ledger, number, stop, acknowledged, errors))
               for number in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(acknowledged) > 50

    lines: Counter = Counter()
    for member in MEMBERS:
        for month in MONTHS:
            explained = ledger.ask(ExplainMember(member=member, month=month))
            lines.update(line.entry_id.split("/")[0] for line in explained.lines if line.entry_id.startswith("t"))
    expected = Counter()
    for entry_id, kind in acknowledged:
        expected[entry_id] += len(MEMBERS) if kind == "RecordMeeting" else 1
    assert lines == expected
    assert ledger.ask(Verify()).model_dump()["ok"] is True
    assert ledger.ask(Rebuild()).model_dump()["identical"] is True
    ledger.close()


def test_a_second_process_writes_are_seen_by_the_shared_object(pg_org):
    shared = open_ledger(pg_org, today=lambda: TODAY)
    other = open_ledger(pg_org, today=lambda: TODAY)
    shared.execute(RecordStudy(member="M1", on=date(2026, 3, 2), topic="a"), "one")
    other.execute(RecordStudy(member="M1", on=date(2026, 3, 3), topic="b", entry_id="from-other"), "two")
    shared.execute(RecordStudy(member="M1", on=date(2026, 3, 4), topic="c"), "one")
    explained = shared.ask(ExplainMember(member="M1", month="2026-03"))
    assert sum(1 for line in explained.lines if line.kind == "study") == 3
    assert "from-other" in [line.entry_id for line in explained.lines]
    shared.close()
    other.close()
