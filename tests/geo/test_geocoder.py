"""The geocoder on a small hand-built geography: the order of methods, the flags, streets,
area codes, where areas come from, and the synth's whole postcode directory."""

from __future__ import annotations

from typing import Any

import numpy as np
import polars as pl
import pytest
from geo_support import (
    MATCHER_WARNING,
    area_frame,
    geography_file,
    partnership,
    postcode_frame,
    property_frame,
)
from shapely.geometry import Point, box

from csphub.geo import projection
from csphub.geo.boundaries import read_boundaries
from csphub.geo.geocoder import GEOCODE_SCHEMA, geocode
from csphub.geo.postcodes import read_postcode_directory
from csphub.geo.reference import Geography
from csphub.geo.sources import csv_sources
from csphub.synth.partnership import Made

# Two LSOAs side by side, one MSOA, ward and local authority around them.
WEST = box(430000, 260000, 430500, 261000)
EAST = box(430500, 260000, 431000, 261000)
WHOLE = box(430000, 260000, 431000, 261000)
BOUNDARY_YEAR = 2011  # different from the directory's, to tell where a code came from
DIRECTORY_YEAR = 2021

AREAS = {
    "oa": ({"E00000001": WEST, "E00000002": EAST}, BOUNDARY_YEAR),
    "lsoa": ({"E01000001": WEST, "E01000002": EAST}, BOUNDARY_YEAR),
    "msoa": ({"E02000001": WHOLE}, BOUNDARY_YEAR),
    "ward": ({"E05000001": WHOLE}, 2024),
    "la": ({"E06000001": WHOLE}, 2024),
}

AREAS_OF_WEST = {
    "oa": "E00000001",
    "lsoa": "E01000001",
    "msoa": "E02000001",
    "ward": "E05000001",
    "la": "E06000001",
}
AREAS_OF_EAST = {**AREAS_OF_WEST, "oa": "E00000002", "lsoa": "E01000002"}

POSTCODES = [
    {"postcode": "EB1 1AA", "easting": 430100, "northing": 260100, **AREAS_OF_WEST},
    {"postcode": "EB1 1AB", "easting": 430900, "northing": 260900, **AREAS_OF_EAST},
    # Terminated, still located.
    {"postcode": "EB1 1AD", "easting": 430200, "northing": 260200, **AREAS_OF_WEST,
     "terminated": "2020-01"},
    # ONS's best fit puts this one in the east LSOA although its centroid is in the west.
    {"postcode": "EB1 1AE", "easting": 430450, "northing": 260500, **AREAS_OF_EAST},
]  # fmt: skip


def street(uprn: int, number: int, name: str, locality: str, x: float, y: float) -> dict:
    return {
        "uprn": uprn,
        "pao": str(number),
        "street": name,
        "locality": locality,
        "town": "EASTBROOK",
        "postcode": None,
        "easting": x,
        "northing": y,
        "address": f"{number} {name}, {locality}, EASTBROOK",
    }


PROPERTIES = [
    {**street(100, 1, "HIGH STREET", "OLDMARKET", 430150, 260150), "postcode": "EB1 1AA"},
    {**street(101, 3, "HIGH STREET", "OLDMARKET", 430170, 260150), "postcode": "EB1 1AA"},
    {**street(102, 2, "WINDMILL ROAD", "OLDMARKET", 430800, 260800), "postcode": "EB1 1AB"},
    {**street(103, 4, "WINDMILL ROAD", "OLDMARKET", 430820, 260800), "postcode": "EB1 1AB"},
    street(104, 1, "MILL ROAD", "OLDMARKET", 430300, 260700),
    street(105, 3, "MILL ROAD", "OLDMARKET", 430320, 260700),
    # One street name in two localities.
    street(106, 1, "CHURCH LANE", "NORTHTOWN", 430100, 260900),
    street(107, 1, "CHURCH LANE", "SOUTHTOWN", 430900, 260100),
]


def geography(*, areas: bool = True, properties: bool = True) -> Geography:
    return Geography.build(
        postcode_frame(POSTCODES),
        property_frame(PROPERTIES) if properties else None,
        {level: (area_frame(shapes), year) for level, (shapes, year) in AREAS.items()}
        if areas
        else None,
        postcode_year=DIRECTORY_YEAR,
    )


@pytest.fixture(scope="module")
def loaded() -> Geography:
    return geography()


