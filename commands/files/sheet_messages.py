"""A command's refusal, said in Chinese against the spreadsheet column it is about.

The commands refuse in English (their CLI messages); an errors file is read by a secretary,
so each known refusal is re-said here against its column. Any other one is said by the pages'
catalogue (commands/service/vocabulary/refusals_zh.py), under the column the sheet's kind makes most likely.
"""

from __future__ import annotations

import re

from commands.service.vocabulary.refusals_zh import rendering

# (pattern over the command's message, column, Chinese message with the pattern's groups)
_KNOWN: list[tuple[str, str, str]] = [
    (r"no member with id '(.+)'", "党员编号", "台账中没有党员 {0}"),
    (r"no branch with id '(.+)'", "党支部编号", "党支部 {0} 不存在，请先建立该支部"),
    (r"(?:date|paid-on) (\S+) is after today \((\S+)\)", "日期", "{0} 晚于今天（{1}）"),
    (r"joined (\S+) is after today \((\S+)\)", "加入日期", "{0} 晚于今天（{1}）"),
    (r"month (\S+) is after the current month", "所属月份", "{0} 晚于本月"),
    (r"member (\S+) joined on (\S+); (\d{4}-\d{2}) is before that", "所属月份", "党员 {0} 于 {1} 加入，{2} 早于加入日期"),
    (r"member (\S+) joined on (\S+); (\S+) is before that", "日期", "党员 {0} 于 {1} 加入，{2} 早于加入日期"),
    (r"member (\S+) was not in any branch during (\S+)", "所属月份", "党员 {0} 在 {1} 不属于任何支部"),
    (r"member (\S+) was not in any branch on (\S+)", "日期", "党员 {0} 在 {1} 不属于任何支部"),
    (r"member (\S+) was not in branch (\S+) on (\S+)", "党员编号", "党员 {0} 在 {2} 不是支部 {1} 的党员"),
    (r"member (\S+) is listed twice in this meeting", "党员编号", "党员 {0} 在同一会议中出现两次"),
    (r"month (\S+) was closed on (\S+); a late entry", "日期",
     "{0} 已于 {1} 关账，补录须说明理由，请用命令逐条补录（--late-reason）"),
    (r"dues for (\S+) are already recorded for member (\S+) \(entry (\S+)\)", "所属月份",
     "党员 {1} {0} 的党费已有记录（{2}），如需更正请先冲销该记录"),
    (r"member (\S+) already has a rating for (\S+) \(entry (\S+)\)", "所属月份",
     "党员 {0} {1} 已有月度评价（{2}），如需更正请先冲销该记录"),
    (r"entry id (\S+) is already used by a different entry", "记录编号", "编号 {0} 已被台账中内容不同的另一条记录使用"),
    (r"entry id (\S+) is already (?:used|in the ledger)", "记录编号", "编号 {0} 已被台账中另一条记录使用"),
    (r"entry id (\S+) is used twice in this batch", "记录编号", "编号 {0} 在本文件中重复"),
    (r"entry id '(.*)' must be 1-120 characters: ", "记录编号", "编号“{0}”须为 1–120 个字符，只能用英文字母、数字、“-”“_”或“.”"),
    (r"member id '(.*)' must be 1-64 characters", "党员编号", "编号“{0}”须为 1–64 个字符，只能用英文字母、数字、“-”“_”或“.”"),
    (r"member id '(.+)' is already used", "党员编号", "党员 {0} 已在台账中，且姓名、支部或加入日期与本行不同"),
    (r"branch (\S+) was established on (\S+); joined (\S+) is before that", "加入日期",
     "支部 {0} 成立于 {1}，{2} 早于成立日期"),
    (r"branch (\S+) was established on (\S+); a meeting on (\S+) is before that", "日期",
     "支部 {0} 成立于 {1}，{2} 早于成立日期"),
    (r"a member needs a name", "姓名", "不能为空"),
    (r"a (\S+) may not do this", "", "您的角色不能记录这一行"),  # the column: the sheet's likeliest
]

