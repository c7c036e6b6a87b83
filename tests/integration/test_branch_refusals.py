"""Every refused branch write says why in one sentence and leaves the ledger unchanged."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from ledger.errors import LedgerError, NotFound, Refused
from projections import branch_queries
from tests.builders import ledger_fingerprint, small_org

D = Decimal


@pytest.fixture
def org(ledger):
    small_org(ledger)
    ledger.record_branch_deduction("B1", "2026-03", D(2), "§4", "late", "insp", entry_id="D1")
    ledger.record_veto("B1", "2026-03", "§4 veto", "accident", "insp", entry_id="V1")
    ledger.reverse("V1", "overturned", "committee")
    return ledger


def assess(ledger, branch="B1", month="2026-03", step="final", organisation="10", leadership="20",
           support="15", bonus="0"):
    ledger.assess(branch, month, step, D(organisation), D(leadership), D(support), "committee", D(bonus))


REFUSALS = [
    ("score over max", lambda l: assess(l, organisation="10.5"), Refused, "organisation 10.5 is outside 0-10"),
    ("negative score", lambda l: assess(l, support="-1"), Refused, "support -1 is outside 0-15"),
    ("bonus over 5", lambda l: assess(l, bonus="5.01"), Refused, "bonus 5.01 is outside 0-5"),
    ("bad step", lambda l: assess(l, step="draft"), Refused, "step 'draft' is not one of self, preliminary, final"),
    ("malformed month", lambda l: assess(l, month="2026-13"), Refused, "month '2026-13' is not a month"),
    ("future month", lambda l: assess(l, month="2026-12"), Refused, "month 2026-12 is after the current month"),
    ("before establishment", lambda l: assess(l, month="2023-12"), Refused, "established on 2024-01-01"),
    ("unknown branch", lambda l: assess(l, branch="B9"), NotFound, "no branch with id 'B9'"),
    ("zero deduction", lambda l: l.record_branch_deduction("B1", "2026-03", D(0), "§4", "r", "insp"),
     Refused, "deduction points 0 must be more than 0"),
    ("negative deduction", lambda l: l.record_branch_deduction("B1", "2026-03", D(-1), "§4", "r", "insp"),
     Refused, "deduction points -1 must be more than 0"),
    ("deduction without clause", lambda l: l.record_branch_deduction("B1", "2026-03", D(1), " ", "r", "insp"),
     Refused, "a branch clause is needed"),
    ("deduction future month", lambda l: l.record_branch_deduction("B1", "2027-01", D(1), "§4", "r", "insp"),
     Refused, "after the current month"),
    ("deduction unknown branch", lambda l: l.record_branch_deduction("B9", "2026-03", D(1), "§4", "r", "insp"),
     NotFound, "no branch with id 'B9'"),
    ("deduction id reused", lambda l: l.record_branch_deduction("B1", "2026-03", D(5), "§4", "r", "insp",
                                                                 entry_id="D1"),
     Refused, "entry id D1 is already used by a different entry"),
    ("veto without reason", lambda l: l.record_veto("B1", "2026-03", "§4", "", "insp"),
     Refused, "a branch reason is needed"),
    ("veto malformed month", lambda l: l.record_veto("B1", "March", "§4", "r", "insp"),
     Refused, "month 'March' is not a month"),
    ("veto reversed twice", lambda l: l.reverse("V1", "again", "insp"), Refused, "entry V1 has already been reversed"),
    ("secretary from another branch", lambda l: l.appoint_secretary("B1", "M6", date(2026, 1, 1), True, "c"),
     Refused, "member M6 is not a member of branch B1 on 2026-01-01"),
    ("secretary before joining", lambda l: l.appoint_secretary("B1", "M1", date(2024, 6, 1), True, "c"),
     Refused, "member M1 is not a member of branch B1 on 2024-06-01"),
    ("secretary unknown member", lambda l: l.appoint_secretary("B1", "M99", date(2026, 1, 1), True, "c"),
     NotFound, "no member with id 'M99'"),
    ("secretary unknown branch", lambda l: l.appoint_secretary("B9", "M1", date(2026, 1, 1), True, "c"),
     NotFound, "no branch with id 'B9'"),
    ("secretary future date", lambda l: l.appoint_secretary("B1", "M1", date(2026, 12, 1), False, "c"),
     Refused, "since 2026-12-01 is after today"),
]


@pytest.mark.parametrize("name, act, error, message", REFUSALS, ids=[r[0] for r in REFUSALS])
def test_refused_branch_write_changes_nothing(org, name, act, error, message):
    before = ledger_fingerprint(org)
    with pytest.raises(error, match=message):
        act(org)
    assert ledger_fingerprint(org) == before


def test_secretary_who_moved_away_is_refused_after_the_move(org):
    org.transfer_member("M1", "B2", date(2026, 6, 1), "sec")
    before = ledger_fingerprint(org)
    with pytest.raises(Refused, match="member M1 is not a member of branch B1 on 2026-06-01"):
        org.appoint_secretary("B1", "M1", date(2026, 6, 1), True, "c")
    assert ledger_fingerprint(org) == before


@pytest.mark.parametrize("query, message", [
    (lambda c: branch_queries.branch_month_score(c, "B9", "2026-03", "2026-11"), "no branch with id 'B9'"),
    (lambda c: branch_queries.branch_month_score(c, "B1", "2023-12", "2026-11"), "has no score for 2023-12"),
    (lambda c: branch_queries.branch_month_score(c, "B1", "2026-12", "2026-11"), "after the current month"),
    (lambda c: branch_queries.branch_year_score(c, "B1", 2027, "2026-11"), "has no complete month in 2027"),
    (lambda c: branch_queries.branch_stars(c, "2027-01", "2026-11"), "after the current month"),
    (lambda c: branch_queries.branch_stars(c, "2026-03", "2026-11", "farming"), "category 'farming' is not one of"),
])
def test_read_of_an_unknown_or_future_branch_month_is_refused(org, query, message):
    with org.reading() as conn, pytest.raises(LedgerError, match=message):
        query(conn)


def test_branch_entry_for_a_closed_month_needs_a_late_reason(org):
    org.close_month("2026-03", 5, "committee")
    before = ledger_fingerprint(org)
    with pytest.raises(Refused, match="month 2026-03 was closed on 2026-11-21; a late entry needs --late-reason"):
        org.record_branch_deduction("B1", "2026-03", D(1), "§4", "found later", "insp")
    assert ledger_fingerprint(org) == before
    late = org.record_veto("B1", "2026-03", "§4 veto", "found later", "insp", late_reason="audit in April")
    assert late["late"] is True
    with org.reading() as conn:
        assert branch_queries.branch_month_score(conn, "B1", "2026-03", "2026-11")["stars"] == 1
