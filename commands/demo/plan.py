"""A year of a Party organisation's life as a list of application commands.

The plan is pure data: (when, StarLedger method, arguments). It is made from one seeded
random generator, with entry ids chosen here, so the same seed and "today" give the same
ledger. Steps run in the order things happened; corrections follow what they correct.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, Callable

from ledger.dates import first_day, last_day, month_of, months_between, next_month
from commands.demo.org import (
    BRANCHES, COMMITTEE, GENERAL_BRANCHES, INSPECTOR, ORGANISER, Org, Person, add_months, build_org,
)

SEED = 20260701
MONTHS = 12
AWARDS = (  # (level, weight, title)
    ("branch", 50, "支部优秀党员"), ("company", 30, "公司劳动竞赛一等奖"), ("city", 14, "市级先进工作者"),
    ("province", 5, "省级劳动模范"), ("national", 1, "全国五一劳动奖章"),
)
STUDY_TOPICS = ("党章学习", "习近平新时代中国特色社会主义思想专题", "党纪学习教育", "二十届三中全会精神",
                "安全生产专题", "廉洁从业警示教育")
VIOLATIONS = (  # (month index, reason, decision number, revoked on appeal)
    (2, "违反中央八项规定精神，公款宴请", 3, False),
    (5, "违规收受管理服务对象礼金", 11, True),
    (9, "酒后驾驶机动车，造成不良影响", 17, False),
    (11, "工作严重失职，造成安全事故", 24, False),
)


@dataclass(order=True)
class Step:
    when: date
    order: int
    method: str = field(compare=False)
    kwargs: dict[str, Any] = field(compare=False)


@dataclass
class Plan:
    org: Org
    months: list[str]
    steps: list[Step] = field(default_factory=list)

    def add(self, when: date, method: str, **kwargs: Any) -> None:
        self.steps.append(Step(when, len(self.steps), method, kwargs))

    def ordered(self) -> list[Step]:
        return sorted(self.steps)


def year_before(today: date) -> list[str]:
    """The twelve complete months before today's month."""
    last = month_of(first_day(month_of(today)) - timedelta(days=1))
    first = month_of(add_months(first_day(last), 1 - MONTHS))
    return months_between(first, last)


def make_plan(today: date, seed: int = SEED) -> Plan:
    """The organisation and its twelve complete months before today, with their corrections."""
    rng = random.Random(seed)
    months = year_before(today)
    plan = Plan(build_org(rng, first_day(months[0])), months)
    _organisation(plan)
    for index, month in enumerate(months):
        for branch_id, *_ in BRANCHES:
            _meetings(plan, rng, branch_id, month, index)
        for person in plan.org.people:
            _member_month(plan, rng, person, month, today)
    _corrections(plan, rng, today)
    return plan


def _organisation(plan: Plan) -> None:
    start, org = first_day(plan.months[0]), plan.org
    plan.add(date.min, "add_unit", unit_id=COMMITTEE[0], name=COMMITTEE[1], kind="committee",
             parent_id=None, actor=ORGANISER)
    for unit_id, name in GENERAL_BRANCHES:
        plan.add(date.min, "add_unit", unit_id=unit_id, name=name, kind="general_branch",
                 parent_id=COMMITTEE[0], actor=ORGANISER)
    for branch_id, name, category, parent, _size in BRANCHES:
        plan.add(date.min, "add_branch", branch_id=branch_id, name=name, category=category,
                 parent_id=parent, established_on=org.established[branch_id], actor=ORGANISER)
    for person in org.people:
        # Newcomers are enrolled when they join; everyone else was on the roll already.
        plan.add(min(person.joined_on, start - timedelta(days=1)), "add_member",
                 member_id=person.member_id, name=person.name, branch_id=person.branch_id,
                 joined_on=person.joined_on, status=person.status, actor=org.organisers[person.branch_id])
        if person.transfer is not None:
            on, target = person.transfer
            plan.add(on, "transfer_member", member_id=person.member_id, to_branch_id=target, on=on,
                     actor=org.organisers[target])
        full_on = add_months(person.joined_on, 12)  # a probationary year, then full membership
        if person.status == "probationary" and full_on <= last_day(plan.months[-1]):
            plan.add(full_on, "change_status", member_id=person.member_id, status="full", on=full_on,
                     actor=org.secretaries[person.branch_id])


