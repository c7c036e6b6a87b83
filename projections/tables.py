"""The read-model tables. Every row here can be rebuilt from the event log alone."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger, Boolean, Column, Date, DateTime, Integer, MetaData, Numeric, String, Table, Text,
    Index,
)

metadata = MetaData()
POINTS = Numeric(14, 4)

tracking = Table(
    "sl_tracking", metadata,
    Column("projection", String(64), primary_key=True),
    Column("position", BigInteger, nullable=False),
)

units = Table(
    "sl_units", metadata,
    Column("unit_id", String(64), primary_key=True),
    Column("name", Text, nullable=False),
    Column("kind", String(32), nullable=False),
    Column("parent_id", String(64)),
    Column("recorded_at", DateTime, nullable=False),
)

branches = Table(
    "sl_branches", metadata,
    Column("branch_id", String(64), primary_key=True),
    Column("stream_id", String(32), nullable=False, unique=True),
    Column("name", Text, nullable=False),
    Column("category", String(32), nullable=False),
    Column("parent_id", String(64)),
    Column("established_on", Date, nullable=False),
    Column("recorded_at", DateTime, nullable=False),
)

members = Table(
    "sl_members", metadata,
    Column("member_id", String(64), primary_key=True),
    Column("stream_id", String(32), nullable=False, unique=True),
    Column("name", Text, nullable=False),
    Column("status", String(16), nullable=False),
    Column("joined_on", Date, nullable=False),
    Column("recorded_at", DateTime, nullable=False),
)

# One row per stay of a member in a branch; until_on is exclusive (the transfer date).
stints = Table(
    "sl_stints", metadata,
    Column("member_id", String(64), primary_key=True),
    Column("seq", Integer, primary_key=True),
    Column("branch_id", String(64), nullable=False, index=True),
    Column("from_on", Date, nullable=False),
    Column("until_on", Date),
    Column("recorded_at", DateTime, nullable=False),
)

rule_books = Table(
    "sl_rule_books", metadata,
    Column("version", String(64), primary_key=True),
    Column("effective_on", Date, nullable=False),
    Column("body", Text, nullable=False),
    Column("recorded_at", DateTime, nullable=False),
    Column("actor", Text, nullable=False),
    Column("sequence", BigInteger, nullable=False),
)

# Every scorable line about a member, with its reversal if any.
entries = Table(
    "sl_entries", metadata,
    Column("entry_id", String(200), primary_key=True),
    Column("member_id", String(64), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("rule_key", String(64), nullable=False),
    Column("value", POINTS, nullable=False),
    Column("occurred_on", Date, nullable=False),
    Column("month", String(7), nullable=False),
    Column("recorded_at", DateTime, nullable=False),
    Column("actor", Text, nullable=False),
    Column("sequence", BigInteger, nullable=False),
    Column("meeting_id", String(200)),
    Column("detail", Text, nullable=False),
    Column("reversed_by", String(200)),
    Column("reversed_at", DateTime),
    Column("reversal_reason", Text),
    Column("reversal_actor", Text),
    Column("late_reason", Text),  # set when recorded after its month was closed
    Column("reversal_late_reason", Text),
    Index("sl_entries_member_month", "member_id", "month"),
    Index("sl_entries_meeting", "meeting_id"),
)

meetings = Table(
    "sl_meetings", metadata,
    Column("meeting_id", String(200), primary_key=True),
    Column("branch_id", String(64), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("occurred_on", Date, nullable=False),
    Column("month", String(7), nullable=False),
    Column("attended", Integer, nullable=False),
    Column("excused", Integer, nullable=False),
    Column("absent", Integer, nullable=False),
    Column("recorded_at", DateTime, nullable=False),
    Column("actor", Text, nullable=False),
    Column("sequence", BigInteger, nullable=False),
    Column("reversed_by", String(200)),
    Column("reversed_at", DateTime),
    Column("late_reason", Text),
    Index("sl_meetings_branch_month", "branch_id", "month"),
)

member_months = Table(
    "sl_member_months", metadata,
    Column("member_id", String(64), primary_key=True),
    Column("month", String(7), primary_key=True),
    Column("branch_id", String(64), index=True),
    Column("obligations", POINTS, nullable=False),
    Column("role", POINTS, nullable=False),
    Column("excellence", POINTS, nullable=False),
    Column("deductions", POINTS, nullable=False),
    Column("total", POINTS, nullable=False),
    Column("capped", Integer, nullable=False),
    Column("reversed", Integer, nullable=False),
    Column("rule_book", Text, nullable=False),
)

month_closes = Table(
    "sl_month_closes", metadata,
    Column("month", String(7), primary_key=True),
    Column("closed_on", Date, nullable=False),
    Column("closed_at", DateTime, nullable=False),
    Column("notice_days", Integer, nullable=False),
    Column("actor", Text, nullable=False),
    Column("sealed_at", DateTime),
    Column("sealed_by", Text),
    Column("seal_digest", String(64)),
    Column("first_position", BigInteger),
    Column("last_position", BigInteger),
    Column("sealed_entries", Integer),
    Column("rule_books", Text),
)

objections = Table(
    "sl_objections", metadata,
    Column("objection_id", String(200), primary_key=True),
    Column("month", String(7), nullable=False),
    Column("subject_id", String(64), nullable=False),
    Column("reason", Text, nullable=False),
    Column("filed_at", DateTime, nullable=False),
    Column("filed_by", Text, nullable=False),
    Column("resolution", Text),
    Column("resolved_at", DateTime),
    Column("resolved_by", Text),
)

# Tables a rebuild empties and refills; the order respects nothing but readability.
PROJECTED = (units, branches, members, stints, rule_books, entries, meetings, member_months,
             month_closes, objections)
