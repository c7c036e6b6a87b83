"""starledger benchmarks: ingest, rebuild, explain and verify, each against the raw database.

    python scripts/bench.py --quick            # about 50,000 entries, both databases
    python scripts/bench.py                    # about 1,000,000 entries (200 branches, 10,000 members, 24 months)
    python scripts/bench.py --db sqlite        # one database only

Writes docs/benchmarks.md and docs/benchmarks.json (or --out / --json-out).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import sys
import tempfile
import time
import uuid
from datetime import date
from pathlib import Path
from typing import Any, Callable

from sqlalchemy import create_engine, func, select, text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from commands.service.ledger import StarLedger, open_ledger  # noqa: E402
from projections import queries  # noqa: E402
from projections.branch_explain import explain_branch_month  # noqa: E402
from projections import tables as t  # noqa: E402
from scripts import bench_data, bench_raw  # noqa: E402
from scripts.bench_report import write_report  # noqa: E402

PG_ADMIN = os.environ.get("STARLEDGER_TEST_PG", "postgresql+psycopg2://postgres:postgres@127.0.0.1:5432/postgres")
TODAY = date(2026, 11, 21)
ENTRY_COMMANDS = {"record_meeting", "record_dues", "record_study", "record_rating", "record_duty",
                  "record_commendation", "record_award", "record_violation", "reverse"}


def entries_of(name: str, kwargs: dict) -> int:
    if name == "record_meeting":
        return len(kwargs["attended"]) + len(kwargs["excused"]) + len(kwargs["absent"])
    return 1 if name in ENTRY_COMMANDS else 0


def say(message: str) -> None:
    print(message, flush=True)


class Database:
    """A fresh database for one run: an SQLite file, or a PostgreSQL database of its own."""

    def __init__(self, kind: str, folder: Path):
        self.kind = kind
        if kind == "sqlite":
            self.url = f"sqlite:///{folder}/bench.db"
            self._admin = None
        else:
            self.name = "sl_bench_" + uuid.uuid4().hex[:10]
            self._admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
            with self._admin.connect() as conn:
                conn.execute(text(f'CREATE DATABASE "{self.name}"'))
            self.url = PG_ADMIN.rsplit("/", 1)[0] + "/" + self.name

    def drop(self) -> None:
        if self._admin is not None:
            with self._admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)'))
            self._admin.dispose()


def run_commands(ledger: StarLedger, commands: list[tuple[str, dict]]) -> int:
    entries = 0
    for name, kwargs in commands:
        getattr(ledger, name)(actor="bench", **kwargs)
        entries += entries_of(name, kwargs)
    return entries


def import_batch(ledger: StarLedger, commands: list[tuple[str, dict]]) -> int:
    """The bulk path: one batch, timed with its commit."""
    with ledger.batch():
        return run_commands(ledger, commands)


def timed(fn: Callable[[], Any]) -> tuple[Any, float]:
    start = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - start


def percentiles(samples: list[float]) -> dict:
    ordered = sorted(samples)
    pick = lambda q: ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000  # noqa: E731
    return {"p50_ms": round(pick(0.50), 3), "p95_ms": round(pick(0.95), 3), "p99_ms": round(pick(0.99), 3),
            "mean_ms": round(statistics.mean(ordered) * 1000, 3), "samples": len(ordered)}


def heavy_member_commands(size: bench_data.Size, months: list[str]) -> list[tuple[str, dict]]:
    """One member with well over 1,000 entries: study and duty most days, every month."""
    person = bench_data.member_id(size, 0, 0)
    commands = []
    for month in months:
        year, mon = int(month[:4]), int(month[5:])
        for day in range(1, 28):
            commands.append(("record_study", dict(member_id=person, on=date(year, mon, day), topic="daily study")))
            if day % 2:
                commands.append(("record_duty", dict(member_id=person, on=date(year, mon, day), kind="volunteer")))
    return commands


def bench_database(kind: str, size: bench_data.Size, seed: int) -> dict:
    # A long-running service keeps every member's aggregate warm; say so rather than hide it.
    os.environ.setdefault("STARLEDGER_CACHE_SIZE", str(size.members + 1000))
    folder = Path(tempfile.mkdtemp(prefix="starledger-bench-"))
    database = Database(kind, folder)
    figures: dict[str, Any] = {"database": kind}
    started = time.perf_counter()
    try:
        ledger = open_ledger(database.url, today=lambda: TODAY)
        ledger.init("bench")
        with ledger.batch():
            run_commands(ledger, list(bench_data.organisation(size)))
        months = bench_data.months(size)
        rng, recorded = random.Random(seed), []
        by_month = [list(bench_data.month_commands(size, month, rng, recorded)) for month in months]
        by_month[0] += heavy_member_commands(size, months)

        # 1. bulk ingest: the history before the last month as one import (one batch, one commit)
        ledger.catch_up()
        history = [command for commands in by_month[:-1] for command in commands]
        bulk_entries, bulk_seconds = timed(lambda: import_batch(ledger, history))
        say(f"  [{kind}] bulk import of {len(months) - 1} months: {bulk_entries:,} entries, "
            f"{bulk_entries / bulk_seconds:,.0f} entries/s")
        figures["bulk_ingest"] = {"entries": bulk_entries, "seconds": round(bulk_seconds, 2),
                                  "per_second": round(bulk_entries / bulk_seconds)}

        # 2. ingest as entries really arrive: one meeting per save, one dues entry per save
        last = by_month[-1]
        meetings = [c for c in last if c[0] == "record_meeting"][: max(50, size.branches)]
        dues = [c for c in last if c[0] == "record_dues"][: max(500, size.members // 5)]
        count, seconds = timed(lambda: run_commands(ledger, meetings))
        figures["meeting_per_save"] = {"saves": len(meetings), "entries": count, "seconds": round(seconds, 2),
                                       "per_second": round(count / seconds),
                                       "entries_per_save": round(count / len(meetings), 1)}
        count, seconds = timed(lambda: run_commands(ledger, dues))
        figures["dues_per_save"] = {"saves": len(dues), "seconds": round(seconds, 2),
                                    "per_second": round(count / seconds)}
        done = {id(c) for c in meetings + dues}
        with ledger.batch():
            run_commands(ledger, [c for c in last if id(c) not in done])
        say(f"  [{kind}] one meeting per save: {figures['meeting_per_save']['per_second']:,} entries/s; "
            f"one dues per save: {figures['dues_per_save']['per_second']:,} entries/s")

        with ledger.engine.connect() as conn:
            events = conn.execute(select(func.count()).select_from(ledger.events_table)).scalar_one()
            entries_total = conn.execute(text("SELECT count(*) FROM starledger_entry_index")).scalar_one()
        figures["ledger"] = {"events": events, "entries": entries_total, "members": size.members + 0,
                             "branches": size.branches, "months": size.months}

        # 3. rebuild of every projection
        count, seconds = timed(lambda: ledger.projector.rebuild())
        figures["rebuild"] = {"events": count, "seconds": round(seconds, 2), "per_second": round(count / seconds)}
        say(f"  [{kind}] rebuild: {count:,} events in {seconds:.1f}s")

        # 4. explain latency
        figures["explain"] = explain_latencies(ledger, size, months, seed)
        say(f"  [{kind}] explain member-month p95 {figures['explain']['member_month']['p95_ms']} ms")

        # 5. verify, when the ledger has it
        result, seconds = timed(lambda: ledger.verify())
        figures["verify"] = {"events": events, "seconds": round(seconds, 2), "per_second": round(events / seconds),
                             "ok": result["ok"]}
        say(f"  [{kind}] verify: {events:,} events in {seconds:.1f}s, ok={result['ok']}")

        # 6. the machine's raw limits, same database, same run, same number of rows
        figures["raw"] = raw_limits(ledger.engine, events, figures)
        ledger.close()
    finally:
        database.drop()
    figures["ratios"] = ratios(figures)
    figures["seconds"] = round(time.perf_counter() - started, 1)
    return figures


def explain_latencies(ledger: StarLedger, size: bench_data.Size, months: list[str], seed: int) -> dict:
    rng = random.Random(seed + 1)
    samples, heavy = [], []
    heavy_id = bench_data.member_id(size, 0, 0)
    ledger.catch_up()
    with ledger.engine.connect() as conn:
        heavy_entries = conn.execute(select(func.count()).select_from(t.entries)
                                     .where(t.entries.c.member_id == heavy_id)).scalar_one()
        for _ in range(1000):
            member = bench_data.member_id(size, rng.randrange(size.branches), rng.randrange(size.members_per_branch))
            month = rng.choice(months)
            samples.append(timed(lambda: queries.explain_member_month(conn, member, month))[1])
        for _ in range(200):
            heavy.append(timed(lambda: queries.explain_member_month(conn, heavy_id, rng.choice(months)))[1])
        result = {"member_month": percentiles(samples),
                  "heavy_member": {**percentiles(heavy), "entries": heavy_entries}}
        branch_samples = []
        for _ in range(200):
            branch = f"B{rng.randrange(size.branches):04d}"
            month = rng.choice(months)
            branch_samples.append(timed(lambda: explain_branch_month(conn, branch, month, "2026-11"))[1])
        result["branch_month"] = percentiles(branch_samples)
    return result


def raw_limits(engine: Any, events: int, figures: dict) -> dict:
    rows = bench_raw.make_rows(events)
    raw: dict[str, Any] = {"rows": events}
    raw["batched_insert_per_second"] = round(bench_raw.batched_insert(engine, rows))
    copy = bench_raw.copy_insert(engine, rows)
    raw["copy_per_second"] = round(copy) if copy else None
    per_meeting = max(1, round(figures["meeting_per_save"]["entries_per_save"]) + 1)
    sample = rows[: min(len(rows), 20000)]
    raw["small_batch_rows_per_commit"] = per_meeting
    raw["small_batch_per_second"] = round(bench_raw.small_batch_commits(engine, sample, per_meeting))
    raw["one_row_per_commit_per_second"] = round(bench_raw.small_batch_commits(engine, sample[:3000], 1))
    bench_raw.batched_insert(engine, rows)
    raw["fetch_decode_fold_per_second"] = round(bench_raw.fetch_decode_fold(engine)[0])
    raw["fetch_hash_per_second"] = round(bench_raw.fetch_hash(engine))
    bench_raw.drop(engine)
    return raw


def ratios(f: dict) -> dict:
    raw = f["raw"]
    best_bulk = max(raw["batched_insert_per_second"], raw["copy_per_second"] or 0)
    result = {
        "bulk_ingest_vs_batched_insert": round(f["bulk_ingest"]["per_second"] / raw["batched_insert_per_second"], 3),
        "bulk_ingest_vs_best_raw": round(f["bulk_ingest"]["per_second"] / best_bulk, 3),
        "meeting_per_save_vs_small_batch": round(f["meeting_per_save"]["per_second"] / raw["small_batch_per_second"], 3),
        "dues_per_save_vs_one_row_commit": round(f["dues_per_save"]["per_second"] / raw["one_row_per_commit_per_second"], 3),
        "rebuild_vs_fetch_decode_fold": round(f["rebuild"]["per_second"] / raw["fetch_decode_fold_per_second"], 3),
    }
    if "verify" in f:
        result["verify_vs_fetch_hash"] = round(f["verify"]["per_second"] / raw["fetch_hash_per_second"], 3)
    return result


def machine() -> dict:
    import eventsourcing
    import sqlalchemy
    return {"python": platform.python_version(), "platform": platform.platform(), "cpus": os.cpu_count(),
            "eventsourcing": eventsourcing.__version__ if hasattr(eventsourcing, "__version__") else "9.5",
            "sqlalchemy": sqlalchemy.__version__, "date": date.today().isoformat()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="about 50,000 entries instead of 1,000,000")
    parser.add_argument("--db", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, default=Path("docs/benchmarks.md"))
    parser.add_argument("--json-out", type=Path, default=Path("docs/benchmarks.json"))
    args = parser.parse_args(argv)
    size = bench_data.QUICK if args.quick else bench_data.FULL
    kinds = ["sqlite", "postgresql"] if args.db == "both" else [args.db]
    results = {"mode": "quick" if args.quick else "full", "size": size.__dict__, "machine": machine(),
               "databases": {}}
    started = time.perf_counter()
    for kind in kinds:
        say(f"{kind}: {size.branches} branches, {size.members} members, {size.months} months")
        results["databases"][kind] = bench_database(kind, size, args.seed)
    results["seconds"] = round(time.perf_counter() - started, 1)
    args.json_out.parent.mkdir(parents=True, exist_ok=True)
    args.json_out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    write_report(results, args.out)
    say(f"wrote {args.out} and {args.json_out} in {results['seconds']}s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
