"""Settings: every one documented, the reference current, production defaults safe."""

from __future__ import annotations

from pathlib import Path

import pytest

from csphub.errors import HomeNotReady
from csphub.settings import Environment, Settings, settings_reference
from csphub.store import Archive

REPO = Path(__file__).resolve().parents[1]


def test_every_setting_has_a_description() -> None:
    for name, field in Settings.model_fields.items():
        assert field.description and len(field.description) > 20, name


def test_the_settings_reference_is_current() -> None:
    written = (REPO / "docs" / "reference" / "settings.md").read_text()
    assert written == settings_reference(), (
        "run: csphub settings --markdown > docs/reference/settings.md"
    )


def test_settings_come_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("CSPHUB_HOME", str(tmp_path))
    monkeypatch.setenv("CSPHUB_MAX_SUPPLY_MB", "7")
    settings = Settings()
    assert (
        settings.resolved_home == tmp_path.resolve()
        and settings.max_supply_bytes == 7 * 1024 * 1024
    )
    assert settings.archive_url == f"sqlite:///{tmp_path.resolve() / 'csphub.db'}"


def test_a_password_never_shows_in_the_printable_url() -> None:
    settings = Settings(database_url="postgresql+psycopg://hub:s3cret@db.example/csphub")
    assert settings.redacted_url() == "postgresql+psycopg://hub:***@db.example/csphub"


def test_production_refuses_sqlite_and_an_invented_key(tmp_path: Path) -> None:
    production = Settings(home=tmp_path / "home", environment=Environment.PRODUCTION)
    with pytest.raises(HomeNotReady, match="needs a PostgreSQL archive"):
        Archive.initialise(production)
    allowed = Settings(
        home=tmp_path / "home", environment=Environment.PRODUCTION, allow_sqlite_in_production=True
    )
    with pytest.raises(HomeNotReady, match="does not make one up"):
        Archive.initialise(allowed)
    key = tmp_path / "master.key"
    key.write_bytes(bytes(range(32)))
    with Archive.initialise(allowed.model_copy(update={"master_key_file": key})) as archive:
        assert archive.agencies() == []
