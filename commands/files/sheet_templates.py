"""Writing the spreadsheets a secretary fills in: the empty templates (header row, drop-down lists,
date-formatted columns and a 填写说明 sheet), and the errors file an import leaves beside a file
with bad rows, in the same layout so it can be fixed and imported again.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any, Iterable

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from commands.files.sheet_layout import (
    CHOICE, DATE, ERROR_HEADER, GUIDE_SHEET, MONTH, ROW_NUMBER_HEADER, Layout,
)

LAST_ROW = 1048576  # Excel's last row: the drop-downs and formats cover the whole column
HEADER_FILL = PatternFill("solid", fgColor="C00000")
DATE_FORMAT = "yyyy-mm-dd"
TEXT_FORMAT = "@"  # months stay text: Excel would turn 2026-03 into a date


def _header_row(sheet: Any, headers: list[str]) -> None:
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(horizontal="center")
    sheet.freeze_panes = "A2"


def _shape_columns(sheet: Any, layout: Layout) -> None:
    """Widths, number formats and a drop-down list for each fixed-value column."""
    for index, column in enumerate(layout.columns, start=1):
        letter = get_column_letter(index)
        dimension = sheet.column_dimensions[letter]
        dimension.width = column.width
        if column.kind == DATE:
            dimension.number_format = DATE_FORMAT
        elif column.kind == MONTH:
            dimension.number_format = TEXT_FORMAT
        if column.kind == CHOICE:
            allowed = ",".join(column.choices)
            rule = DataValidation(type="list", formula1=f'"{allowed}"', allow_blank=not column.required,
                                  showErrorMessage=True, errorTitle=column.header,
                                  error=f"{column.header}只能是：{'、'.join(column.choices)}")
            rule.add(f"{letter}2:{letter}{LAST_ROW}")
            sheet.add_data_validation(rule)


def _guide(workbook: Workbook, layout: Layout) -> None:
    guide = workbook.create_sheet(GUIDE_SHEET)
    _header_row(guide, ["列名", "是否必填", "可选值", "说明"])
    for column in layout.columns:
        guide.append([column.header, "必填" if column.required else "选填", "、".join(column.choices),
                      column.explanation])
    guide.append([])
    guide.append(["", "", "", f"每行是{layout.one_row_per}。列的顺序可以调整，多余的列会被忽略；"
                  "日期可以是 Excel 日期，也可以写成 YYYY-MM-DD 文本。"])
    guide.append(["", "", "", "导入时先检查每一行：任何一行有错，整个文件都不写入，并在原文件旁生成"
                  "“文件名.errors.xlsx”，列出有错的行、原行号和错误原因；改正后导入该文件即可。"])
    for letter, width in zip("ABCD", (14, 10, 40, 80)):
        guide.column_dimensions[letter].width = width
    for row in guide.iter_rows(min_row=2):
        row[3].alignment = Alignment(wrap_text=True, vertical="top")


def write_template(layout: Layout, path: str | Path) -> dict:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = layout.title
    _header_row(sheet, layout.headers)
    _shape_columns(sheet, layout)
    _guide(workbook, layout)
    workbook.save(path)
    return {"file": str(path), "template": layout.name, "columns": layout.headers}


def write_errors(layout: Layout, path: str | Path, bad_rows: Iterable[tuple[int, dict[str, Any], str]]) -> int:
    """bad_rows: (original row number, the row's cells by header, the 错误 text)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = layout.title
    _header_row(sheet, [*layout.headers, ROW_NUMBER_HEADER, ERROR_HEADER])
    _shape_columns(sheet, layout)
    count = 0
    for number, cells, message in bad_rows:
        sheet.append([cells.get(column.header) for column in layout.columns]
                     + [number, message])
        count += 1
    width = len(layout.columns)
    sheet.column_dimensions[get_column_letter(width + 1)].width = 8
    sheet.column_dimensions[get_column_letter(width + 2)].width = 60
    for row in sheet.iter_rows(min_row=2, min_col=1, max_col=width):
        for cell, column in zip(row, layout.columns):
            if column.kind == DATE and isinstance(cell.value, (date, datetime)):
                cell.number_format = DATE_FORMAT
    _guide(workbook, layout)
    workbook.save(path)
    return count
