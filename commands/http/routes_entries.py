"""Entries, meetings and reversals: `POST /api/entries/{kind}`, `/api/meetings`, `/api/reversals`."""

from fastapi import APIRouter

from commands.http.writes import add_write
from commands.service.models.entry_commands import (
    Entry, RecordAward, RecordCommendation, RecordDues, RecordDuty, RecordMeeting, RecordRating, RecordStudy,
    RecordViolation, Reverse,
)

router = APIRouter(prefix="/api", tags=["entries"])

# kind -> the application's command model: the body of `POST /api/entries/{kind}` is that model.
ENTRY_COMMANDS: dict[str, type[Entry]] = {
    "dues": RecordDues, "study": RecordStudy, "rating": RecordRating, "duty": RecordDuty,
    "commendation": RecordCommendation, "award": RecordAward, "violation": RecordViolation,
}

for _kind, _model in ENTRY_COMMANDS.items():
    add_write(router, f"/entries/{_kind}", _model, status_code=201,
              summary=f"Record a {_kind} entry for a member; answers at least {{\"entry_id\"}}")
add_write(router, "/meetings", RecordMeeting, status_code=201,
          summary="A branch meeting and every listed member's attendance")
# The HTTP contract names the entry reversed `entry_id` (docs: POST /api/reversals {"entry_id",
# "reason"}); the command calls it `target`, its own `entry_id` being the reversal's.
add_write(router, "/reversals", Reverse, status_code=201, renamed={"entry_id": "target"},
          summary="Reverse an entry (or a whole meeting): both stay in the ledger")
