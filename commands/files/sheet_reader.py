"""Streaming the rows of a filled-in sheet: openpyxl in read-only mode, so a 50,000-row file is
never held whole in memory. Columns are found by their header, in any order; others are ignored.
Every workbook is first checked from its zip directory (workbook_limits), and a sheet stops at the
row cap as it streams, whatever its dimension record said.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.etree.ElementTree import ParseError
from typing import Any, Callable, Iterator

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from commands.files.sheet_layout import Layout
from commands.files.workbook_limits import MOST_ROWS, check_workbook, too_many_rows
from ledger.errors import Refused


def _sheet(workbook: Any, layout: Layout) -> Any:
    """The sheet named as the template names it, else the first one."""
    return workbook[layout.title] if layout.title in workbook.sheetnames else workbook.worksheets[0]


def _positions(header: tuple[Any, ...], layout: Layout, path: str) -> dict[str, int]:
    found = {str(cell).strip(): index for index, cell in enumerate(header) if cell is not None}
    missing = [column.header for column in layout.columns if column.required and column.header not in found]
    if missing:
        raise Refused(f"{path}: 第 1 行缺少列：{'、'.join(missing)}（模板见 starledger template {layout.name}）")
    return {column.header: found[column.header] for column in layout.columns if column.header in found}


# What openpyxl raises on a damaged workbook part as it opens it or reads rows (an uploaded file is whatever
# a person sends): told as an unreadable workbook, never as a stack trace.
_DAMAGED = (ParseError, ValueError, IndexError, KeyError, TypeError, zipfile.BadZipFile)


def _open(path: str | Path) -> Any:
    try:
        return load_workbook(path, read_only=True, data_only=True)
    except (OSError, InvalidFileException, *_DAMAGED) as error:
        raise Refused(f"cannot read {path} as an .xlsx workbook ({type(error).__name__})") from None


def _read(rows: Iterator[tuple[Any, ...]], path: str | Path) -> Iterator[tuple[Any, ...]]:
    while True:
        try:
            values = next(rows)
        except StopIteration:
            return
        except _DAMAGED as error:
            raise Refused(f"cannot read {path} as an .xlsx workbook ({type(error).__name__})") from None
        yield values


def sheet_rows(path: str | Path, layout: Layout,
               progress: Callable[[int, int | None], None] | None = None,
               most_rows: int = MOST_ROWS) -> Iterator[tuple[int, dict[str, Any]]]:
    """(row number as Excel shows it, {header: cell value}) for every row that is not blank;
    `progress` hears (rows read, data rows the sheet says it has, if it says)."""
    check_workbook(path, most_rows)
    workbook = _open(path)
    try:
        try:
            sheet = _sheet(workbook, layout)
            # Opening a sheet already read its size (all of it, if the file has no dimension record):
            # asked of this same sheet, it costs nothing more.
            total = sheet.max_row - 1 if sheet.max_row else None
            # openpyxl would stop at the rows and columns the dimension record names, and drop the
            # rest unsaid; read every row instead, up to the row cap below.
            sheet.reset_dimensions()
        except _DAMAGED as error:
            raise Refused(f"cannot read {path} as an .xlsx workbook ({type(error).__name__})") from None
        rows = _read(sheet.iter_rows(values_only=True), path)
        header = next(rows, None)
        if header is None:
            raise Refused(f"{path}: the sheet is empty; fill in the template of starledger template {layout.name}")
        positions = _positions(header, layout, str(path))
        for number, values in enumerate(rows, start=2):
            if number - 1 > most_rows:  # blank rows count: openpyxl yields every row up to the last
                raise too_many_rows(path, most_rows)
            if progress is not None and number % 1000 == 0:
                progress(number - 1, total)
            cells = {name: values[index] if index < len(values) else None for name, index in positions.items()}
            if any(value is not None and str(value).strip() != "" for value in cells.values()):
                yield number, cells
    finally:
        workbook.close()
