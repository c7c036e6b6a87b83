"""A realistic organisation for benchmarks, as a deterministic stream of application commands.

Per branch-month: a theme day and two group meetings for everyone, a committee meeting for
the five committee members, an assembly and a lecture each quarter; per member-month: dues
(mostly on time), and now and then a rating, study, duty, commendation or award; about 1%
violations and 0.5% reversals of earlier entries.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Iterator

from ledger.dates import last_day, months_between, next_month

Command = tuple[str, dict]


@dataclass(frozen=True)
class Size:
    branches: int
    members_per_branch: int
    months: int
    first_month: str = "2024-10"

    @property
    def members(self) -> int:
        return self.branches * self.members_per_branch


FULL = Size(branches=200, members_per_branch=50, months=24)
QUICK = Size(branches=20, members_per_branch=20, months=24)
CATEGORIES = ("production", "auxiliary", "management", "marketing", "non_public")


def organisation(size: Size) -> Iterator[Command]:
    established = date(int(size.first_month[:4]) - 1, 1, 1)
    yield "add_unit", dict(unit_id="C1", name="Province Committee", kind="committee", parent_id=None)
    for b in range(size.branches):
        yield "add_branch", dict(branch_id=f"B{b:04d}", name=f"Branch {b}", category=CATEGORIES[b % 5],
                                 parent_id="C1", established_on=established)
    for b in range(size.branches):
        for m in range(size.members_per_branch):
            yield "add_member", dict(member_id=member_id(size, b, m), name=f"Member {b}-{m}",
                                     branch_id=f"B{b:04d}", joined_on=established, status="full")


def member_id(size: Size, branch: int, index: int) -> str:
    return f"M{branch * size.members_per_branch + index:06d}"


def months(size: Size) -> list[str]:
    end = size.first_month
    for _ in range(size.months - 1):
        end = next_month(end)
    return months_between(size.first_month, end)


def month_commands(size: Size, month: str, rng: random.Random, recorded: list[str]) -> Iterator[Command]:
    """Every command of one month, in the order a secretary would type them."""
    quarter_start = int(month[5:]) % 3 == 1
    for b in range(size.branches):
        people = [member_id(size, b, m) for m in range(size.members_per_branch)]
        meetings = [("theme_day", people), ("group", people[::2]), ("group", people[1::2]),
                    ("committee", people[:5])]
        if quarter_start:
            meetings += [("assembly", people), ("lecture", people)]
        for n, (kind, listed) in enumerate(meetings):
            attended, excused, absent = [], [], []
            for person in listed:
                roll = rng.random()
                (attended if roll < 0.9 else excused if roll < 0.97 else absent).append(person)
            day = date(int(month[:4]), int(month[5:]), 3 + 4 * n)
            yield "record_meeting", dict(branch_id=f"B{b:04d}", kind=kind, on=day, attended=attended,
                                         excused=excused, absent=absent)
        for person in people:
            yield from member_month(person, month, rng, recorded)


def member_month(person: str, month: str, rng: random.Random, recorded: list[str]) -> Iterator[Command]:
    year, mon, end = int(month[:4]), int(month[5:]), last_day(month)
    if rng.random() < 0.95:
        paid = end if rng.random() < 0.9 else date(end.year + (mon == 12), mon % 12 + 1, 5)
        entry = f"d-{person}-{month}"
        yield "record_dues", dict(member_id=person, month=month, amount=Decimal("20"), paid_on=paid, entry_id=entry)
        recorded.append(entry)
    if rng.random() < 0.4:
        yield "record_rating", dict(member_id=person, month=month, score=Decimal(rng.randint(5, 10)))
    for _ in range(rng.choice((0, 0, 0, 1, 2))):
        entry = f"s-{person}-{month}-{rng.random():.6f}"
        yield "record_study", dict(member_id=person, on=date(year, mon, rng.randint(1, 28)), topic="study",
                                   entry_id=entry)
        recorded.append(entry)
    if rng.random() < 0.1:
        yield "record_duty", dict(member_id=person, on=date(year, mon, 20), kind=rng.choice(("vanguard", "volunteer")))
    if rng.random() < 0.02:
        yield "record_commendation", dict(member_id=person, on=date(year, mon, 22), title="good work")
    if rng.random() < 0.01:
        yield "record_award", dict(member_id=person, on=date(year, mon, 25),
                                   level=rng.choice(("branch", "company", "city")), title="prize")
    if rng.random() < 0.04:
        yield "record_violation", dict(member_id=person, on=date(year, mon, 15), reason="late for duty",
                                       decision_ref=f"纪检〔{year}〕{rng.randint(1, 99)}号",
                                       issued_by="Discipline Committee")
    if recorded and rng.random() < 0.02:
        target = recorded.pop(rng.randrange(len(recorded)))
        yield "reverse", dict(target=target, reason="entered by mistake")


def all_commands(size: Size, seed: int = 7) -> Iterator[Command]:
    rng = random.Random(seed)
    recorded: list[str] = []
    for month in months(size):
        yield from month_commands(size, month, rng, recorded)
