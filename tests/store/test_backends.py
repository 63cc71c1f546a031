"""The archive's basics on both backends: migrations, agencies, supplies table."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from csphub.hub import Hub
from csphub.settings import Settings
from csphub.store import Archive
from csphub.store.schema import metadata


def test_migrations_build_exactly_the_described_schema(hub: Hub) -> None:
    with hub.archive.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), metadata)
    assert differences == []


def test_initialise_is_repeatable_and_open_finds_the_same_archive(settings: Settings) -> None:
    with Hub.initialise(settings) as first:
        first.archive.add_agency("eastbrook-police", "Eastbrook Police", "police")
    with Hub.initialise(settings) as again:
        assert [a.id for a in again.archive.agencies()] == ["eastbrook-police"]
    with Archive.open(settings) as opened:
        assert opened.agency("eastbrook-police").name == "Eastbrook Police"


def test_the_expected_schema_revision_is_the_migrations_head() -> None:
    from importlib import resources

    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from csphub.store.schema import SCHEMA_REVISION

    config = Config()
    config.set_main_option(
        "script_location", str(resources.files("csphub.store").joinpath("migrations"))
    )
    assert ScriptDirectory.from_config(config).get_current_head() == SCHEMA_REVISION


def test_an_uninitialised_database_is_reported_not_crashed(postgres_url: str, tmp_path) -> None:
    import pytest

    from csphub.errors import HomeNotReady

    with pytest.raises(HomeNotReady, match="not at the current schema"):
        Archive.open(Settings(home=tmp_path / "h", database_url=postgres_url))


def test_bulk_insert_leaves_out_empty_columns_only_where_null_is_the_default(hub: Hub) -> None:
    import polars as pl
    from sqlalchemy import Column, Integer, MetaData, String, Table, select

    from csphub.store.records import bulk_insert

    table = Table(
        "bulk_probe",
        MetaData(),
        Column("id", Integer, primary_key=True),
        Column("empty", String(8)),
        Column("defaulted", String(8), nullable=True, server_default="x"),
        Column("given", String(8)),
    )
    frame = pl.DataFrame(
        {
            "id": [1, 2, 3],
            "empty": pl.Series([None, None, None], dtype=pl.String),
            "defaulted": pl.Series([None, None, None], dtype=pl.String),
            "given": ["a", None, "c"],
        }
    )
    with hub.archive.engine.begin() as connection:
        table.create(connection)
        bulk_insert(connection, table, frame)
        rows = connection.execute(select(table).order_by(table.c.id)).all()
    # an explicit NULL stays NULL where the column would otherwise take its default
    assert [tuple(r) for r in rows] == [
        (1, None, None, "a"),
        (2, None, None, None),
        (3, None, None, "c"),
    ]