# Where an unknown refusal most likely belongs, by sheet.
_FALLBACK = {"roster": "党员编号", "entries": "类型", "meetings": "会议编号"}


def in_chinese(message: str, sheet: str, id_column: str = "记录编号") -> tuple[str, str]:
    """(column, message) for the errors file's 错误 column and the --json errors."""
    for pattern, column, said in _KNOWN:
        match = re.search(pattern, message)
        if match:
            if column == "记录编号":
                column = id_column
            column = column or _FALLBACK[sheet]
            return column, said.format(*match.groups())
    return _FALLBACK[sheet], f"不能记录：{rendering(message) or message}"


# The spreadsheet column of each command field, and the edge checks' words in Chinese.
_COLUMNS = {"member": "党员编号", "month": "所属月份", "amount": "金额", "score": "分值", "on": "日期",
            "paid_on": "日期", "topic": "内容", "title": "内容", "reason": "内容", "kind": "内容",
            "decision": "文号", "issued_by": "发文单位", "evidence": "证据", "entry_id": "记录编号",
            "name": "姓名", "branch": "党支部编号", "joined": "加入日期", "status": "党员类别", "level": "级别"}
_CHECKS = [(r"has more than two decimals", "小数不能超过两位"),
           (r"must be written as a plain number", "须写成普通数字，如 25.50"),
           (r"is too large: at most (\S+)", "数值过大，最多 {0}"),
           (r"must not be empty", "不能为空"),
           (r"is (\d+) characters long; at most (\d+)", "共 {0} 字，最多 {1} 字"),
           (r"is not a number", "不是数字")]


def field_in_chinese(field: str | None, message: str) -> tuple[str, str]:
    """(column, message) for a value the command's model refused."""
    column = _COLUMNS.get((field or "").split(".")[0], "类型")
    for pattern, said in _CHECKS:
        match = re.search(pattern, message)
        if match:
            return column, said.format(*match.groups())
    return column, f"不能记录：{rendering(message) or message}"


# A whole file that cannot be imported: (pattern over the reader's message, Chinese with {name}).
_FILE_REFUSALS = [
    (r"cannot read .* as an \.xlsx workbook", "“{name}”不是可以读取的 .xlsx 工作簿，没有写入任何内容。"),
    (r"第 1 行缺少列：(\S+?)（", "“{name}”第 1 行缺少列：{0}。请使用空白模板，没有写入任何内容。"),
    (r"the sheet is empty", "“{name}”是空表，请按空白模板填写，没有写入任何内容。"),
    (r"has no rows under its header", "“{name}”表头下没有数据行，没有写入任何内容。"),
    (r"holds (\d+) files; an \.xlsx workbook holds at most", "“{name}”内含 {0} 个文件，不是正常的 .xlsx 工作簿，没有写入任何内容。"),
    (r"unpacks to (\S+ [KM]B); (?:a workbook|one part) may unpack to at most (\S+ MB)",
     "“{name}”解压后为 {0}，超过 {1} 的上限，请分成几个文件上传，没有写入任何内容。"),
    (r"unpacks (\d+) times its packed size", "“{name}”解压后是压缩大小的 {0} 倍（疑似压缩炸弹），不是正常的工作簿，没有写入任何内容。"),
    (r"its sheet has more than (\d+) rows", "“{name}”超过 {0} 行，请分成几个文件上传，没有写入任何内容。"),
    (r"took longer than (\d+) s to read", "“{name}”读取超过 {0} 秒，请分成几个文件上传，没有写入任何内容。"),
    (r"needs more than (\d+) MB to read", "“{name}”读取需要超过 {0} MB 内存，请分成几个文件上传，没有写入任何内容。"),
]


def file_in_chinese(message: str, name: str) -> str:
    """One plain Chinese line for a file refused whole, naming it as its owner called it
    (never the server's temporary path)."""
    for pattern, said in _FILE_REFUSALS:
        match = re.search(pattern, message)
        if match:
            return said.format(*match.groups(), name=name)
    return f"“{name}”无法导入，没有写入任何内容。"
