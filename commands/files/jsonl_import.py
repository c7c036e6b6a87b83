"""Bulk import: many commands from a JSON Lines file, validated at the edge, all or nothing.

Each line is one command, named as on the command line, with the command model's fields:
  {"command": "record dues", "member": "M001", "month": "2026-03", "amount": "25", "paid_on": "2026-03-10"}
Every entry command can be imported (see commands/service/entry_commands.py and the branch
entries in org_commands.py), with the same fields everywhere, `late_reason` included. The whole
file is one batch (one transaction, each aggregate loaded once): if any line is refused, the
error names the line and nothing at all is written.
"""

from __future__ import annotations

import json
from typing import Any, Callable, Iterable

from commands.service.entry_commands import Entry
from commands.service.model_base import COMMANDS, Command, InvalidInput, build
from ledger.errors import Refused


def importable() -> dict[str, type[Command]]:
    """The commands a line may name: every entry, found from the registry, not listed here."""
    return {name: model for name, model in COMMANDS.items() if issubclass(model, Entry)}


def parse_line(number: int, text: str) -> Command:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise Refused(f"line {number}: not valid JSON ({error.msg})") from None
    models = importable()
    if not isinstance(data, dict) or data.get("command") not in models:
        raise Refused(f"line {number}: 'command' must be one of {', '.join(sorted(models))}")
    fields = {key: value for key, value in data.items() if key != "command"}
    try:
        return build(models[data["command"]], fields, prefix=f"line {number}: ")
    except InvalidInput as error:
        raise Refused(str(error)) from None


def parse_lines(lines: Iterable[str]) -> list[tuple[int, Command]]:
    return [(number, parse_line(number, text)) for number, text in enumerate(lines, start=1) if text.strip()]


def import_lines(ledger: Any, lines: Iterable[str], actor: str,
                 progress: Callable[[int], None] | None = None, dry_run: bool = False) -> Any:
    """Validate every line, then record them all in one batch. Returns how many were recorded
    (or, with dry_run, the preview of the whole file)."""
    parsed = parse_lines(lines)
    numbers = [number for number, _ in parsed]
    outcome = ledger.execute_all([command for _, command in parsed], actor, dry_run=dry_run, progress=progress,
                                 label=lambda count: f"line {numbers[count - 1]}")
    return outcome if dry_run else len(parsed)
