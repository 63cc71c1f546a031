"""Area boundaries (output areas, LSOAs, MSOAs, wards, local authorities) from GeoJSON,
GeoPackage or Shapefile, read with pyogrio and held on the National Grid.

ONS publishes boundaries with a code and a name column per level and year (``LSOA21CD``,
``LSOA21NM``, ``WD24CD``, ``LAD24CD``…), in EPSG:27700 or in latitude/longitude (EPSG:4326).
The reader finds the columns (or takes them by name), reprojects to the National Grid, and
refuses a file whose coordinates then do not fall in Great Britain: that is a file in another
projection than it says, or with none said.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import polars as pl

from csphub.errors import BadInput
from csphub.geo import projection

LEVELS = ("oa", "lsoa", "msoa", "ward", "la")
LEVEL_NAMES = {
    "oa": "output areas",
    "lsoa": "LSOAs",
    "msoa": "MSOAs",
    "ward": "wards",
    "la": "local authorities",
}
# ONS column stems per level: LSOA21CD, WD24CD, LAD24CD…
_STEMS = {
    "oa": ("oa",),
    "lsoa": ("lsoa",),
    "msoa": ("msoa",),
    "ward": ("wd", "ward"),
    "la": ("lad", "ltla", "lau1", "utla", "ctyua", "la"),
}
# GSS code prefixes (entity codes) per level, England and Wales.
GSS_ENTITIES = {
    "oa": ("E00", "W00"),
    "lsoa": ("E01", "W01"),
    "msoa": ("E02", "W02"),
    "ward": ("E05", "W05"),
    "la": ("E06", "E07", "E08", "E09", "W06"),
}
_FORMATS = {".geojson": "GeoJSON", ".json": "GeoJSON", ".gpkg": "GeoPackage", ".shp": "Shapefile"}

AREA_SCHEMA: dict[str, pl.DataType] = {
    "code": pl.String(),
    "name": pl.String(),
    "geometry": pl.Binary(),  # WKB on the National Grid
    "min_x": pl.Float64(),
    "min_y": pl.Float64(),
    "max_x": pl.Float64(),
    "max_y": pl.Float64(),
}


@dataclass(frozen=True)
class AreaSet:
    level: str
    frame: pl.DataFrame  # AREA_SCHEMA, one row per area
    year: int | None  # from the column names (LSOA21CD: 2021)
    format: str
    code_column: str
    name_column: str | None
    source_crs: str
    notes: tuple[str, ...] = field(default_factory=tuple)


def level_of_code(code: str) -> str | None:
    for level, entities in GSS_ENTITIES.items():
        if code[:3] in entities:
            return level
    return None


def _open_path(path: Path) -> tuple[str, str]:
    """What pyogrio should open, and the format's name."""
    suffix = path.suffix.lower()
    if suffix == ".zip":
        return f"/vsizip/{path}", "Shapefile (zipped)"
    if path.is_dir():
        return str(path), "Shapefile folder"
    if suffix not in _FORMATS:
        raise BadInput(
            str(path),
            f"is not a boundary file the hub reads: {suffix or 'no extension'}.",
            hint="Give GeoJSON (.geojson), GeoPackage (.gpkg) or Shapefile (.shp, or a .zip "
            "of one).",
        )
    return str(path), _FORMATS[suffix]


def _layer(source: str, path: Path, layer: str | None) -> str | int:
    import pyogrio
    from pyogrio.errors import DataSourceError

    try:
        layers = pyogrio.list_layers(source)
    except DataSourceError:
        raise BadInput(
            str(path),
            "cannot be opened as GeoJSON, GeoPackage or Shapefile: it is damaged or in "
            "another format.",
        ) from None
    polygons = [str(n) for n, kind in layers if kind and "POLYGON" in str(kind).upper()]
    if layer is not None:
        if layer not in [str(n) for n, _ in layers]:
            raise BadInput(
                str(path),
                f"has no layer {layer!r}; its layers are {', '.join(str(n) for n, _ in layers)}.",
            )
        return layer
    if not polygons:
        kinds = ", ".join(sorted({str(k) for _, k in layers})) or "none"
        raise BadInput(str(path), f"holds no polygons (its geometry: {kinds}).")
    if len(polygons) > 1:
        raise BadInput(
            str(path),
            f"has {len(polygons)} layers of polygons ({', '.join(polygons)}).",
            hint="Name the one to load with --layer.",
        )
    return polygons[0]


