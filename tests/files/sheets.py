"""Filling a template the way a secretary does: the template's own workbook, rows appended."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from commands.files.sheet_layout import LAYOUTS
from commands.files.sheet_templates import write_template


def filled(tmp_path: Path, sheet: str, rows: list[dict[str, Any]], name: str | None = None) -> Path:
    path = tmp_path / (name or f"{sheet}.xlsx")
    write_template(LAYOUTS[sheet], path)
    workbook = load_workbook(path)
    headers = LAYOUTS[sheet].headers
    for row in rows:
        workbook.worksheets[0].append([row.get(header) for header in headers])
    workbook.save(path)
    return path


def sheet_values(path: Path) -> list[list[Any]]:
    workbook = load_workbook(path)
    return [list(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]
