"""The rows of an export: one month's member scores, branch scores and stars, and deductions,
either current or as published at the month's close, with the header facts that tie them to
the ledger (seal digest, event range, rule-book versions).

`export` writes what `month_export` returns and `verify-export` calls it again to compare, so
the file and its check can never be computed two different ways.
"""

from __future__ import annotations

import json
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Table, select
from sqlalchemy.engine import Connection

from ledger.dates import last_day
from ledger.errors import Refused
from ledger.rule_book_content import DIMENSIONS, PARTS, RuleBookShelf
from projections import tables as t
from projections.as_of import AsOf, reversed_by
from projections.branch_queries import check_month, figure
from projections.branch_scores import rows_for
from projections.events import as_utc, utc_naive
from projections.queries import member_month_score, published_as_of
from projections.rescore import branch_for_month, load_shelf
from projections.seal import latest_position, month_digest

FORMAT = "starledger export 1"
CENT = Decimal("0.01")

# Section name -> its columns; the first column names the row's subject.
SECTIONS: dict[str, tuple[str, ...]] = {
    "members": ("member", "name", "branch", *PARTS, "total", "rule_book"),
    "branches": ("branch", "category", *DIMENSIONS, "bonus", "deductions", "total", "provisional",
                 "stars", "tier", "grade", "rank", "rule_book"),
    "deductions": ("entry", "kind", "subject", "month", "points", "clause", "reason", "decision_ref",
                   "recorded_by", "recorded_at", "reversed", "reversed_by"),
}

# Header keys in the order written; the last two describe the export, not the ledger.
HEADER_KEYS = ("format", "month", "figures", "published_at", "branch_figures", "seal_digest",
               "chain_anchor", "first_position", "last_position", "rows_counted", "ledger_position", "rule_books",
               "exported_at", "exported_by")



def two_places(value: Any) -> Decimal:
    return Decimal(str(value)).quantize(CENT)


def _cutoff(as_of: datetime | None) -> datetime | None:
    return utc_naive(as_of) if as_of is not None else None


def member_rows(conn: Connection, month: str, as_of: datetime | None) -> list[dict]:
    """Every member on a branch's roll by the month's last day (as recorded by `as_of`)."""
    cutoff = _cutoff(as_of)
    stints_query = select(t.stints).where(t.stints.c.from_on <= last_day(month)).order_by(
        t.stints.c.member_id, t.stints.c.seq)
    names_query = select(t.members.c.member_id, t.members.c.name)
    if cutoff is not None:
        stints_query = stints_query.where(t.stints.c.recorded_at <= cutoff)
        names_query = names_query.where(t.members.c.recorded_at <= cutoff)
    stints: dict[str, list[Any]] = {}
    for stint in conn.execute(stints_query):
        stints.setdefault(stint.member_id, []).append(stint)
    names = dict(conn.execute(names_query).all())
    rows = []
    for member_id in sorted(stints):
        score = member_month_score(conn, member_id, month, as_of)
        rows.append({"member": member_id, "name": names.get(member_id, ""),
                     "branch": branch_for_month(stints[member_id], month),
                     **{part: two_places(score["parts"][part]) for part in PARTS},
                     "total": two_places(score["total"]), "rule_book": score["rule_book"]})
    return rows


def branch_rows(conn: Connection, month: str, as_of: datetime | None) -> list[dict]:
    """Every branch of the month, ranked in its category (as recorded by `as_of`)."""
    moment = AsOf.at(conn, as_of) if as_of is not None else None
    rows = sorted(rows_for(conn, month, as_of=moment), key=lambda row: (row["category"], row["rank"], row["branch_id"]))
    return [{"branch": row["branch_id"], "category": row["category"],
             **{name: two_places(figure(row[name])) for name in (*DIMENSIONS, "bonus", "deductions", "total")},
             "provisional": bool(row["provisional"]), "stars": row["stars"], "tier": row["tier"],
             "grade": row["grade"], "rank": row["rank"], "rule_book": row["rule_book"]} for row in rows]


