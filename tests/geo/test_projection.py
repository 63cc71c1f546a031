"""National Grid ↔ latitude/longitude with pyproj, and which transformation is in use."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pyproj.datadir
import pytest

from csphub.geo import projection

# Eastbrook, London, Edinburgh, Penzance, Lerwick.
EASTINGS = np.array([430300.0, 530000.0, 325000.0, 147000.0, 447000.0])
NORTHINGS = np.array([260300.0, 180000.0, 673000.0, 30000.0, 1141000.0])


def test_round_trip_within_a_millimetre() -> None:
    lat, lon = projection.to_lat_lon(EASTINGS, NORTHINGS)
    easting, northing = projection.to_grid(lat, lon)

    assert np.abs(easting - EASTINGS).max() < 0.001
    assert np.abs(northing - NORTHINGS).max() < 0.001
    assert projection.in_gb_degrees(lat, lon).all()
    # London is about 51.5°N, 0.1°W.
    assert (lat[1], lon[1]) == pytest.approx((51.50, -0.12), abs=0.02)


def test_threads_may_convert_at_once_and_get_what_one_thread_gets() -> None:
    """Ingestion converts pieces of a supply in several staging threads at once (a transformer
    taken from a pyproj TransformerGroup crashes the process when used so)."""
    from concurrent.futures import ThreadPoolExecutor

    rng = np.random.default_rng(3)
    easting = rng.uniform(0, 700_000, 400_000)
    northing = rng.uniform(0, 1_250_000, 400_000)
    alone = projection.to_lat_lon(easting, northing)
    parts = [slice(start, start + 50_000) for start in range(0, 400_000, 50_000)]
    projection.forget_transformers()  # the threads' first conversions make the transformer
    with ThreadPoolExecutor(max_workers=4) as pool:
        for _ in range(3):
            together = list(
                pool.map(lambda s: projection.to_lat_lon(easting[s], northing[s]), parts)
            )
            assert np.array_equal(np.concatenate([lat for lat, _ in together]), alone[0])
            assert np.array_equal(np.concatenate([lon for _, lon in together]), alone[1])


def test_the_transformer_in_use_is_the_chosen_one() -> None:
    chosen = projection._chosen(projection.BNG, projection.WGS84)
    lon, lat = chosen.transform(EASTINGS, NORTHINGS)
    assert np.array_equal(projection.to_lat_lon(EASTINGS, NORTHINGS), (lat, lon))


def test_missing_values_stay_missing() -> None:
    lat, lon = projection.to_lat_lon(np.array([np.nan, 430300.0]), np.array([np.nan, 260300.0]))
    assert np.isnan(lat[0]) and np.isnan(lon[0]) and np.isfinite(lat[1])
    easting, northing = projection.to_grid(np.array([np.nan]), np.array([np.nan]))
    assert np.isnan(easting[0]) and np.isnan(northing[0])


def test_without_the_ostn15_grid_the_helmert_transformation_is_used() -> None:
    used = projection.transformation()

    assert used.ostn15 is False
    assert used.accuracy_m == 2.0
    assert "OSGB36 to WGS 84" in used.description


def test_great_britain_bounds() -> None:
    assert projection.in_gb_grid(np.array([430300.0, -1.0, 900000.0, np.nan]),
                                 np.array([260300.0, 260300.0, 100.0, 1.0])).tolist() == [
        True, False, False, False,
    ]  # fmt: skip
    assert projection.in_gb_degrees(np.array([52.2, 40.7, np.nan]),
                                    np.array([-1.5, -74.0, 0.0])).tolist() == [
        True, False, False,
    ]  # fmt: skip


@pytest.fixture
def restore_data_dir() -> Iterator[None]:
    before = pyproj.datadir.get_data_dir()
    try:
        yield
    finally:
        pyproj.datadir.set_data_dir(before)
        projection.forget_transformers()


def test_use_grid_dir_adds_the_folder_to_proj_data_dirs(
    tmp_path: Path, restore_data_dir: None
) -> None:
    grids = tmp_path / "grids"
    grids.mkdir()
    before = pyproj.datadir.get_data_dir()

    projection.use_grid_dir(grids)
    projection.use_grid_dir(grids)  # twice: added once
    projection.use_grid_dir(None)

    folders = pyproj.datadir.get_data_dir().split(":")
    assert folders.count(str(grids.resolve())) == 1
    assert set(before.split(":")) <= set(folders)
    # An empty folder has no OSTN15: still the Helmert transformation, and it still works.
    assert projection.transformation().ostn15 is False
    lat, _ = projection.to_lat_lon(EASTINGS[:1], NORTHINGS[:1])
    assert np.isfinite(lat).all()
