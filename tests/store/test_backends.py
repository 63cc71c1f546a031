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


def test_a_large_frame_arrives_whole_with_constant_and_repeated_columns(hub: Hub, tmp_path) -> None:
    """Above the staging threshold (on SQLite: staged in pieces, with the columns that hold
    one value throughout bound once and a column that repeats another staged once)."""
    import datetime as dt

    import polars as pl
    from sqlalchemy import Boolean, Column, Date, Float, Integer, MetaData, String, Table, select

    from csphub.store.records import STAGE_MIN_ROWS, bulk_insert, release_stages

    height = STAGE_MIN_ROWS + 1_234
    table = Table(
        "bulk_staged",
        MetaData(),
        Column("id", Integer, primary_key=True),
        Column("copy", String(12)),
        Column("reference", String(12)),
        Column("agency", String(12)),
        Column("day", Date),
        Column("flag", Boolean),
        Column("x", Float),
        Column("x_again", Float),
        Column("sometimes", String(12)),
    )
    ids = pl.int_range(1, height + 1, eager=True)
    frame = pl.DataFrame(
        {
            "id": ids,
            "copy": "R" + ids.cast(pl.String),
            "reference": "R" + ids.cast(pl.String),
            "agency": pl.repeat("eb-police", height, eager=True),
            "day": pl.repeat(dt.date(2026, 1, 5), height, eager=True),
            "flag": pl.repeat(True, height, eager=True),
            "x": ids.cast(pl.Float64) / 4,
            "x_again": ids.cast(pl.Float64) / 4,
            "sometimes": pl.Series(["a" if n % 3 else None for n in range(height)]),
        }
    )
    with hub.archive.engine.connect() as connection:
        with connection.begin():
            table.create(connection)
            stages = bulk_insert(connection, table, frame, staging_dir=tmp_path / "stage")
        release_stages(connection, stages)
        rows = connection.execute(select(table).order_by(table.c.id)).all()
    stored = pl.DataFrame([tuple(r) for r in rows], schema=frame.schema, orient="row")
    assert stored.equals(frame)
    if hub.archive.engine.dialect.name == "sqlite":
        assert stages  # it went through staging files, and they are gone
    assert not any(path.exists() for path in stages)


def test_the_stage_plan_binds_constants_and_stages_repeats_once() -> None:
    import datetime as dt

    import polars as pl

    from csphub.store.records import _stage_plan

    frame = pl.DataFrame(
        {
            "supply": [7, 7, 7],
            "key": ["a", "b", "c"],
            "reference": ["a", "b", "c"],
            "day": [dt.date(2026, 1, 5)] * 3,
            "flag": [True, True, True],
            "partly": ["x", None, "x"],
        }
    )
    staged, sources, parameters = _stage_plan(frame)
    assert staged == ["key", "partly"]
    assert sources == [None, "key", "key", None, None, "partly"]
    # as SQLite binds them: dates as ISO text, flags as 0/1
    assert parameters == [7, "2026-01-05", 1]
    # a staging table needs a column: with every column constant, the last is staged
    staged, sources, parameters = _stage_plan(frame.select("supply", "day"))
    assert staged == ["day"]
    assert sources == [None, "day"]
    assert parameters == [7]


def test_a_new_sqlite_archive_has_large_pages(sqlite_settings: Settings) -> None:
    from csphub.store.engine import SQLITE_PAGE_SIZE

    with Hub.initialise(sqlite_settings) as hub, hub.archive.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA page_size").scalar() == SQLITE_PAGE_SIZE


def test_dates_and_times_go_to_sqlite_as_the_text_sqlalchemy_reads_back() -> None:
    """Formatted once per distinct value where values repeat, every row where they do not:
    the same text either way, nulls kept."""
    import datetime as dt

    import polars as pl

    from csphub.store.records import _sqlite_ready

    n = 5_000
    r = pl.int_range(n, eager=True)
    day = pl.Series([dt.date(2026, 1, 1) + dt.timedelta(days=i % 31) for i in range(n)])
    frame = pl.DataFrame(
        {
            "day": day.set(r % 97 == 0, None),  # a month's few dates, repeating
            "time": pl.Series([dt.time(i % 24, (i % 4) * 15) for i in range(n)]),
            "at": pl.Series(
                [dt.datetime(2026, 1, 1) + dt.timedelta(seconds=7 * i) for i in range(n)]
            ),
            "flag": r % 3 == 0,
        }
    )
    ready = _sqlite_ready(frame)
    expected = frame.select(
        pl.col("day").dt.strftime("%Y-%m-%d"),
        pl.col("time").dt.strftime("%H:%M:%S"),
        pl.col("at").dt.strftime("%Y-%m-%d %H:%M:%S.%6f"),
        pl.col("flag").cast(pl.Int8),
    )
    assert ready.equals(expected)
    assert ready["day"][0] is None and ready["day"][1] == "2026-01-02"
    assert ready["at"][1] == "2026-01-01 00:00:07.000000"
