"""The foundation: agencies and their maps, registered datasets, supplies, issues, quarantine.

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

_ACCEPTED = sa.text("status IN ('stored', 'partial')")


def _big_id() -> sa.types.TypeEngine:
    return sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "agencies",
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("type", sa.String(32), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_agencies"),
    )
    op.create_table(
        "agency_column_maps",
        sa.Column("agency_id", sa.String(64), nullable=False),
        sa.Column("dataset_id", sa.String(64), nullable=False),
        sa.Column("source", sa.String(200), nullable=False),
        sa.Column("field", sa.String(64), nullable=False),
        sa.ForeignKeyConstraint(
            ["agency_id"], ["agencies.id"], name="fk_agency_column_maps_agency_id_agencies"
        ),
        sa.PrimaryKeyConstraint("agency_id", "dataset_id", "source", name="pk_agency_column_maps"),
    )
    op.create_table(
        "agency_code_maps",
        sa.Column("agency_id", sa.String(64), nullable=False),
        sa.Column("dataset_id", sa.String(64), nullable=False),
        sa.Column("field", sa.String(64), nullable=False),
        sa.Column("local_code", sa.String(200), nullable=False),
        sa.Column("code", sa.String(200), nullable=False),
        sa.ForeignKeyConstraint(
            ["agency_id"], ["agencies.id"], name="fk_agency_code_maps_agency_id_agencies"
        ),
        sa.PrimaryKeyConstraint(
            "agency_id", "dataset_id", "field", "local_code", name="pk_agency_code_maps"
        ),
    )
    op.create_table(
        "registered_datasets",
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("descriptor", sa.JSON(), nullable=False),
        sa.Column("registered_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_registered_datasets"),
    )
    op.create_table(
        "supplies",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("dataset_id", sa.String(64), nullable=False),
        sa.Column("agency_id", sa.String(64), nullable=False),
        sa.Column("file_name", sa.String(500), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("size_bytes", sa.BigInteger(), nullable=False),
        sa.Column("file_format", sa.String(8), nullable=False),
        sa.Column("encoding", sa.String(32), nullable=True),
        sa.Column("delimiter", sa.String(4), nullable=True),
        sa.Column("sheet", sa.String(200), nullable=True),
        sa.Column("period_start", sa.Date(), nullable=True),
        sa.Column("period_end", sa.Date(), nullable=True),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("rows_read", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("rows_new", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("rows_revised", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("rows_unchanged", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("rows_quarantined", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("rows_rejected", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("blank_rows", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("supply_metadata", sa.JSON(), nullable=True),
        sa.Column("landing_file", sa.String(200), nullable=False),
        sa.ForeignKeyConstraint(
            ["agency_id"], ["agencies.id"], name="fk_supplies_agency_id_agencies"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_supplies"),
    )
    op.create_index("ix_supplies_dataset_id", "supplies", ["dataset_id"])
    op.create_index("ix_supplies_agency_id", "supplies", ["agency_id"])
    op.create_index("ix_supplies_sha256", "supplies", ["sha256"])
    op.create_index(
        "uq_supplies_accepted_sha256",
        "supplies",
        ["sha256"],
        unique=True,
        sqlite_where=_ACCEPTED,
        postgresql_where=_ACCEPTED,
    )
    op.create_table(
        "supply_issues",
        sa.Column("id", _big_id(), autoincrement=True, nullable=False),
        sa.Column("supply_id", sa.Integer(), nullable=False),
        sa.Column("row_number", sa.Integer(), nullable=True),
        sa.Column("field", sa.String(200), nullable=True),
        sa.Column("rule", sa.String(32), nullable=False),
        sa.Column("severity", sa.String(8), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["supply_id"], ["supplies.id"], name="fk_supply_issues_supply_id_supplies"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_supply_issues"),
    )
    op.create_index(
        "ix_supply_issues_supply_id_row_number", "supply_issues", ["supply_id", "row_number"]
    )
    op.create_table(
        "quarantine",
        sa.Column("id", _big_id(), autoincrement=True, nullable=False),
        sa.Column("supply_id", sa.Integer(), nullable=False),
        sa.Column("row_number", sa.Integer(), nullable=False),
        sa.Column("raw_values", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["supply_id"], ["supplies.id"], name="fk_quarantine_supply_id_supplies"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_quarantine"),
    )
    op.create_index("ix_quarantine_supply_id", "quarantine", ["supply_id"])


def downgrade() -> None:
    op.drop_table("quarantine")
    op.drop_table("supply_issues")
    op.drop_table("supplies")
    op.drop_table("registered_datasets")
    op.drop_table("agency_code_maps")
    op.drop_table("agency_column_maps")
    op.drop_table("agencies")
