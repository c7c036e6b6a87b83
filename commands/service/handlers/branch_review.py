"""Commands for the monthly branch review (DOMAIN §4-6): assessment steps, branch deductions,
vetoes and secretaries. Deductions and vetoes are entries: `reverse` undoes them like any other."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from commands.service.handlers.base import LedgerBase
from ledger.dates import last_day, month_of, parse_month
from ledger.errors import Refused
from ledger.member import Member
from ledger.organisation import Branch
from ledger.rule_book_content import RuleBookBody


class BranchCommands(LedgerBase):
    if TYPE_CHECKING:  # provided by the other mixins of StarLedger
        def _record_entry(self, load: Any, entry_id: str | None, content: dict[str, Any], month: str,
                          act: Any, actor: str, late_reason: str | None,
                          shown: dict[str, Any] | None = None) -> dict: ...
        def rule_book_in_force(self, on: date) -> RuleBookBody: ...

    def _month(self, month: str) -> str:
        month = parse_month(month)
        if month > month_of(self.today()):
            raise Refused(f"month {month} is after the current month")
        return month

    def _recorded_on(self, month: str) -> date:
        return min(self.today(), last_day(month))

    def assess(self, branch_id: str, month: str, step: str, organisation: Decimal,
               leadership: Decimal, support: Decimal, actor: str, bonus: Decimal = Decimal(0),
               comment: str = "", late_reason: str | None = None) -> dict:
        """One step of the review: `self` by the branch, `preliminary`, then `final` by the committee.
        After the month is closed a step needs `late_reason` and is flagged late."""
        month = self._month(month)
        branch = self.get(Branch, branch_id, "branch")
        rules = self.rule_book_in_force(last_day(month)).branch
        scores = {"organisation": organisation, "leadership": leadership, "support": support}
        late = self.lateness(month, late_reason)
        branch.assess(month, step, scores, bonus, comment, rules, self._recorded_on(month), actor, late)
        with self.unit_of_work():
            self.save(branch)
        result: dict[str, Any] = {"branch_id": branch_id, "month": month, "step": step}
        if late:
            result["late"] = True
        return result

    def _record_branch_entry(self, branch_id: str, month: str, entry_id: str | None,
                             content: dict[str, Any], act: Any, actor: str,
                             late_reason: str | None) -> dict:
        """An inspector's entry on the branch's stream; late (with a reason) if the month is closed."""
        month = self._month(month)
        return self._record_entry(lambda: self.get(Branch, branch_id, "branch"), entry_id, content, month,
                                  lambda branch, eid: act(branch, eid, month, self._recorded_on(month)),
                                  actor, late_reason, {"branch_id": branch_id, "month": month})

    def record_branch_deduction(self, branch_id: str, month: str, points: Decimal, clause: str,
                                reason: str, actor: str, entry_id: str | None = None,
                                late_reason: str | None = None) -> dict:
        content = dict(kind="branch_deduction", branch_id=branch_id, month=month, points=str(points),
                       clause=clause, reason=reason)
        return self._record_branch_entry(
            branch_id, month, entry_id, content,
            lambda b, eid, m, on: b.record_deduction(eid, m, points, clause, reason, on, actor),
            actor, late_reason)

    def record_veto(self, branch_id: str, month: str, clause: str, reason: str, actor: str,
                    entry_id: str | None = None, late_reason: str | None = None) -> dict:
        content = dict(kind="veto", branch_id=branch_id, month=month, clause=clause, reason=reason)
        return self._record_branch_entry(
            branch_id, month, entry_id, content,
            lambda b, eid, m, on: b.record_veto(eid, m, clause, reason, on, actor),
            actor, late_reason)

    def appoint_secretary(self, branch_id: str, member_id: str, since: date, full_time: bool,
                          actor: str) -> dict:
        self.check_not_future(since, "since")
        branch = self.get(Branch, branch_id, "branch")
        member = self.get(Member, member_id, "member")
        branch.appoint_secretary(member, since, full_time, actor)
        with self.unit_of_work():
            self.save(branch)
        return {"branch_id": branch_id, "secretary": member_id, "since": since.isoformat(),
                "kind": "full_time" if full_time else "part_time"}
