"""A refusal in plain Chinese, for the pages: the application refuses in English (the CLI's and the
HTTP API's words); `in_chinese` re-says it from the table of commands/service/vocabulary/refusal_words.py.

A value refused by a command's model (InvalidInput) is said by its field's label and its check:
pydantic's own checks by their stable code, the project's checks (fields.py) by the table.
"""

from __future__ import annotations

import re
from typing import Any

from commands.service.models.model_base import InvalidInput
from commands.service.vocabulary.refusal_words import TABLE, TERMS, WORDS
from ledger.errors import Forbidden, NotFound

_PLACEHOLDER = re.compile(r"\{(\w+)\}")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_FIELD = re.compile(r"^(?:line (?P<line>\d+): )?field '(?P<field>[^']*)': (?P<detail>.*)$", re.DOTALL)

# The labels of the fields a form or a command names (the pages' words for them).
FIELD_LABELS = {
    "member": "党员编号", "member_id": "党员编号", "branch": "党支部编号", "branch_id": "党支部编号", "month": "月份",
    "amount": "金额", "score": "评分", "on": "日期", "paid_on": "缴费日期", "topic": "内容", "title": "名称",
    "reason": "理由", "late_reason": "补录理由", "kind": "类型", "level": "级别", "decision": "结论",
    "decision_ref": "处分文号", "issued_by": "发文单位", "evidence": "证据", "evidence_ref": "证据",
    "entry_id": "记录编号", "target": "记录编号", "appeal_id": "申诉编号", "objection_id": "异议编号",
    "subject": "对象", "name": "名称", "role": "角色", "scope": "范围", "password": "密码", "current_password": "当前密码",
    "days": "有效天数", "token_id": "令牌编号", "joined": "加入日期",
    "status": "党员类别", "to": "转入支部", "since": "任职日期", "points": "扣分", "clause": "条款",
    "notice_days": "公示天数", "step": "考评环节", "attended": "出席", "excused": "请假", "absent": "缺席",
    "unit_id": "单位编号", "parent": "上级单位", "category": "支部类别", "established": "成立日期", "actor": "记录人",
    "body": "规则手册", "comment": "说明", "effective": "生效日期", "full_time": "是否专职", "unit": "单位编号",
    **{key: shown for key, shown in WORDS.items() if key in ("organisation", "leadership", "support", "bonus")},
}

# pydantic's own checks, by their stable error code; {name} is filled from the error's context.
CHECKS = {
    "missing": "必须填写", "extra_forbidden": "不是这项操作的字段", "string_type": "须为文字",
    "string_too_short": "至少 {min_length} 个字符", "string_too_long": "最多 {max_length} 个字符",
    "literal_error": "应为：{expected}", "int_parsing": "须为整数", "int_type": "须为整数",
    "bool_parsing": "须为是或否", "bool_type": "须为是或否", "list_type": "须为列表",
    "greater_than_equal": "须不小于 {ge}", "less_than_equal": "须不大于 {le}",
    "string_pattern_mismatch": "格式不对",
}


def _compiled(english: str) -> re.Pattern[str]:
    parts, last = [], 0
    for found in _PLACEHOLDER.finditer(english):
        parts += [re.escape(english[last:found.start()]), f"(?P<{found.group(1)}>.+?)"]
        last = found.end()
    return re.compile("".join(parts) + re.escape(english[last:]), re.DOTALL)


_RULES = [(_compiled(english), chinese) for english, chinese in TABLE]


def _word(value: str) -> str:
    """A word of the ledger's vocabulary (or a list of them) by its label; anything else as it is."""
    if value in WORDS:
        return WORDS[value]
    for joint, said in ((", ", "、"), (" and a ", "和")):
        if joint in value:
            return said.join(_word(part) for part in value.split(joint))
    return value


def rendering(message: str) -> str | None:
    """The Chinese for an English refusal, or None when the table has no row for it."""
    field = _FIELD.match(message)
    if field:
        detail = rendering(field["detail"])
        if detail is None:
            return None
        where = f"第 {field['line']} 行：" if field["line"] else ""
        return f"{where}{field_label(field['field'])}：{detail}"
    for pattern, chinese in _RULES:
        found = pattern.fullmatch(message)
        if found:
            values = {name: _word(value) if name in TERMS else value for name, value in found.groupdict().items()}
            return chinese.format(**values)
    if _CJK.search(re.sub(r"'[^']*'", "", message)):
        return message  # already said in Chinese (the spreadsheet's column checks), not just a typed value
    return None


def field_label(field: str | None) -> str:
    name = (field or "").split(".")[-1]
    return FIELD_LABELS.get(name, name or "这一项")


def _invalid_input(error: InvalidInput) -> str | None:
    check = CHECKS.get(error.code or "")
    if check is None:
        return rendering(str(error))
    context = {key: _word(str(value).replace("'", "").replace(" or ", ", ")) for key, value in error.context.items()}
    try:
        said = check.format(**context)
    except (KeyError, IndexError):
        said = check.split("{")[0].rstrip("：: ") or "填写有误"
    where = f"第 {error.line} 行：" if error.line else ""
    return f"{where}{field_label(error.field)}：{said}"


def in_chinese(error: Any) -> str:
    """What a page shows for a refusal: the table's Chinese; for one it lacks (the unit test keeps
    that from happening), a plain Chinese sentence with the English kept for whoever helps."""
    said = _invalid_input(error) if isinstance(error, InvalidInput) else rendering(str(error))
    if said is not None:
        return said
    if isinstance(error, NotFound):
        return f"找不到所要的内容（{error}）"
    if isinstance(error, Forbidden):
        return f"您的角色不能做这项操作（{error}）"
    return f"这项操作未能完成，未写入任何内容（{error}）"
