"""Reference geography: editions of postcode directories, property gazetteers and boundaries.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def _edition_id() -> sa.Column:
    return sa.Column("edition_id", sa.Integer(), nullable=False)


def _edition_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["edition_id"], ["geo_editions.id"], name=f"fk_{table}_edition_id_geo_editions"
    )


def upgrade() -> None:
    op.create_table(
        "geo_editions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("level", sa.String(8)),
        sa.Column("format", sa.String(32), nullable=False),
        sa.Column("file_name", sa.String(500), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("edition", sa.String(7), nullable=False),
        sa.Column("edition_source", sa.String(16), nullable=False),
        sa.Column("year", sa.Integer()),
        sa.Column("rows", sa.Integer(), nullable=False),
        sa.Column("terminated", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("details", sa.JSON()),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("loaded_at", sa.DateTime(), nullable=False),
        sa.Column("replaced_at", sa.DateTime()),
        sa.PrimaryKeyConstraint("id", name="pk_geo_editions"),
    )
    op.create_index(
        "ix_geo_editions_kind_level_status", "geo_editions", ["kind", "level", "status"]
    )
    op.create_table(
        "geo_postcodes",
        _edition_id(),
        sa.Column("postcode", sa.String(8), nullable=False),
        sa.Column("easting", sa.Integer()),
        sa.Column("northing", sa.Integer()),
        sa.Column("quality", sa.SmallInteger()),
        sa.Column("oa", sa.String(12)),
        sa.Column("lsoa", sa.String(12)),
        sa.Column("msoa", sa.String(12)),
        sa.Column("ward", sa.String(12)),
        sa.Column("la", sa.String(12)),
        sa.Column("lat", sa.Float()),
        sa.Column("lon", sa.Float()),
        sa.Column("introduced", sa.String(7)),
        sa.Column("terminated", sa.String(7)),
        sa.Column("user_type", sa.SmallInteger()),
        _edition_fk("geo_postcodes"),
        sa.PrimaryKeyConstraint("edition_id", "postcode", name="pk_geo_postcodes"),
    )
    op.create_table(
        "geo_properties",
        _edition_id(),
        sa.Column("uprn", sa.BigInteger(), nullable=False),
        sa.Column("parent_uprn", sa.BigInteger()),
        sa.Column("usrn", sa.BigInteger()),
        sa.Column("sao", sa.Text()),
        sa.Column("pao", sa.Text()),
        sa.Column("street", sa.Text()),
        sa.Column("locality", sa.Text()),
        sa.Column("town", sa.Text()),
        sa.Column("postcode", sa.String(8)),
        sa.Column("easting", sa.Float()),
        sa.Column("northing", sa.Float()),
        sa.Column("classification", sa.Text()),
        sa.Column("address", sa.Text()),
        _edition_fk("geo_properties"),
        sa.PrimaryKeyConstraint("edition_id", "uprn", name="pk_geo_properties"),
    )
    op.create_table(
        "geo_areas",
        _edition_id(),
        sa.Column("code", sa.String(12), nullable=False),
        sa.Column("name", sa.Text()),
        sa.Column("geometry", sa.LargeBinary(), nullable=False),
        sa.Column("min_x", sa.Float(), nullable=False),
        sa.Column("min_y", sa.Float(), nullable=False),
        sa.Column("max_x", sa.Float(), nullable=False),
        sa.Column("max_y", sa.Float(), nullable=False),
        _edition_fk("geo_areas"),
        sa.PrimaryKeyConstraint("edition_id", "code", name="pk_geo_areas"),
    )


def downgrade() -> None:
    op.drop_table("geo_areas")
    op.drop_table("geo_properties")
    op.drop_table("geo_postcodes")
    op.drop_index("ix_geo_editions_kind_level_status", table_name="geo_editions")
    op.drop_table("geo_editions")
