"""The cache's copy of an aggregate must be independent of the original."""

from __future__ import annotations

import copy
from datetime import date
from decimal import Decimal

from ledger.member import Member


def test_a_copied_member_shares_no_container_with_the_original():
    member = Member(member_id="M1", name="Li", branch_id="B1", status="full",
                    occurred_on=date(2025, 1, 1), actor="sec")
    member.pay_dues("d1", "2026-03", Decimal("10"), date(2026, 3, 5), "sec")
    clone = copy.deepcopy(member)
    clone.transfer("B2", date(2026, 4, 1), "sec")
    clone.record_study("s1", date(2026, 4, 2), "x", "sec")
    clone.reverse("r1", "d1", "wrong", date(2026, 4, 3), "sec")
    assert member.stints == [["B1", date(2025, 1, 1), None]]
    assert set(member.entries) == {"d1"} and member.reversed == set() and member.slots == {"dues/2026-03": "d1"}
    assert len(member.pending_events) == 2 and len(clone.pending_events) == 5
    assert clone.stints == [["B1", date(2025, 1, 1), date(2026, 4, 1)], ["B2", date(2026, 4, 1), None]]
