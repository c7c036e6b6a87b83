"""Entries, meetings and reversals: `POST /api/entries/{kind}`, `/api/meetings`, `/api/reversals`."""


from fastapi import APIRouter, Depends, Request

from commands.http.auth import the_ledger, writer
from commands.http.bodies import Reversal
from commands.service.entry_commands import (
    Entry, RecordAward, RecordCommendation, RecordDues, RecordDuty, RecordMeeting, RecordRating, RecordStudy,
    RecordViolation,
)
from commands.http.replies import written
from commands.service.access import authorise
from commands.service.command_checks import entry_check, meeting_check
from ledger.users import User

router = APIRouter(prefix="/api", tags=["entries"])

# kind -> the application's command model: the body of `POST /api/entries/{kind}` is that model.
ENTRY_COMMANDS: dict[str, type[Entry]] = {
    "dues": RecordDues, "study": RecordStudy, "rating": RecordRating, "duty": RecordDuty,
    "commendation": RecordCommendation, "award": RecordAward, "violation": RecordViolation,
}


def _entry_route(kind: str, model: type[Entry]) -> None:
    async def record_entry(body: model, request: Request, dry_run: bool = False,  # type: ignore[valid-type]
                           user: User = Depends(writer)):
        ledger = the_ledger(request)
        authorise(ledger, user, entry_check(body))
        return written(ledger, dry_run, lambda: ledger.execute(body, user.label), 201)

    record_entry.__name__ = f"record_{kind}"
    record_entry.__doc__ = f"Record a {kind} entry for a member; answers at least {{\"entry_id\"}}."
    router.add_api_route(f"/entries/{kind}", record_entry, methods=["POST"], status_code=201)


for _kind, _model in ENTRY_COMMANDS.items():
    _entry_route(_kind, _model)


@router.post("/meetings", status_code=201)
async def record_meeting(body: RecordMeeting, request: Request, dry_run: bool = False, user: User = Depends(writer)):
    """A branch meeting and every listed member's attendance."""
    ledger = the_ledger(request)
    authorise(ledger, user, meeting_check(body))
    return written(ledger, dry_run, lambda: ledger.execute(body, user.label), 201)


@router.post("/reversals", status_code=201)
async def reverse(body: Reversal, request: Request, dry_run: bool = False, user: User = Depends(writer)):
    """Reverse an entry (or a whole meeting): both stay in the ledger."""
    ledger = the_ledger(request)
    authorise(ledger, user, lambda g: g.reversal(body.entry_id))
    return written(ledger, dry_run, lambda: ledger.reverse(body.entry_id, body.reason, user.label, None,
                                                           body.late_reason), 201)
