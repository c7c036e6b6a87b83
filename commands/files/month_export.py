"""Exporting a month for an auditor, and checking an export file against the ledger.

Both only read the ledger. A check recomputes every figure the same way the export did (same
month, published or current, as the file's header says) and names each one that differs.
"""

from __future__ import annotations

from datetime import datetime, timezone
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import select

from commands.store.chain import chain
from commands.files.export_files import ExportFile, cell_text, read_export, write_export
from ledger.dates import month_of
from projections.export_rows import CENT, SECTIONS, month_export

# Header facts about the ledger that a check recomputes; who exported and when are not checked.
CHECKED_HEADER = ("published_at", "branch_figures", "seal_digest", "chain_anchor", "first_position",
                  "last_position", "rows_counted", "rule_books")


def _anchor_in_chain(conn: Any, anchor: str) -> str:
    """The seal's chain anchor, if the hash chain still holds that hash at that position."""
    position, _, expected = anchor.partition(" ")
    if not position.isdigit() or not expected:
        return anchor  # not sealed, or sealed before the chain existed
    found = conn.execute(select(chain.c.chain_hash).where(chain.c.notification_id == int(position))).scalar()
    return anchor if found == expected else f"broken: the chain holds {found or 'nothing'} at {position}"


def ledger_export(ledger: Any, month: str, published: bool) -> tuple[dict[str, str], dict[str, list[dict]]]:
    with ledger.reading() as conn:
        header, sections = month_export(conn, ledger.events_table, month, month_of(ledger.today()), published)
        header["chain_anchor"] = _anchor_in_chain(conn, header["chain_anchor"])
    return header, sections


def export_month(ledger: Any, month: str, fmt: str, path: str, published: bool, actor: str) -> dict:
    header, sections = ledger_export(ledger, month, published)
    header["exported_at"] = datetime.now(timezone.utc).isoformat(timespec="seconds")
    header["exported_by"] = actor
    write_export(path, fmt, header, sections)
    return {"file": path, "format": fmt, "header": header,
            "rows": {name: len(rows) for name, rows in sections.items()}}


def same(file_value: Any, ledger_value: Any) -> bool:
    """Equal as text, or as numbers (a spreadsheet may show 12.5 for 12.50)."""
    file_text, ledger_text = cell_text(file_value), cell_text(ledger_value)
    if file_text == ledger_text:
        return True
    try:
        return Decimal(file_text) == Decimal(ledger_text)
    except InvalidOperation:
        return False


def _shown(file_value: Any, ledger_value: Any) -> str:
    """A file's number as the ledger's figure is written (7 -> 7.00), unless that would hide digits."""
    text = cell_text(file_value)
    if isinstance(ledger_value, Decimal):
        try:
            number = Decimal(text)
            if number.is_finite() and number == number.quantize(CENT):
                return str(number.quantize(CENT))
        except InvalidOperation:  # not a number, or too long to show with two decimals
            pass
    return text


def _difference(section: str, subject: str, column: str, file_value: Any, ledger_value: Any) -> dict:
    return {"section": section, "subject": subject, "column": column,
            "file": _shown(file_value, ledger_value), "ledger": cell_text(ledger_value)}


def compare_header(file_header: dict[str, str], ledger_header: dict[str, str]) -> list[dict]:
    found = [_difference("header", file_header["month"], key, file_header[key], ledger_header[key])
             for key in CHECKED_HEADER if not same(file_header[key], ledger_header[key])]
    try:
        beyond = int(file_header["ledger_position"]) > int(ledger_header["ledger_position"])
    except ValueError:
        beyond = True
    if beyond:  # the file claims events this ledger does not hold
        found.append(_difference("header", file_header["month"], "ledger_position",
                                 file_header["ledger_position"], ledger_header["ledger_position"]))
    return found


def compare_section(name: str, file_rows: list[dict], ledger_rows: list[dict]) -> list[dict]:
    columns = SECTIONS[name]
    key = columns[0]
    found: list[dict] = []
    in_file: dict[str, dict] = {}
    for row in file_rows:
        subject = cell_text(row[key])
        if subject in in_file:
            found.append(_difference(name, subject, "row", "twice", "once"))
        in_file[subject] = row
    in_ledger = {cell_text(row[key]): row for row in ledger_rows}
    for subject in sorted(set(in_file) | set(in_ledger)):
        if subject not in in_ledger:
            found.append(_difference(name, subject, "row", "present", "missing"))
        elif subject not in in_file:
            found.append(_difference(name, subject, "row", "missing", "present"))
        else:
            found += [_difference(name, subject, column, in_file[subject][column], in_ledger[subject][column])
                      for column in columns[1:] if not same(in_file[subject][column], in_ledger[subject][column])]
    return found


def compare_export(export: ExportFile, ledger_header: dict[str, str],
                   ledger_sections: dict[str, list[dict]]) -> list[dict]:
    found = compare_header(export.header, ledger_header)
    for name in SECTIONS:
        found += compare_section(name, export.sections[name], ledger_sections[name])
    return found


def verify_export(ledger: Any, path: str) -> dict:
    export = read_export(path)
    month, figures = export.header["month"], export.header["figures"]
    header, sections = ledger_export(ledger, month, figures == "published")
    differences = compare_export(export, header, sections)
    return {"file": path, "month": month, "figures": figures, "matches": not differences,
            "checked": {name: len(rows) for name, rows in export.sections.items()},
            "differences": differences}
