"""Importing a filled-in roster, entries or meetings sheet through the bulk path: every row is
planned (sheet_plan) and run as the command it stands for inside one batch, so each row meets
exactly the checks the command makes. Nothing is committed until every row has been tried: any
bad row and the whole batch is rolled back (unless --skip-bad), and an errors file in the
template's layout lists the bad rows with their row numbers and what is wrong, in Chinese.
The file is read in a child process with a memory cap and a time limit (sheet_process); the
ledger only ever sees the plain rows it gives back.
"""

from __future__ import annotations

import re
from contextlib import nullcontext
from pathlib import Path
from typing import Any, Callable

from commands.files.sheet_layout import LAYOUTS, Layout
from commands.files.sheet_messages import in_chinese
from commands.files.sheet_plan import Plan, PlannedLine, plan_sheet
from commands.files.sheet_process import Rows, read_sheet_apart
from commands.files.sheet_templates import write_errors
from ledger.errors import Duplicate, LedgerError, Refused
from ledger.member import Member

Progress = Callable[[str, int, int | None], None]  # (phase, done, total)
Check = Callable[[Any], Any]  # a row's command -> raises Forbidden or NotFound if the importer may not


class _Rejected(Exception):
    """Raised inside the batch so that nothing of a file with bad rows is kept."""


def errors_path(path: str | Path) -> Path:
    path = Path(path)
    return path.with_name(f"{path.stem}.errors.xlsx")


def _same_member(ledger: Any, planned: PlannedLine) -> bool | None:
    """None if the member is new; True if the ledger holds this very roster row (a re-import)."""
    member = ledger.find(Member, planned.key)
    if member is None:
        return None
    line: Any = planned.line
    first_branch, joined_on, _ = member.stints[0]
    return (member.name, first_branch, joined_on) == (line.name, line.branch, line.joined)


def _refused(layout: Layout, plan: Plan, planned: PlannedLine, message: str) -> None:
    id_column = "会议编号" if layout.name == "meetings" else "记录编号"
    column, said = in_chinese(message, layout.name, id_column)
    if len(planned.rows) == 1:
        plan.refuse(planned.rows[0], column, said)
        return
    named = re.findall(r"member (\S+)", message)  # a meeting: blame the row of the member named
    culprit = next((planned.member_rows[m] for m in named if m in planned.member_rows), planned.rows[0])
    plan.refuse(culprit, column, said)
    for number in planned.rows:
        plan.refuse(number, "会议编号", f"本会议第 {culprit} 行有错，整场会议未导入")


def _run(ledger: Any, layout: Layout, plan: Plan, actor: str, skip_bad: bool,
         progress: Progress | None, check: Check | None = None) -> dict:
    counts = {"imported": 0, "skipped": 0}
    with ledger.batch():
        held = set() if layout.name == "roster" else ledger.recall_entries([p.key for p in plan.lines])
        for done, planned in enumerate(plan.lines, start=1):
            if progress is not None and done % 500 == 0:
                progress("写入", done, len(plan.lines))
            try:
                if check is not None:
                    check(planned.line)
                if layout.name == "roster":
                    same = _same_member(ledger, planned)
                    if same is not None and not same:
                        raise Duplicate(f"member id '{planned.key}' is already used")
                    if same:
                        counts["skipped"] += len(planned.rows)
                        continue
                with ledger.attempt(planned.guard) if planned.guard else nullcontext():
                    planned.line.apply(ledger, actor)
            except LedgerError as error:
                _refused(layout, plan, planned, str(error))
                continue
            counts["skipped" if planned.key in held else "imported"] += len(planned.rows)
        if plan.errors and not skip_bad:
            raise _Rejected
    return counts


def import_sheet(ledger: Any, sheet: str, path: str | Path, actor: str, skip_bad: bool = False,
                 dry_run: bool = False, progress: Progress | None = None, check: Check | None = None) -> dict:
    """Import one sheet; returns imported/skipped row counts, the errors, and the errors file."""
    reading = (lambda done, total: progress("读取", done, total)) if progress is not None else None
    rows = read_sheet_apart(path, sheet, reading)
    return import_rows(ledger, sheet, rows, path, actor, skip_bad, dry_run, progress, check)


def import_rows(ledger: Any, sheet: str, rows: Rows, path: str | Path, actor: str, skip_bad: bool = False,
                dry_run: bool = False, progress: Progress | None = None, check: Check | None = None) -> dict:
    """Import the rows already read from the sheet at `path` (where the errors file goes beside).
    `check` asks the access policy about each row's command (an importer with a scope): a row it
    refuses is a bad row like any other."""
    layout = LAYOUTS[sheet]
    plan = plan_sheet(layout, rows)
    if not plan.rows:
        raise Refused(f"{path} has no rows under its header; nothing was imported")
    counts: dict = {"imported": 0, "skipped": 0}
    impact = None
    try:
        if dry_run:
            holder: dict = {}
            impact = ledger.preview(
                lambda: holder.update(_run(ledger, layout, plan, actor, True, progress, check)) or {})
            counts = holder
        else:
            counts = _run(ledger, layout, plan, actor, skip_bad, progress, check)
    except _Rejected:
        counts = {"imported": 0, "skipped": 0}
    errors = [{"row": row, "column": column, "message": message}
              for row, (column, message) in sorted(plan.errors.items())]
    result: dict = {"imported": counts["imported"], "skipped": counts["skipped"], "errors": errors,
                    "rows": plan.rows, "written": bool(counts["imported"]) and not dry_run,
                    "errors_file": None}
    if dry_run:
        result["impact"] = impact
    if errors:
        target = errors_path(path)
        write_errors(layout, target, ((number, cells, "{}：{}".format(*plan.errors[number]))
                                      for number, cells in rows if number in plan.errors))
        result["errors_file"] = str(target)
    return result
