"""`starledger demo`: build a year of a realistic organisation, then report on its last month.

Every fact goes through the application's own commands (StarLedger methods), exactly as a
secretary or inspector would record it; the report reads the same queries `score`,
`explain` and `ranking` print.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Callable

from sqlalchemy import create_engine, inspect
from sqlalchemy.engine import make_url

from commands.service.ledger import StarLedger, open_ledger
from ledger.dates import last_day
from ledger.errors import Refused
from projections import queries
from projections.events import last_position, read_page
from commands.demo.branch import add_branch_assessments, branch_report
from commands.demo.org import BRANCHES, ORGANISER
from commands.demo import DEMO_DB  # noqa: F401  (re-exported; its home is the package)
from commands.demo.plan import SEED, Plan, make_plan

Progress = Callable[[str, int, int], None]  # (phase, done, total)
SHOWN = 5  # members at the top and at the bottom of the report


def clear_sqlite_file(url: str) -> Path | None:
    """Delete an earlier demo's SQLite file, returning it; refuse to delete anything else."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    path = Path(parsed.database)
    if not path.exists():
        return None
    if not _made_by_demo(url):
        raise Refused(f"{path} holds data the demo did not make; give the demo another file")
    for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal")):
        leftover.unlink(missing_ok=True)
    return path


def _made_by_demo(url: str) -> bool:
    """An empty file, or a ledger whose first event the demo's organiser recorded."""
    engine = create_engine(url)
    try:
        tables = inspect(engine).get_table_names()
    finally:
        engine.dispose()
    if not tables:
        return True
    if f"{StarLedger.name}_events" not in tables:
        return False
    ledger = open_ledger(url)
    try:
        with ledger.engine.connect() as conn:
            first = read_page(conn, ledger.events_table, ledger.mapper.transcoder, 0, 1)
    finally:
        ledger.close()
    return not first or first[0].data.get("actor") == ORGANISER


def shown_url(url: str) -> str:
    """The database URL for a report: never the password."""
    return make_url(url).render_as_string(hide_password=True)


def require_empty(ledger: StarLedger) -> None:
    """Other databases are never cleared: the demo only fills an empty one."""
    with ledger.engine.connect() as conn:
        events = last_position(conn, ledger.events_table)
    if events:
        raise Refused("the demo builds only into an empty database, and this one already holds a ledger")


def build(ledger: StarLedger, progress: Progress | None = None) -> tuple[Plan, dict]:
    """Record the whole plan through the application, then the year's branch reviews (which
    read the projected members), and bring the read model up to date."""
    plan = make_plan(ledger.today())
    steps = plan.ordered()
    ledger.init(ORGANISER)
    # A year of 9,000 writes is projected once at the end, in pages, instead of by each write:
    # the demo's first minute otherwise went on projecting one write at a time.
    ledger.projects_own_writes = False
    try:
        for done, step in enumerate(steps, start=1):
            getattr(ledger, step.method)(**step.kwargs)
            if progress is not None and (done % 50 == 0 or done == len(steps)):
                progress("recording", done, len(steps))
    finally:
        ledger.projects_own_writes = True
    ledger.catch_up(None if progress is None else lambda done, total: progress("projecting", done, total))
    reviews = add_branch_assessments(ledger, plan.months, random.Random(SEED + 1),
                                     None if progress is None else lambda done, total: progress("reviewing", done, total))
    ledger.catch_up()
    return plan, reviews


def report(ledger: StarLedger, plan: Plan, reviews: dict) -> dict:
    """The top and bottom members of the last month and the explanation of the lowest one;
    the branches' stars, a downgrade, alerts and the lowest branch explained."""
    month = plan.months[-1]
    with ledger.reading() as conn:
        ranked = []
        for branch_id, *_ in BRANCHES:
            for row in queries.branch_member_ranking(conn, branch_id, month):
                ranked.append((row["member_id"], branch_id, row["total"]))
        order = queries.competition_ranks([(member_id, total) for member_id, _, total in ranked])
        branch_of = {member_id: branch_id for member_id, branch_id, _ in ranked}
        chosen = order[:SHOWN] + order[-SHOWN:]
        rows = []
        for item in chosen:
            score = queries.member_month_score(conn, item["id"], month)
            rows.append({"rank": item["rank"], "member_id": item["id"],
                         "name": queries.require_member(conn, item["id"]).name,
                         "branch_id": branch_of[item["id"]], "total": score["total"],
                         "parts": score["parts"]})
        explained = queries.explain_member_month(conn, order[-1]["id"], month)
        events = last_position(conn, ledger.events_table)
    return {
        "month": month, "members": len(ranked), "branches": len(BRANCHES), "events": events,
        "period": {"from": plan.months[0], "to": month, "last_day": last_day(month).isoformat()},
        "top": rows[:SHOWN], "bottom": rows[SHOWN:], "explained": explained,
        "branch": {"reviews": reviews, **branch_report(ledger, month)},
    }
