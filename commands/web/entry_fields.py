"""The fields of each entry form, labelled with the spreadsheet templates' column words.

Only presentation lives here (label, input type, choices); a field's name is the application
command's field name (commands/service/models/entry_commands.py), and what a value must be is that
model's and the application's rules.
"""

from __future__ import annotations

from commands.service.vocabulary.catalogue import AWARD_LEVELS, DUTY_KINDS, ENTRY_KINDS
from commands.service.models.entry_commands import (
    RecordAward, RecordCommendation, RecordDuty, RecordRating, RecordStudy, RecordViolation,
)

# name -> (label, input type, choices or None)
FIELDS = {
    "member": ("党员编号", "text", None),
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
    "study": ("member", "on", "topic"),
    "rating": ("member", "month", "score"),
    "duty": ("member", "on", "kind"),
    "commendation": ("member", "on", "title"),
    "award": ("member", "on", "level", "title"),
    "violation": ("member", "on", "reason", "decision", "issued_by", "evidence"),
}
COMMANDS = {"study": RecordStudy, "rating": RecordRating, "duty": RecordDuty, "commendation": RecordCommendation,
            "award": RecordAward, "violation": RecordViolation}
TITLES = {kind: f"记录{ENTRY_KINDS[kind]}" for kind in FORMS}
