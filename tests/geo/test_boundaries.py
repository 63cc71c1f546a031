"""Boundary files: GeoJSON, GeoPackage and Shapefile (with and without .prj, zipped), on the
National Grid or in latitude/longitude, and the files the reader must refuse."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import numpy as np
import polars as pl
import pytest
import shapely
from geo_support import geography_file, partnership, write_layer
from shapely.geometry import Point, box

from csphub.errors import BadInput
from csphub.geo.boundaries import AreaSet, read_boundaries
from csphub.synth.partnership import Made


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Made:
    return partnership(tmp_path_factory)


@pytest.fixture(scope="module")
def synth_lsoas(made: Made) -> AreaSet:
    return read_boundaries(geography_file(made, "boundaries/lsoa.geojson"), "lsoa")


LEFT = box(430000, 260000, 430500, 261000)
RIGHT = box(430500, 260000, 431000, 261000)
CODES = {"LSOA21CD": ["E01000001", "E01000002"], "LSOA21NM": ["Eastbrook 001A", "Eastbrook 001B"]}


def shapes(areas: AreaSet) -> dict[str, shapely.Geometry]:
    return dict(
        zip(areas.frame["code"], shapely.from_wkb(areas.frame["geometry"].to_list()), strict=True)
    )


def assert_two_areas(areas: AreaSet) -> None:
    got = shapes(areas)
    assert sorted(got) == ["E01000001", "E01000002"]
    assert shapely.hausdorff_distance(got["E01000001"], LEFT) < 1.0
    assert shapely.hausdorff_distance(got["E01000002"], RIGHT) < 1.0
    assert areas.frame["name"].to_list() == CODES["LSOA21NM"]
    assert areas.frame.select("min_x", "min_y", "max_x", "max_y").row(0) == pytest.approx(
        (430000, 260000, 430500, 261000), abs=1.0
    )


def test_the_synth_geojson_on_the_national_grid(made: Made, synth_lsoas: AreaSet) -> None:
    document = json.loads(geography_file(made, "boundaries/lsoa.geojson").read_text())
    features = {f["properties"]["LSOA21CD"]: f for f in document["features"]}

    assert synth_lsoas.level == "lsoa" and synth_lsoas.format == "GeoJSON"
    assert synth_lsoas.year == 2021 and synth_lsoas.source_crs == "EPSG:27700"
    assert (synth_lsoas.code_column, synth_lsoas.name_column) == ("LSOA21CD", "LSOA21NM")
    assert synth_lsoas.notes == ()
    assert sorted(synth_lsoas.frame["code"]) == sorted(features)
    for code, geometry in shapes(synth_lsoas).items():
        expected = shapely.geometry.shape(features[code]["geometry"])
        assert geometry.equals(expected)
        assert (
            synth_lsoas.frame.filter(pl.col("code") == code)["name"].item()
            == (features[code]["properties"]["LSOA21NM"])
        )


def test_the_same_in_latitude_and_longitude_loads_back_within_a_metre(
    tmp_path: Path, synth_lsoas: AreaSet
) -> None:
    from pyproj import Transformer

    to_degrees = Transformer.from_crs("EPSG:27700", "EPSG:4326", always_xy=True)
    grid = shapes(synth_lsoas)
    # Densified, so that the straight edges stay straight enough on the way back.
    degrees = [
        shapely.transform(
            shapely.segmentize(g, 10),
            lambda xy: np.column_stack(to_degrees.transform(xy[:, 0], xy[:, 1])),
        )
        for g in grid.values()
    ]
    path = write_layer(
        tmp_path / "lsoa-wgs84.geojson",
        degrees,
        {"LSOA21CD": list(grid), "LSOA21NM": ["a"] * len(grid)},
        crs="EPSG:4326",
    )

    areas = read_boundaries(path, "lsoa")

    assert areas.source_crs == "EPSG:4326"
    assert any("reprojected" in note for note in areas.notes)
    back = shapes(areas)
    assert sorted(back) == sorted(grid)
    for code, geometry in grid.items():
        assert shapely.hausdorff_distance(back[code], geometry) < 1.0


def test_geopackage(tmp_path: Path) -> None:
    path = write_layer(tmp_path / "lsoa.gpkg", [LEFT, RIGHT], CODES)

    areas = read_boundaries(path, "lsoa")

    assert areas.format == "GeoPackage"
    assert_two_areas(areas)


def test_shapefile_with_its_prj(tmp_path: Path) -> None:
    path = write_layer(tmp_path / "lsoa.shp", [LEFT, RIGHT], CODES)
    assert path.with_suffix(".prj").exists()

    areas = read_boundaries(path, "lsoa")

    assert areas.format == "Shapefile" and areas.source_crs == "EPSG:27700"
    assert_two_areas(areas)


def test_shapefile_without_its_prj_is_refused_unless_the_crs_is_given(tmp_path: Path) -> None:
    path = write_layer(tmp_path / "lsoa.shp", [LEFT, RIGHT], CODES)
    path.with_suffix(".prj").unlink()

    with pytest.raises(BadInput) as refused:
        read_boundaries(path, "lsoa")
    message = str(refused.value)
    assert str(path) in message and "projection" in message and "--crs" in message

    areas = read_boundaries(path, "lsoa", crs="EPSG:27700")
    assert_two_areas(areas)


def test_zipped_shapefile(tmp_path: Path) -> None:
    folder = tmp_path / "shp"
    folder.mkdir()
    write_layer(folder / "LSOA_2021_EW_BFC.shp", [LEFT, RIGHT], CODES)
    path = tmp_path / "LSOA_2021_EW_BFC.zip"
    with zipfile.ZipFile(path, "w") as archive:
        for part in sorted(folder.iterdir()):
            archive.write(part, part.name)

    areas = read_boundaries(path, "lsoa")

    assert "Shapefile" in areas.format
    assert_two_areas(areas)


def test_eastings_in_a_file_that_says_latitude_and_longitude_are_refused(tmp_path: Path) -> None:
    # GeoJSON without a "crs" member is latitude/longitude by definition (RFC 7946).
    document = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"LSOA21CD": code, "LSOA21NM": name},
                "geometry": shapely.geometry.mapping(shape),
            }
            for code, name, shape in zip(
                CODES["LSOA21CD"], CODES["LSOA21NM"], [LEFT, RIGHT], strict=True
            )
        ],
    }
    path = tmp_path / "lsoa.geojson"
    path.write_text(json.dumps(document))

    with pytest.raises(BadInput) as refused:
        read_boundaries(path, "lsoa")
    message = str(refused.value)
    assert str(path) in message and "Great Britain" in message
    assert "--crs" in message and "EPSG:27700" in message

    assert_two_areas(read_boundaries(path, "lsoa", crs="EPSG:27700"))


def test_codes_of_another_level_are_refused(made: Made) -> None:
    path = geography_file(made, "boundaries/lsoa.geojson")

    with pytest.raises(BadInput) as no_column:
        read_boundaries(path, "msoa")
    message = str(no_column.value)
    assert str(path) in message and "MSOA" in message and "LSOA21CD" in message
    assert "--level" in message

    with pytest.raises(BadInput) as wrong_codes:
        read_boundaries(path, "msoa", code_column="LSOA21CD")
    message = str(wrong_codes.value)
    assert str(path) in message and "codes of LSOAs, not of MSOAs" in message


def test_no_code_column_is_refused_listing_the_columns(tmp_path: Path) -> None:
    path = write_layer(
        tmp_path / "areas.gpkg", [LEFT, RIGHT], {"id": ["1", "2"], "label": ["North", "South"]}
    )

    with pytest.raises(BadInput) as refused:
        read_boundaries(path, "lsoa")

    message = str(refused.value)
    assert str(path) in message and "no code column" in message
    assert "id, label" in message and "--code-col" in message


def test_code_and_name_columns_by_name(tmp_path: Path) -> None:
    path = write_layer(
        tmp_path / "areas.gpkg",
        [LEFT, RIGHT],
        {"area_id": CODES["LSOA21CD"], "area_label": CODES["LSOA21NM"]},
    )

    areas = read_boundaries(path, "lsoa", code_column="area_id", name_column="area_label")

    assert (areas.code_column, areas.name_column, areas.year) == ("area_id", "area_label", None)
    assert_two_areas(areas)
    with pytest.raises(BadInput) as refused:
        read_boundaries(path, "lsoa", code_column="LSOA21CD")
    assert "no column 'LSOA21CD'" in str(refused.value)
    assert "area_id, area_label" in str(refused.value)


def test_a_geopackage_with_two_polygon_layers_needs_layer(tmp_path: Path) -> None:
    path = tmp_path / "boundaries.gpkg"
    write_layer(path, [LEFT, RIGHT], CODES, layer="lsoa_2021")
    write_layer(
        path,
        [LEFT | RIGHT],
        {"MSOA21CD": ["E02000001"], "MSOA21NM": ["Eastbrook 001"]},
        layer="msoa_2021",
    )

    with pytest.raises(BadInput) as refused:
        read_boundaries(path, "lsoa")
    message = str(refused.value)
    assert "2 layers of polygons" in message and "lsoa_2021" in message and "--layer" in message

    assert_two_areas(read_boundaries(path, "lsoa", layer="lsoa_2021"))
    msoas = read_boundaries(path, "msoa", layer="msoa_2021")
    assert msoas.frame["code"].to_list() == ["E02000001"]
    with pytest.raises(BadInput) as unknown:
        read_boundaries(path, "lsoa", layer="ward_2024")
    assert "ward_2024" in str(unknown.value) and "msoa_2021" in str(unknown.value)


def test_points_are_not_boundaries(tmp_path: Path) -> None:
    path = write_layer(
        tmp_path / "centroids.gpkg",
        [Point(430250, 260500), Point(430750, 260500)],
        CODES,
        geometry_type="Point",
    )

    with pytest.raises(BadInput) as refused:
        read_boundaries(path, "lsoa")

    message = str(refused.value)
    assert str(path) in message and "no polygons" in message


@pytest.mark.parametrize("name", ["lsoa.kml", "lsoa.csv", "lsoa"])
def test_an_unknown_extension_is_refused(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text("LSOA21CD,WKT\n")

    with pytest.raises(BadInput) as refused:
        read_boundaries(path, "lsoa")

    message = str(refused.value)
    assert str(path) in message and "GeoJSON" in message


def test_a_damaged_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "lsoa.geojson"
    path.write_text('{"type": "FeatureCollection", "features": [{"type": ')

    with pytest.raises(BadInput) as refused:
        read_boundaries(path, "lsoa")

    assert str(path) in str(refused.value) and "cannot be opened" in str(refused.value)


def test_an_area_in_two_parts_is_joined(tmp_path: Path) -> None:
    island = box(431500, 260000, 431600, 260100)
    path = write_layer(
        tmp_path / "lsoa.gpkg",
        [LEFT, RIGHT, island],
        {
            "LSOA21CD": ["E01000001", "E01000002", "E01000001"],
            "LSOA21NM": ["Eastbrook 001A", "Eastbrook 001B", "Eastbrook 001A"],
        },
        geometry_type="Polygon",
    )

    areas = read_boundaries(path, "lsoa")

    assert areas.frame["code"].to_list() == ["E01000001", "E01000002"]
    joined = shapes(areas)["E01000001"]
    assert joined.area == pytest.approx(LEFT.area + island.area)
    assert joined.contains(Point(431550, 260050)) and joined.contains(Point(430250, 260500))
    assert any("joined" in note for note in areas.notes)


def test_the_year_comes_from_the_column_name(made: Made) -> None:
    wards = read_boundaries(geography_file(made, "boundaries/ward.geojson"), "ward")
    assert (wards.code_column, wards.year) == ("WD24CD", 2024)
    assert all(code.startswith("E05") for code in wards.frame["code"])
    authority = read_boundaries(geography_file(made, "boundaries/la.geojson"), "la")
    assert (authority.code_column, authority.year) == ("LAD24CD", 2024)
    oas = read_boundaries(geography_file(made, "boundaries/oa.geojson"), "oa")
    assert (oas.code_column, oas.name_column, oas.year) == ("OA21CD", None, 2021)


def test_an_area_without_a_code_is_refused(tmp_path: Path) -> None:
    path = write_layer(
        tmp_path / "lsoa.gpkg",
        [LEFT, RIGHT],
        {"LSOA21CD": ["E01000001", ""], "LSOA21NM": CODES["LSOA21NM"]},
    )

    with pytest.raises(BadInput) as refused:
        read_boundaries(path, "lsoa")

    message = str(refused.value)
    assert str(path) in message and "1 areas have no code in LSOA21CD" in message


def test_a_missing_file_and_an_unknown_level(tmp_path: Path, made: Made) -> None:
    with pytest.raises(BadInput) as missing:
        read_boundaries(tmp_path / "nowhere.geojson", "lsoa")
    assert "nowhere.geojson" in str(missing.value) and "does not exist" in str(missing.value)
    with pytest.raises(BadInput) as level:
        read_boundaries(geography_file(made, "boundaries/lsoa.geojson"), "county")
    assert "county" in str(level.value) and "lsoa" in str(level.value)
