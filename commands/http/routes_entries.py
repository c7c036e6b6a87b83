"""Entries, meetings and reversals: `POST /api/entries/{kind}`, `/api/meetings`, `/api/reversals`."""


from typing import Any, Callable

from fastapi import APIRouter, Depends, Request

from commands.http.auth import the_ledger, writer
from commands.http.bodies import (
    Award, Commendation, Dues, Duty, Entry, Meeting, Rating, Reversal, Study, Violation,
)
from commands.http.replies import written
from commands.service.access import authorise
from ledger.users import User

router = APIRouter(prefix="/api", tags=["entries"])

# kind -> (body, how the application records it). Each call gets the body, the actor label.
RECORDERS: dict[str, tuple[type[Entry], Callable[[Any, Any, str], dict]]] = {
    "dues": (Dues, lambda l, b, a: l.record_dues(b.member_id, b.month, b.amount, b.paid_on, a, b.entry_id,
                                                  b.late_reason)),
    "study": (Study, lambda l, b, a: l.record_study(b.member_id, b.on, b.topic, a, b.entry_id, b.late_reason)),
    "rating": (Rating, lambda l, b, a: l.record_rating(b.member_id, b.month, b.score, a, b.entry_id,
                                                       b.late_reason)),
    "duty": (Duty, lambda l, b, a: l.record_duty(b.member_id, b.on, b.kind, a, b.entry_id, b.late_reason)),
    "commendation": (Commendation, lambda l, b, a: l.record_commendation(b.member_id, b.on, b.title, a,
                                                                         b.entry_id, b.late_reason)),
    "award": (Award, lambda l, b, a: l.record_award(b.member_id, b.on, b.level, b.title, a, b.entry_id,
                                                    b.late_reason)),
    "violation": (Violation, lambda l, b, a: l.record_violation(b.member_id, b.on, b.reason, b.decision,
                                                                b.issued_by, a, b.evidence, b.entry_id,
                                                                b.late_reason)),
}


def _entry_route(kind: str, body_type: type[Entry], record: Callable[[Any, Any, str], dict]) -> None:
    action = "entry.violation" if kind == "violation" else "entry.record"

    async def record_entry(body: body_type, request: Request, dry_run: bool = False,  # type: ignore[valid-type]
                           user: User = Depends(writer)):
        ledger = the_ledger(request)
        month = getattr(body, "month", None)
        authorise(ledger, user, lambda g: g.allow(action).member(
            body.member_id, on=None if month else getattr(body, "on", None), month=month))
        return written(ledger, dry_run, lambda: record(ledger, body, user.label), 201)

    record_entry.__name__ = f"record_{kind}"
    record_entry.__doc__ = f"Record a {kind} entry for a member; answers at least {{\"entry_id\"}}."
    router.add_api_route(f"/entries/{kind}", record_entry, methods=["POST"], status_code=201)


for _kind, (_body, _record) in RECORDERS.items():
    _entry_route(_kind, _body, _record)


@router.post("/meetings", status_code=201)
async def record_meeting(body: Meeting, request: Request, dry_run: bool = False, user: User = Depends(writer)):
    """A branch meeting and every listed member's attendance."""
    ledger = the_ledger(request)
    authorise(ledger, user, lambda g: g.allow("meeting.record").branch(body.branch)
              .members(body.attended + body.excused + body.absent, on=body.on))
    return written(ledger, dry_run, lambda: ledger.record_meeting(
        body.branch, body.kind, body.on, body.attended, body.excused, body.absent, user.label,
        body.entry_id, body.late_reason), 201)


@router.post("/reversals", status_code=201)
async def reverse(body: Reversal, request: Request, dry_run: bool = False, user: User = Depends(writer)):
    """Reverse an entry (or a whole meeting): both stay in the ledger."""
    ledger = the_ledger(request)
    authorise(ledger, user, lambda g: g.reversal(body.entry_id))
    return written(ledger, dry_run, lambda: ledger.reverse(body.entry_id, body.reason, user.label, None,
                                                           body.late_reason), 201)
