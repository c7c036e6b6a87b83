"""One spreadsheet row into one bulk-import line (the same command models as `import FILE.jsonl`),
or a RowError naming the column and the problem in Chinese.

Cells arrive as openpyxl gives them: text, numbers, or datetimes for Excel date cells.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from pydantic import BaseModel

from commands.files.sheet_messages import field_in_chinese
from commands.service.models.entry_commands import (
    RecordAward, RecordCommendation, RecordDues, RecordDuty, RecordRating, RecordStudy, RecordViolation,
)
from commands.files.sheet_layout import DUTY_WORDS, ENTRY_KINDS, Column, Layout
from commands.service.models.model_base import InvalidInput, build
from commands.service.models.org_commands import AddMember
from ledger.dates import month_of, parse_month
from ledger.errors import LedgerError


class RowError(Exception):
    def __init__(self, column: str, message: str):
        super().__init__(f"{column}：{message}")
        self.column = column
        self.message = message


def _command(model: type, **fields: Any) -> Any:
    """The command a row stands for, built through the same door as every entrance; a value
    that does not fit is said in Chinese against its column."""
    try:
        return build(model, fields)
    except InvalidInput as error:
        column, message = field_in_chinese(error.field, str(error))
        raise RowError(column, message) from None


def text(value: Any) -> str:
    """A cell as text; whole numbers typed into a text column (1001 -> 1001.0) lose the '.0'."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
    return str(value).strip()


def as_date(value: Any, header: str) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    shown = text(value)
    try:
        return date.fromisoformat(shown)
    except ValueError:
        raise RowError(header, f"“{shown}”不是日期，请写成 YYYY-MM-DD 或使用 Excel 日期") from None


def as_month(value: Any, header: str) -> str:
    if isinstance(value, (datetime, date)):  # Excel turned 2026-03 into the 1st of March
        day = value.date() if isinstance(value, datetime) else value
        if day.day == 1:
            return month_of(day)
    shown = text(value)
    try:
        return parse_month(shown)
    except LedgerError:
        raise RowError(header, f"“{shown}”不是月份，请写成 YYYY-MM") from None


def as_number(value: Any, header: str) -> Decimal:
    shown = text(value)
    try:
        number = Decimal(shown)
    except InvalidOperation:
        number = Decimal("NaN")
    if not number.is_finite():
        raise RowError(header, f"“{shown}”不是数字")
    return number


def as_choice(value: Any, column: Column) -> str:
    shown = text(value)
    if shown not in column.choices:
        raise RowError(column.header, f"“{shown}”不是可选值，只能是{'、'.join(column.choices)}")
    return column.choices[shown]


def required(cells: dict[str, Any], header: str, why: str = "必填") -> Any:
    if text(cells.get(header)) == "":
        raise RowError(header, f"不能为空（{why}）")
    return cells[header]


def check_required(layout: Layout, cells: dict[str, Any]) -> None:
    for column in layout.columns:
        if column.required:
            required(cells, column.header)


def normalised(layout: Layout, cells: dict[str, Any]) -> str:
    """The row's content as one text, dates as YYYY-MM-DD: the same row typed as text or as an
    Excel date gives the same text, hence the same derived entry id."""
    return "\x1f".join(text(cells.get(column.header)) for column in layout.columns if column.header != "记录编号")


def member_line(layout: Layout, cells: dict[str, Any], entry_id: str) -> BaseModel:
    """An entries-sheet row as the bulk line it stands for."""
    check_required(layout, cells)
    kind = as_choice(cells["类型"], layout.column("类型"))
    member = text(cells["党员编号"])
    name = next(label for label, value in ENTRY_KINDS.items() if value == kind)
    content = text(cells.get("内容"))

    def on() -> date:
        return as_date(required(cells, "日期", f"{name}须填写日期"), "日期")

    if kind == "dues":
        paid_on = on()
        month = as_month(cells["所属月份"], "所属月份") if text(cells.get("所属月份")) else month_of(paid_on)
        amount = as_number(required(cells, "金额", "党费须填写金额"), "金额")
        if amount <= 0:
            raise RowError("金额", f"{text(cells['金额'])} 必须大于 0")
        return _command(RecordDues, member=member, month=month, amount=amount, paid_on=paid_on, entry_id=entry_id)
    if kind == "rating":
        if text(cells.get("所属月份")) or not text(cells.get("日期")):
            month = as_month(required(cells, "所属月份", "月度评价须填写所属月份"), "所属月份")
        else:
            month = month_of(on())
        score = as_number(required(cells, "分值", "月度评价须填写分值"), "分值")
        if not Decimal(0) <= score <= Decimal(10):
            raise RowError("分值", f"{text(cells['分值'])} 超出 0–10")
        return _command(RecordRating, member=member, month=month, score=score, entry_id=entry_id)
    day = on()
    if kind == "study":
        return _command(RecordStudy, member=member, on=day, entry_id=entry_id,
                        topic=text(required(cells, "内容", "学习教育须填写学习主题")))
    if kind == "duty":
        words = [value for word, value in DUTY_WORDS.items() if word in content]
        if len(words) != 1:
            raise RowError("内容", "示范岗志愿服务须写明“示范岗”或“志愿服务”（只写其一）")
        return _command(RecordDuty, member=member, on=day, kind=words[0], entry_id=entry_id)
    if kind == "commendation":
        return _command(RecordCommendation, member=member, on=day, entry_id=entry_id,
                        title=text(required(cells, "内容", "表扬须填写名称")))
    if kind == "award":
        level = as_choice(required(cells, "级别", "荣誉奖项须选择级别"), layout.column("级别"))
        return _command(RecordAward, member=member, on=day, level=level, entry_id=entry_id,
                        title=text(required(cells, "内容", "荣誉奖项须填写名称")))
    return _command(RecordViolation, member=member, on=day, entry_id=entry_id,
                     reason=text(required(cells, "内容", "违纪违规须填写事由")),
                     decision=text(required(cells, "文号", "违纪违规须填写处理决定文号")),
                     issued_by=text(required(cells, "发文单位", "违纪违规须填写发文单位")),
                     evidence=text(cells.get("证据")))


def roster_line(layout: Layout, cells: dict[str, Any]) -> BaseModel:
    check_required(layout, cells)
    return _command(AddMember, member=text(cells["党员编号"]), name=text(cells["姓名"]),
                    branch=text(cells["党支部编号"]), joined=as_date(cells["加入日期"], "加入日期"),
                    status=as_choice(cells["党员类别"], layout.column("党员类别")))


def attendance_line(layout: Layout, cells: dict[str, Any]) -> tuple[str, str, str, date, str, str]:
    """(meeting id, branch, meeting kind, date, member, attendance) of one meetings-sheet row."""
    check_required(layout, cells)
    return (text(cells["会议编号"]), text(cells["党支部编号"]),
            as_choice(cells["会议类型"], layout.column("会议类型")), as_date(cells["日期"], "日期"),
            text(cells["党员编号"]), as_choice(cells["出勤"], layout.column("出勤")))
