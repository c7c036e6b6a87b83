"""Bulk import: many commands from a JSON Lines file, validated at the edge, all or nothing.

Each line is one command, named as on the command line, with its options as fields:
  {"command": "record dues", "member": "M001", "month": "2026-03", "amount": "25", "paid_on": "2026-03-10"}
The whole file is one batch (one transaction, each aggregate loaded once): if any line is
refused, the error names the line and nothing at all is written.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from typing import Any, Callable, Iterable, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ledger.dates import parse_month
from ledger.errors import LedgerError, Refused


class _Line(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    entry_id: str | None = None


class Meeting(_Line):
    command: Literal["record meeting"]
    branch: str
    kind: str
    on: date
    attended: list[str] = Field(default_factory=list)
    excused: list[str] = Field(default_factory=list)
    absent: list[str] = Field(default_factory=list)


class Dues(_Line):
    command: Literal["record dues"]
    member: str
    month: str
    amount: Decimal
    paid_on: date


class Study(_Line):
    command: Literal["record study"]
    member: str
    on: date
    topic: str


class Rating(_Line):
    command: Literal["record rating"]
    member: str
    month: str
    score: Decimal


class Duty(_Line):
    command: Literal["record duty"]
    member: str
    on: date
    kind: str


class Commendation(_Line):
    command: Literal["record commendation"]
    member: str
    on: date
    title: str


class Award(_Line):
    command: Literal["record award"]
    member: str
    on: date
    level: str
    title: str


class Violation(_Line):
    command: Literal["record violation"]
    member: str
    on: date
    reason: str
    decision: str
    issued_by: str
    evidence: str = ""


class AddMember(_Line):
    command: Literal["add member"]
    member: str
    name: str
    branch: str
    joined_on: date
    status: Literal["full", "probationary"]


class Reverse(_Line):
    command: Literal["reverse"]
    target: str
    reason: str


LINE_MODELS = {model.model_fields["command"].annotation.__args__[0]: model  # type: ignore[union-attr]
               for model in (Meeting, Dues, Study, Rating, Duty, Commendation, Award, Violation, Reverse,
                                AddMember)}


def parse_line(number: int, text: str) -> BaseModel:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise Refused(f"line {number}: not valid JSON ({error.msg})") from None
    if not isinstance(data, dict) or data.get("command") not in LINE_MODELS:
        raise Refused(f"line {number}: 'command' must be one of {', '.join(sorted(LINE_MODELS))}")
    try:
        line = LINE_MODELS[data["command"]].model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        field = ".".join(str(part) for part in first["loc"])
        raise Refused(f"line {number}: field '{field}': {first['msg']}") from None
    for field in ("month",):
        if hasattr(line, field):
            try:
                parse_month(getattr(line, field))
            except LedgerError as error:
                raise Refused(f"line {number}: {error}") from None
    return line


def run_line(ledger: Any, line: BaseModel, actor: str) -> dict:
    """Call the application command a line names, exactly as the CLI would."""
    l: Any = line
    calls: dict[type, Callable[[], dict]] = {
        Meeting: lambda: ledger.record_meeting(l.branch, l.kind, l.on, l.attended, l.excused, l.absent, actor, l.entry_id),
        Dues: lambda: ledger.record_dues(l.member, l.month, l.amount, l.paid_on, actor, l.entry_id),
        Study: lambda: ledger.record_study(l.member, l.on, l.topic, actor, l.entry_id),
        Rating: lambda: ledger.record_rating(l.member, l.month, l.score, actor, l.entry_id),
        Duty: lambda: ledger.record_duty(l.member, l.on, l.kind, actor, l.entry_id),
        Commendation: lambda: ledger.record_commendation(l.member, l.on, l.title, actor, l.entry_id),
        Award: lambda: ledger.record_award(l.member, l.on, l.level, l.title, actor, l.entry_id),
        Violation: lambda: ledger.record_violation(l.member, l.on, l.reason, l.decision, l.issued_by, actor,
                                                   l.evidence, l.entry_id),
        Reverse: lambda: ledger.reverse(l.target, l.reason, actor, l.entry_id),
        AddMember: lambda: ledger.add_member(l.member, l.name, l.branch, l.joined_on, l.status, actor),
    }
    return calls[type(line)]()


def import_lines(ledger: Any, lines: Iterable[str], actor: str,
                 progress: Callable[[int], None] | None = None) -> int:
    """Validate and record every line in one batch; returns how many commands were recorded."""
    parsed = [(number, parse_line(number, text)) for number, text in enumerate(lines, start=1) if text.strip()]
    with ledger.batch():
        for count, (number, line) in enumerate(parsed, start=1):
            try:
                run_line(ledger, line, actor)
            except LedgerError as error:
                raise type(error)(f"line {number}: {error}; nothing was imported") from None
            if progress is not None and count % 500 == 0:
                progress(count)
    return len(parsed)
