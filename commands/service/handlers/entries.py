"""Commands that record entries about members: meetings, dues, study, ratings, duties,
commendations, awards, violations, and the reversal of any of them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, Callable
from uuid import UUID

from commands.service.handlers.base import LedgerBase
from ledger.dates import last_day, month_of, parse_month
from ledger.errors import Duplicate, NotFound, Refused
from ledger.ids import NEW_ID_RULE, is_new_id, shown_id
from ledger.member import Member
from ledger.organisation import Branch


class EntryCommands(LedgerBase):
    def _entry_id(self, entry_id: str | None) -> tuple[str, bool]:
        """The entry id to use, and whether it was generated here (so it cannot repeat)."""
        if entry_id is None:
            return self.new_entry_id(), True
        entry_id = entry_id.strip()
        if not is_new_id(entry_id, 120):
            raise Refused(f"entry id '{shown_id(entry_id)}' must be 1-120 characters: {NEW_ID_RULE}")
        return entry_id, False

    def _record_member_entry(self, member_id: str, entry_id: str | None, content: dict[str, Any],
                             month: str, act: Callable[[Member, str], None], actor: str,
                             late_reason: str | None) -> dict:
        """Record one entry on a member's stream, or return the first result of a repeat."""
        return self._record_entry(lambda: self.get(Member, member_id, "member"), entry_id, content,
                                  month, act, actor, late_reason)

    def _record_entry(self, load: Callable[[], Any], entry_id: str | None, content: dict[str, Any],
                      month: str, act: Callable[[Any, str], None], actor: str,
                      late_reason: str | None, shown: dict[str, Any] | None = None) -> dict:
        """Record one entry on the stream `load` returns (a member's or a branch's), flagged late
        with its reason if the month is closed; a repeat returns the first result."""
        entry_id, generated = self._entry_id(entry_id)
        with self.unit_of_work() as session:
            holder = load()
            # Asked after the load: a racing writer's entry is then either in both or in neither.
            earlier = self.index_earlier(session, entry_id, content, generated)
            if earlier is not None:
                return earlier
            late = self.lateness(month, late_reason)
            act(holder, entry_id)
            result: dict[str, Any] = {"entry_id": entry_id, **(shown or {})}
            if late:
                holder.note_late(entry_id, late, self.today(), actor)
                result["late"] = True
            self.index_add(session, [(entry_id, holder.id.hex, content["kind"], content, result)])
            self.save(holder)
        return result

    def record_dues(self, member_id: str, month: str, amount: Decimal, paid_on: date, actor: str,
                    entry_id: str | None = None, late_reason: str | None = None) -> dict:
        month = parse_month(month)
        self.check_not_future(paid_on, "paid-on")
        content = dict(kind="dues", member_id=member_id, month=month, amount=str(amount),
                       paid_on=paid_on.isoformat())
        return self._record_member_entry(member_id, entry_id, content, month,
                                         lambda m, eid: m.pay_dues(eid, month, amount, paid_on, actor), actor, late_reason)

    def record_rating(self, member_id: str, month: str, score: Decimal, actor: str,
                      entry_id: str | None = None, late_reason: str | None = None) -> dict:
        month = parse_month(month)
        if month > month_of(self.today()):
            raise Refused(f"month {month} is after the current month")
        given_on = min(self.today(), last_day(month))
        content = dict(kind="rating", member_id=member_id, month=month, score=str(score))
        return self._record_member_entry(member_id, entry_id, content, month,
                                         lambda m, eid: m.give_rating(eid, month, score, given_on, actor), actor, late_reason)

    def record_study(self, member_id: str, on: date, topic: str, actor: str,
                     entry_id: str | None = None, late_reason: str | None = None) -> dict:
        self.check_not_future(on)
        content = dict(kind="study", member_id=member_id, on=on.isoformat(), topic=topic)
        return self._record_member_entry(member_id, entry_id, content, month_of(on),
                                         lambda m, eid: m.record_study(eid, on, topic, actor), actor, late_reason)

    def record_duty(self, member_id: str, on: date, kind: str, actor: str,
                    entry_id: str | None = None, late_reason: str | None = None) -> dict:
        self.check_not_future(on)
        content = dict(kind="duty", member_id=member_id, on=on.isoformat(), duty=kind)
        return self._record_member_entry(member_id, entry_id, content, month_of(on),
                                         lambda m, eid: m.record_duty(eid, on, kind, actor), actor, late_reason)

    def record_commendation(self, member_id: str, on: date, title: str, actor: str,
                            entry_id: str | None = None, late_reason: str | None = None) -> dict:
        self.check_not_future(on)
        content = dict(kind="commendation", member_id=member_id, on=on.isoformat(), title=title)
        return self._record_member_entry(member_id, entry_id, content, month_of(on),
                                         lambda m, eid: m.commend(eid, on, title, actor), actor, late_reason)

    def record_award(self, member_id: str, on: date, level: str, title: str, actor: str,
                     entry_id: str | None = None, late_reason: str | None = None) -> dict:
        self.check_not_future(on)
        content = dict(kind="award", member_id=member_id, on=on.isoformat(), level=level, title=title)
        return self._record_member_entry(member_id, entry_id, content, month_of(on),
                                         lambda m, eid: m.award(eid, on, level, title, actor), actor, late_reason)

    def record_violation(self, member_id: str, on: date, reason: str, decision_ref: str,
                         issued_by: str, actor: str, evidence_ref: str = "",
                         entry_id: str | None = None, late_reason: str | None = None) -> dict:
        self.check_not_future(on)
        content = dict(kind="violation", member_id=member_id, on=on.isoformat(), reason=reason,
                       decision_ref=decision_ref, issued_by=issued_by, evidence_ref=evidence_ref)
        return self._record_member_entry(
            member_id, entry_id, content, month_of(on),
            lambda m, eid: m.record_violation(eid, on, reason, decision_ref, issued_by, evidence_ref, actor), actor, late_reason)

    def record_meeting(self, branch_id: str, kind: str, on: date, attended: list[str],
                       excused: list[str], absent: list[str], actor: str,
                       meeting_id: str | None = None, late_reason: str | None = None) -> dict:
        """The branch's meeting and every listed member's attendance, saved atomically."""
        self.check_not_future(on)
        meeting_id, generated = self._entry_id(meeting_id)
        content = dict(kind="meeting", branch_id=branch_id, meeting=kind, on=on.isoformat(),
                       attended=attended, excused=excused, absent=absent)
        with self.unit_of_work() as session:
            branch = self.get(Branch, branch_id, "branch")
            earlier = self.index_earlier(session, meeting_id, content, generated)  # after the load, as above
            if earlier is not None:
                return earlier
            late = self.lateness(month_of(on), late_reason)
            branch.hold_meeting(meeting_id, kind, on, attended, excused, absent, actor)
            if late:
                branch.note_late(meeting_id, late, self.today(), actor)
            # A line id is the meeting id, a slash and the member id; a user may have chosen
            # such an id for another entry. A freshly generated meeting id cannot clash.
            taken = [] if generated else self.index_taken(
                session, [f"{meeting_id}/{member_id}" for member_id in attended + excused + absent])
            if taken:
                raise Duplicate(f"entry id {taken[0]} is already used")
            loaded = iter(self.get_many(Member, attended + excused + absent, "member"))
            members, lines, index_rows = [], [], []
            for attendance, listed in (("attended", attended), ("excused", excused), ("absent", absent)):
                for member_id in listed:
                    member = next(loaded)
                    line_id = f"{meeting_id}/{member_id}"
                    member.attend(line_id, meeting_id, branch_id, kind, attendance, on, actor)
                    members.append(member)
                    lines.append({"member_id": member_id, "entry_id": line_id, "attendance": attendance})
                    index_rows.append((line_id, member.id.hex, "attendance",
                                       dict(kind="attendance", meeting_id=meeting_id), {"entry_id": line_id}))
            result = {"entry_id": meeting_id, "meeting_id": meeting_id, "attendance": lines}
            if late:
                result["late"] = True
            self.index_add(session, [(meeting_id, branch.id.hex, "meeting", content, result)] + index_rows)
            self.save(branch, *members)
        return result

    def reverse(self, target: str, reason: str, actor: str, entry_id: str | None = None,
                late_reason: str | None = None) -> dict:
        entry_id, generated = self._entry_id(entry_id)
        content = dict(kind="reversal", target=target, reason=reason)
        with self.unit_of_work() as session:
            found = self.index_find(session, target)
            holder = None if found is None else self.load(UUID(found.stream_id))
            earlier = self.index_earlier(session, entry_id, content, generated)  # after the load, as above
            if earlier is not None:
                return earlier
            if found is None:
                raise NotFound(f"no entry with id '{shown_id(target)}'")
            if found.kind == "reversal":
                raise Refused(f"entry {target} is itself a reversal and cannot be reversed")
            if found.kind == "attendance":
                self._check_meeting_not_reversed(session, target)
            assert holder is not None
            holder.reverse(entry_id, target, reason, self.today(), actor)
            late = self.lateness(holder.month_of_entry(target), late_reason)
            result: dict[str, Any] = {"entry_id": entry_id, "reversed": target}
            if late:
                holder.note_late(entry_id, late, self.today(), actor)
                result["late"] = True
            self.index_add(session, [(entry_id, found.stream_id, "reversal", content, result)])
            self.save(holder)
        return result

    def _check_meeting_not_reversed(self, session: Any, line_id: str) -> None:
        """An attendance line is reversed with its meeting: reversing it again is reversing twice."""
        meeting_id = line_id.rsplit("/", 1)[0]
        meeting = self.index_find(session, meeting_id)
        if meeting is not None and meeting_id in self.load(UUID(meeting.stream_id)).reversed:
            raise Duplicate(f"entry {line_id} has already been reversed with its meeting {meeting_id}")
