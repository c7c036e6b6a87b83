"""Random sequences of ledger writes for the property tests, applied through StarLedger.

A write the ledger refuses is skipped (it writes nothing); anything else that goes wrong fails
the test. Each run enrols three fresh members of its own.
"""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from decimal import Decimal

from hypothesis import strategies as st

from ledger.errors import Refused
from ledger.member import AWARD_LEVELS
from ledger.organisation import MEETING_KINDS
from ledger.rule_book_content import parse_rule_book, rule_book_json

START = date(2026, 1, 1)
MONTHS = ["2026-01", "2026-02", "2026-03", "2026-04"]
_runs = itertools.count(1)

member = st.integers(0, 2)
day = st.integers(0, 119)  # 2026-01-01 .. 2026-04-30
attendance = st.sampled_from(["attended", "excused", "absent", None])

operation = st.one_of(
    st.tuples(st.just("study"), member, day),
    st.tuples(st.just("duty"), member, day, st.sampled_from(["vanguard", "volunteer"])),
    st.tuples(st.just("commendation"), member, day),
    st.tuples(st.just("award"), member, day, st.sampled_from(AWARD_LEVELS)),
    st.tuples(st.just("violation"), member, day),
    st.tuples(st.just("dues"), member, st.integers(1, 4), st.integers(-10, 45)),
    st.tuples(st.just("rating"), member, st.integers(1, 4), st.integers(0, 20)),
    st.tuples(st.just("meeting"), st.sampled_from(["B1", "B2"]), st.sampled_from(MEETING_KINDS), day,
              st.lists(attendance, min_size=3, max_size=3)),
    st.tuples(st.just("reverse"), st.integers(0, 10_000)),
    st.tuples(st.just("transfer"), member, day),
    st.tuples(st.just("publish"), day, st.integers(0, 3), st.integers(2, 8)),
    st.tuples(st.just("catch_up")),
)
operations = st.lists(operation, min_size=1, max_size=18)


class Run:
    """One example: three fresh members in B1 (joined 2025-12-01) and the entry ids written."""

    def __init__(self, ledger):
        self.ledger = ledger
        self.number = next(_runs)
        self.members = [f"H{self.number}-{i}" for i in range(3)]
        self.branch = {m: "B1" for m in self.members}
        self.entries: list[str] = []
        for member_id in self.members:
            ledger.add_member(member_id, member_id, "B1", date(2025, 12, 1), "full", "sec")

    def apply_all(self, ops) -> None:
        for op in ops:
            try:
                self.apply(op)
            except Refused:
                pass

    def apply(self, op) -> None:
        L, kind = self.ledger, op[0]
        on = START + timedelta(days=op[2]) if kind in ("study", "duty", "commendation", "award",
                                                        "violation", "transfer") else None
        if kind == "catch_up":
            L.catch_up()
            return
        if kind == "reverse":
            if self.entries:
                L.reverse(self.entries[op[1] % len(self.entries)], "property test", "rev")
            return
        if kind == "transfer":
            member_id = self.members[op[1]]
            target = "B2" if self.branch[member_id] == "B1" else "B1"
            L.transfer_member(member_id, target, on, "sec")
            self.branch[member_id] = target
            return
        if kind == "publish":
            effective = START + timedelta(days=op[1])
            data = rule_book_json(L.rule_book("default-2026"))
            data["version"] = f"hyp-{self.number}-{len(self.entries)}-{op[1]}"
            data["member"]["rules"]["study"]["points"] = op[2]
            data["member"]["caps"]["duty"]["monthly"] = op[3]
            L.publish_rules(parse_rule_book(data), effective, "committee")
            return
        if kind == "meeting":
            _, branch_id, meeting_kind, offset, marks = op
            lists = {"attended": [], "excused": [], "absent": []}
            for member_id, mark in zip(self.members, marks):
                if mark is not None:
                    lists[mark].append(member_id)
            result = L.record_meeting(branch_id, meeting_kind, START + timedelta(days=offset),
                                      lists["attended"], lists["excused"], lists["absent"], "sec")
            self.entries.append(result["meeting_id"])
            self.entries.extend(line["entry_id"] for line in result["attendance"])
            return
        member_id = self.members[op[1]]
        if kind == "study":
            result = L.record_study(member_id, on, "topic", "sec")
        elif kind == "duty":
            result = L.record_duty(member_id, on, op[3], "sec")
        elif kind == "commendation":
            result = L.record_commendation(member_id, on, "title", "sec")
        elif kind == "award":
            result = L.record_award(member_id, on, op[3], "title", "sec")
        elif kind == "violation":
            result = L.record_violation(member_id, on, "reason", "D-1", "DC", "insp")
        elif kind == "dues":
            month = MONTHS[op[2] - 1]
            paid_on = date(2026, op[2], 1) + timedelta(days=op[3])
            result = L.record_dues(member_id, month, Decimal("12.5"), paid_on, "sec")
        elif kind == "rating":
            result = L.record_rating(member_id, MONTHS[op[2] - 1], Decimal(op[3]) / 2, "sec")
        else:
            raise AssertionError(f"unknown operation {op!r}")
        self.entries.append(result["entry_id"])
