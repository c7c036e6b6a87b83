"""The fields of each entry form, labelled with the spreadsheet templates' column words.

Only presentation lives here (label, input type, choices); what a value must be is the HTTP
service's request body (commands/http/bodies.py) and the application's rules.
"""

from __future__ import annotations

from pydantic import ValidationError

from commands.service.catalogue import AWARD_LEVELS, DUTY_KINDS, ENTRY_KINDS

# name -> (label, input type, choices or None)
FIELDS = {
    "member_id": ("党员编号", "text", None),
    "on": ("日期", "date", None),
    "month": ("所属月份", "month", None),
    "topic": ("内容", "text", None),
    "title": ("内容", "text", None),
    "reason": ("内容", "text", None),
    "score": ("评分（0–10）", "text", None),
    "kind": ("类型", "select", DUTY_KINDS),
    "level": ("级别", "select", AWARD_LEVELS),
    "decision": ("文号", "text", None),
    "issued_by": ("发文单位", "text", None),
    "evidence": ("证据", "text", None),
}
OPTIONAL = {"evidence"}
FORMS = {
    "study": ("member_id", "on", "topic"),
    "rating": ("member_id", "month", "score"),
    "duty": ("member_id", "on", "kind"),
    "commendation": ("member_id", "on", "title"),
    "award": ("member_id", "on", "level", "title"),
    "violation": ("member_id", "on", "reason", "decision", "issued_by", "evidence"),
}
TITLES = {kind: f"记录{ENTRY_KINDS[kind]}" for kind in FORMS}

_PLAIN = {
    "missing": "请填写{label}",
    "string_too_short": "请填写{label}",
    "date_from_datetime_parsing": "{label}应写作 YYYY-MM-DD",
    "date_parsing": "{label}应写作 YYYY-MM-DD",
    "decimal_parsing": "{label}应为数字",
    "string_pattern_mismatch": "{label}应写作 YYYY-MM",
    "literal_error": "请选择{label}",
    "less_than_equal": "{label}不能超过 {le}",
    "greater_than_equal": "{label}不能小于 {ge}",
    "string_too_long": "{label}太长",
}


def field_errors(error: ValidationError) -> dict[str, str]:
    """pydantic's refusals as one Chinese line per form field."""
    found: dict[str, str] = {}
    for problem in error.errors():
        name = str(problem["loc"][0]) if problem.get("loc") else "form"
        label = FIELDS.get(name, (name,))[0]
        template = _PLAIN.get(problem["type"])
        found.setdefault(name, template.format(label=label, **(problem.get("ctx") or {})) if template
                         else f"{label}：{problem['msg']}")
    return found