def _recorded(table: Table, month: str, cutoff: datetime | None) -> Any:
    query = select(table).where(table.c.month == month)
    return query.where(table.c.recorded_at <= cutoff) if cutoff is not None else query


def deduction_rows(conn: Connection, month: str, as_of: datetime | None) -> list[dict]:
    """Member violations, branch deductions and vetoes of the month; points as they count (negative)."""
    cutoff = _cutoff(as_of)
    shelf: RuleBookShelf = load_shelf(conn, cutoff)
    found = []
    for row in conn.execute(_recorded(t.entries, month, cutoff).where(t.entries.c.kind == "violation")):
        rule = shelf.in_force(row.occurred_on).member.rules[row.rule_key]
        detail = json.loads(row.detail)
        found.append((row.sequence, row, "violation", row.member_id, rule.points * Decimal(row.value),
                      rule.clause, detail.get("reason", ""), detail.get("decision_ref", "")))
    for row in conn.execute(_recorded(t.branch_entries, month, cutoff)):
        points = -Decimal(row.points) if row.kind == "deduction" else Decimal(0)
        found.append((row.sequence, row, row.kind, row.branch_id, points, row.clause, row.reason, ""))
    rows = []
    for _, row, kind, subject, points, clause, reason, decision in sorted(found, key=lambda item: item[0]):
        reversal = reversed_by(row, cutoff)
        rows.append({"entry": row.entry_id, "kind": kind, "subject": subject, "month": month,
                     "points": two_places(points), "clause": clause, "reason": reason,
                     "decision_ref": decision, "recorded_by": row.actor,
                     "recorded_at": as_utc(row.recorded_at).isoformat(),
                     "reversed": reversal is not None, "reversed_by": reversal})
    return rows


def _seal(conn: Connection, month: str) -> dict[str, str]:
    """When published, the seal digest and the hash-chain anchor the seal recorded, as the ledger
    stands; a seal that no longer recomputes says so."""
    close = conn.execute(select(t.month_closes).where(t.month_closes.c.month == month)).first()
    if close is None:
        return {"published_at": "not closed", "seal_digest": "not sealed", "chain_anchor": "not sealed"}
    facts = {"published_at": as_utc(close.closed_at).isoformat()}
    if close.seal_digest is None:
        return {**facts, "seal_digest": "not sealed", "chain_anchor": "not sealed"}
    recomputed = month_digest(conn, month, as_utc(close.sealed_at))["digest"]
    seal = close.seal_digest if recomputed == close.seal_digest else (
        f"broken: sealed {close.seal_digest}, recomputed {recomputed}")
    anchor = f"{close.chain_position} {close.chain_hash}" if close.chain_hash else "not anchored"
    return {**facts, "seal_digest": seal, "chain_anchor": anchor}


def month_export(conn: Connection, events: Table, month: str, current_month: str,
                 published: bool) -> tuple[dict[str, str], dict[str, list[dict]]]:
    """The header facts (without who and when) and the three sections of one month."""
    check_month(month, current_month)
    as_of = published_as_of(conn, month) if published else None
    sections = {"members": member_rows(conn, month, as_of), "branches": branch_rows(conn, month, as_of),
                "deductions": deduction_rows(conn, month, as_of)}
    if not sections["members"] and not sections["branches"]:
        raise Refused(f"the ledger has no branch or member in {month}; there is nothing to export")
    counted = month_digest(conn, month, as_of)
    books = {row["rule_book"] for row in sections["branches"]}
    books |= {book.strip() for row in sections["members"] for book in row["rule_book"].split(",")}
    header = {"format": FORMAT, "month": month, "figures": "published" if published else "current",
              "branch_figures": "published" if published else "current", **_seal(conn, month),
              "first_position": str(counted["first_position"]),
              "last_position": str(counted["last_position"]), "rows_counted": str(counted["entries"]),
              "ledger_position": str(latest_position(conn, events)), "rule_books": "; ".join(sorted(books))}
    return header, sections