def inputs(rows: list[dict[str, Any]]) -> pl.DataFrame:
    columns = ("address", "postcode", "easting", "northing", "lat", "lon", "uprn", "area")
    return pl.DataFrame(
        {c: [row.get(c) for row in rows] for c in columns},
        schema={
            "address": pl.String,
            "postcode": pl.String,
            "easting": pl.Float64,
            "northing": pl.Float64,
            "lat": pl.Float64,
            "lon": pl.Float64,
            "uprn": pl.Int64,
            "area": pl.String,
        },
    )


def coded(geo: Geography, rows: list[dict[str, Any]], **options: Any) -> list[dict[str, Any]]:
    options.setdefault("match_addresses", False)
    result = geocode(geo, inputs(rows), **options)
    assert result.height == len(rows)
    assert result.schema == pl.Schema(GEOCODE_SCHEMA)
    return result.to_dicts()


def flags(row: dict[str, Any]) -> set[str]:
    return set(row["flags"].split(";")) if row["flags"] else set()


def test_methods_in_order_of_preference(loaded: Geography) -> None:
    rows = coded(
        loaded,
        [
            # a known UPRN beats everything else given with it
            {"uprn": 102, "postcode": "EB1 1AA", "easting": 430120.0, "northing": 260120.0,
             "address": "9 Mill Road", "area": "E01000001"},
            # supplied coordinates near their postcode beat the postcode
            {"postcode": "EB1 1AA", "easting": 430300.0, "northing": 260300.0,
             "address": "9 Mill Road"},
            # the postcode beats the street
            {"postcode": "EB1 1AB", "address": "9 Mill Road", "area": "E02000001"},
            # the street beats a supplied area code
            {"address": "9 Mill Road, Oldmarket", "area": "E02000001"},
            {"area": "E02000001"},
            {},
        ],
    )  # fmt: skip

    assert [(r["method"], r["precision"]) for r in rows] == [
        ("uprn", "uprn"),
        ("supplied", "point"),
        ("postcode", "postcode"),
        ("street", "street"),
        ("area", "area"),
        ("none", "none"),
    ]
    uprn, supplied, postcode, by_street, area, none = rows
    assert (uprn["uprn"], uprn["easting"], uprn["northing"]) == (102, 430800.0, 260800.0)
    assert (supplied["easting"], supplied["northing"], supplied["uprn"]) == (430300, 260300, None)
    assert (postcode["easting"], postcode["northing"]) == (430900.0, 260900.0)
    assert (by_street["easting"], by_street["northing"]) == (430310.0, 260700.0)  # the middle
    assert WHOLE.contains(Point(area["easting"], area["northing"]))
    assert none["easting"] is None and none["lsoa"] is None and none["year"] is None
    for row in rows[:-1]:
        lat, lon = projection.to_lat_lon(np.array([row["easting"]]), np.array([row["northing"]]))
        assert (row["lat"], row["lon"]) == pytest.approx((lat[0], lon[0]), abs=1e-6)


def test_latitude_and_longitude_may_be_left_for_later(loaded: Geography) -> None:
    """Ingestion leaves them to its staging threads (lat_lon_of, batch by batch): the same
    geocode otherwise, and lat_lon_of gives what geocode would have."""
    from csphub.geo.geocoder import geocode, lat_lon_of

    given = inputs(
        [{"uprn": 102}, {"easting": 430300.0, "northing": 260300.0}, {"postcode": "EB1 1AB"}, {}]
    )
    whole = geocode(loaded, given)
    later = geocode(loaded, given, lat_lon=False)
    assert later["lat"].null_count() == later["lon"].null_count() == later.height
    assert later.drop("lat", "lon").equals(whole.drop("lat", "lon"))
    lat, lon = lat_lon_of(later["easting"], later["northing"])
    assert lat.equals(whole["lat"]) and lon.equals(whole["lon"])
    assert whole["lat"].null_count() == 1  # the row with nothing to go on


@MATCHER_WARNING
def test_an_address_matched_to_a_property(loaded: Geography) -> None:
    rows = coded(
        loaded,
        [
            {"address": "3 High Street, Oldmarket, Eastbrook", "postcode": "EB1 1AA"},
            {"address": "4 Windmil Rd, Oldmarket", "postcode": "EB1 1AB",
             "easting": 430700.0, "northing": 260600.0},
            {"address": "Flat 9, 77 Nowhere Avenue", "postcode": "EB1 1AB"},
        ],
        match_addresses=True,
    )  # fmt: skip

    assert [(r["method"], r["precision"], r["uprn"]) for r in rows] == [
        ("address", "uprn", 101),
        ("address", "uprn", 103),
        ("postcode", "postcode", None),
    ]
    assert (rows[1]["easting"], rows[1]["northing"]) == (430820.0, 260800.0)


