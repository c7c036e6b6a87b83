"""The read-model tables. Every row here can be rebuilt from the event log alone."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger, Boolean, Column, Date, DateTime, Integer, Numeric, String, Table, Text,
    Index,
)

from projections.table_metadata import metadata
from projections.tables_audit import appeals, read_members, reads

POINTS = Numeric(14, 4)

tracking = Table(
    "sl_tracking", metadata,
    Column("projection", String(64), primary_key=True),
    Column("position", BigInteger, nullable=False),
)

# A digest of the read-model tables' columns as the code defines them (see projector.create_tables).
schema = Table(
    "sl_schema", metadata,
    Column("name", String(64), primary_key=True),
    Column("fingerprint", String(64), nullable=False),
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
    Index("sl_entries_month_kind", "month", "kind"),  # branch-month inputs read by month
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

# --- branch assessment (DOMAIN §4-6) ---------------------------------------------------------
# Branch figures are exact fractions ("40/3") kept as text: a star is decided on the exact
# total, and rounding twice (to a column's scale, then to 2 decimals) could show a wrong figure.
EXACT = Text

# One row per step of a branch's monthly review (self, preliminary, final), as recorded.
branch_steps = Table(
    "sl_branch_steps", metadata,
    Column("sequence", BigInteger, primary_key=True),
    Column("branch_id", String(64), nullable=False),
    Column("month", String(7), nullable=False),
    Column("step", String(16), nullable=False),
    Column("organisation", POINTS, nullable=False),
    Column("leadership", POINTS, nullable=False),
    Column("support", POINTS, nullable=False),
    Column("bonus", POINTS, nullable=False),
    Column("comment", Text, nullable=False),
    Column("actor", Text, nullable=False),
    Column("recorded_at", DateTime, nullable=False),
    Column("late_reason", Text),  # set when given after its month was closed
    Index("sl_branch_steps_month", "month", "branch_id"),
)

# Deductions and vetoes recorded against a branch-month, with their reversal if any.
branch_entries = Table(
    "sl_branch_entries", metadata,
    Column("entry_id", String(200), primary_key=True),
    Column("branch_id", String(64), nullable=False),
    Column("month", String(7), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("points", POINTS, nullable=False),
    Column("clause", Text, nullable=False),
    Column("reason", Text, nullable=False),
    Column("actor", Text, nullable=False),
    Column("recorded_at", DateTime, nullable=False),
    Column("sequence", BigInteger, nullable=False),
    Column("reversed_by", String(200)),
    Column("reversed_at", DateTime),
    Column("reversal_reason", Text),
    Column("reversal_actor", Text),
    Column("late_reason", Text),  # set when recorded after its month was closed
    Column("reversal_late_reason", Text),
    Index("sl_branch_entries_month", "month", "branch_id"),
)

secretaries = Table(
    "sl_secretaries", metadata,
    Column("sequence", BigInteger, primary_key=True),
    Column("branch_id", String(64), nullable=False, index=True),
    Column("member_id", String(64), nullable=False),
    Column("since", Date, nullable=False),
    Column("full_time", Boolean, nullable=False),
    Column("actor", Text, nullable=False),
    Column("recorded_at", DateTime, nullable=False),
)

# One row per branch and month from its establishment up to the horizon (see branch_scores).
branch_months = Table(
    "sl_branch_months", metadata,
    Column("branch_id", String(64), primary_key=True),
    Column("month", String(7), primary_key=True),
    Column("category", String(32), nullable=False),
    Column("rule_book", String(64), nullable=False),
    Column("organisation", EXACT, nullable=False),
    Column("leadership", EXACT, nullable=False),
    Column("membership", EXACT, nullable=False),
    Column("institutions", EXACT, nullable=False),
    Column("support", EXACT, nullable=False),
    Column("discipline", EXACT, nullable=False),
    Column("bonus", EXACT, nullable=False),
    Column("deductions", EXACT, nullable=False),
    Column("total", EXACT, nullable=False),
    Column("total_shown", Numeric(8, 2), nullable=False),  # rounded half to even, as published
    Column("provisional", Boolean, nullable=False),
    Column("score_stars", Integer, nullable=False),
    Column("stars", Integer, nullable=False),
    Column("tier", Integer, nullable=False),
    Column("grade", String(32), nullable=False),
    Column("vetoed", Boolean, nullable=False),
    Column("violations", Integer, nullable=False),
    Column("rank", Integer, nullable=False),
    Column("last_place", Boolean, nullable=False),
    Column("streak", Integer, nullable=False),  # months in a row at last place, ending here
    Column("secretary", String(64)),
    Column("full_time", Boolean),
    Column("coefficient", EXACT),
    Column("pay_factor", EXACT),
    Index("sl_branch_months_month", "month", "category"),
)

alerts = Table(
    "sl_alerts", metadata,
    Column("kind", String(32), primary_key=True),
    Column("subject_id", String(64), primary_key=True),
    Column("month", String(7), primary_key=True),
    Column("detail", Text, nullable=False),
    Index("sl_alerts_month", "month"),
)

# The latest month any event's business date reaches: branch-months are projected up to it.
horizon = Table(
    "sl_horizon", metadata,
    Column("name", String(32), primary_key=True),
    Column("month", String(7), nullable=False),
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
    Column("chain_position", BigInteger),
    Column("chain_hash", String(64)),
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

# Branch-months a write made stale: the write projects its members at once and leaves the
# branch-months (every branch of the month, for the ranks) to the next read that needs them.
stale_branch_months = Table(
    "sl_stale_branch_months", metadata,
    Column("month", String(7), primary_key=True),
)

# Tables a rebuild empties and refills; the order respects nothing but readability.
PROJECTED = (units, branches, members, stints, rule_books, entries, meetings, member_months,
             month_closes, objections,
             branch_steps, branch_entries, secretaries, branch_months, alerts, horizon,
             stale_branch_months, appeals, reads, read_members)
