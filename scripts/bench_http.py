"""The HTTP service under load: recording meetings and member explains through `starledger serve`
on PostgreSQL, with 8 and 32 concurrent clients, against the same work done in-process by the
application in the same run.

    python scripts/bench_http.py                  # 20 s per measurement after 2 s of warm-up
    python scripts/bench_http.py --seconds 5      # a quick look

Each measurement first runs the same work for --warmup seconds, not counted (a fresh server's
first answers are computed, later ones kept); the p99 counting those seconds too is reported
beside. Prints a markdown section (and writes it to --out if given); targets: HTTP throughput at
least 0.6 of in-process, explain p99 under 50 ms with 32 clients.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import time
import uuid
from datetime import date
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

import httpx
from sqlalchemy import create_engine, text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from commands.service.access.command_access import authorise_command  # noqa: E402
from commands.service.access.query_access import answer_for  # noqa: E402
from commands.service.ledger import open_ledger  # noqa: E402
from commands.service.models.entry_commands import RecordMeeting  # noqa: E402
from commands.service.models.model_base import build as build_model  # noqa: E402
from commands.service.queries.member_queries import ExplainMember  # noqa: E402
from scripts import http_load  # noqa: E402

PG_ADMIN = os.environ.get("STARLEDGER_TEST_PG", "postgresql+psycopg2://postgres:postgres@127.0.0.1:5432/postgres")
BRANCHES, MEMBERS_PER_BRANCH = 8, 12
MEETING_DAY, MONTH = "2026-11-03", "2026-11"
MEETINGS_BEFORE = 30  # per branch, in the built ledger: each member's month then has about 30 lines
STARLEDGER = str(Path(sys.executable).with_name("starledger"))


def members_of(branch: int) -> list[str]:
    return [f"M{branch}-{n:02d}" for n in range(MEMBERS_PER_BRANCH)]


def build(url: str) -> dict[str, str]:
    """One committee, BRANCHES branches of MEMBERS_PER_BRANCH members, a secretary each and an auditor."""
    with open_ledger(url) as ledger:
        ledger.init("bench")
        ledger.add_unit("C1", "Committee", "committee", None, "bench")
        tokens = {"auditor": ledger.add_user("auditor", "auditor", "C1", "bench")["token"]}
        for branch in range(BRANCHES):
            ledger.add_branch(f"B{branch}", f"Branch {branch}", "production", "C1", date(2024, 1, 1), "bench")
            for member in members_of(branch):
                ledger.add_member(member, member, f"B{branch}", date(2025, 1, 1), "full", "bench")
                ledger.record_study(member, date(2026, 11, 2), "学习", "bench")
            tokens[f"B{branch}"] = ledger.add_user(f"sec{branch}", "secretary", f"B{branch}", "bench")["token"]
        for turn in range(MEETINGS_BEFORE * BRANCHES):  # so that an explain has lines to show
            body = meeting_body(turn % BRANCHES)
            ledger.record_meeting(body["branch"], "group", date.fromisoformat(MEETING_DAY), body["attended"],
                                  body["excused"], body["absent"], "bench")
        ledger.catch_up()
    return tokens


def database_url(name: str) -> str:
    return PG_ADMIN.rsplit("/", 1)[0] + "/" + name


@contextmanager
def copy_of(admin: Any, template: str) -> Iterator[tuple[str, str]]:
    """A fresh copy of the built ledger for one measurement: each starts from the same state
    (a meeting's cost grows with the meetings of its month, so a measurement after another one
    would be of a bigger ledger)."""
    name = f"{template}_{uuid.uuid4().hex[:6]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
    try:
        yield name, database_url(name)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def meeting_body(branch: int) -> dict:
    people = members_of(branch)
    return {"branch": f"B{branch}", "kind": "group", "on": MEETING_DAY, "attended": people[:-2],
            "excused": people[-2:-1], "absent": people[-1:]}


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def summary(latencies: list[float], seconds: float, errors: int) -> dict:
    return {"requests": len(latencies), "errors": errors, "per_second": round(len(latencies) / seconds, 1),
            "p50_ms": round(percentile(latencies, 0.50) * 1000, 1),
            "p95_ms": round(percentile(latencies, 0.95) * 1000, 1),
            "p99_ms": round(percentile(latencies, 0.99) * 1000, 1),
            "mean_ms": round(statistics.fmean(latencies) * 1000, 1)}


def over_http(base: str, tokens: dict[str, str], work: str, clients: int, seconds: float, warmup: float) -> dict:
    """`clients` connections, each asking again as soon as it is answered (scripts/http_load.py),
    measured after `warmup` seconds of the same work."""
    port = int(base.rsplit(":", 1)[1])
    per_client = []
    for number in range(clients):
        branch = number % BRANCHES
        if work == "meeting":
            per_client.append([http_load.request("POST", port, "/api/meetings", tokens[f"B{branch}"],
                                                 meeting_body(branch))])
        else:
            per_client.append([http_load.request(
                "GET", port, f"/api/members/{members_of((number + turn) % BRANCHES)[turn % MEMBERS_PER_BRANCH]}"
                f"/explain?month={MONTH}", tokens["auditor"]) for turn in range(BRANCHES * MEMBERS_PER_BRANCH)])
    latencies, warming, errors, cpu = http_load.run_in_process(port, per_client, seconds, warmup)
    from_cold = round(percentile(warming + latencies, 0.99) * 1000, 1)
    return {**summary(latencies, seconds, errors), "p99_from_cold_ms": from_cold,
            "load_generator_cpu_share": round(cpu / (warmup + seconds), 2)}


def in_process(url: str, tokens: dict[str, str], work: str, seconds: float, warmup: float) -> dict:
    """The same work through the application in this process, one call after another: what a
    route asks of the service layer (the token's user with the read model's position, the access
    check, the command or the query, and the answers it keeps), without HTTP; measured after
    `warmup` seconds of the same work, as over HTTP."""
    latencies: list[float] = []
    warming: list[float] = []
    with open_ledger(url) as ledger:
        def meeting(turn: int) -> Any:
            user = ledger.token_user(tokens[f"B{turn % BRANCHES}"])
            command = build_model(RecordMeeting, meeting_body(turn % BRANCHES))
            authorise_command(ledger, user, command)
            return ledger.execute(command, user.label)

        def explain(turn: int) -> Any:
            caller = ledger.token_caller(tokens["auditor"])
            member = members_of(turn % BRANCHES)[turn % MEMBERS_PER_BRANCH]
            return answer_for(ledger, caller.user, ExplainMember(member=member, month=MONTH), currency=caller.currency)

        action = meeting if work == "meeting" else explain
        measure_from = time.monotonic() + warmup
        stop, turn = measure_from + seconds, 0
        while (begun := time.monotonic()) < stop:
            turn += 1
            started = time.perf_counter()
            action(turn)
            (latencies if begun >= measure_from else warming).append(time.perf_counter() - started)
    return {**summary(latencies, seconds, 0), "p99_from_cold_ms": round(percentile(warming + latencies, 0.99) * 1000, 1)}


def serve(url: str, workers: int, log: Path) -> tuple[subprocess.Popen, str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen([STARLEDGER, "serve", "--db", url, "--port", str(port), "--workers", str(workers)],
                               stdout=log.open("w"), stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/api/me", timeout=2).status_code == 401:
                return process, base
        except httpx.TransportError:
            time.sleep(0.2)
    process.terminate()
    raise RuntimeError(f"starledger serve did not start; see {log}")


def report(results: dict, args: argparse.Namespace) -> str:
    lines = [f"## HTTP service (PostgreSQL, `starledger serve --workers {args.workers}`, {args.seconds:.0f} s each "
             f"after {args.warmup:.0f} s of warm-up, {os.cpu_count()} CPUs)", "",
             "| work | clients | requests/s | p50 ms | p95 ms | p99 ms | p99 ms from cold | errors | in-process/s "
             "| ratio | load generator CPU |",
             "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    for work in args.work:
        alone = results[f"{work}/in-process"]
        for clients in args.clients:
            r = results[f"{work}/{clients}"]
            lines.append(f"| {work} | {clients} | {r['per_second']} | {r['p50_ms']} | {r['p95_ms']} | {r['p99_ms']} "
                         f"| {r['p99_from_cold_ms']} | {r['errors']} | {alone['per_second']} | {r['per_second'] / alone['per_second']:.2f} "
                         f"| {r['load_generator_cpu_share']:.0%} of a CPU |")
    lines += ["", "Targets: HTTP throughput at least 0.6 of in-process; explain p99 under 50 ms with 32 clients.", ""]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--warmup", type=float, default=2, help="seconds of the same work before each measurement")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2,
                        help="uvicorn workers (default: one per CPU, as uvicorn advises)")
    parser.add_argument("--clients", type=int, nargs="+", default=[8, 32])
    parser.add_argument("--work", nargs="+", choices=["meeting", "explain"], default=["meeting", "explain"])
    parser.add_argument("--out", type=Path, default=None, help="Also write the markdown section here.")
    args = parser.parse_args()
    template = "sl_bench_http_" + uuid.uuid4().hex[:8]
    admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{template}"'))
    results: dict[str, dict] = {}
    try:
        tokens = build(database_url(template))
        for work in args.work:
            for mode in ["in-process", *args.clients]:
                with copy_of(admin, template) as (name, url):
                    if mode == "in-process":
                        results[f"{work}/in-process"] = in_process(url, tokens, work, args.seconds, args.warmup)
                    else:
                        process, base = serve(url, args.workers, Path(f"/tmp/{name}.log"))
                        try:
                            results[f"{work}/{mode}"] = over_http(base, tokens, work, int(mode), args.seconds,
                                                                 args.warmup)
                        finally:
                            process.terminate()
                            process.wait(timeout=30)
                print(work, mode, results[f"{work}/{mode}"], flush=True)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{template}" WITH (FORCE)'))
        admin.dispose()
    section = report(results, args)
    print(section)
    if args.out is not None:
        args.out.write_text(section, encoding="utf-8")


if __name__ == "__main__":
    main()
