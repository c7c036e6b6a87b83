"""Writers racing on the same members and the same entry ids, on both databases.

Each writer thread has an application object of its own (as separate processes would): the
ledger must retry conflicts itself, never show a driver error, never lose or double a write.
"""

from __future__ import annotations

import json
import threading
import time
import traceback
from datetime import date

import pytest
from sqlalchemy import func, select

from commands.service.ledger import open_ledger
from commands.service.models.entry_commands import RecordDues, RecordStudy
from commands.store.entry_index import entry_index
from ledger.errors import LedgerError
from tests.conftest import TODAY
from tests.reads import member_ledger

WRITERS = 8
ROUNDS = 6
MEMBERS = ["M1", "M2"]


def _race(url: str, work) -> tuple[list[str], list[str], dict]:
    """Run `work(app, writer, round)` in WRITERS threads at once; collects results and errors."""
    tracebacks: list[str] = []
    refusals: list[str] = []
    acknowledged: dict = {}
    start = threading.Barrier(WRITERS)

    def writer(number: int) -> None:
        app = open_ledger(url, today=lambda: TODAY)
        try:
            start.wait()
            for round_ in range(ROUNDS):
                try:
                    acknowledged[(number, round_)] = work(app, number, round_)
                except LedgerError as error:
                    refusals.append(str(error))
                except Exception:
                    tracebacks.append(traceback.format_exc())
        finally:
            app.close()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return tracebacks, refusals, acknowledged


def _entry_ids(org, member_id: str) -> list[str]:
    return sorted(line["entry_id"] for line in member_ledger(org, member_id)["entries"])


def test_eight_writers_on_two_members_lose_nothing_and_double_nothing(org_url, org):
    def study(app, number, round_):
        member = MEMBERS[(number + round_) % 2]
        return app.execute(RecordStudy(member=member, on=date(2026, 3, 1 + round_), topic=f"topic {number}",
                                       entry_id=f"w{number}-r{round_}"), "sec")

    tracebacks, refusals, acknowledged = _race(org_url, study)
    assert tracebacks == []
    assert refusals == []
    assert len(acknowledged) == WRITERS * ROUNDS
    stored = _entry_ids(org, "M1") + _entry_ids(org, "M2")
    assert sorted(stored) == sorted(result["entry_id"] for result in acknowledged.values())


def test_writers_repeating_the_same_entry_ids_get_the_first_result(org_url, org):
    def dues(app, number, round_):
        return app.execute(RecordDues(member=MEMBERS[round_ % 2], month=f"2026-0{1 + round_}", amount="25",
                                      paid_on=date(2026, 1 + round_, 10), entry_id=f"shared-{round_}"), "sec")

    tracebacks, refusals, acknowledged = _race(org_url, dues)
    assert tracebacks == []
    assert refusals == []
    assert len(acknowledged) == WRITERS * ROUNDS
    for (number, round_), result in acknowledged.items():
        assert result == {"entry_id": f"shared-{round_}"}
    assert _entry_ids(org, "M1") == ["shared-0", "shared-2", "shared-4"]
    assert _entry_ids(org, "M2") == ["shared-1", "shared-3", "shared-5"]


def test_writers_reusing_an_entry_id_for_different_content_are_refused_plainly(org_url, org):
    def study(app, number, round_):
        return app.execute(RecordStudy(member="M1", on=date(2026, 3, 1), topic=f"topic {number}",
                                       entry_id=f"same-{round_}"), "sec")

    tracebacks, refusals, acknowledged = _race(org_url, study)
    assert tracebacks == []
    assert len(acknowledged) == ROUNDS  # one writer wins each id
    assert sorted(set(refusals)) == [f"entry id same-{r} is already used by a different entry" for r in range(ROUNDS)]
    assert len(refusals) == (WRITERS - 1) * ROUNDS
    with org.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(entry_index)
                            .where(entry_index.c.entry_id.like("same-%"))).scalar_one() == ROUNDS
    assert _entry_ids(org, "M1") == [f"same-{r}" for r in range(ROUNDS)]


WRITER_PROCESS = """
import json, sys
from datetime import date
from decimal import Decimal
from commands.service.ledger import open_ledger
from commands.service.models.entry_commands import RecordDues, RecordStudy
from ledger.errors import LedgerError
url, number = sys.argv[1], int(sys.argv[2])
with open_ledger(url, today=lambda: date(2026, 11, 21)) as app:
    for round_ in range(6):
        try:
            own = app.execute(RecordStudy(member=["M1", "M2"][(number + round_) % 2], on=date(2026, 3, 1 + round_),
                                          topic="t", entry_id=f"p{number}-r{round_}"), "sec")
            shared = app.execute(RecordDues(member=["M1", "M2"][round_ % 2], month=f"2026-0{1 + round_}",
                                            amount="25", paid_on=date(2026, 1 + round_, 10),
                                            entry_id=f"shared-{round_}"), "sec")
            print(json.dumps([own, shared]), flush=True)
        except LedgerError as error:
            print(json.dumps({"refused": str(error)}), flush=True)
"""


def test_eight_writer_processes_race_without_a_traceback_or_a_lost_write(org_url, org):
    import subprocess
    import sys
    from pathlib import Path
    root = Path(__file__).resolve().parents[2]
    processes = [subprocess.Popen([sys.executable, "-c", WRITER_PROCESS, org_url, str(n)], cwd=root,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for n in range(WRITERS)]
    outputs = [process.communicate(timeout=300) for process in processes]
    assert [(process.returncode, err) for process, (_, err) in zip(processes, outputs)] == [(0, "")] * WRITERS
    results = [json.loads(line) for out, _ in outputs for line in out.splitlines()]
    assert len(results) == WRITERS * ROUNDS and not [r for r in results if "refused" in r]
    assert {json.dumps(shared, sort_keys=True) for _, shared in results} == {
        json.dumps({"entry_id": f"shared-{r}"}) for r in range(ROUNDS)}
    stored = _entry_ids(org, "M1") + _entry_ids(org, "M2")
    assert sorted(stored) == sorted([own["entry_id"] for own, _ in results] + [f"shared-{r}" for r in range(ROUNDS)])


@pytest.mark.slow
def test_a_write_waits_for_another_process_holding_the_sqlite_write_lock(org_url, org):
    if not org_url.startswith("sqlite"):
        pytest.skip("PostgreSQL writers wait for row and table locks without a timeout of their own")
    import sqlite3
    holder = sqlite3.connect(org_url.split("///", 1)[1], isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")  # the write lock, held longer than the driver's default 5 s wait

    def release() -> None:
        time.sleep(7)
        holder.execute("ROLLBACK")

    releaser = threading.Thread(target=release)
    releaser.start()
    started = time.monotonic()
    result = org.execute(RecordStudy(member="M1", on=date(2026, 3, 1), topic="t", entry_id="waited"), "sec")
    releaser.join()
    holder.close()
    assert result == {"entry_id": "waited"}
    assert time.monotonic() - started >= 6.5
