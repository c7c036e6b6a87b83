"""Start-up cost of the command line: CPU time of `starledger --help` and of one read on a small
ledger, each set against importing the libraries alone.

    python scripts/bench_startup.py                 # 7 runs each, writes the section
    python scripts/bench_startup.py --runs 15 --no-write
    python scripts/bench_startup.py --starledger /other/checkout/.venv/bin/starledger   # another build
    python scripts/bench_startup.py --before /work/main/.venv/bin/starledger   # a column for the old build

CPU time (user + system) of each child process comes from resource.getrusage(RUSAGE_CHILDREN),
wall time from time.perf_counter; the median of the runs is reported (the machine is shared, so
the minimum is shown too). The section goes to docs/benchmarks-startup.md, which
scripts/bench_report.py appends to docs/benchmarks.md, and is replaced in docs/benchmarks.md now.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BARE = "import sqlalchemy, eventsourcing, pydantic, click"
TARGET = 1.5  # each command within 1.5 times the bare import
HEADING = "## Start-up (scripts/bench_startup.py)"


def measure(argv: list[str], runs: int, env: dict[str, str]) -> dict:
    """Median and minimum CPU seconds (user + system) and median wall seconds of `argv`."""
    cpu, wall = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        done = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
        wall.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if done.returncode != 0:
            raise SystemExit(f"{' '.join(argv)} failed: {done.stderr.decode()[-500:]}")
        cpu.append((after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime))
    return {"cpu": statistics.median(cpu), "cpu_min": min(cpu), "wall": statistics.median(wall)}


def small_ledger(starledger: str, folder: Path, env: dict[str, str]) -> str:
    """A ledger of one branch, two members and a few entries, built through the command line."""
    url = f"sqlite:///{folder}/small.db"
    for args in (["init"], ["unit", "add", "C1", "--name", "Committee", "--kind", "committee"],
                 ["branch", "add", "B1", "--name", "Workshop", "--category", "production", "--parent", "C1",
                  "--established", "2020-01-01"],
                 ["member", "add", "M1", "--name", "Li", "--branch", "B1", "--joined", "2024-01-01"],
                 ["member", "add", "M2", "--name", "Wang", "--branch", "B1", "--joined", "2024-01-01"],
                 ["record", "meeting", "B1", "--kind", "assembly", "--on", "2026-03-05", "--attended", "M1,M2"],
                 ["record", "study", "M1", "--on", "2026-03-06", "--topic", "t"]):
        subprocess.run([starledger, *args, "--db", url, "--by", "bench"], check=True, env=env,
                       stdout=subprocess.DEVNULL)
    # One read first, not measured: a build whose writes leave the projection to the next read
    # catches up here, so every build is measured on a current read model.
    subprocess.run([starledger, "months", "--db", url], check=True, env=env, stdout=subprocess.DEVNULL)
    return url


def run(starledger: str, runs: int) -> list[dict]:
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    python = str(Path(starledger).with_name("python"))
    with tempfile.TemporaryDirectory() as folder:
        url = small_ledger(starledger, Path(folder), env)
        cases = [
            ("bare import", f'python -c "{BARE}"', [python, "-c", BARE]),
            ("help", "starledger --help", [starledger, "--help"]),
            ("read", "starledger score member M1 --month 2026-03", [starledger, "score", "member", "M1",
                                                                      "--month", "2026-03", "--db", url]),
            ("read --json", "starledger ranking --branch B1 --month 2026-03 --json",
             [starledger, "ranking", "--branch", "B1", "--month", "2026-03", "--json", "--db", url]),
            ("store import", 'python -c "import eventsourcing_sqlalchemy.factory"',
             [python, "-c", "import sqlalchemy, eventsourcing, pydantic, click, eventsourcing_sqlalchemy.factory"]),
        ]
        results = []
        for key, shown, argv in cases:
            results.append({"key": key, "shown": shown, **measure(argv, runs, env)})
    bare = results[0]["cpu"]
    for result in results:
        result["ratio"] = result["cpu"] / bare
    return results


def section(results: list[dict], runs: int, before: list[dict] | None, command: str = "") -> str:
    lines = [HEADING, "",
             f"Command: `{command or f'.venv/bin/python scripts/bench_startup.py --runs {runs}'}`"
             + (" (the before columns: the build named by --before)." if before else "."), "",
             f"Run on {date.today().isoformat()}: Python {platform.python_version()}, {os.cpu_count()} CPUs "
             f"(shared with other work, so figures vary by ±20%), {runs} runs each; CPU seconds are user + "
             f"system of the child process. Target: `--help` and a read within {TARGET}× the bare import "
             f"of the libraries.", "",
             "| command | CPU s (median) | CPU s (min) | wall s | × bare import | target |"
             + (" before: CPU s | before: × bare |" if before else ""),
             "|---|---|---|---|---|---|" + ("---|---|" if before else "")]
    for n, r in enumerate(results):
        target = "" if r["key"] in ("bare import", "store import") else (
            "met" if r["ratio"] <= TARGET else "**missed**")
        old = f" {before[n]['cpu']:.3f} | {before[n]['ratio']:.2f} |" if before else ""
        lines.append(f"| `{r['shown']}` | {r['cpu']:.3f} | {r['cpu_min']:.3f} | {r['wall']:.3f} | "
                     f"{r['ratio']:.2f} | {target} |{old}")
    store = next(r for r in results if r["key"] == "store import")["ratio"]
    lines += ["", WHERE_THE_TIME_GOES.format(store=store, target=TARGET)]
    return "\n".join(lines) + "\n"


WHERE_THE_TIME_GOES = """\
Done: registering the commands imports click and the CLI modules only, and running a command
imports only the modules that register it (`COMMAND_MODULES` in `commands/cli/main.py`; `--help`
imports them all). The application, the event store, the command and query models, the read
models, rich, the spreadsheet and PDF libraries and the demo generator are imported inside the
command that needs them, and the few vocabularies click offers as choices live in
`ledger/terms.py`, which imports nothing.

