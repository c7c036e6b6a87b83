"""Commands that record entries about members: meetings, dues, study, ratings, duties,
commendations, awards, violations, and the reversal of any of them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, Callable
from uuid import UUID

from commands import entry_index
from commands.app import LedgerBase
from ledger.dates import last_day, month_of, parse_month
from ledger.errors import NotFound, Refused
from ledger.member import Member
from ledger.organisation import Branch


class EntryCommands(LedgerBase):
    def _entry_id(self, entry_id: str | None) -> str:
        if entry_id is None:
            return self.new_entry_id()
        entry_id = entry_id.strip()
        if not entry_id or len(entry_id) > 120 or any(ch.isspace() for ch in entry_id):
            raise Refused(f"entry id '{entry_id}' must be 1-120 characters with no spaces")
        return entry_id

    def _record_member_entry(self, member_id: str, entry_id: str | None, content: dict[str, Any],
                             act: Callable[[Member, str], None]) -> dict:
        """Record one entry on a member's stream, or return the first result of a repeat."""
        entry_id = self._entry_id(entry_id)
        with self.unit_of_work() as session:
            earlier = entry_index.earlier_result(session, entry_id, content)
            if earlier is not None:
                return earlier
            member = self.get(Member, member_id, "member")
            act(member, entry_id)
            result = {"entry_id": entry_id}
            entry_index.add_entries(session, [(entry_id, member.id.hex, content["kind"], content, result)])
            self.save(member)
        return result

    def record_dues(self, member_id: str, month: str, amount: Decimal, paid_on: date, actor: str,
                    entry_id: str | None = None) -> dict:
        month = parse_month(month)
        self.check_not_future(paid_on, "paid-on")
        content = dict(kind="dues", member_id=member_id, month=month, amount=str(amount),
                       paid_on=paid_on.isoformat())
        return self._record_member_entry(member_id, entry_id, content,
                                         lambda m, eid: m.pay_dues(eid, month, amount, paid_on, actor))

    def record_rating(self, member_id: str, month: str, score: Decimal, actor: str,
                      entry_id: str | None = None) -> dict:
        month = parse_month(month)
        if month > month_of(self.today()):
            raise Refused(f"month {month} is after the current month")
        given_on = min(self.today(), last_day(month))
        content = dict(kind="rating", member_id=member_id, month=month, score=str(score))
        return self._record_member_entry(member_id, entry_id, content,
                                         lambda m, eid: m.give_rating(eid, month, score, given_on, actor))

    def record_study(self, member_id: str, on: date, topic: str, actor: str,
                     entry_id: str | None = None) -> dict:
        self.check_not_future(on)
        content = dict(kind="study", member_id=member_id, on=on.isoformat(), topic=topic)
        return self._record_member_entry(member_id, entry_id, content,
                                         lambda m, eid: m.record_study(eid, on, topic, actor))

    def record_duty(self, member_id: str, on: date, kind: str, actor: str,
                    entry_id: str | None = None) -> dict:
        self.check_not_future(on)
        content = dict(kind="duty", member_id=member_id, on=on.isoformat(), duty=kind)
        return self._record_member_entry(member_id, entry_id, content,
                                         lambda m, eid: m.record_duty(eid, on, kind, actor))

    def record_commendation(self, member_id: str, on: date, title: str, actor: str,
                            entry_id: str | None = None) -> dict:
        self.check_not_future(on)
        content = dict(kind="commendation", member_id=member_id, on=on.isoformat(), title=title)
        return self._record_member_entry(member_id, entry_id, content,
                                         lambda m, eid: m.commend(eid, on, title, actor))

    def record_award(self, member_id: str, on: date, level: str, title: str, actor: str,
                     entry_id: str | None = None) -> dict:
        self.check_not_future(on)
        content = dict(kind="award", member_id=member_id, on=on.isoformat(), level=level, title=title)
        return self._record_member_entry(member_id, entry_id, content,
                                         lambda m, eid: m.award(eid, on, level, title, actor))

    def record_violation(self, member_id: str, on: date, reason: str, decision_ref: str,
                         issued_by: str, actor: str, evidence_ref: str = "",
                         entry_id: str | None = None) -> dict:
        self.check_not_future(on)
        content = dict(kind="violation", member_id=member_id, on=on.isoformat(), reason=reason,
                       decision_ref=decision_ref, issued_by=issued_by, evidence_ref=evidence_ref)
        return self._record_member_entry(
            member_id, entry_id, content,
            lambda m, eid: m.record_violation(eid, on, reason, decision_ref, issued_by, evidence_ref, actor))

    def record_meeting(self, branch_id: str, kind: str, on: date, attended: list[str],
                       excused: list[str], absent: list[str], actor: str,
                       meeting_id: str | None = None) -> dict:
        """The branch's meeting and every listed member's attendance, saved atomically."""
        self.check_not_future(on)
        meeting_id = self._entry_id(meeting_id)
        content = dict(kind="meeting", branch_id=branch_id, meeting=kind, on=on.isoformat(),
                       attended=attended, excused=excused, absent=absent)
        with self.unit_of_work() as session:
            earlier = entry_index.earlier_result(session, meeting_id, content)
            if earlier is not None:
                return earlier
            branch = self.get(Branch, branch_id, "branch")
            branch.hold_meeting(meeting_id, kind, on, attended, excused, absent, actor)
            members, lines, index_rows = [], [], []
            for attendance, listed in (("attended", attended), ("excused", excused), ("absent", absent)):
                for member_id in listed:
                    member = self.get(Member, member_id, "member")
                    line_id = f"{meeting_id}/{member_id}"
                    if entry_index.find_entry(session, line_id) is not None:
                        raise Refused(f"entry id {line_id} is already used")
                    member.attend(line_id, meeting_id, branch_id, kind, attendance, on, actor)
                    members.append(member)
                    lines.append({"member_id": member_id, "entry_id": line_id, "attendance": attendance})
                    index_rows.append((line_id, member.id.hex, "attendance",
                                       dict(kind="attendance", meeting_id=meeting_id), {"entry_id": line_id}))
            result = {"entry_id": meeting_id, "meeting_id": meeting_id, "attendance": lines}
            entry_index.add_entries(session, [(meeting_id, branch.id.hex, "meeting", content, result)] + index_rows)
            self.save(branch, *members)
        return result

    def reverse(self, target: str, reason: str, actor: str, entry_id: str | None = None) -> dict:
        entry_id = self._entry_id(entry_id)
        content = dict(kind="reversal", target=target, reason=reason)
        with self.unit_of_work() as session:
            earlier = entry_index.earlier_result(session, entry_id, content)
            if earlier is not None:
                return earlier
            found = entry_index.find_entry(session, target)
            if found is None:
                raise NotFound(f"no entry with id '{target}'")
            if found.kind == "reversal":
                raise Refused(f"entry {target} is itself a reversal and cannot be reversed")
            if found.kind == "attendance":
                self._check_meeting_not_reversed(session, target)
            holder = self.repository.get(UUID(found.stream_id))
            holder.reverse(entry_id, target, reason, self.today(), actor)
            result = {"entry_id": entry_id, "reversed": target}
            entry_index.add_entries(session, [(entry_id, found.stream_id, "reversal", content, result)])
            self.save(holder)
        return result

    def _check_meeting_not_reversed(self, session: Any, line_id: str) -> None:
        """An attendance line is reversed with its meeting: reversing it again is reversing twice."""
        meeting_id = line_id.rsplit("/", 1)[0]
        meeting = entry_index.find_entry(session, meeting_id)
        if meeting is not None and meeting_id in self.repository.get(UUID(meeting.stream_id)).reversed:
            raise Refused(f"entry {line_id} has already been reversed with its meeting {meeting_id}")
