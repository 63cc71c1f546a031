"""Writing the area in the formats the real data comes in, so that the loaders that read these
files read the real ones too.

* ``gazetteer.csv`` — an LLPG/AddressBase-style property list (UPRN, USRN, SAO, PAO, street,
  locality, town, postcode, X/Y coordinates, classification, logical status), with a header.
* ``onspd.csv`` — the ONS Postcode Directory layout: its column names, every field quoted, the
  7-character ``pcd``, 8-character ``pcd2`` and variable ``pcds`` forms, ``oseast1m``/``osnrth1m``
  zero-padded to 6 and 7 digits, dates of introduction and termination as ``YYYYMM``, 2021 OA,
  LSOA and MSOA codes, latitude and longitude; columns the area has no values for are empty.
* ``boundaries/{oa,lsoa,msoa,ward,la}.geojson`` — ONS-style boundary files in British National Grid
  (EPSG:27700), with the ONS property names (``OA21CD``, ``LSOA21CD``/``LSOA21NM``, …).
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import polars as pl
from pyproj import Transformer

from csphub.synth.geography import (
    COUNTRY_CODE,
    COUNTY_CODE,
    FORCE_AREA_CODE,
    LA_CODE,
    LA_NAME,
    REGION_CODE,
    Geography,
)

ONSPD_COLUMNS = [
    "pcd",
    "pcd2",
    "pcds",
    "dointr",
    "doterm",
    "oscty",
    "ced",
    "oslaua",
    "osward",
    "parish",
    "usertype",
    "oseast1m",
    "osnrth1m",
    "osgrdind",
    "oshlthau",
    "nhser",
    "ctry",
    "rgn",
    "streg",
    "pcon",
    "eer",
    "teclec",
    "ttwa",
    "pct",
    "itl",
    "statsward",
    "oa01",
    "casward",
    "npark",
    "lsoa01",
    "msoa01",
    "ur01ind",
    "oac01",
    "oa11",
    "lsoa11",
    "msoa11",
    "wz11",
    "sicbl",
    "bua24",
    "ru11ind",
    "oac11",
    "lat",
    "long",
    "lep1",
    "lep2",
    "pfa",
    "imd",
    "calncv",
    "icb",
    "oa21",
    "lsoa21",
    "msoa21",
]

GAZETTEER_COLUMNS = [
    "UPRN",
    "USRN",
    "PARENT_UPRN",
    "SAO_TEXT",
    "PAO_START_NUMBER",
    "PAO_TEXT",
    "STREET_DESCRIPTION",
    "LOCALITY",
    "TOWN_NAME",
    "POSTCODE_LOCATOR",
    "X_COORDINATE",
    "Y_COORDINATE",
    "CLASSIFICATION_CODE",
    "LOGICAL_STATUS",
]


def to_wgs84(eastings: pl.Series, northings: pl.Series) -> tuple[pl.Series, pl.Series]:
    """Latitude and longitude (WGS84) of British National Grid points."""
    transformer = Transformer.from_crs(27700, 4326, always_xy=True)
    lon, lat = transformer.transform(eastings.to_numpy(), northings.to_numpy())
    return pl.Series("lat", lat).round(6), pl.Series("long", lon).round(6)


def write_gazetteer(geography: Geography, path: Path) -> int:
    frame = geography.properties.select(
        pl.col("uprn").cast(pl.String).alias("UPRN"),
        pl.col("usrn").cast(pl.String).alias("USRN"),
        pl.col("parent_uprn").cast(pl.String).fill_null("").alias("PARENT_UPRN"),
        pl.col("sao").alias("SAO_TEXT"),
        pl.col("pao_number").alias("PAO_START_NUMBER"),
        pl.col("pao_text").alias("PAO_TEXT"),
        pl.col("street").str.to_uppercase().alias("STREET_DESCRIPTION"),
        pl.col("locality").str.to_uppercase().alias("LOCALITY"),
        pl.col("town").str.to_uppercase().alias("TOWN_NAME"),
        pl.col("postcode").alias("POSTCODE_LOCATOR"),
        pl.col("easting").cast(pl.String).alias("X_COORDINATE"),
        pl.col("northing").cast(pl.String).alias("Y_COORDINATE"),
        pl.col("classification").alias("CLASSIFICATION_CODE"),
        pl.lit("1").alias("LOGICAL_STATUS"),
    )
    frame.write_csv(path, line_terminator="\r\n")
    return frame.height


def _pcd(postcode: pl.Expr) -> pl.Expr:
    """ONSPD's 7-character form: the outward code padded to 4, then the inward code (no space
    after a 4-character outward code)."""
    outward = postcode.str.split(" ").list.first()
    inward = postcode.str.split(" ").list.last()
    return (
        pl.when(outward.str.len_chars() == 4)
        .then(outward + inward)
        .otherwise(outward.str.pad_end(4) + inward)
        .str.slice(0, 7)
    )


def _pcd2(postcode: pl.Expr) -> pl.Expr:
    outward = postcode.str.split(" ").list.first()
    inward = postcode.str.split(" ").list.last()
    return outward.str.pad_end(4) + " " + inward


def write_postcode_directory(geography: Geography, path: Path) -> int:
    directory = geography.postcodes
    lat, lon = to_wgs84(directory["easting"], directory["northing"])
    frame = directory.with_columns(lat, lon).select(
        _pcd(pl.col("postcode")).alias("pcd"),
        _pcd2(pl.col("postcode")).alias("pcd2"),
        pl.col("postcode").alias("pcds"),
        "dointr",
        "doterm",
        pl.lit(COUNTY_CODE).alias("oscty"),
        pl.lit(LA_CODE).alias("oslaua"),
        pl.col("ward").alias("osward"),
        "usertype",
        pl.col("easting").cast(pl.String).str.zfill(6).alias("oseast1m"),
        pl.col("northing").cast(pl.String).str.zfill(7).alias("osnrth1m"),
        pl.when(pl.col("usertype") == "1")
        .then(pl.lit("1"))
        .otherwise(pl.lit("1"))
        .alias("osgrdind"),
        pl.lit(COUNTRY_CODE).alias("ctry"),
        pl.lit(REGION_CODE).alias("rgn"),
        pl.col("lat").map_elements(lambda x: f"{x:.6f}", return_dtype=pl.String).alias("lat"),
        pl.col("long").map_elements(lambda x: f"{x:.6f}", return_dtype=pl.String).alias("long"),
        pl.lit(FORCE_AREA_CODE).alias("pfa"),
        pl.col("oa").alias("oa21"),
        pl.col("lsoa").alias("lsoa21"),
        pl.col("msoa").alias("msoa21"),
    )
    frame = frame.with_columns(
        [pl.lit("").alias(c) for c in ONSPD_COLUMNS if c not in frame.columns]
    )
    frame = frame.select(ONSPD_COLUMNS)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
        writer.writerow(ONSPD_COLUMNS)
        writer.writerows(frame.iter_rows())
    return frame.height


def _rectangle(x0: float, y0: float, x1: float, y1: float) -> dict[str, object]:
    ring = [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]
    return {"type": "Polygon", "coordinates": [[[int(x), int(y)] for x, y in ring]]}


def _collection(name: str, features: list[dict[str, object]]) -> dict[str, object]:
    return {
        "type": "FeatureCollection",
        "name": name,
        "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::27700"}},
        "features": features,
    }


def _feature(properties: dict[str, object], geometry: dict[str, object]) -> dict[str, object]:
    return {"type": "Feature", "properties": properties, "geometry": geometry}


def write_boundaries(geography: Geography, folder: Path) -> dict[str, int]:
    from shapely.geometry import mapping

    folder.mkdir(parents=True, exist_ok=True)
    areas = geography.areas
    lsoa_names = dict(areas.filter(pl.col("level") == "lsoa").select("code", "name").iter_rows())
    files: dict[str, list[dict[str, object]]] = {
        "oa": [],
        "lsoa": [],
        "msoa": [],
        "ward": [],
        "la": [],
    }
    for oa, lsoa, x0, y0, x1, y1 in geography.oas.select(
        "oa", "lsoa", "x0", "y0", "x1", "y1"
    ).iter_rows():
        files["oa"].append(
            _feature(
                {"OA21CD": oa, "LSOA21CD": lsoa, "LSOA21NM": lsoa_names[lsoa], "LAD22CD": LA_CODE},
                _rectangle(x0, y0, x1, y1),
            )
        )
    for level, code_key, name_key in (
        ("lsoa", "LSOA21CD", "LSOA21NM"),
        ("msoa", "MSOA21CD", "MSOA21NM"),
    ):
        for code, name, x0, y0, x1, y1 in (
            areas.filter(pl.col("level") == level)
            .select("code", "name", "x0", "y0", "x1", "y1")
            .iter_rows()
        ):
            files[level].append(
                _feature({code_key: code, name_key: name}, _rectangle(x0, y0, x1, y1))
            )
    ward_names = dict(areas.filter(pl.col("level") == "ward").select("code", "name").iter_rows())
    for code, shape in geography.ward_geometry.items():
        geometry = json.loads(json.dumps(mapping(shape)))  # tuples to lists
        files["ward"].append(
            _feature(
                {
                    "WD24CD": code,
                    "WD24NM": ward_names[code],
                    "LAD24CD": LA_CODE,
                    "LAD24NM": LA_NAME,
                },
                _integers(geometry),
            )
        )
    # The local authority: the whole partnership area, the union of its MSOAs.
    from shapely import box, union_all

    whole = union_all(
        [
            box(x0, y0, x1, y1)
            for x0, y0, x1, y1 in areas.filter(pl.col("level") == "msoa")
            .select("x0", "y0", "x1", "y1")
            .iter_rows()
        ]
    )
    files["la"].append(
        _feature(
            {"LAD24CD": LA_CODE, "LAD24NM": LA_NAME},
            _integers(json.loads(json.dumps(mapping(whole)))),
        )
    )
    counts = {}
    for level, features in files.items():
        document = _collection(f"Eastbrook {level.upper()} boundaries (December 2021)", features)
        (folder / f"{level}.geojson").write_text(json.dumps(document, separators=(",", ":")) + "\n")
        counts[level] = len(features)
    return counts


def _integers(geometry: dict[str, object]) -> dict[str, object]:
    def walk(value: object) -> object:
        if isinstance(value, list | tuple):
            if value and isinstance(value[0], int | float) and not isinstance(value[0], bool):
                return [round(float(c)) for c in value]
            return [walk(item) for item in value]
        return value

    return {**geometry, "coordinates": walk(geometry["coordinates"])}
