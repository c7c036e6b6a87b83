"""Writers racing on the same members and the same entry ids, on both databases.

Each writer thread has an application object of its own (as separate processes would): the
ledger must retry conflicts itself, never show a driver error, never lose or double a write.
"""

from __future__ import annotations

import threading
import traceback
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select

from commands.service.ledger import open_ledger
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
        return app.record_study(member, date(2026, 3, 1 + round_), f"topic {number}", "sec",
                                entry_id=f"w{number}-r{round_}")

    tracebacks, refusals, acknowledged = _race(org_url, study)
    assert tracebacks == []
    assert refusals == []
    assert len(acknowledged) == WRITERS * ROUNDS
    stored = _entry_ids(org, "M1") + _entry_ids(org, "M2")
    assert sorted(stored) == sorted(result["entry_id"] for result in acknowledged.values())


def test_writers_repeating_the_same_entry_ids_get_the_first_result(org_url, org):
    def dues(app, number, round_):
        return app.record_dues(MEMBERS[round_ % 2], f"2026-0{1 + round_}", Decimal("25"),
                               date(2026, 1 + round_, 10), "sec", entry_id=f"shared-{round_}")

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
        return app.record_study("M1", date(2026, 3, 1), f"topic {number}", "sec", entry_id=f"same-{round_}")

    tracebacks, refusals, acknowledged = _race(org_url, study)
    assert tracebacks == []
    assert len(acknowledged) == ROUNDS  # one writer wins each id
    assert sorted(set(refusals)) == [f"entry id same-{r} is already used by a different entry" for r in range(ROUNDS)]
    assert len(refusals) == (WRITERS - 1) * ROUNDS
    with org.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(entry_index)
                            .where(entry_index.c.entry_id.like("same-%"))).scalar_one() == ROUNDS
    assert _entry_ids(org, "M1") == [f"same-{r}" for r in range(ROUNDS)]
