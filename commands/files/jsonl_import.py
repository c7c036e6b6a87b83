"""Bulk import: many commands from a JSON Lines file, validated at the edge, all or nothing.

Each line is one command, named as on the command line, with the command model's fields:
  {"command": "record dues", "member": "M001", "month": "2026-03", "amount": "25", "paid_on": "2026-03-10"}
Every entry command can be imported (see commands/service/models/entry_commands.py and the branch
entries in org_commands.py), with the same fields everywhere, `late_reason` included. The whole
file is one batch (one transaction, each aggregate loaded once): if any line is refused, the
error names the line and nothing at all is written.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from typing import Any, Callable, Iterable

from commands.service.models.entry_commands import Entry
from commands.service.models.model_base import COMMANDS, Command, InvalidInput, build
from ledger.errors import LedgerError, Refused


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
    return with_entry_ids([(number, parse_line(number, text))
                           for number, text in enumerate(lines, start=1) if text.strip()])


def with_entry_ids(parsed: list[tuple[int, Command]]) -> list[tuple[int, Command]]:
    """Each line without an entry id gets one derived from its content and occurrence (the
    second identical line is a second entry), so that importing the same file again is a repeat
    that writes nothing, as a repeated single write with an id is."""
    seen: Counter[str] = Counter()
    named = []
    for number, command in parsed:
        if getattr(command, "entry_id", "") is None:
            content = json.dumps([command.command, command.model_dump(mode="json", exclude={"entry_id"})],
                                 sort_keys=True, ensure_ascii=False)
            seen[content] += 1
            digest = hashlib.sha256(f"{content}#{seen[content]}".encode()).hexdigest()[:20]
            command = command.model_copy(update={"entry_id": f"i-{digest}"})
        named.append((number, command))
    return named


class NotText(LedgerError):
    """The file given to import is not UTF-8 text."""


def text_lines(data: bytes, name: str) -> list[str]:
    """The lines of an import file, which must be UTF-8 text (a byte-order mark is allowed)."""
    if b"\x00" in data:
        raise NotText(f"{name} is not a UTF-8 JSON Lines file: it holds binary data")
    try:
        return data.decode("utf-8-sig").splitlines()
    except UnicodeDecodeError as error:
        raise NotText(f"{name} is not a UTF-8 JSON Lines file: byte {error.start + 1} is {data[error.start]:#04x}; "
                      f"save it as UTF-8 and import it again") from None


def import_lines(ledger: Any, lines: Iterable[str], actor: str,
                 progress: Callable[[int], None] | None = None, dry_run: bool = False) -> Any:
    """Validate every line, then record them all in one batch. Returns how many were recorded
    (or, with dry_run, the preview of the whole file)."""
    parsed = parse_lines(lines)
    numbers = [number for number, _ in parsed]
    outcome = ledger.execute_all([command for _, command in parsed], actor, dry_run=dry_run, progress=progress,
                                 label=lambda count: f"line {numbers[count - 1]}")
    return outcome if dry_run else len(parsed)