def _meetings(plan: Plan, rng: random.Random, branch_id: str, month: str, index: int) -> None:
    """支委会 monthly, 党小组会 and 主题党日 monthly, 党课 and 支部党员大会 each quarter."""
    kinds = [("committee", rng.randint(2, 6)), ("group", rng.randint(8, 12)),
             ("theme_day", rng.randint(14, 20))]
    if index % 3 == 1:
        kinds.append(("lecture", rng.randint(22, 26)))
    elif index % 3 == 2:
        kinds.append(("assembly", rng.randint(22, 26)))
    for kind, day in kinds:
        on = first_day(month).replace(day=day)
        people = plan.org.present(branch_id, on)
        if kind == "committee":
            people = [p for p in people if p.on_committee]
        lists: dict[str, list[str]] = {"attended": [], "excused": [], "absent": []}
        for person in people:
            lists[_attendance(rng, person)].append(person.member_id)
        plan.add(on, "record_meeting", meeting_id=f"{branch_id}-{month}-{kind}", branch_id=branch_id,
                 kind=kind, on=on, actor=plan.org.secretaries[branch_id], **lists)


def _attendance(rng: random.Random, person: Person) -> str:
    roll = rng.random()
    attend = 0.55 + 0.44 * person.diligence
    if roll < attend:
        return "attended"
    return "excused" if roll < attend + (1 - attend) * 0.6 else "absent"


def _member_month(plan: Plan, rng: random.Random, person: Person, month: str, today: date) -> None:
    start, end = first_day(month), last_day(month)
    branch_id = person.branch_on(end)
    if branch_id is None:
        return
    org, key, diligence = plan.org, f"{person.member_id}-{month}", person.diligence
    organiser, secretary = org.organisers[branch_id], org.secretaries[branch_id]
    first = max(start, person.joined_on)
    roll = rng.random()
    if roll < 0.55 + 0.43 * diligence:  # dues on time, mostly
        paid = _day(rng, first, end)
        plan.add(paid, "record_dues", entry_id=f"{key}-dues", member_id=person.member_id, month=month,
                 amount=person.dues, paid_on=paid, actor=organiser)
    elif roll < 0.80 + 0.19 * diligence:  # paid late, in the next month
        paid = min(first_day(next_month(month)) + timedelta(days=rng.randint(0, 19)), today)
        plan.add(paid, "record_dues", entry_id=f"{key}-dues", member_id=person.member_id, month=month,
                 amount=person.dues, paid_on=paid, actor=organiser)
    # else: not paid at all
    sessions = min(6, max(0, round(rng.gauss(0.2 + 1.9 * diligence, 1.1))))
    for n, on in enumerate(_days(rng, first, end, sessions)):  # a few go past the monthly cap of 4
        plan.add(on, "record_study", entry_id=f"{key}-study-{n + 1}", member_id=person.member_id,
                 on=on, topic=rng.choice(STUDY_TOPICS), actor=organiser)
    duties = rng.choices((0, 1, 2, 3, 4), weights=(66, 19, 9, 4, 2))[0]
    for n, on in enumerate(_days(rng, first, end, duties)):  # four duties are 8 points, past the cap of 6
        plan.add(on, "record_duty", entry_id=f"{key}-duty-{n + 1}", member_id=person.member_id, on=on,
                 kind=rng.choice(("vanguard", "volunteer")), actor=secretary)
    if rng.random() < 0.04 + 0.04 * diligence:
        on = _day(rng, first, end)
        plan.add(on, "record_commendation", entry_id=f"{key}-commendation", member_id=person.member_id,
                 on=on, title=rng.choice(("抢修攻坚表现突出", "志愿服务先进个人", "优秀共产党员示范岗")),
                 actor=secretary)
    if rng.random() < 0.015:
        on = _day(rng, first, end)
        level, _, title = rng.choices(AWARDS, weights=[weight for _, weight, _ in AWARDS])[0]
        plan.add(on, "record_award", entry_id=f"{key}-award", member_id=person.member_id, on=on,
                 level=level, title=title, actor=ORGANISER)
    if rng.random() < 0.96:  # the branch rates almost everyone, at the month's end
        score = Decimal(min(10, max(0, round(3 + 6.5 * diligence + rng.gauss(0, 1)))))
        plan.add(end, "record_rating", entry_id=f"{key}-rating", member_id=person.member_id,
                 month=month, score=score, actor=secretary)


def _day(rng: random.Random, first: date, last: date) -> date:
    return first + timedelta(days=rng.randint(0, (last - first).days))


def _days(rng: random.Random, first: date, last: date, count: int) -> list[date]:
    """`count` days between first and last, in order, so entry numbers follow the calendar."""
    return sorted(_day(rng, first, last) for _ in range(count))


def _steady(plan: Plan, rng: random.Random, month: str) -> Person:
    """A member on the roll all month, never transferred and not on the branch committee."""
    start = first_day(month)
    steady = [p for p in plan.org.people if p.transfer is None and not p.on_committee
              and p.joined_on < start]
    return rng.choice(steady)


