"""The demo organisation: its units, branches, people and who records what.

Everything here is data drawn from one seeded random generator, so the same seed and the
same "today" always give the same organisation.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

COMMITTEE = ("C1", "集团公司党委")
GENERAL_BRANCHES = (("G1", "生产运营党总支"), ("G2", "经营管理党总支"))

# (id, name, category, parent, size): all five categories, one branch straight under the committee.
BRANCHES = (
    ("B01", "第一生产车间党支部", "production", "G1", 20),
    ("B02", "第二生产车间党支部", "production", "G1", 19),
    ("B03", "设备维修党支部", "auxiliary", "G1", 17),
    ("B04", "后勤服务党支部", "auxiliary", "G1", 16),
    ("B05", "机关综合党支部", "management", "G2", 18),
    ("B06", "财务审计党支部", "management", "G2", 15),
    ("B07", "市场营销党支部", "marketing", "G2", 19),
    ("B08", "客户服务党支部", "marketing", "G2", 16),
    ("B09", "改制企业联合党支部", "non_public", "C1", 20),
)
NEWCOMER_BRANCHES = ("B02", "B04", "B07", "B09")  # their last member joins during the year
PROBATIONER_BRANCH = "B05"  # its second-last member joined shortly before and becomes full

SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程"
            "魏苏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵")
GIVEN_NAMES = ("伟 芳 娜 敏 静 丽 强 磊 军 洋 勇 艳 杰 娟 涛 明 超 霞 平 刚 华 萍 红 建国 建华 志强 志明 海燕 "
               "雪梅 晓东 晓燕 文博 子涵 浩然 思远 雨欣 佳怡 俊杰 宇轩 嘉怡 振华 国庆 卫东 春梅 秋菊 永红 "
               "德明 秀英 秀兰 桂英 立新 红梅 丽华 建军 玉兰 小龙 海波 金凤").split()

HALVES = (Decimal("0.00"), Decimal("0.50"))
ORGANISER = "党委组织部 孙立"  # sets up the units and branches
INSPECTOR = "纪委纪检委员 赵刚"  # records violations and revokes them on appeal


@dataclass
class Person:
    member_id: str
    name: str
    branch_id: str
    joined_on: date
    status: str
    diligence: float  # 0..1: how reliably this member attends, pays and studies
    dues: Decimal  # monthly dues, by the member's income band
    on_committee: bool = False  # branch committee (支委): the only ones at committee meetings
    transfer: tuple[date, str] | None = None  # (on, to branch)

    def branch_on(self, day: date) -> str | None:
        if day < self.joined_on:
            return None
        if self.transfer is not None and day >= self.transfer[0]:
            return self.transfer[1]
        return self.branch_id


@dataclass
class Org:
    people: list[Person] = field(default_factory=list)
    secretaries: dict[str, str] = field(default_factory=dict)  # branch id -> actor
    organisers: dict[str, str] = field(default_factory=dict)  # branch id -> actor (组织委员)
    established: dict[str, date] = field(default_factory=dict)

    def branch_people(self, branch_id: str) -> list[Person]:
        """Everyone enrolled in the branch (before any transfer)."""
        return [p for p in self.people if p.branch_id == branch_id]

    def present(self, branch_id: str, day: date) -> list[Person]:
        """Members of the branch on that day, newcomers and transfers included."""
        return [p for p in self.people if p.branch_on(day) == branch_id]


def _unique_names(rng: random.Random, count: int) -> list[str]:
    names: list[str] = []
    while len(names) < count:
        name = rng.choice(SURNAMES) + rng.choice(GIVEN_NAMES)
        if name not in names:
            names.append(name)
    return names


def build_org(rng: random.Random, start: date) -> Org:
    """Branches established years before `start`; most members joined before it, a few during it."""
    org = Org()
    names = iter(_unique_names(rng, sum(size for *_, size in BRANCHES)))
    number = 0
    for branch_id, _name, _category, _parent, size in BRANCHES:
        established = date(rng.randint(2012, 2020), rng.choice((1, 3, 7)), 1)
        org.established[branch_id] = established
        for seat in range(size):
            number += 1
            status = "full"
            joined = date(rng.randint(established.year + 1, start.year - 1), rng.randint(1, 12),
                          rng.randint(1, 28))
            if branch_id in NEWCOMER_BRANCHES and seat == size - 1:
                status = "probationary"
                joined = add_months(start, rng.randint(2, 8)).replace(day=rng.randint(1, 20))
            elif branch_id == PROBATIONER_BRANCH and seat == size - 2:
                status = "probationary"
                joined = add_months(start, -4).replace(day=rng.randint(1, 20))
            org.people.append(Person(
                member_id=f"M{number:03d}", name=next(names), branch_id=branch_id, joined_on=joined,
                status=status, diligence=rng.betavariate(6, 1.6),
                dues=Decimal(rng.choice((8, 12, 16, 24, 36, 48, 60, 90))) + rng.choice(HALVES),
                on_committee=seat < 3))
        secretary, organiser = org.branch_people(branch_id)[:2]
        org.secretaries[branch_id] = f"{secretary.name}（{branch_id}书记）"
        org.organisers[branch_id] = f"{organiser.name}（{branch_id}组织委员）"
    # Two transfers (组织关系转接): ordinary members, on the first of a month within the year.
    for (source, seat, target, months) in (("B01", 6, "B02", 4), ("B07", 8, "B05", 8)):
        org.branch_people(source)[seat].transfer = (add_months(start, months), target)
    return org


def add_months(day: date, months: int) -> date:
    """The same day `months` later (or earlier); the demo only moves days up to the 28th."""
    index = day.year * 12 + day.month - 1 + months
    return day.replace(year=index // 12, month=index % 12 + 1)
