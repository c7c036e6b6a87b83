"""The Chinese (zh-CN) labels users see, one dict per family of English ids.

Ids stay English in the ledger, the CLI's --json and the URLs; every page, sheet and statement
shows the label from here, so one word means one thing everywhere. An id with no label shows as
itself rather than failing: a rule book may add categories this catalogue has not heard of.
"""

from __future__ import annotations

MEETING_KINDS = {
    "assembly": "党员大会",
    "lecture": "党课",
    "theme_day": "主题党日",
    "group": "党小组会",
    "committee": "支委会",
}

ATTENDANCE = {"attended": "出席", "excused": "请假", "absent": "缺席"}

CATEGORIES = {
    "production": "生产类",
    "auxiliary": "辅助类",
    "management": "综合管理类",
    "marketing": "市场经营类",
    "non_public": "非公改制类",
    "service": "服务类",
    "operation": "运营类",
}

PARTS = {
    "obligations": "履行义务",
    "role": "发挥作用",
    "excellence": "体现先进",
    "deductions": "扣分",
}

MEMBER_STATUSES = {"probationary": "预备党员", "full": "正式党员"}

DEDUCTION_STATUSES = {"active": "有效", "appealed": "申诉中", "maintained": "维持", "revoked": "撤销"}

ALERT_KINDS = {
    "criticism_notice": "通报批评",
    "admonishment_talk": "诫勉谈话",
    "dues_warning": "党费欠缴预警",
    "deemed_left_review": "视为自行脱党审查",
}

ENTRY_KINDS = {
    "meeting": "会议",
    "attendance": "会议出勤",
    "dues": "党费",
    "study": "学习教育",
    "rating": "月度评议",
    "duty": "示范岗/志愿服务",
    "commendation": "表扬",
    "award": "荣誉奖励",
    "violation": "违纪扣分",
    "reversal": "冲销",
    "branch_deduction": "支部扣分",
    "veto": "否决专项",
}

STEPS = {"self": "自评", "preliminary": "初评", "final": "终评"}

DIMENSIONS = {
    "organisation": "组织建设",
    "leadership": "班子建设",
    "membership": "队伍建设",
    "institutions": "制度执行",
    "support": "工作保障",
    "discipline": "纪律监督",
    "bonus": "加分项目",
}

GRADES = {"excellent": "优秀", "good": "良好", "pass": "合格", "fail": "不合格"}

DUTY_KINDS = {"vanguard": "党员示范岗", "volunteer": "志愿服务"}

AWARD_LEVELS = {"branch": "支部级", "company": "公司级", "city": "市级", "province": "省级", "national": "国家级"}

UNIT_KINDS = {"committee": "党委", "general_branch": "党总支", "branch": "党支部"}

ROLES = {
    "secretary": "支部书记",
    "reviewer": "考评人",
    "inspector": "纪检委员",
    "auditor": "审计",
    "member": "党员",
    "admin": "管理员",
}

SCOPE_KINDS = {"unit": "单位", "branch": "支部", "member": "党员"}

STORY_STEPS = {"recorded": "记录", "appealed": "申诉", "revoked": "撤销", "maintained": "维持", "reversed": "冲销"}

FAMILIES = {
    "meeting_kind": MEETING_KINDS, "attendance": ATTENDANCE, "category": CATEGORIES, "part": PARTS,
    "member_status": MEMBER_STATUSES, "deduction_status": DEDUCTION_STATUSES, "alert_kind": ALERT_KINDS,
    "entry_kind": ENTRY_KINDS, "step": STEPS, "dimension": DIMENSIONS, "grade": GRADES,
    "duty_kind": DUTY_KINDS, "award_level": AWARD_LEVELS, "unit_kind": UNIT_KINDS, "role": ROLES,
    "story_step": STORY_STEPS, "scope_kind": SCOPE_KINDS,
}


def label(family: str, key: str | None) -> str:
    """The Chinese label of `key` in `family`, or the key itself when it has none."""
    if key is None:
        return ""
    return FAMILIES[family].get(key, key)


def id_and_label(family: str, key: str | None) -> str:
    """`assembly 党员大会`: what a table shows, the id a script can type beside the label."""
    if key is None:
        return ""
    shown = label(family, key)
    return key if shown == key else f"{key} {shown}"


def entry_label(kind: str, rule_key: str | None) -> str:
    """An entry as a table shows it: a meeting attendance by its meeting kind
    (`assembly 党员大会`), an excused or missed one as such, anything else by its entry kind."""
    if rule_key and rule_key.startswith("attend."):
        return id_and_label("meeting_kind", rule_key.removeprefix("attend."))
    if rule_key in ATTENDANCE:
        return id_and_label("attendance", rule_key)
    return id_and_label("entry_kind", kind)
