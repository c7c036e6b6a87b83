"""The two queries that need the export files: write a month's export, verify an export file.

They live here, beside the files they write and read, rather than with the other audit queries
in commands/service: the service layer never imports `commands.files` (files build on the
service's models, so the arrow points one way). The entrances ask them through `ledger.ask`
after the service has authorised the caller, exactly as any other query.
"""

from __future__ import annotations

from typing import Any, Literal

from commands.service.models.fields import Actor, Month
from commands.service.models.model_base import Query
from commands.service.queries.branch_queries import Document


class ExportMonth(Query):
    """Write a month's figures to an xlsx or csv file an auditor can check later."""

    query = "export"
    month: Month
    format: Literal["xlsx", "csv"]
    out: str
    published: bool = False
    actor: Actor

    def answer(self, ledger: Any) -> Document:
        from commands.files.month_export import export_month  # openpyxl only when exporting
        return Document(export_month(ledger, self.month, self.format, self.out, self.published, self.actor))


class VerifyExport(Query):
    """Recompute every figure of an export file and name each one that differs."""

    query = "verify-export"
    file: str

    def answer(self, ledger: Any) -> Document:
        from commands.files.pdf_export import is_statement, verify_statement  # fpdf2 only when verifying
        if is_statement(self.file):
            return Document(verify_statement(ledger, self.file))
        from commands.files.month_export import verify_export
        return Document(verify_export(ledger, self.file))
