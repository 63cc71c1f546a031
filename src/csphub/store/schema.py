"""The hub's own tables. Alembic migrations create and change them; this module describes the
current shape, and a test checks the migrations produce exactly it."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    SmallInteger,
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
SCHEMA_REVISION = "0002"

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


# --------------------------------------------------------------------------- reference geography

# Every file of reference geography ever loaded. Per kind (and level, for boundaries) one edition
# is current; a new one replaces it only once it is completely loaded, in one transaction.
geo_editions = Table(
    "geo_editions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("kind", String(16), nullable=False),  # postcodes, properties, boundaries
    Column("level", String(8)),  # boundaries: oa, lsoa, msoa, ward, la
    Column("format", String(32), nullable=False),
    Column("file_name", String(500), nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("edition", String(7), nullable=False),  # YYYY-MM
    Column("edition_source", String(16), nullable=False),  # given, file name, file date
    Column("year", Integer),  # the year of its area codes (LSOA21CD: 2021)
    Column("rows", Integer, nullable=False),
    Column("terminated", Integer, nullable=False, server_default=text("0")),
    Column("details", JSON),  # columns read, projection, rows skipped and why, notes
    Column("status", String(16), nullable=False),  # loading, current, replaced
    Column("loaded_at", DateTime, nullable=False),
    Column("replaced_at", DateTime),
    Index("ix_geo_editions_kind_level_status", "kind", "level", "status"),
)

# Postcode directory: ONSPD, NSPL or Code-Point Open.
geo_postcodes = Table(
    "geo_postcodes",
    metadata,
    Column("edition_id", Integer, ForeignKey("geo_editions.id"), primary_key=True),
    Column("postcode", String(8), primary_key=True),  # canonical: "EB1 0AA"
    Column("easting", Integer),
    Column("northing", Integer),
    Column("quality", SmallInteger),
    Column("oa", String(12)),
    Column("lsoa", String(12)),
    Column("msoa", String(12)),
    Column("ward", String(12)),
    Column("la", String(12)),
    Column("lat", Float),
    Column("lon", Float),
    Column("introduced", String(7)),
    Column("terminated", String(7)),  # YYYY-MM; null while live
    Column("user_type", SmallInteger),
)

# Property gazetteer: LLPG or AddressBase-style, one row per UPRN.
geo_properties = Table(
    "geo_properties",
    metadata,
    Column("edition_id", Integer, ForeignKey("geo_editions.id"), primary_key=True),
    Column("uprn", BigInteger, primary_key=True),
    Column("parent_uprn", BigInteger),
    Column("usrn", BigInteger),
    Column("sao", Text),
    Column("pao", Text),
    Column("street", Text),
    Column("locality", Text),
    Column("town", Text),
    Column("postcode", String(8)),
    Column("easting", Float),
    Column("northing", Float),
    Column("classification", Text),
    Column("address", Text),
)

# Area boundaries on the National Grid, as WKB, with their bounding boxes.
geo_areas = Table(
    "geo_areas",
    metadata,
    Column("edition_id", Integer, ForeignKey("geo_editions.id"), primary_key=True),
    Column("code", String(12), primary_key=True),
    Column("name", Text),
    Column("geometry", LargeBinary, nullable=False),
    Column("min_x", Float, nullable=False),
    Column("min_y", Float, nullable=False),
    Column("max_x", Float, nullable=False),
    Column("max_y", Float, nullable=False),
)
