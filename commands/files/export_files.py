"""Export files: writing and reading the xlsx and csv forms of a month's export.

csv: UTF-8 (with a byte-order mark, so spreadsheets show Chinese text), a header block of
`# key: value` lines, then each section introduced by a `# section: NAME` line, its column
names, and its rows. xlsx: a `header` sheet of key/value rows, then one sheet per section.
Figures are written with two decimals; yes/no for flags; empty for nothing.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
import zipfile
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from commands.files.workbook_limits import check_workbook
from ledger.dates import parse_month
from ledger.errors import LedgerError, Refused
from projections.export_rows import FORMAT, HEADER_KEYS, SECTIONS
from ledger.terms import EXPORT_FORMATS as FORMATS

HEADER_SHEET = "header"


@dataclass(frozen=True)
class ExportFile:
    header: dict[str, str]
    sections: dict[str, list[dict[str, Any]]]


def cell_text(value: Any) -> str:
    """How a value reads in a csv cell, and how two values are compared when not numbers."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value).strip()


def _cell_value(value: Any) -> Any:
    """What an xlsx cell holds: figures as numbers, so a spreadsheet can add them up."""
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, bool) or value is None:
        return cell_text(value) or None
    return value


# --- writing ----------------------------------------------------------------------------------

def _one_line(text: str) -> str:
    return " ".join(text.split())


def _csv_bytes(header: dict[str, str], sections: dict[str, list[dict]]) -> bytes:
    buffer = io.StringIO()
    for key in HEADER_KEYS:
        buffer.write(f"# {key}: {_one_line(header[key])}\r\n")
    writer = csv.writer(buffer)
    for name, columns in SECTIONS.items():
        buffer.write(f"\r\n# section: {name}\r\n")
        writer.writerow(columns)
        for row in sections[name]:
            writer.writerow([cell_text(row[column]) for column in columns])
    return buffer.getvalue().encode("utf-8-sig")


def _append(sheet: Any, values: list[Any]) -> None:
    """A row of cells; text is always text: never a formula, whatever it starts with."""
    sheet.append([_cell_value(value) for value in values])
    for cell, value in zip(sheet[sheet.max_row], values):
        if isinstance(value, Decimal):
            cell.number_format = "0.00"
        elif isinstance(cell.value, str):
            cell.data_type = "s"


def _xlsx_bytes(header: dict[str, str], sections: dict[str, list[dict]]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = HEADER_SHEET
    _append(sheet, ["key", "value"])
    for key in HEADER_KEYS:
        _append(sheet, [key, header[key]])
    sheet.column_dimensions["A"].width, sheet.column_dimensions["B"].width = 18, 72
    for name, columns in SECTIONS.items():
        sheet = book.create_sheet(name)
        _append(sheet, list(columns))
        for row in sections[name]:
            _append(sheet, [row[column] for column in columns])
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def write_export(path: str, fmt: str, header: dict[str, str], sections: dict[str, list[dict]]) -> None:
    """Write the whole file or nothing: a temporary file beside it, then renamed over it."""
    data = _xlsx_bytes(header, sections) if fmt == "xlsx" else _csv_bytes(header, sections)
    target = Path(path)
    temporary = None
    try:
        handle, temporary = tempfile.mkstemp(prefix=".starledger-", dir=target.parent)
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, target)
    except OSError as error:
        if temporary is not None and os.path.exists(temporary):
            os.unlink(temporary)
        raise Refused(f"cannot write {path}: {error.strerror or error}") from None


# --- reading ----------------------------------------------------------------------------------

def _not_export(path: str, why: str) -> LedgerError:
    return Refused(f"{path} is not a starledger export: {why}")


def _meta(line: str) -> tuple[str, str] | None:
    if not line.startswith("# ") or ":" not in line:
        return None
    key, value = line[2:].split(":", 1)
    return key.strip(), value.strip()


