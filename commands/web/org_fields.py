"""The admin's organisation forms: each one application command (commands/service/models/org_commands.py),
its fields labelled with the spreadsheet templates' column words where a column holds them.

Only presentation lives here: a field's name is the command's field name, and which words of a
refusal point at which field, so the message is shown beside it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from commands.service.vocabulary.catalogue import CATEGORIES, MEMBER_STATUSES, UNIT_KINDS
from commands.service.models.org_commands import (
    AddBranch, AddMember, AddUnit, AppointSecretary, ChangeStatus, TransferMember,
)
from ledger.organisation import UNIT_KINDS as NEW_UNIT_KINDS

FULL_TIME = {"false": "兼职", "true": "专职"}


@dataclass(frozen=True)
class OrgForm:
    command: Any
    title: str
    fields: tuple[tuple[str, str, str, dict | None], ...]  # (name, label, input type, choices)
    about: tuple[tuple[str, str], ...]  # (word in a refusal, the field it is about), first match wins
    done: str  # the notice after saving, formatted with the command's fields

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(name for name, *_ in self.fields)


def _dates(field: str) -> tuple[tuple[str, str], ...]:
    """A date's refusals: in the future, before the branch or the member began."""
    return tuple((word, field) for word in ("after today", "before", "date"))


FORMS: dict[str, OrgForm] = {
    "unit": OrgForm(AddUnit, "添加单位", (
        ("unit", "单位编号", "text", None), ("name", "名称", "text", None),
        ("kind", "单位类型", "select", {k: UNIT_KINDS[k] for k in NEW_UNIT_KINDS if k != "committee"}),
        ("parent", "上级单位编号", "text", None)),
        (("unit id", "unit"), ("name", "name"), ("kind", "kind"), ("unit", "parent"), ("parent", "parent"),
         ("committee", "parent")),
        "已添加单位 {unit}"),
    "branch": OrgForm(AddBranch, "添加党支部", (
        ("branch", "党支部编号", "text", None), ("name", "名称", "text", None),
        ("category", "支部类别", "select", CATEGORIES), ("parent", "上级单位编号", "text", None),
        ("established", "成立日期", "date", None)),
        (("branch id", "branch"), ("name", "name"), ("category", "category"), ("unit", "parent"),
         ("parent", "parent"), *_dates("established")),
        "已添加党支部 {branch}"),
    "add": OrgForm(AddMember, "添加党员", (
        ("member", "党员编号", "text", None), ("name", "姓名", "text", None), ("branch", "党支部编号", "text", None),
        ("joined", "加入日期", "date", None), ("status", "党员类别", "select", MEMBER_STATUSES)),
        (("member id", "member"), ("name", "name"), ("established", "joined"), ("branch", "branch"),
         *_dates("joined"), ("status", "status")),
        "已添加党员 {member}"),
    "move": OrgForm(TransferMember, "组织关系转接", (
        ("member", "党员编号", "text", None), ("to", "转入党支部编号", "text", None), ("on", "日期", "date", None)),
        (("no member", "member"), ("established", "on"), ("branch", "to"), *_dates("on"), ("member", "member")),
        "已转接 {member} 到 {to}"),
    "status": OrgForm(ChangeStatus, "变更党员类别", (
        ("member", "党员编号", "text", None), ("to", "党员类别", "select", MEMBER_STATUSES),
        ("on", "日期", "date", None)),
        (("no member", "member"), ("status", "to"), ("already", "to"), *_dates("on"), ("member", "member")),
        "已变更 {member} 的党员类别"),
    "secretary": OrgForm(AppointSecretary, "任命支部书记", (
        ("branch", "党支部编号", "text", None), ("member", "党员编号", "text", None),
        ("since", "任职日期", "date", None), ("full_time", "专职或兼职", "select", FULL_TIME)),
        (("no branch", "branch"), ("no member", "member"), ("full", "full_time"), ("part", "full_time"),
         *_dates("since"), ("since", "since"), ("member", "member"), ("branch", "branch")),
        "已任命 {member} 为 {branch} 的支部书记"),
}


def field_about(form: OrgForm, message: str, named: str | None) -> str:
    """The field a refusal goes beside: the one an invalid value names, else the first whose word
    the message holds, else the form's first field."""
    if named in form.names:
        return named  # type: ignore[return-value]
    lowered = message.lower()
    return next((field for word, field in form.about if word in lowered), form.names[0])
