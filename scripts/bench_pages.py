"""How long the server takes to render each page for a branch of 1,000 members.

    python scripts/bench_pages.py                 # SQLite and PostgreSQL, 1,000 members
    python scripts/bench_pages.py --db sqlite --members 200 --rounds 5

Requests go in process through Starlette's TestClient (no network, no browser), logged in as
the branch's secretary and as an auditor, so the figure is the server's own time: routing,
access check, queries, template. Writes docs/benchmarks-web.md (or --out).
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
import uuid
from datetime import date, datetime, timezone
from decimal import Decimal
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from commands.service.ledger import open_ledger  # noqa: E402
from commands.web.site import create_site  # noqa: E402

PG_ADMIN = os.environ.get("STARLEDGER_TEST_PG", "postgresql+psycopg2://postgres:postgres@127.0.0.1:5432/postgres")
TODAY = date(2026, 11, 21)
PASSWORD = "bench-password-1"
LIMIT_MS = 300


def build(url: str, members: int) -> None:
    """One committee, one branch of `members` members, a month of meetings, dues and study."""
    ledger = open_ledger(url, today=lambda: TODAY)
    try:
        ledger.init("bench")
        ledger.add_unit("C1", "党委", "committee", None, "bench")
        ledger.add_branch("B1", "第一支部", "production", "C1", date(2024, 1, 1), "bench")
        ids = [f"M{n:04d}" for n in range(1, members + 1)]
        with ledger.batch():
            for member_id in ids:
                ledger.add_member(member_id, f"党员{member_id}", "B1", date(2025, 1, 1), "full", "bench")
        with ledger.batch():
            for day, kind in ((3, "assembly"), (10, "lecture"), (17, "group")):
                ledger.record_meeting("B1", kind, date(2026, 11, day), ids[:-5], ids[-5:-2], ids[-2:], "bench")
            for member_id in ids:
                ledger.record_dues(member_id, "2026-11", Decimal("30"), date(2026, 11, 5), "bench")
                ledger.record_study(member_id, date(2026, 11, 12), "党章", "bench")
        for name, role, scope in (("sec", "secretary", "B1"), ("aud", "auditor", "C1")):
            ledger.add_user(name, role, scope, "bench")
            ledger.set_password(name, PASSWORD, "bench")
        ledger.catch_up()
    finally:
        ledger.close()


PAGES = [
    ("sec", "branch roster", "/branches/B1?month=2026-11"),
    ("sec", "dues table", "/branches/B1/dues?month=2026-11"),
    ("sec", "meeting form", "/meetings/new?branch=B1"),
    ("sec", "study form", "/entries/new?kind=study&member=M0001"),
    ("aud", "stars", "/stars?month=2026-11"),
    ("aud", "member month", "/members/M0001?month=2026-11"),
    ("aud", "member as of", "/members/M0001?month=2026-11&as_of={now}"),
    ("aud", "history", "/history/M0001"),
]


def measure(url: str, rounds: int) -> list[tuple[str, str, float, float, int]]:
    results = []
    now = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S")  # after the build: every entry counts
    with TestClient(create_site(url, today=lambda: TODAY, secure_cookies=False)) as client:
        for user in ("sec", "aud"):
            client.cookies.clear()
            client.post("/login", data={"username": user, "password": PASSWORD}, follow_redirects=False)
            for who, name, path in PAGES:
                if who != user:
                    continue
                path = path.format(now=now)
                assert client.get(path).status_code == 200, path  # warm: caches, templates
                times = []
                for _ in range(rounds):
                    start = time.perf_counter()
                    response = client.get(path)
                    times.append((time.perf_counter() - start) * 1000)
                    assert response.status_code == 200, (path, response.status_code)
                results.append((name, path, statistics.median(times), max(times), len(response.content)))
    return results


def database(kind: str, folder: str):
    if kind == "sqlite":
        return f"sqlite:///{folder}/bench-web.db", lambda: None
    admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    name = "sl_bench_web_" + uuid.uuid4().hex[:8]
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
    return f"{PG_ADMIN.rsplit('/', 1)[0]}/{name}", drop


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--members", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--out", default=str(Path(__file__).resolve().parent.parent / "docs" / "benchmarks-web.md"))
    args = parser.parse_args()
    kinds = ["sqlite", "postgresql"] if args.db == "both" else [args.db]
    lines = [f"# Page rendering times: a branch of {args.members:,} members",
             "", f"`python scripts/bench_pages.py --members {args.members} --rounds {args.rounds}` on "
             f"{platform.python_implementation()} {platform.python_version()}, {os.cpu_count()} cores. "
             f"Server time per request (in process, no network), median and slowest of {args.rounds}; "
             f"the target is under {LIMIT_MS} ms.", ""]
    with tempfile.TemporaryDirectory() as folder:
        for kind in kinds:
            url, drop = database(kind, folder)
            try:
                build(url, args.members)
                rows = measure(url, args.rounds)
            finally:
                drop()
            lines += [f"## {kind}", "", "| page | path | median ms | slowest ms | bytes | under target |",
                      "| --- | --- | ---: | ---: | ---: | --- |"]
            lines += [f"| {name} | `{path}` | {median:.0f} | {worst:.0f} | {size:,} | "
                      f"{'yes' if worst < LIMIT_MS else 'NO'} |" for name, path, median, worst, size in rows]
            lines.append("")
            print("\n".join(lines[-len(rows) - 3:]))
    Path(args.out).write_text("\n".join(lines), encoding="utf-8")


if __name__ == "__main__":
    main()