@MATCHER_WARNING
def test_an_address_settled_by_the_records_own_point(loaded: Geography) -> None:
    """A house number dropped leaves either house of High Street; coordinates on 3 High
    Street's point settle it. Coordinates near but not on a house settle nothing."""
    rows = coded(
        loaded,
        [
            {"address": "High Street, Oldmarket", "postcode": "EB1 1AA",
             "easting": 430170.0, "northing": 260150.0},
            {"address": "High Street, Oldmarket", "postcode": "EB1 1AA",
             "easting": 430160.0, "northing": 260150.0},
            {"address": "High Street, Oldmarket", "postcode": "EB1 1AA"},
        ],
        match_addresses=True,
    )  # fmt: skip

    assert [(r["method"], r["precision"], r["uprn"]) for r in rows] == [
        ("address", "uprn", 101),
        ("supplied", "point", None),
        ("postcode", "postcode", None),
    ]


@MATCHER_WARNING
def test_addresses_that_all_match_exactly(loaded: Geography) -> None:
    rows = coded(
        loaded,
        [
            {"address": "1 HIGH STREET, OLDMARKET, EASTBROOK", "postcode": "EB1 1AA"},
            {"address": "2 WINDMILL ROAD, OLDMARKET, EASTBROOK", "postcode": "EB1 1AB"},
        ],
        match_addresses=True,
    )

    assert [(r["method"], r["uprn"]) for r in rows] == [("address", 100), ("address", 102)]


def test_flags_on_supplied_coordinates(loaded: Geography) -> None:
    far = {"easting": 430900.0, "northing": 260900.0}  # 1,131 m from EB1 1AA
    rows = coded(
        loaded,
        [
            {"postcode": "EB1 1AA", "easting": 900000.0, "northing": 100.0},  # at sea
            {"postcode": "EB1 1AA", "lat": 40.7128, "lon": -74.006},  # New York
            {"postcode": "EB1 1AA", "easting": 440000.0, "northing": 270000.0},  # not our area
            {"postcode": "EB1 1AA", **far},
            {"uprn": 100, **far},
            {"postcode": "EB1 1AA", "easting": 430150.0, "northing": 260150.0},  # fine
        ],
    )

    assert [flags(r) for r in rows] == [
        {"outside-gb"},
        {"outside-gb"},
        {"outside-area", "far-from-postcode"},
        {"far-from-postcode"},
        {"far-from-address"},
        set(),
    ]
    # Coordinates that fail a check are not used: the postcode (or property) places the record.
    assert [r["method"] for r in rows] == [
        "postcode",
        "postcode",
        "postcode",
        "postcode",
        "uprn",
        "supplied",
    ]
    assert rows[3]["easting"] == 430100.0 and rows[4]["easting"] == 430150.0


def test_outside_area_only_when_boundaries_are_loaded() -> None:
    row = {"easting": 440000.0, "northing": 270000.0}

    [without] = coded(geography(areas=False), [row])
    [with_boundaries] = coded(geography(), [row])

    assert (without["method"], flags(without)) == ("supplied", set())
    assert without["lsoa"] is None
    # Outside the area is flagged, not refused: a home in the next town is still a place.
    assert (with_boundaries["method"], flags(with_boundaries)) == ("supplied", {"outside-area"})
    assert with_boundaries["easting"] == 440000.0 and with_boundaries["lsoa"] is None


def test_the_tolerance_decides_what_is_far(loaded: Geography) -> None:
    row = {"postcode": "EB1 1AA", "easting": 430900.0, "northing": 260900.0}  # 1,131 m away

    [strict] = coded(loaded, [row])
    [lenient] = coded(loaded, [row], tolerance_m=1_200.0)

    assert (strict["method"], flags(strict)) == ("postcode", {"far-from-postcode"})
    assert (lenient["method"], flags(lenient)) == ("supplied", set())
    assert lenient["lsoa"] == "E01000002"


def test_flags_on_postcodes_uprns_and_areas(loaded: Geography) -> None:
    rows = coded(
        loaded,
        [
            {"postcode": "EB9 9ZZ"},
            {"postcode": "eb1 1ad"},
            {"uprn": 999999, "postcode": "EB1 1AA"},
            {"postcode": "EB1 1AA", "area": "E01000002"},
            {"postcode": "EB1 1AA", "area": "E01000001"},
            {"postcode": "not a postcode"},
        ],
    )

    assert [(r["method"], flags(r)) for r in rows] == [
        ("none", {"unknown-postcode"}),
        ("postcode", {"terminated-postcode"}),
        ("postcode", {"unknown-uprn"}),
        ("postcode", {"area-disagrees"}),
        ("postcode", set()),
        ("none", {"invalid-postcode"}),
    ]
    assert rows[1]["easting"] == 430200.0 and rows[2]["uprn"] is None


