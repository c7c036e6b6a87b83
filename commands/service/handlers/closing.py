"""Commands of the monthly close (月兑现): close, objections, seal."""

from __future__ import annotations

from uuid import UUID

from commands.service.handlers.base import LedgerBase
from commands.store import chain
from ledger.closing import MonthClose
from ledger.dates import month_of
from ledger.errors import Duplicate, NotFound, Refused
from ledger.ids import shown_id
from projections.seal import month_digest


class ClosingCommands(LedgerBase):
    def close_month(self, month: str, notice_days: int, actor: str) -> dict:
        """Publish the month's figures and open the public notice window (公示)."""
        if month >= month_of(self.today()):
            raise Refused(f"month {month} is not over yet; it can be closed from the first day of the next month")
        if notice_days < 0 or notice_days > 60:
            raise Refused(f"notice days {notice_days} must be between 0 and 60")
        if self.exists(MonthClose, month):
            raise Duplicate(f"month {month} is already closed")
        closing = MonthClose(month=month, notice_days=notice_days, occurred_on=self.today(), actor=actor)
        with self.unit_of_work():
            self.save(closing)
        return {"month": month, "closed_on": self.today().isoformat(),
                "notice_ends": closing.notice_ends.isoformat()}

    def _closed(self, month: str) -> MonthClose:
        closing = self.find(MonthClose, month)
        if closing is None:
            raise NotFound(f"month {month} has not been closed")
        return closing

    def file_objection(self, month: str, subject_id: str, reason: str, actor: str) -> dict:
        if not subject_id.strip():
            raise Refused("an objection needs --subject, the member or branch it is about")
        objection_id = "o-" + self.new_entry_id()[2:]
        with self.unit_of_work() as session:
            closing = self._closed(month)
            closing.file_objection(objection_id, subject_id, reason, self.today(), actor)
            content = dict(kind="objection", month=month, subject=subject_id, reason=reason)
            result = {"objection_id": objection_id, "month": month}
            self.index_add(session, [(objection_id, closing.id.hex, "objection", content, result)])
            self.save(closing)
        return result

    def resolve_objection(self, objection_id: str, reason: str, actor: str) -> dict:
        with self.unit_of_work() as session:
            found = self.index_find(session, objection_id)
            if found is None or found.kind != "objection":
                raise NotFound(f"no objection with id '{shown_id(objection_id)}'")
            closing = self.load(UUID(found.stream_id))
            closing.resolve_objection(objection_id, reason, self.today(), actor)
            self.save(closing)
        return {"objection_id": objection_id, "resolved": True}

    def seal_month(self, month: str, actor: str) -> dict:
        """After the notice window: store a digest of every row that counts in the month."""
        closing = self._closed(month)
        if closing.sealed:
            raise Duplicate(f"month {month} is already sealed")
        with self.reading() as conn:
            sealed = month_digest(conn, month)
        with self.unit_of_work() as session:
            # The seal also anchors the hash chain: a copy of it kept outside the database
            # (an export, a printed statement) exposes any later rewrite of the whole chain.
            head = chain.head(session)
            anchor = {"chain_position": head[0] if head else 0, "chain_hash": head[1] if head else ""}
            closing.seal(sealed["digest"], sealed["first_position"], sealed["last_position"], sealed["entries"],
                         sealed["rule_books"], anchor["chain_position"], anchor["chain_hash"], self.today(), actor)
            self.save(closing)
        return {"month": month, **sealed, **anchor}
