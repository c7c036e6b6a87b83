"""How fast a filled-in entries sheet imports, against merely reading the same file.

Builds a SQLite ledger with 20 branches × 50 members, writes an entries sheet of N rows (dues,
study, ratings, duties, commendations, mixed as a year of 党员积分手册 would be), then times:
  read  - openpyxl in read-only mode, every cell of every row, nothing else;
  import - `import_sheet`: read, plan, run every row through its command in one batch, commit;
           and then the read model caught up, as the next reader of the ledger would need.
Prints a Markdown table and, with --write, puts it in docs/benchmarks.md under its own heading.

Run: .venv/bin/python scripts/bench_import.py [--rows 50000] [--write]
"""

from __future__ import annotations

import argparse
import platform
import re
import tempfile
import time
from datetime import date
from pathlib import Path

from openpyxl import Workbook, load_workbook

from commands.files.sheet_import import import_sheet
from commands.files.sheet_layout import ENTRIES
from commands.service.ledger import open_ledger

BRANCHES, PER_BRANCH = 20, 50
TODAY = date(2026, 11, 21)
HEADING = "## Importing an entries spreadsheet"


def build_org(url: str) -> None:
    with open_ledger(url, today=lambda: TODAY) as ledger:
        ledger.init("bench")
        ledger.add_unit("C1", "集团公司党委", "committee", None, "bench")
        for b in range(BRANCHES):
            ledger.add_branch(f"B{b:02d}", f"第{b}党支部", "production", "C1", date(2020, 1, 1), "bench")
            for m in range(PER_BRANCH):
                ledger.add_member(f"M{b:02d}{m:02d}", f"党员{b}-{m}", f"B{b:02d}", date(2024, 1, 1), "full", "bench")


def sheet_row(n: int) -> list:
    """Row n of the sheet: each member gets the five kinds in turn, month after month (up to
    50 rows a member, 50,000 rows in all)."""
    members = BRANCHES * PER_BRANCH
    member = f"M{n % members // PER_BRANCH:02d}{n % PER_BRANCH:02d}"
    step = n // members
    month = 1 + step // 5 % 10  # each kind once a month: a second rating or dues would be refused
    day = date(2026, month, 1 + step % 27)
    kind = step % 5
    if kind == 0:
        return [None, member, "党费", day, f"2026-{month:02d}", 25] + [None] * 6
    if kind == 1:
        return [None, member, "月度评价", None, f"2026-{month:02d}", None, 8] + [None] * 5
    if kind == 2:
        return [None, member, "示范岗志愿服务", day] + [None] * 4 + ["志愿服务", None, None, None]
    if kind == 3:
        return [None, member, "表扬", day] + [None] * 4 + ["抢修表扬", None, None, None]
    return [None, member, "学习教育", day] + [None] * 4 + ["学习党章", None, None, None]


def write_sheet(path: Path, rows: int) -> None:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(ENTRIES.title)
    sheet.append(ENTRIES.headers)
    for n in range(rows):
        sheet.append(sheet_row(n))
    workbook.save(path)


def time_read(path: Path) -> float:
    start = time.perf_counter()
    workbook = load_workbook(path, read_only=True, data_only=True)
    for _ in workbook.worksheets[0].iter_rows(values_only=True):
        pass
    workbook.close()
    return time.perf_counter() - start


def run(rows: int) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/bench.db"
        build_org(url)
        path = Path(folder) / "entries.xlsx"
        write_sheet(path, rows)
        read = min(time_read(path) for _ in range(2))
        with open_ledger(url, today=lambda: TODAY) as ledger:
            start = time.perf_counter()
            result = import_sheet(ledger, "entries", path, "bench")
            imported = time.perf_counter() - start
            assert result["imported"] == rows and not result["errors"], result["errors"][:3]
            start = time.perf_counter()
            ledger.catch_up()
            projected = time.perf_counter() - start
            start = time.perf_counter()
            again = import_sheet(ledger, "entries", path, "bench")
            reimported = time.perf_counter() - start
            assert again["skipped"] == rows
    return {"rows": rows, "read": read, "import": imported, "project": projected, "reimport": reimported}


def table(figures: dict) -> str:
    rows, read, imported = figures["rows"], figures["read"], figures["import"]
    return "\n".join([
        HEADING, "",
        f"`scripts/bench_import.py --rows {rows}` on SQLite: {BRANCHES * PER_BRANCH} members, an entries sheet "
        f"of {rows:,} rows (dues, ratings, duties, commendations, study). Run on {date.today()}: "
        f"Python {platform.python_version()}, {platform.machine()}.", "",
        "| step | seconds | rows/s | ratio to reading |", "|---|---|---|---|",
        f"| read the file only (openpyxl read-only) | {read:.1f} | {rows / read:,.0f} | 1.00 |",
        f"| import: read, check every row through its command, write in one batch | {imported:.1f} | "
        f"{rows / imported:,.0f} | {read / imported:.2f} |",
        f"| then the read model catches up | {figures['project']:.1f} | {rows / figures['project']:,.0f} | |",
        f"| import the same file again (writes nothing) | {figures['reimport']:.1f} | "
        f"{rows / figures['reimport']:,.0f} | {read / figures['reimport']:.2f} |", "",
        f"Target: {rows:,} rows in under 60 s through the bulk path: "
        f"{'met' if imported < 60 else '**missed**'} ({imported:.1f} s).", "",
        f"Reading is openpyxl's XML parsing, {read / imported:.0%} of the import; the rest is checking each "
        "row through its command and writing the events, their hash chain and entry index in one "
        "transaction. The read model catches up afterwards, at the next read: the projector folds "
        "pages of 1,000 events and rescores, page by page, the year of every member a page touches; "
        "a sheet's rows go member after member, so every page touches every member. Folding a large "
        "backlog in bigger pages, or as a rebuild does, would cut that step; it is the projector's, "
        "not the import's.", ""])


def write_section(text: str) -> None:
    """Into docs/benchmarks.md, and into docs/benchmarks-notes.md, which scripts/bench.py appends
    to the benchmarks.md it rewrites: a full run of the other benchmarks keeps this section."""
    docs = Path(__file__).resolve().parents[1] / "docs"
    pattern = re.compile(rf"{re.escape(HEADING)}\n.*?(?=\n## |\Z)", re.S)
    for path in (docs / "benchmarks.md", docs / "benchmarks-notes.md"):
        document = path.read_text(encoding="utf-8")
        document = pattern.sub(lambda _: text.rstrip("\n") + "\n", document) if pattern.search(document) else (
            document.rstrip("\n") + "\n\n" + text)
        path.write_text(document, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--write", action="store_true", help="Put the table in docs/benchmarks.md.")
    args = parser.parse_args()
    text = table(run(args.rows))
    print(text)
    if args.write:
        write_section(text)


if __name__ == "__main__":
    main()
