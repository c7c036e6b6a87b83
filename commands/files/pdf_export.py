"""Printing a statement to PDF, and checking a printed PDF against the ledger.

A statement's first line names its kind, subject, period, the moment its figures are as of and
the ledger position then. The check reads the text on the pages (pypdf), builds the same
statement again from the ledger as of that moment, and names every figure or fact that is not
on the page as the ledger has it: a figure changed in a PDF editor is caught and named.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
from typing import Any

from pypdf import PdfReader
from pypdf.errors import PdfReadError

from commands.files.pdf_document import MARK, Statement, render
from commands.files.pdf_statements import build
from ledger.dates import month_of
from ledger.errors import Refused
from projections.seal import latest_position

_MARK = re.compile(rf"{MARK} (member|branch|notice) (\S+) (\d{{4}}(?:-\d{{2}})?) as-of (\S+) at (\d+)")


def _statement(ledger: Any, kind: str, subject: str, period: str, as_of: datetime | None,
               position: int | None) -> Statement:
    with ledger.reading() as conn:
        if position is None:
            position = latest_position(conn, ledger.events_table)
        moment = as_of or datetime.now(timezone.utc)
        return build(conn, kind, subject, period, moment, position, month_of(ledger.today()))


def print_statement(ledger: Any, kind: str, subject: str, period: str, path: str) -> dict:
    statement = _statement(ledger, kind, subject, period, None, None)
    render(statement, path)
    return {"file": path, "kind": kind, "subject": subject, "period": period, "as_of": statement.as_of,
            "facts": dict(statement.facts),
            "rows": {section.title: len(section.rows) for section in statement.sections}}


def page_text(path: str) -> str:
    try:
        reader = PdfReader(path)
        return "\n".join(page.extract_text() or "" for page in reader.pages)
    except (PdfReadError, OSError, ValueError) as error:
        raise Refused(f"{path} cannot be read as a PDF ({error})") from None


def is_statement(path: str) -> bool:
    with open(path, "rb") as file:
        return file.read(5) == b"%PDF-"


def _squeezed(text: str) -> str:
    return re.sub(r"[\s\x00]+", "", text)  # pypdf puts NULs between CJK glyphs


def _checked(cell: str) -> bool:
    """Ids, dates and figures are compared; Chinese text may be cut to its column, so it is not."""
    return bool(cell) and cell.isascii()


def _pattern(cells: list[str]) -> str:
    return "".join(re.escape(_squeezed(cell)) if _checked(cell) else ".*?" for cell in cells)


def _row_differences(section_title: str, columns: list[str], row: list[str], lines: list[str]) -> list[dict]:
    """The row's line on the page starts with its first cell and shows every id, date and
    figure of the row in order; the first one that is not as the ledger has it is named."""
    key = _squeezed(row[0])
    found = [line for line in lines if line.startswith(key)]
    if not found:
        return [{"section": section_title, "subject": row[0], "column": columns[0], "file": "missing",
                 "ledger": row[0]}]
    if any(re.fullmatch(_pattern(row), line) for line in found):
        return []
    for count in range(2, len(row) + 1):
        if not any(re.match(_pattern(row[:count]), line) for line in found):
            return [{"section": section_title, "subject": row[0], "column": columns[count - 1],
                     "file": found[0], "ledger": row[count - 1]}]
    return [{"section": section_title, "subject": row[0], "column": columns[-1], "file": found[0],
             "ledger": row[-1]}]


def verify_statement(ledger: Any, path: str) -> dict:
    text = page_text(path)
    match = _MARK.search(text)
    if match is None:
        raise Refused(f"{path} is not a starledger statement: its first line names no statement")
    kind, subject, period, as_of, position = match.groups()
    statement = _statement(ledger, kind, subject, period, datetime.fromisoformat(as_of), int(position))
    lines = [_squeezed(line) for line in text.splitlines() if line.strip()]
    whole = _squeezed(text)
    differences = [{"section": "facts", "subject": label, "column": label, "file": "missing", "ledger": value}
                   for label, value in statement.facts if _squeezed(label + value) not in whole]
    for section in statement.sections:
        for row in section.rows:
            differences += _row_differences(section.title, section.columns, row, lines)
    return {"file": path, "kind": kind, "subject": subject, "period": period, "as_of": as_of,
            "matches": not differences, "differences": differences,
            "checked": {section.title: len(section.rows) for section in statement.sections}}