def test_zero_zero_is_not_a_coordinate(loaded: Geography) -> None:
    rows = coded(
        loaded,
        [
            {"postcode": "EB1 1AA", "easting": 0.0, "northing": 0.0},
            {"postcode": "EB1 1AA", "lat": 0.0, "lon": 0.0},
            {"easting": 0.0, "northing": 0.0},
        ],
    )

    assert [(r["method"], r["flags"]) for r in rows] == [
        ("postcode", None),
        ("postcode", None),
        ("none", None),
    ]


def test_latitude_and_longitude_are_converted(loaded: Geography) -> None:
    lat, lon = projection.to_lat_lon(np.array([430300.0]), np.array([260300.0]))

    [row] = coded(loaded, [{"lat": lat[0], "lon": lon[0], "postcode": "EB1 1AA"}])

    assert (row["method"], row["precision"], row["flags"]) == ("supplied", "point", None)
    assert (row["easting"], row["northing"]) == pytest.approx((430300.0, 260300.0), abs=0.1)
    assert row["lsoa"] == "E01000001"


def test_streets(loaded: Geography) -> None:
    rows = coded(
        loaded,
        [
            {"address": "12 Mill Rd"},  # no postcode
            {"address": "5 Windmill Rd, Eastbrook", "postcode": "EB9 9ZZ"},  # unknown postcode
            {"address": "7 Church Lane, Eastbrook"},  # two Church Lanes
            {"address": "7 Church Lane, Southtown"},  # settled by the locality
            {"address": "St Mary's Mews"},  # no such street
        ],
    )

    assert [r["method"] for r in rows] == ["street", "street", "none", "street", "none"]
    mill, windmill, _, church, _ = rows
    assert (mill["easting"], mill["northing"]) == (430310.0, 260700.0)
    assert (windmill["easting"], windmill["northing"]) == (430810.0, 260800.0)
    assert flags(windmill) == {"unknown-postcode"}
    assert (church["easting"], church["northing"]) == (430900.0, 260100.0)
    assert (mill["lsoa"], windmill["lsoa"], church["lsoa"]) == (
        "E01000001",
        "E01000002",
        "E01000002",
    )
    assert mill["year"] == BOUNDARY_YEAR  # placed by the boundaries


def test_a_street_name_is_found_only_as_whole_words() -> None:
    no_windmill = Geography.build(
        postcode_frame(POSTCODES),
        property_frame([p for p in PROPERTIES if p["street"] != "WINDMILL ROAD"]),
    )

    windmill, mill = coded(no_windmill, [{"address": "5 Windmill Rd"}, {"address": "5 Mill Rd"}])

    assert (windmill["method"], windmill["easting"]) == ("none", None)
    assert (mill["method"], mill["easting"]) == ("street", 430310.0)


def test_an_msoa_code_gives_the_msoa_and_the_authority_only(loaded: Geography) -> None:
    [row] = coded(loaded, [{"area": "E02000001"}])

    assert (row["method"], row["precision"]) == ("area", "area")
    assert (row["msoa"], row["la"]) == ("E02000001", "E06000001")
    assert (row["oa"], row["lsoa"], row["ward"]) == (None, None, None)
    assert row["year"] == BOUNDARY_YEAR


def test_an_lsoa_code_gives_its_lsoa_and_the_areas_it_nests_in(loaded: Geography) -> None:
    [row] = coded(loaded, [{"area": "E01000002"}])

    assert (row["method"], row["lsoa"], row["msoa"], row["la"]) == (
        "area",
        "E01000002",
        "E02000001",
        "E06000001",
    )
    assert row["oa"] is None
    assert EAST.contains(Point(row["easting"], row["northing"]))


def test_postcode_areas_come_from_the_directory(loaded: Geography) -> None:
    by_postcode, by_point = coded(
        loaded,
        [{"postcode": "EB1 1AE"}, {"easting": 430450.0, "northing": 260500.0}],
    )

    # The same point: the directory's best fit for the postcode, the polygon for the point.
    assert (by_postcode["easting"], by_postcode["northing"]) == (430450.0, 260500.0)
    assert {level: by_postcode[level] for level in AREAS_OF_EAST} == AREAS_OF_EAST
    assert by_postcode["year"] == DIRECTORY_YEAR
    assert {level: by_point[level] for level in AREAS_OF_WEST} == AREAS_OF_WEST
    assert by_point["year"] == BOUNDARY_YEAR


