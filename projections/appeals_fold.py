"""Folding appeals, their decisions, and the read audit into the read model.

The reversal a revocation records is an ordinary EntryReversed event on the entry's own
stream, folded (and scored) like any other reversal; here only the appeal rows change.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from projections import tables as t
from projections.events import RawEvent


class AppealsFold:
    """Handlers mixed into PageFold; they use its pending rows and update queue."""

    inserts: Any

    if TYPE_CHECKING:  # provided by ClosingFold, next to this mixin in PageFold
        def _update_or_pending(self, table: Any, where: Any, key: str, value: str, values: dict) -> None: ...

    def on_EntryAppeals_Filed(self, event: RawEvent) -> None:
        d = event.data
        self.inserts[t.appeals].append(dict(
            appeal_id=d["appeal_id"], target=d["target"], reason=d["reason"], filed_by=d["actor"],
            filed_at=event.recorded_at, sequence=event.position, decision=None, decision_reason=None,
            decided_by=None, decided_at=None, reversal_id=None))

    def on_EntryAppeals_Decided(self, event: RawEvent) -> None:
        d = event.data
        values = dict(decision=d["decision"], decision_reason=d["reason"], decided_by=d["actor"],
                      decided_at=event.recorded_at, reversal_id=d["reversal_id"])
        self._update_or_pending(t.appeals, t.appeals.c.appeal_id == d["appeal_id"], "appeal_id",
                                d["appeal_id"], values)

    def on_ReadLog_Recorded(self, event: RawEvent) -> None:
        d = event.data
        self.inserts[t.reads].append(dict(
            read_id=d["read_id"], what=d["what"], actor=d["actor"], recorded_at=event.recorded_at,
            filters=json.dumps(d["filters"], sort_keys=True, ensure_ascii=False),
            shown=json.dumps(d["members"], ensure_ascii=False), rows=d["rows"], sequence=event.position))
        concerned = set(d["members"]) | ({d["filters"]["member"]} if d["filters"].get("member") else set())
        self.inserts[t.read_members].extend(
            dict(read_id=d["read_id"], member_id=member_id) for member_id in sorted(concerned))
