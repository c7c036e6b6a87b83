"""The three spreadsheet layouts (roster, entries, meetings): their exact Chinese headers, the
values a fixed-value column allows and the ledger id each one stands for, and what each column
means. Templates, imports and errors files all read their layout from here, so the three can
never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Chinese value -> the ledger's id, for every column with fixed values.
MEMBER_CATEGORIES = {"正式党员": "full", "预备党员": "probationary"}
ENTRY_KINDS = {"党费": "dues", "学习教育": "study", "月度评价": "rating", "示范岗志愿服务": "duty",
               "表扬": "commendation", "荣誉奖项": "award", "违纪违规": "violation"}
AWARD_LEVELS = {"支部": "branch", "公司": "company", "市级": "city", "省级": "province", "国家级": "national"}
MEETING_KINDS = {"党员大会": "assembly", "党课": "lecture", "主题党日": "theme_day", "党小组会": "group",
                 "支委会": "committee"}
ATTENDANCE = {"出席": "attended", "请假": "excused", "缺席": "absent"}
# 示范岗志愿服务 rows say in 内容 which of the two duties it was.
DUTY_WORDS = {"示范岗": "vanguard", "志愿服务": "volunteer"}

TEXT, DATE, MONTH, NUMBER, CHOICE = "text", "date", "month", "number", "choice"


@dataclass(frozen=True)
class Column:
    header: str
    kind: str  # TEXT, DATE, MONTH, NUMBER or CHOICE
    explanation: str
    required: bool = True
    choices: dict[str, str] = field(default_factory=dict)
    width: int = 14


@dataclass(frozen=True)
class Layout:
    name: str  # roster, entries, meetings
    title: str
    one_row_per: str
    columns: tuple[Column, ...]

    @property
    def headers(self) -> list[str]:
        return [column.header for column in self.columns]

    def column(self, header: str) -> Column:
        return next(column for column in self.columns if column.header == header)


ROSTER = Layout("roster", "党员名册", "一名党员", (
    Column("党员编号", TEXT, "党员在台账中的编号，唯一；字母、数字或连字符，不含空格、逗号、斜杠。"),
    Column("姓名", TEXT, "党员姓名。"),
    Column("党支部编号", TEXT, "所在党支部的编号；该支部必须已在台账中建立。"),
    Column("加入日期", DATE, "加入该支部的日期（YYYY-MM-DD 或 Excel 日期），不早于支部成立日期，不晚于今天。"),
    Column("党员类别", CHOICE, "从下拉列表选择：正式党员 或 预备党员。", choices=MEMBER_CATEGORIES),
))

ENTRIES = Layout("entries", "党员积分记录", "一条记录", (
    Column("记录编号", TEXT, "可不填。填写时在整个台账中唯一，重复导入同一编号不会重复记分；"
           "不填时按本行内容自动生成编号，再次导入同一文件同样不会重复。", required=False, width=18),
    Column("党员编号", TEXT, "记录所属党员的编号。"),
    Column("类型", CHOICE, "从下拉列表选择：党费、学习教育、月度评价、示范岗志愿服务、表扬、荣誉奖项、违纪违规。",
           choices=ENTRY_KINDS, width=16),
    Column("日期", DATE, "发生日期（YYYY-MM-DD 或 Excel 日期）；党费为缴纳日期。月度评价可不填。",
           required=False),
    Column("所属月份", MONTH, "YYYY-MM；党费、月度评价必填（党费为所缴月份），其他类型不填。", required=False),
    Column("金额", NUMBER, "党费金额（元），仅党费填写。", required=False),
    Column("分值", NUMBER, "月度评价分值 0–10，仅月度评价填写。", required=False),
    Column("级别", CHOICE, "仅荣誉奖项填写，从下拉列表选择：支部、公司、市级、省级、国家级。",
           required=False, choices=AWARD_LEVELS),
    Column("内容", TEXT, "学习教育：学习主题；示范岗志愿服务：写“示范岗”或“志愿服务”；表扬、荣誉奖项："
           "名称；违纪违规：事由。党费、月度评价可不填。", required=False, width=24),
    Column("文号", TEXT, "违纪违规的处理决定文号，仅违纪违规填写。", required=False),
    Column("发文单位", TEXT, "违纪违规的处理决定发文单位，仅违纪违规填写。", required=False),
    Column("证据", TEXT, "违纪违规的证据材料编号，可不填。", required=False),
))

MEETINGS = Layout("meetings", "会议出勤", "一名党员在一次会议的出勤", (
    Column("会议编号", TEXT, "同一会议的各行填写相同编号；编号在台账中唯一，重复导入不会重复记分。"),
    Column("党支部编号", TEXT, "召开会议的党支部编号；同一会议各行必须相同。"),
    Column("会议类型", CHOICE, "从下拉列表选择：党员大会、党课、主题党日、党小组会、支委会；同一会议各行必须相同。",
           choices=MEETING_KINDS),
    Column("日期", DATE, "会议日期（YYYY-MM-DD 或 Excel 日期）；同一会议各行必须相同。"),
    Column("党员编号", TEXT, "参会党员的编号；同一会议中每名党员只列一行。"),
    Column("出勤", CHOICE, "从下拉列表选择：出席、请假、缺席。", choices=ATTENDANCE),
))

LAYOUTS = {layout.name: layout for layout in (ROSTER, ENTRIES, MEETINGS)}

# The columns an errors file adds after the template's own.
ROW_NUMBER_HEADER = "原行号"
ERROR_HEADER = "错误"
GUIDE_SHEET = "填写说明"
