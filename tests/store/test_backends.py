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
