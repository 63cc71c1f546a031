"""Shared by the geography tests: a small synthetic partnership (made once per session), and
small reference frames and files built by hand. Not a test module itself."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
import pytest
import shapely
from shapely.geometry.base import BaseGeometry

from csphub.geo.boundaries import AREA_SCHEMA
from csphub.geo.postcodes import POSTCODE_SCHEMA
from csphub.geo.properties import PROPERTY_SCHEMA
from csphub.synth.partnership import Made, generate

# Big enough for several LSOAs, output areas and wards; small enough to make in a second.
SEED = 11
PEOPLE = 6_000

_MADE: dict[tuple[int, int], Made] = {}


def partnership(factory: pytest.TempPathFactory) -> Made:
    """The synthetic partnership every geography test reads (never writes)."""
    key = (SEED, PEOPLE)
    if key not in _MADE:
        _MADE[key] = generate(factory.mktemp("partnership"), seed=SEED, people=PEOPLE, months=1)
    return _MADE[key]


def geography_file(made: Made, name: str) -> Path:
    return made.folder / "geography" / name


def read_text_csv(path: Path) -> pl.DataFrame:
    return pl.read_csv(path, infer_schema=False)


def quoted_csv(frame: pl.DataFrame, *, header: bool = True) -> bytes:
    """Every field quoted, CRLF line ends: the ONS products' style."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    if header:
        writer.writerow(frame.columns)
    writer.writerows([["" if v is None else v for v in row] for row in frame.iter_rows()])
    return buffer.getvalue().encode()


# --------------------------------------------------------------------------- reference frames


def postcode_frame(rows: Sequence[dict[str, Any]]) -> pl.DataFrame:
    """A postcode directory in the loader's shape; unnamed parts are null."""
    return pl.DataFrame(
        [{name: row.get(name) for name in POSTCODE_SCHEMA} for row in rows],
        schema=POSTCODE_SCHEMA,
        orient="row",
    )


def property_frame(rows: Sequence[dict[str, Any]]) -> pl.DataFrame:
    return pl.DataFrame(
        [{name: row.get(name) for name in PROPERTY_SCHEMA} for row in rows],
        schema=PROPERTY_SCHEMA,
        orient="row",
    )


def area_frame(areas: dict[str, BaseGeometry]) -> pl.DataFrame:
    """Boundaries in the loader's shape: code, name, WKB geometry and bounds."""
    codes = list(areas)
    geometries = np.asarray(list(areas.values()), dtype=object)
    bounds = shapely.bounds(geometries)
    return pl.DataFrame(
        {
            "code": codes,
            "name": [f"Area {c}" for c in codes],
            "geometry": shapely.to_wkb(geometries).tolist(),
            "min_x": bounds[:, 0],
            "min_y": bounds[:, 1],
            "max_x": bounds[:, 2],
            "max_y": bounds[:, 3],
        },
        schema=AREA_SCHEMA,
    )


# --------------------------------------------------------------------------- boundary files


def write_layer(
    path: Path,
    geometries: Sequence[BaseGeometry],
    fields: dict[str, Sequence[str]],
    *,
    crs: str | None = "EPSG:27700",
    layer: str | None = None,
    geometry_type: str = "Polygon",
    driver: str | None = None,
) -> Path:
    """Write one layer with pyogrio (GeoJSON, GeoPackage or Shapefile, by extension)."""
    from pyogrio.raw import write

    write(
        str(path),
        np.asarray(shapely.to_wkb(np.asarray(geometries, dtype=object)), dtype=object),
        [np.asarray(values, dtype=object) for values in fields.values()],
        list(fields),
        geometry_type=geometry_type,
        crs=crs,
        layer=layer,
        driver=driver,
    )
    return path


# uk-address-matcher reads its data files with importlib.resources.path(), deprecated since
# Python 3.11; the suite turns warnings into errors, so tests that match addresses let this
# one (the library's, not the hub's) through.
MATCHER_WARNING = pytest.mark.filterwarnings(
    "ignore:path is deprecated. Use files\\(\\) instead:DeprecationWarning"
)