def _pick(plan: Plan, rng: random.Random, method: str, month: str,
          when: Callable[[Step], bool] = lambda step: True) -> Step:
    """One of the planned steps of a kind in a month, for a correction to follow."""
    found = [step for step in plan.steps if step.method == method and month_of(step.when) == month
             and when(step)]
    return rng.choice(found)


def _corrections(plan: Plan, rng: random.Random, today: date) -> None:
    """Violations by the inspector (one revoked on appeal) and reversals by the secretaries."""
    months = plan.months
    for index, reason, number, revoked in VIOLATIONS:
        month = months[index]
        person = min((_steady(plan, rng, month) for _ in range(6)), key=lambda p: p.diligence)
        on = first_day(month).replace(day=rng.randint(3, 25))
        entry_id, year = f"{person.member_id}-{month}-violation", on.year
        plan.add(on, "record_violation", entry_id=entry_id, member_id=person.member_id, on=on,
                 reason=reason, decision_ref=f"集团纪委〔{year}〕{number}号", issued_by="集团公司纪律检查委员会",
                 evidence_ref=f"调查报告 {year}-{number:03d}", actor=INSPECTOR)
        if revoked:
            plan.add(min(on + timedelta(days=30), today), "reverse", entry_id=f"{entry_id}-revoked",
                     target=entry_id, actor=INSPECTOR,
                     reason=f"申诉复核：证据不足，撤销集团纪委〔{year}〕{number}号决定")

    # Dues recorded with the wrong amount: reversed and recorded again, the same day.
    dues = _pick(plan, rng, "record_dues", months[1], lambda step: step.kwargs["month"] == months[1])
    right, wrong_id = dues.kwargs["amount"], dues.kwargs["entry_id"]
    dues.kwargs["amount"] = right * 10
    plan.add(dues.when, "reverse", entry_id=f"{wrong_id}-reversal", target=wrong_id,
             reason=f"金额录错：应为 {right} 元", actor=dues.kwargs["actor"])
    plan.add(dues.when, "record_dues", **{**dues.kwargs, "entry_id": f"{wrong_id}-2", "amount": right})

    # A study session entered twice.
    study = _pick(plan, rng, "record_study", months[3])
    duplicate = f"{study.kwargs['entry_id']}-dup"
    plan.add(study.when, "record_study", **{**study.kwargs, "entry_id": duplicate})
    plan.add(study.when, "reverse", entry_id=f"{duplicate}-reversal", target=duplicate,
             reason="重复录入", actor=study.kwargs["actor"])

    # A theme day recorded on the wrong date: the whole meeting is reversed and recorded again.
    meeting = _pick(plan, rng, "record_meeting", months[6], lambda step: step.kwargs["kind"] == "theme_day")
    held_on = meeting.kwargs["on"] + timedelta(days=1)
    plan.add(held_on + timedelta(days=1), "reverse", entry_id=f"{meeting.kwargs['meeting_id']}-reversal",
             target=meeting.kwargs["meeting_id"], actor=meeting.kwargs["actor"],
             reason=f"日期录错：主题党日实际于 {held_on} 召开，已重新登记")
    plan.add(held_on + timedelta(days=1), "record_meeting",
             **{**meeting.kwargs, "meeting_id": f"{meeting.kwargs['meeting_id']}-2", "on": held_on})

    # A rating entered before the branch committee had agreed it.
    rating = _pick(plan, rng, "record_rating", months[8], lambda step: step.kwargs["score"] >= 2)
    corrected = max(Decimal(0), rating.kwargs["score"] - 2)
    plan.add(rating.when, "reverse", entry_id=f"{rating.kwargs['entry_id']}-reversal",
             target=rating.kwargs["entry_id"], actor=rating.kwargs["actor"],
             reason=f"支委会复议后评分调整为 {corrected}")
    plan.add(rating.when, "record_rating", **{**rating.kwargs, "entry_id": f"{rating.kwargs['entry_id']}-2",
                                              "score": corrected})

    # An award entered at the wrong level.
    person = _steady(plan, rng, months[10])
    on = first_day(months[10]).replace(day=12)
    award = dict(member_id=person.member_id, on=on, title="公司级劳动竞赛一等奖", actor=ORGANISER)
    entry_id = f"{person.member_id}-{months[10]}-award-contest"
    plan.add(on, "record_award", entry_id=entry_id, level="city", **award)
    plan.add(on, "reverse", entry_id=f"{entry_id}-reversal", target=entry_id, actor=ORGANISER,
             reason="级别录错：应为公司级，不是市级")
    plan.add(on, "record_award", entry_id=f"{entry_id}-2", level="company", **award)


