"""The Chinese a printed statement shows for the ledger's ids (kinds, parts, dimensions, steps)."""

from __future__ import annotations

ENTRY_KINDS = {"dues": "党费", "study": "学习教育", "rating": "月度评价", "duty": "示范岗志愿服务",
               "commendation": "表扬", "award": "荣誉奖项", "violation": "违纪违规", "attendance": "会议出勤"}
PARTS = {"obligations": "履行义务", "role": "发挥作用", "excellence": "体现先进", "deductions": "扣分"}
DIMENSIONS = {"organisation": "组织建设", "leadership": "班子建设", "membership": "队伍建设",
              "institutions": "制度执行", "support": "工作保障", "discipline": "纪律监督"}
STEPS = {"self": "支部自评", "preliminary": "党总支初审", "final": "党委终审"}
CATEGORIES = {"production": "生产类", "auxiliary": "辅助类", "management": "综合管理类",
              "marketing": "市场经营类", "non_public": "非公改制类", "service": "服务类", "operation": "运营类"}
TIERS = {1: "第一梯队", 2: "第二梯队", 3: "第三梯队"}
GRADES = {"excellent": "优秀", "good": "良好", "pass": "合格", "fail": "不合格"}


def label(table: dict, key: object) -> str:
    return table.get(key, str(key))  # type: ignore[call-overload]


def flags(capped: bool, reversed_: bool, late: bool) -> str:
    return "，".join(word for word, on in (("封顶", capped), ("已冲销", reversed_), ("补录", late)) if on)
