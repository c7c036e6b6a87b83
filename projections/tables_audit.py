"""The read model's tables of appeals and of the read audit (DOMAIN §7), on the shared metadata
(projections/table_metadata.py): tables.py imports these, never the other way round."""

from sqlalchemy import BigInteger, Column, DateTime, Index, Integer, String, Table, Text

from projections.table_metadata import metadata

# --- appeals and the read audit (DOMAIN §7) --------------------------------------------------

# One row per appeal against a deduction entry (sl_entries or sl_branch_entries), with its decision.
appeals = Table(
    "sl_appeals", metadata,
    Column("appeal_id", String(200), primary_key=True),
    Column("target", String(200), nullable=False, index=True),
    Column("reason", Text, nullable=False),
    Column("filed_by", Text, nullable=False),
    Column("filed_at", DateTime, nullable=False),
    Column("sequence", BigInteger, nullable=False),
    Column("decision", String(16)),  # "revoke" or "maintain"; NULL while open
    Column("decision_reason", Text),
    Column("decided_by", Text),
    Column("decided_at", DateTime),
    Column("reversal_id", String(200)),  # the reversal a revocation recorded
)

# One row per look at members' deduction history, and one per member it concerned.
reads = Table(
    "sl_reads", metadata,
    Column("read_id", String(64), primary_key=True),
    Column("what", String(32), nullable=False),
    Column("actor", Text, nullable=False),
    Column("recorded_at", DateTime, nullable=False),
    Column("filters", Text, nullable=False),  # JSON: the filters given
    Column("shown", Text, nullable=False),  # JSON: the members whose rows were shown
    Column("rows", Integer, nullable=False),
    Column("sequence", BigInteger, nullable=False),
)

read_members = Table(
    "sl_read_members", metadata,
    Column("read_id", String(64), primary_key=True),
    Column("member_id", String(64), primary_key=True),
    Index("sl_read_members_member", "member_id"),
)