def test_postcode_areas_without_boundaries(loaded: Geography) -> None:
    [row] = coded(geography(areas=False), [{"postcode": "EB1 1AB"}])

    assert {level: row[level] for level in AREAS_OF_EAST} == AREAS_OF_EAST
    assert row["year"] == DIRECTORY_YEAR


def test_one_row_per_input_in_order(loaded: Geography) -> None:
    kinds = [
        {"postcode": "EB1 1AA"},
        {},
        {"postcode": "EB1 1AB"},
        {"easting": 430600.0, "northing": 260400.0},
        {"postcode": "EB9 9ZZ"},
        {"uprn": 104},
        {"area": "E01000001"},
    ]
    rng = np.random.default_rng(5)
    order = rng.integers(0, len(kinds), 200)
    rows = coded(loaded, [kinds[k] for k in order])

    expected = [coded(loaded, [kind])[0] for kind in kinds]
    for row, k in zip(rows, order, strict=True):
        assert row == expected[k]


def test_no_input_rows() -> None:
    result = geocode(geography(), inputs([]))
    assert result.height == 0 and result.schema == pl.Schema(GEOCODE_SCHEMA)


def test_every_postcode_of_the_synth_directory_gets_its_lsoa(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    made: Made = partnership(tmp_path_factory)
    directory = read_postcode_directory(csv_sources(geography_file(made, "onspd.csv")))
    areas = {
        level: read_boundaries(geography_file(made, f"boundaries/{level}.geojson"), level)
        for level in ("oa", "lsoa", "msoa", "ward", "la")
    }
    geo = Geography.build(
        directory.frame,
        None,
        {level: (a.frame, a.year) for level, a in areas.items()},
        postcode_year=directory.year,
    )
    frame = directory.frame
    # As agencies write them: lower case, without or with extra spaces.
    written = frame["postcode"].str.to_lowercase().str.replace(" ", "")
    result = geocode(geo, pl.DataFrame({"postcode": written}))

    assert result["method"].to_list() == ["postcode"] * frame.height
    assert result["lsoa"].to_list() == frame["lsoa"].to_list()
    assert result["msoa"].to_list() == frame["msoa"].to_list()
    assert result["oa"].to_list() == frame["oa"].to_list()
    assert result["year"].to_list() == [2021] * frame.height
    assert result["easting"].to_list() == frame["easting"].cast(pl.Float64).to_list()
    ended = frame["terminated"].is_not_null()
    assert (result["flags"] == "terminated-postcode").fill_null(False).to_list() == ended.to_list()


def test_flag_text_names_the_raised_flags_in_order_and_is_null_for_none() -> None:
    from csphub.geo.geocoder import Flag, _flag_text

    flags = {
        Flag.FAR_FROM_POSTCODE: np.array([True, False, True, False]),
        Flag.OUTSIDE_GB: np.array([True, False, False, False]),
        Flag.UNKNOWN_UPRN: np.zeros(4, dtype=bool),  # never raised: not written
    }
    assert _flag_text(flags, 4).to_list() == [
        "outside-gb;far-from-postcode",
        None,
        "far-from-postcode",
        None,
    ]
    nothing = _flag_text({Flag.OUTSIDE_GB: np.zeros(3, dtype=bool)}, 3)
    assert nothing.to_list() == [None, None, None] and nothing.dtype == pl.String


def test_without_reference_geography_rows_come_out_the_same_with_or_without_area_codes() -> None:
    """Nothing loaded and no area code supplied: the areas are not worked out row by row.
    Those rows must come out exactly as when another row's area code makes the geocoder work
    them out in full."""
    plain = [
        {"easting": 430600.0, "northing": 260400.0, "postcode": "EB1 1AB"},
        {"postcode": "EB9 9ZZ"},
        {"address": "4 School Crescent"},
        {"easting": 1.0e7, "northing": 1.0e7},  # outside Great Britain
    ]
    alone = coded(Geography(), plain)
    with_area = coded(Geography(), [*plain, {"area": "E01000001"}])

    assert with_area[:-1] == alone
    assert [row["method"] for row in alone] == ["supplied", "none", "none", "none"]
    assert [row["precision"] for row in alone] == ["point", "none", "none", "none"]
    assert all(row[level] is None for row in alone for level in ("oa", "lsoa", "msoa", "ward"))
    assert all(row["la"] is None and row["year"] is None for row in alone)
    assert [flags(row) for row in alone] == [set(), set(), set(), {"outside-gb"}]
    area_row = with_area[-1]
    assert (area_row["method"], area_row["precision"], area_row["lsoa"]) == (
        "area",
        "area",
        "E01000001",
    )
