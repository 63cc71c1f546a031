"""Editions of reference geography in the archive, on SQLite and PostgreSQL: a new edition
replaces the old whole, the same file twice changes nothing, a load killed part-way leaves the
old edition current, and the Parquet copies are rebuilt from the database."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest
from geo_support import geography_file, partnership, quoted_csv, read_text_csv
from sqlalchemy import func, select

from csphub.errors import AlreadyExists
from csphub.geo.boundaries import AREA_SCHEMA
from csphub.geo.postcodes import POSTCODE_SCHEMA
from csphub.geo.properties import PROPERTY_SCHEMA
from csphub.geo.service import load_boundaries, load_postcodes, load_properties
from csphub.hub import Hub
from csphub.settings import Settings
from csphub.store import schema as s
from csphub.synth.partnership import Made


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Made:
    return partnership(tmp_path_factory)


def row_counts(hub: Hub, table: object) -> dict[int, int]:
    """Rows per edition in one of the reference tables."""
    with hub.archive.engine.connect() as connection:
        found = connection.execute(
            select(table.c.edition_id, func.count()).group_by(table.c.edition_id)  # type: ignore[attr-defined]
        ).all()
    return dict(found)  # type: ignore[arg-type]


def smaller_edition(made: Made, folder: Path) -> Path:
    """A later ONSPD: the same directory less its last ten postcodes."""
    onspd = read_text_csv(geography_file(made, "onspd.csv"))
    path = folder / "ONSPD_FEB_2025_UK.csv"
    path.write_bytes(quoted_csv(onspd.head(-10)))
    return path


def test_a_new_edition_replaces_the_old(hub: Hub, made: Made, tmp_path: Path) -> None:
    first = load_postcodes(hub, geography_file(made, "onspd.csv"), edition="2024-11")
    assert first.replaced is None and first.edition.status == "current"
    assert hub.geography().postcodes is not None

    second = load_postcodes(hub, smaller_edition(made, tmp_path))

    store = hub.archive.geography
    old, new = first.edition, second.edition
    assert second.replaced is not None and second.replaced.id == old.id
    assert (new.edition, new.edition_source, new.status) == ("2025-02", "file name", "current")
    assert new.rows == old.rows - 10
    history = store.editions()
    assert [e.id for e in history] == [new.id, old.id]  # newest first
    assert history[1].status == "replaced" and history[1].replaced_at is not None
    assert history[1].rows == old.rows and history[1].edition == "2024-11"
    assert store.current("postcodes") == history[0]
    assert row_counts(hub, s.geo_postcodes) == {new.id: new.rows}
    assert hub.geography().postcodes is not None
    assert hub.geography().postcodes.height == new.rows
    assert "replaces edition 2024-11" in second.as_text()
    cache = hub.settings.resolved_home / "geo"
    assert [p.name.split("-")[1] for p in cache.glob("edition-*.parquet")] == [str(new.id)]


def test_boundary_levels_have_editions_of_their_own(hub: Hub, made: Made) -> None:
    lsoa = load_boundaries(hub, geography_file(made, "boundaries/lsoa.geojson"), "lsoa")
    ward = load_boundaries(hub, geography_file(made, "boundaries/ward.geojson"), "ward")

    store = hub.archive.geography
    assert ward.replaced is None
    assert {(e.kind, e.level) for e in store.current_all()} == {
        ("boundaries", "lsoa"),
        ("boundaries", "ward"),
    }
    assert row_counts(hub, s.geo_areas) == {
        lsoa.edition.id: lsoa.edition.rows,
        ward.edition.id: ward.edition.rows,
    }
    assert sorted(hub.geography().areas) == ["lsoa", "ward"]


def test_the_same_file_again_is_refused_and_changes_nothing(hub: Hub, made: Made) -> None:
    path = geography_file(made, "gazetteer.csv")
    first = load_properties(hub, path)

    with pytest.raises(AlreadyExists) as refused:
        load_properties(hub, path, edition="2030-01")

    message = str(refused.value)
    assert "gazetteer.csv" in message and "already the current" in message
    store = hub.archive.geography
    assert store.editions() == [first.edition]
    assert row_counts(hub, s.geo_properties) == {first.edition.id: first.edition.rows}


def big_directory(folder: Path, rows: int) -> Path:
    """A generated ONSPD-style directory of ``rows`` postcodes (enough for the staged path)."""
    letters = "ABDEFGHJLNPQRSTUWXYZ"
    codes = [
        f"EB{district} {sector}{a}{b}"
        for district in range(1, 100)
        for sector in range(10)
        for a in letters
        for b in letters
    ][:rows]
    frame = pl.DataFrame(
        {
            "pcd": codes,
            "pcds": codes,
            "doterm": [""] * rows,
            "oslaua": ["E06000999"] * rows,
            "osward": ["E05900001"] * rows,
            "oseast1m": [f"{430000 + n % 1000:06d}" for n in range(rows)],
            "osnrth1m": [f"{260000 + n // 1000:07d}" for n in range(rows)],
            "osgrdind": ["1"] * rows,
            "lsoa21": ["E01900001"] * rows,
            "lat": [""] * rows,
            "long": [""] * rows,
        }
    )
    path = folder / "ONSPD_AUG_2025_UK.csv"
    path.write_bytes(quoted_csv(frame))
    return path


def test_a_load_killed_part_way_leaves_the_old_edition_current(
    tmp_path: Path, archive_url: str | None, made: Made
) -> None:
    home = tmp_path / "home"
    settings = Settings(home=home, database_url=archive_url)
    with Hub.initialise(settings) as hub:
        old = load_postcodes(hub, geography_file(made, "onspd.csv"), edition="2025-01").edition
    path = big_directory(tmp_path, 25_000)
    environment = {**os.environ, "CSPHUB_HOME": str(home)}
    environment.pop("CSPHUB_DATABASE_URL", None)
    if archive_url:
        environment["CSPHUB_DATABASE_URL"] = archive_url

    killed = subprocess.run(
        [
            sys.executable,
            str(Path(__file__).parents[1] / "crash_after_insert.py"),
            "geo_",
            "geo",
            "load",
            "postcodes",
            str(path),
        ],
        env=environment,
        capture_output=True,
        timeout=120,
    )
    assert killed.returncode == -signal.SIGKILL, killed.stderr.decode()

    with Hub.open(settings) as hub:
        store = hub.archive.geography
        assert store.editions() == [old]
        assert store.current("postcodes") == old
        assert row_counts(hub, s.geo_postcodes) == {old.id: old.rows}
        assert hub.geography().postcodes is not None
        assert hub.geography().postcodes.height == old.rows
        # Never loaded, so not "already loaded": it goes in whole now.
        loaded = load_postcodes(hub, path)
        assert loaded.edition.rows == 25_000 and loaded.replaced == old
        assert row_counts(hub, s.geo_postcodes) == {loaded.edition.id: 25_000}


def test_the_parquet_copies_are_rebuilt_from_the_database(hub: Hub, made: Made) -> None:
    loads = [
        (load_postcodes(hub, geography_file(made, "onspd.csv")), POSTCODE_SCHEMA, "postcode"),
        (load_properties(hub, geography_file(made, "gazetteer.csv")), PROPERTY_SCHEMA, "uprn"),
        (
            load_boundaries(hub, geography_file(made, "boundaries/oa.geojson"), "oa"),
            AREA_SCHEMA,
            "code",
        ),
    ]
    store = hub.archive.geography
    cache = hub.settings.resolved_home / "geo"
    for outcome, schema, key in loads:
        edition = outcome.edition
        copies = sorted(cache.glob(f"edition-{edition.id}-*.parquet"))
        assert len(copies) == 1, sorted(p.name for p in cache.iterdir())
        cached = store.rows(edition, schema)
        assert cached.height == edition.rows

        copies[0].unlink()
        rebuilt = store.rows(edition, schema)

        assert copies[0].exists()
        assert rebuilt.schema == cached.schema
        assert rebuilt.sort(key).equals(cached.sort(key))
        assert store.rows(edition, schema).sort(key).equals(cached.sort(key))
    hub.forget_geography()
    for copy in cache.glob("*.parquet"):
        copy.unlink()
    geography = hub.geography()
    assert (
        geography.postcodes is not None and geography.postcodes.height == loads[0][0].edition.rows
    )
    assert geography.properties is not None
    assert geography.properties.height == loads[1][0].edition.rows
    assert sorted(geography.areas) == ["oa"]


def test_a_gazetteer_with_classification_descriptions_loads(hub: Hub, tmp_path: Path) -> None:
    path = tmp_path / "llpg.csv"
    path.write_text(
        "UPRN,STREET_DESCRIPTION,POSTCODE,X_COORDINATE,Y_COORDINATE,CLASSIFICATION\r\n"
        "600,HIGH STREET,EB1 0AA,430000,260000,Residential Dwelling Detached House\r\n"
        "601,HIGH STREET,EB1 0AA,430010,260000,Commercial Retail Shop\r\n"
    )

    loaded = load_properties(hub, path)

    assert loaded.edition.rows == 2
    properties = hub.geography().properties
    assert properties is not None
    assert properties.sort("uprn")["classification"].to_list() == [
        "Residential Dwelling Detached House",
        "Commercial Retail Shop",
    ]
