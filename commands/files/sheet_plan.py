"""From a sheet's rows to the bulk lines an import will run, checking what only the file can show:
a cell that is not a date, a value not in a drop-down list, a 记录编号 used twice, a meeting whose
rows disagree. Commands check the rest when the lines run.

Rows without a 记录编号 get an id made from their content and their occurrence among identical
rows: two identical rows are two entries, and importing the file again yields the same two ids,
which the ledger already holds, so nothing is written twice.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Iterable
from uuid import UUID

from pydantic import BaseModel

from commands.files.sheet_layout import Layout
from commands.files.sheet_rows import RowError, attendance_line, member_line, normalised, roster_line, text
from commands.service.models.entry_commands import RecordMeeting
from ledger.member import Member
from ledger.organisation import Branch


@dataclass
class PlannedLine:
    rows: list[int]  # the sheet rows it comes from (a meeting: one per member)
    line: BaseModel
    key: str  # the entry id, meeting id or member id
    guard: list[UUID] = field(default_factory=list)  # aggregates to restore if refused half-way
    member_rows: dict[str, int] = field(default_factory=dict)


@dataclass
class Plan:
    lines: list[PlannedLine] = field(default_factory=list)
    errors: dict[int, tuple[str, str]] = field(default_factory=dict)  # row -> (column, message)
    rows: int = 0

    def refuse(self, row: int, column: str, message: str) -> None:
        self.errors.setdefault(row, (column, message))


def derived_id(sheet: str, content: str, occurrence: int) -> str:
    digest = hashlib.sha256(f"{sheet}\x1e{content}\x1e{occurrence}".encode("utf-8")).hexdigest()
    return f"xl-{digest[:24]}"


def _plan_entries(layout: Layout, rows: Iterable[tuple[int, dict[str, Any]]], plan: Plan) -> None:
    given: dict[str, int] = {}
    occurrences: Counter[str] = Counter()
    for number, cells in rows:
        plan.rows += 1
        try:
            entry_id = text(cells.get("记录编号"))
            if entry_id:
                if entry_id in given:
                    raise RowError("记录编号", f"{entry_id} 与第 {given[entry_id]} 行重复")
                given[entry_id] = number
            else:
                content = normalised(layout, cells)
                occurrences[content] += 1
                entry_id = derived_id(layout.name, content, occurrences[content])
            plan.lines.append(PlannedLine([number], member_line(layout, cells, entry_id), entry_id))
        except RowError as error:
            plan.refuse(number, error.column, error.message)


def _plan_roster(layout: Layout, rows: Iterable[tuple[int, dict[str, Any]]], plan: Plan) -> None:
    seen: dict[str, int] = {}
    for number, cells in rows:
        plan.rows += 1
        try:
            member_id = text(cells.get("党员编号"))
            if member_id and member_id in seen:
                raise RowError("党员编号", f"{member_id} 与第 {seen[member_id]} 行重复")
            seen[member_id] = number
            plan.lines.append(PlannedLine([number], roster_line(layout, cells), member_id))
        except RowError as error:
            plan.refuse(number, error.column, error.message)


@dataclass
class _Meeting:
    rows: list[int]
    branch: str
    kind: str
    on: date
    lists: dict[str, list[str]] = field(default_factory=lambda: {"attended": [], "excused": [], "absent": []})
    members: dict[str, int] = field(default_factory=dict)


def _plan_meetings(layout: Layout, rows: Iterable[tuple[int, dict[str, Any]]], plan: Plan) -> None:
    meetings: dict[str, _Meeting] = {}
    broken: dict[str, int] = {}  # meeting id -> its first bad row
    for number, cells in rows:
        plan.rows += 1
        meeting_id = text(cells.get("会议编号"))
        try:
            _, branch, kind, on, member, attendance = attendance_line(layout, cells)
            meeting = meetings.setdefault(meeting_id, _Meeting([], branch, kind, on))
            meeting.rows.append(number)
            for header, mine, first in (("党支部编号", branch, meeting.branch), ("会议类型", kind, meeting.kind),
                                        ("日期", on, meeting.on)):
                if mine != first:
                    raise RowError(header, f"与同一会议第 {meeting.rows[0]} 行不同")
            if member in meeting.members:
                raise RowError("党员编号", f"党员 {member} 已列于本会议第 {meeting.members[member]} 行")
            meeting.members[member] = number
            meeting.lists[attendance].append(member)
        except RowError as error:
            plan.refuse(number, error.column, error.message)
            if meeting_id:
                broken.setdefault(meeting_id, number)
                meetings.setdefault(meeting_id, _Meeting([], "", "", date.min)).rows.append(number)
    for meeting_id, meeting in meetings.items():
        if meeting_id in broken:  # a meeting is recorded whole or not at all
            for number in meeting.rows:
                plan.refuse(number, "会议编号", f"本会议第 {broken[meeting_id]} 行有错，整场会议未导入")
            continue
        line = RecordMeeting(branch=meeting.branch, kind=meeting.kind, on=meeting.on, entry_id=meeting_id,
                             **meeting.lists)
        guard = [Branch.create_id(meeting.branch)] + [Member.create_id(member) for member in meeting.members]
        plan.lines.append(PlannedLine(meeting.rows, line, meeting_id, guard, dict(meeting.members)))


def plan_sheet(layout: Layout, rows: Iterable[tuple[int, dict[str, Any]]]) -> Plan:
    plan = Plan()
    {"entries": _plan_entries, "roster": _plan_roster, "meetings": _plan_meetings}[layout.name](layout, rows, plan)
    return plan