def _find_column(fields: list[str], level: str, suffixes: tuple[str, ...]) -> str | None:
    for stem in _STEMS[level]:
        pattern = re.compile(rf"{stem}([0-9]{{2}})?({'|'.join(suffixes)})", re.IGNORECASE)
        for name in fields:
            if pattern.fullmatch(name):
                return name
    return None


def _year(column: str) -> int | None:
    found = re.search(r"([0-9]{2})(cd|nm)$", column, re.IGNORECASE)
    return 2000 + int(found.group(1)) if found else None


def read_boundaries(
    path: Path,
    level: str,
    *,
    code_column: str | None = None,
    name_column: str | None = None,
    crs: str | None = None,
    layer: str | None = None,
) -> AreaSet:
    import pyogrio
    import shapely
    from pyproj import CRS
    from pyproj.exceptions import CRSError

    if level not in LEVELS:
        raise BadInput(str(path), f"level {level!r} is not one of {', '.join(LEVELS)}.")
    if not path.exists():
        raise BadInput(str(path), "does not exist.")
    source, fmt = _open_path(path)
    chosen = _layer(source, path, layer)
    info = pyogrio.read_info(source, layer=chosen)
    fields = [str(f) for f in info["fields"]]
    code = code_column or _find_column(fields, level, ("cd", "code"))
    name = name_column or _find_column(fields, level, ("nm", "name"))
    for column in (code_column, name_column):
        if column is not None and column not in fields:
            raise BadInput(
                str(path), f"has no column {column!r}; its columns are {', '.join(fields)}."
            )
    if code is None:
        raise BadInput(
            str(path),
            f"has no code column for {LEVEL_NAMES[level]} (such as "
            f"{_STEMS[level][0].upper()}21CD); its columns are {', '.join(fields) or 'none'}.",
            hint="Name it with --code-col, or check --level.",
        )
    declared = crs or info.get("crs")
    if not declared:
        raise BadInput(
            str(path),
            "does not say its projection (a Shapefile without its .prj file, for example).",
            hint="Give it with --crs EPSG:27700 or --crs EPSG:4326.",
        )
    try:
        source_crs = CRS.from_user_input(declared)
    except CRSError:
        raise BadInput(str(path), f"the projection {declared!r} is not one PROJ knows.") from None

    _, table = pyogrio.read_arrow(source, layer=chosen, columns=[c for c in (code, name) if c])
    geometry_column = next(
        c for c in table.column_names if c not in (code, name)
    )  # pyogrio's WKB column
    geometries = shapely.from_wkb(np.asarray(table.column(geometry_column).to_pylist(), object))
    codes = pl.Series("code", table.column(code).to_pylist(), pl.String).str.strip_chars()
    names = (
        pl.Series("name", table.column(name).to_pylist(), pl.String)
        if name
        else pl.Series("name", [None] * len(codes), pl.String)
    )
    notes: list[str] = []
    geometries, reprojected = _to_grid(geometries, source_crs)
    if reprojected:
        notes.append(f"reprojected from {source_crs.to_string()} to the National Grid")
    _check_in_gb(geometries, path, source_crs, declared_by_user=crs is not None)
    _check_codes(codes, level, path, code)
    frame, more = _tidy(codes, names, geometries, path)
    notes += more
    return AreaSet(
        level,
        frame,
        _year(code),
        fmt,
        code,
        name,
        source_crs.to_string(),
        tuple(notes),
    )


