"""Point-in-polygon on loaded boundaries (AreaIndex): inside, outside, on a shared edge,
without a point."""

from __future__ import annotations

import numpy as np
import pytest
from geo_support import area_frame
from shapely.geometry import box

from csphub.geo.areas import AreaIndex

NAN = np.nan


@pytest.fixture(scope="module")
def lsoas() -> AreaIndex:
    # Given out of code order: the index sorts them.
    return AreaIndex.from_frame(
        "lsoa",
        area_frame(
            {
                "E01000002": box(430500, 260000, 431000, 261000),
                "E01000001": box(430000, 260000, 430500, 261000),
                "E01000003": box(430000, 261000, 431000, 261500),
            }
        ),
        2021,
    )


def locate(index: AreaIndex, points: list[tuple[float, float]]) -> list[str | None]:
    easting = np.array([p[0] for p in points], dtype=np.float64)
    northing = np.array([p[1] for p in points], dtype=np.float64)
    return index.locate(easting, northing).to_list()


def test_points_inside_their_areas(lsoas: AreaIndex) -> None:
    assert list(lsoas.codes) == ["E01000001", "E01000002", "E01000003"]
    assert lsoas.year == 2021
    assert locate(lsoas, [(430250, 260500), (430750, 260500), (430500, 261250)]) == [
        "E01000001",
        "E01000002",
        "E01000003",
    ]


def test_points_outside_every_area_have_none(lsoas: AreaIndex) -> None:
    assert locate(lsoas, [(429000, 260500), (430250, 262000)]) == [None, None]


def test_a_point_on_a_shared_edge_goes_to_the_lower_code(lsoas: AreaIndex) -> None:
    assert locate(lsoas, [(430500, 260500), (430500, 261000), (430750, 261000)]) == [
        "E01000001",
        "E01000001",
        "E01000002",
    ]


def test_points_without_coordinates_have_none(lsoas: AreaIndex) -> None:
    assert locate(lsoas, [(NAN, NAN), (NAN, NAN)]) == [None, None]
    assert locate(lsoas, [(430250, 260500), (NAN, 260500), (430750, NAN)]) == [
        "E01000001",
        None,
        None,
    ]


@pytest.mark.parametrize(
    "points",
    [
        [(NAN, NAN), (430250, 260500)],
        [(429000, 260500), (430250, 260500)],
        [(NAN, NAN), (429000, 260500), (430750, 260500), (430250, 260500)],
    ],
    ids=["no point first", "outside first", "mixed"],
)
def test_a_located_point_after_an_unlocated_one(
    lsoas: AreaIndex, points: list[tuple[float, float]]
) -> None:
    expected = {
        (430250, 260500): "E01000001",
        (430750, 260500): "E01000002",
    }
    assert locate(lsoas, points) == [expected.get(p) for p in points]


def test_covers_and_centres(lsoas: AreaIndex) -> None:
    import polars as pl

    covered = lsoas.covers(np.array([430250.0, 429000.0, NAN]), np.array([260500.0] * 3))
    assert covered.tolist() == [True, False, False]
    easting, northing = lsoas.centres(pl.Series(["E01000002", "E01999999", None]))
    assert locate(lsoas, [(easting[0], northing[0])]) == ["E01000002"]
    assert np.isnan(easting[1:]).all() and np.isnan(northing[1:]).all()


def test_an_empty_index_places_nothing() -> None:
    empty = AreaIndex.from_frame("lsoa", area_frame({}), None)
    assert locate(empty, [(430250, 260500)]) == [None]


def test_repeated_points_and_points_not_wanted(lsoas: AreaIndex) -> None:
    easting = np.array([430250, 430750, 430250, 430250, 430750, NAN])
    northing = np.array([260500, 260500, 260500, 260500, 260500, 260500])
    wanted = np.array([True, True, True, False, True, True])

    found = lsoas.locate(easting, northing, wanted).to_list()

    assert found == ["E01000001", "E01000002", "E01000001", None, "E01000002", None]
    assert lsoas.locate(easting, northing, np.zeros(6, dtype=bool)).to_list() == [None] * 6