A read (`score`, `explain`, `ranking`, `ledger`, the lists, `stars`, `alerts`, `pay`, `months`,
`audit reads`) opens `commands/service/reader.py`: a SQLAlchemy Core engine on the read-model
tables, not the eventsourcing application, whose store (`eventsourcing_sqlalchemy`) imports every
SQLAlchemy dialect through `sqlalchemy_utils` ({store:.2f}× the bare import on its own, last
row). It answers from the read model when that is current (the code's columns, projected up to
the log's head, the log not cut below it) and otherwise opens the application, which catches up
or rebuilds first, exactly as before. The Argon2 hash of the unknown-user stand-in is made on the
first login instead of at import (a third of a second for every command that opened the
application). The command line collects cyclic garbage less often while it imports, and freezes
the collector's objects when the command is done (`gc.freeze()` in `commands/cli/main.py`): the
interpreter's last collections at exit walked everything imported, about 0.09 s of a read.

What a read costs beyond the bare import now: pydantic building its first model (about 45 ms:
the bare import loads only pydantic's lazy package), the query and result models, the read-model
tables and queries, SQLite's dialect, and rich for a table (a `--json` read skips rich).
"""


def replace_section(path: Path, text: str) -> None:
    """Put the section in place of an earlier one (it runs to the next `## ` heading or the end)."""
    body = path.read_text(encoding="utf-8") if path.exists() else ""
    if HEADING in body:
        start = body.index(HEADING)
        rest = body[start + len(HEADING):]
        end = rest.find("\n## ")
        body = body[:start] + text + ("" if end < 0 else rest[end + 1:])
    else:
        body = body.rstrip("\n") + "\n\n" + text
    path.write_text(body, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--starledger", default=str(Path(sys.executable).with_name("starledger")))
    parser.add_argument("--before", default=None, help="Another build's starledger, measured alongside.")
    parser.add_argument("--no-write", action="store_true", help="Print the section only.")
    args = parser.parse_args()
    before = run(args.before, args.runs) if args.before else None
    shown = " ".join([".venv/bin/python scripts/bench_startup.py", *sys.argv[1:]])
    text = section(run(args.starledger, args.runs), args.runs, before, shown)
    print(text)
    if not args.no_write:
        (ROOT / "docs" / "benchmarks-startup.md").write_text(text, encoding="utf-8")
        replace_section(ROOT / "docs" / "benchmarks.md", text)


if __name__ == "__main__":
    main()