def _to_grid(geometries: np.ndarray, source_crs: object) -> tuple[np.ndarray, bool]:
    import shapely
    from pyproj import CRS, Transformer

    assert isinstance(source_crs, CRS)
    if source_crs.to_epsg() == 27700:
        return geometries, False
    transformer = Transformer.from_crs(source_crs, projection.BNG, always_xy=True)

    def move(coordinates: np.ndarray) -> np.ndarray:
        x, y = transformer.transform(coordinates[:, 0], coordinates[:, 1])
        return np.column_stack([x, y])

    return shapely.transform(geometries, move), True


def _check_in_gb(
    geometries: np.ndarray, path: Path, source_crs: object, declared_by_user: bool
) -> None:
    import shapely

    bounds = shapely.total_bounds(geometries)
    corners_e = np.array([bounds[0], bounds[2]])
    corners_n = np.array([bounds[1], bounds[3]])
    if np.isfinite(bounds).all() and projection.in_gb_grid(corners_e, corners_n).all():
        return
    said = "the projection given" if declared_by_user else "the projection it declares"
    raise BadInput(
        str(path),
        f"read in {said} ({getattr(source_crs, 'name', source_crs)}), its areas do not fall in "
        "Great Britain: the file is in another projection than it says.",
        hint="Give the right one with --crs (EPSG:27700 for eastings and northings, EPSG:4326 "
        "for longitude and latitude).",
    )


def _check_codes(codes: pl.Series, level: str, path: Path, column: str) -> None:
    missing = int((codes.is_null() | (codes == "")).sum())
    if missing:
        raise BadInput(str(path), f"{missing:,} areas have no code in {column}.")
    levels = {found for c in codes.head(1000).to_list() if (found := level_of_code(c))}
    if levels and level not in levels:
        found = ", ".join(LEVEL_NAMES[x] for x in sorted(levels))
        raise BadInput(
            str(path),
            f"its codes in {column} are codes of {found}, not of {LEVEL_NAMES[level]}.",
            hint="Check --level.",
        )


def _tidy(
    codes: pl.Series, names: pl.Series, geometries: np.ndarray, path: Path
) -> tuple[pl.DataFrame, list[str]]:
    """One valid (multi)polygon per code: parts of one area given as several features are
    joined; invalid rings are mended."""
    import shapely

    notes = []
    kinds = set(shapely.get_type_id(geometries).tolist())
    if not kinds <= {3, 6}:  # Polygon, MultiPolygon
        raise BadInput(str(path), "holds geometries other than polygons.")
    invalid = ~shapely.is_valid(geometries)
    if invalid.any():
        geometries = geometries.copy()
        geometries[invalid] = shapely.make_valid(geometries[invalid])
        notes.append(f"{int(invalid.sum()):,} invalid polygons mended")
    frame = pl.DataFrame({"code": codes, "name": names, "i": np.arange(len(codes))})
    repeated = frame.filter(pl.col("code").is_duplicated())
    if repeated.height:
        parts = repeated.group_by("code", maintain_order=True).agg("i")
        geometries = geometries.copy()
        for code_parts in parts["i"].to_list():
            geometries[code_parts[0]] = shapely.union_all(geometries[code_parts])
        notes.append(f"{parts.height:,} areas given in several parts were joined")
        frame = frame.unique("code", keep="first", maintain_order=True)
    kept = geometries[frame["i"].to_numpy()]
    bounds = shapely.bounds(kept)
    return (
        frame.select("code", "name").with_columns(
            pl.Series("geometry", shapely.to_wkb(kept).tolist(), pl.Binary),
            pl.Series("min_x", bounds[:, 0]),
            pl.Series("min_y", bounds[:, 1]),
            pl.Series("max_x", bounds[:, 2]),
            pl.Series("max_y", bounds[:, 3]),
        ),
        notes,
    )
