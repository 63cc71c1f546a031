"""The hub's own tables. Alembic migrations create and change them; this module describes the
current shape, and a test checks the migrations produce exactly it."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    text,
)

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=NAMING)

# The Alembic revision this code expects the archive to be at (a test checks it is the head of
# the migrations), so that opening an archive needs no Alembic import.
SCHEMA_REVISION = "0001"

# The ids of things people name (agencies, datasets) are short slugs.
SLUG = 64

agencies = Table(
    "agencies",
    metadata,
    Column("id", String(SLUG), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("type", String(32), nullable=False),
    Column("created_at", DateTime, nullable=False),
)

agency_column_maps = Table(
    "agency_column_maps",
    metadata,
    Column("agency_id", String(SLUG), ForeignKey("agencies.id"), primary_key=True),
    Column("dataset_id", String(SLUG), primary_key=True),
    Column("source", String(200), primary_key=True),  # normalised column name in the file
    Column("field", String(64), nullable=False),
)

agency_code_maps = Table(
    "agency_code_maps",
    metadata,
    Column("agency_id", String(SLUG), ForeignKey("agencies.id"), primary_key=True),
    Column("dataset_id", String(SLUG), primary_key=True),
    Column("field", String(64), primary_key=True),
    Column("local_code", String(200), primary_key=True),  # case-folded
    Column("code", String(200), nullable=False),
)

registered_datasets = Table(
    "registered_datasets",
    metadata,
    Column("id", String(SLUG), primary_key=True),
    Column("descriptor", JSON, nullable=False),
    Column("registered_at", DateTime, nullable=False),
)

ACCEPTED_STATUSES = ("stored", "partial")

supplies = Table(
    "supplies",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("dataset_id", String(SLUG), nullable=False, index=True),
    Column("agency_id", String(SLUG), ForeignKey("agencies.id"), nullable=False, index=True),
    Column("file_name", String(500), nullable=False),
    Column("sha256", String(64), nullable=False, index=True),
    Column("size_bytes", BigInteger, nullable=False),
    Column("file_format", String(8), nullable=False),
    Column("encoding", String(32)),
    Column("delimiter", String(4)),
    Column("sheet", String(200)),
    Column("period_start", Date),
    Column("period_end", Date),
    Column("received_at", DateTime, nullable=False),
    Column("status", String(16), nullable=False),
    Column("rows_read", Integer, nullable=False, server_default=text("0")),
    Column("rows_new", Integer, nullable=False, server_default=text("0")),
    Column("rows_revised", Integer, nullable=False, server_default=text("0")),
    Column("rows_unchanged", Integer, nullable=False, server_default=text("0")),
    Column("rows_quarantined", Integer, nullable=False, server_default=text("0")),
    Column("rows_rejected", Integer, nullable=False, server_default=text("0")),
    Column("blank_rows", Integer, nullable=False, server_default=text("0")),
    Column("supply_metadata", JSON),  # guidance §3.4, as supplied
    Column("landing_file", String(200), nullable=False),
)
# One accepted supply per file: the same bytes are refused the second time, even when two
# ingests race.
Index(
    "uq_supplies_accepted_sha256",
    supplies.c.sha256,
    unique=True,
    sqlite_where=supplies.c.status.in_(ACCEPTED_STATUSES),
    postgresql_where=supplies.c.status.in_(ACCEPTED_STATUSES),
)

supply_issues = Table(
    "supply_issues",
    metadata,
    Column(
        "id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    ),
    Column("supply_id", Integer, ForeignKey("supplies.id"), nullable=False),
    Column("row_number", Integer),  # null: about the whole file
    Column("field", String(200)),
    Column("rule", String(32), nullable=False),
    Column("severity", String(8), nullable=False),
    Column("message", Text, nullable=False),
    Index("ix_supply_issues_supply_id_row_number", "supply_id", "row_number"),
)

quarantine = Table(
    "quarantine",
    metadata,
    Column(
        "id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    ),
    Column("supply_id", Integer, ForeignKey("supplies.id"), nullable=False, index=True),
    Column("row_number", Integer, nullable=False),
    Column("raw_values", JSON, nullable=False),  # the row as the file had it, column by column
)