def _read_csv(path: str, data: bytes) -> tuple[dict[str, str], dict[str, list[list[Any]]]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _not_export(path, "it is neither an xlsx workbook nor UTF-8 text") from None
    header: dict[str, str] = {}
    blocks: dict[str, list[str]] = {}
    current: list[str] | None = None
    quoted = False  # inside a quoted cell that runs over several lines
    for number, line in enumerate(io.StringIO(text, newline=""), start=1):
        meta = None if quoted else _meta(line.rstrip("\r\n"))
        if meta is not None:
            key, value = meta
            if key == "section":
                if value in blocks:
                    raise _not_export(path, f"line {number} repeats the section '{value}'")
                current = blocks[value] = []
            elif current is not None:
                raise _not_export(path, f"line {number} is a header line after the sections")
            else:
                header[key] = value
            continue
        if current is None:
            if line.strip():
                raise _not_export(path, f"line {number} comes before any '# section:' line")
            continue
        current.append(line)
        quoted ^= line.count('"') % 2 == 1
    tables = {name: [row for row in csv.reader(io.StringIO("".join(lines), newline="")) if any(row)]
              for name, lines in blocks.items()}
    return header, tables


def _sheet_rows(sheet: Any) -> list[list[Any]]:
    """Non-empty rows, as wide as the column-name row: a spreadsheet drops trailing empty cells."""
    rows = []
    for row in sheet.iter_rows(values_only=True):
        cells = list(row)
        while cells and cells[-1] in (None, ""):
            cells.pop()
        if cells:
            rows.append(cells)
    width = len(rows[0]) if rows else 0
    return [cells + [None] * (width - len(cells)) for cells in rows]


def _read_xlsx(path: str, data: bytes) -> tuple[dict[str, str], dict[str, list[list[Any]]]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged workbook
        raise _not_export(path, f"the workbook cannot be read ({type(error).__name__})") from None
    try:
        tables = {sheet.title: _sheet_rows(sheet) for sheet in book.worksheets}
    finally:
        book.close()
    rows = tables.pop(HEADER_SHEET, None)
    if not rows:
        raise _not_export(path, f"it has no '{HEADER_SHEET}' sheet")
    header = {cell_text(row[0]): cell_text(row[1] if len(row) > 1 else None) for row in rows[1:]}
    return header, tables


def read_export(path: str) -> ExportFile:
    """Read either form; anything that is not a whole export is refused with one line."""
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise Refused(f"cannot read {path}: {error.strerror or error}") from None
    if zipfile.is_zipfile(io.BytesIO(data)):
        check_workbook(path, most_rows=None)  # a month's export may be long; its parts must be sane
        header, tables = _read_xlsx(path, data)
    else:
        header, tables = _read_csv(path, data)
    return _checked(path, header, tables)


def _checked(path: str, header: dict[str, str], tables: dict[str, list[list[Any]]]) -> ExportFile:
    if header.get("format") != FORMAT:
        raise _not_export(path, f"its header does not say 'format: {FORMAT}'")
    missing = [key for key in HEADER_KEYS if key not in header]
    if missing:
        raise _not_export(path, f"its header lacks {', '.join(missing)}")
    try:
        parse_month(header["month"])
    except LedgerError:
        raise _not_export(path, f"its month '{header['month']}' is not a month") from None
    if header["figures"] not in ("published", "current"):
        raise _not_export(path, f"its figures are '{header['figures']}', not published or current")
    if set(tables) != set(SECTIONS):
        raise _not_export(path, f"its sections are {', '.join(sorted(tables)) or 'none'}, "
                                f"not {', '.join(SECTIONS)}")
    sections = {}
    for name, columns in SECTIONS.items():
        rows = tables[name]
        found = tuple(cell_text(cell) for cell in rows[0]) if rows else ()
        if found != columns:
            raise _not_export(path, f"section {name} has the columns ({', '.join(found)}), "
                                    f"not ({', '.join(columns)})")
        for number, row in enumerate(rows[1:], start=1):
            if len(row) != len(columns):
                raise _not_export(path, f"row {number} of section {name} has {len(row)} cells, "
                                        f"not {len(columns)}")
        sections[name] = [dict(zip(columns, row)) for row in rows[1:]]
    return ExportFile(header, sections)
