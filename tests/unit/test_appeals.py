"""The appeal rules of one entry, without a database: one open appeal, one decision each."""

from __future__ import annotations

from datetime import date

import pytest

from ledger.appeals import EntryAppeals, check_appealable
from ledger.errors import Refused

ON = date(2026, 4, 1)


def appeals() -> EntryAppeals:
    return EntryAppeals(target="V1", target_kind="violation", occurred_on=ON, actor="M1")


def names(aggregate: EntryAppeals) -> list[str]:
    return [type(event).__qualname__ for event in aggregate.collect_events()]


def test_filing_then_maintaining_then_filing_again():
    case = appeals()
    case.file("A1", "returned", ON, "M1")
    assert case.open == "A1"
    case.decide("A1", "maintain", "no receipt", None, ON, "insp")
    case.file("A2", "new evidence", ON, "M1")
    case.decide("A2", "revoke", "receipt found", "A2/revoked", ON, "committee")
    assert (case.open, case.decisions) == (None, {"A1": "maintain", "A2": "revoke"})
    assert names(case) == ["EntryAppeals.Opened", "EntryAppeals.Filed", "EntryAppeals.Decided",
                           "EntryAppeals.Filed", "EntryAppeals.Decided"]


@pytest.mark.parametrize("act, message", [
    (lambda c: c.file("A2", "again", ON, "M1"), "entry V1 already has an open appeal, A1; it must be decided first"),
    (lambda c: c.decide("A1", "annul", "x", None, ON, "insp"), "decision 'annul' is not one of revoke, maintain"),
    (lambda c: c.decide("A9", "maintain", "x", None, ON, "insp"), "appeal A9 is not an appeal against entry V1"),
    (lambda c: c.decide("A1", "maintain", "", None, ON, "insp"), "deciding an appeal needs a reason"),
    (lambda c: c.decide("A1", "revoke", "x", None, ON, "insp"), "a revocation, and only a revocation"),
    (lambda c: c.decide("A1", "maintain", "x", "R1", ON, "insp"), "a revocation, and only a revocation"),
])
def test_refusals_leave_no_pending_event(act, message):
    case = appeals()
    case.file("A1", "returned", ON, "M1")
    case.collect_events()
    with pytest.raises(Refused, match=message):
        act(case)
    assert names(case) == []


def test_a_decided_appeal_is_not_decided_again():
    case = appeals()
    case.file("A1", "returned", ON, "M1")
    case.decide("A1", "revoke", "receipt", "A1/revoked", ON, "insp")
    with pytest.raises(Refused, match="appeal A1 has already been decided: revoked"):
        case.decide("A1", "maintain", "x", None, ON, "insp")


@pytest.mark.parametrize("kind, message", [
    ("study", "entry E is a study entry; only"), ("attendance", "entry E is an attendance line; only"),
    ("meeting", "entry E is a meeting; only"), ("reversal", "entry E is a reversal; only"),
    ("objection", "entry E is an objection; only"), ("appeal", "entry E is an appeal; only"),
])
def test_only_a_deduction_can_be_appealed(kind, message):
    with pytest.raises(Refused, match=message):
        check_appealable("E", kind, False)


def test_a_reversed_deduction_cannot_be_appealed():
    for kind in ("violation", "branch_deduction", "veto"):
        check_appealable("E", kind, False)
        with pytest.raises(Refused, match="entry E has already been reversed"):
            check_appealable("E", kind, True)
