"""Postcode directories: the ONS Postcode Directory (ONSPD), the National Statistics Postcode
Lookup (NSPL) and OS Code-Point Open, read into one shape.

The ONS products have a header row and quoted fields (``"pcd","pcd2","pcds",…``, northings
zero-padded to seven digits) and name their columns differently from edition to edition
(``oslaua`` in the ONSPD, ``laua`` in the NSPL, ``lsoa11`` or ``lsoa21``…); the reader finds
each part by its known names. Code-Point Open has no header at all: postcode, positional
quality, eastings, northings, country, NHS regional HA, NHS HA, admin county, admin district,
admin ward. Terminated postcodes (a ``doterm``) are kept and flagged, never dropped: old
records carry them.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

import numpy as np
import polars as pl

from csphub.errors import BadInput
from csphub.geo import projection
from csphub.geo.sources import Source

# The postcode grammar: outward code, a space, inward code (no C, I, K, M, O or V inward).
_INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
POSTCODE_PATTERN = r"^[A-PR-UWYZ][A-HK-Y]?[0-9][A-Z0-9]? [0-9][" + _INWARD_LETTERS + r"]{2}$"

# What the hub keeps of a directory, whatever its layout.
POSTCODE_SCHEMA: dict[str, pl.DataType] = {
    "postcode": pl.String(),  # canonical: "EB1 0AA"
    "easting": pl.Int32(),
    "northing": pl.Int32(),
    "quality": pl.Int16(),  # ONS grid reference indicator, or Code-Point's positional quality
    "oa": pl.String(),
    "lsoa": pl.String(),
    "msoa": pl.String(),
    "ward": pl.String(),
    "la": pl.String(),
    "lat": pl.Float64(),
    "lon": pl.Float64(),
    "introduced": pl.String(),  # YYYY-MM
    "terminated": pl.String(),  # YYYY-MM, null while the postcode is live
    "user_type": pl.Int16(),  # 0 small user, 1 large user
}
AREA_PARTS = ("oa", "lsoa", "msoa", "ward", "la")

# Each part and the header names it goes by (lower case, without spaces or punctuation), best
# first: 2021 census areas before 2011 ones.
_NAMES: dict[str, tuple[str, ...]] = {
    "postcode": ("pcds", "pcd", "pcd2", "pcd7", "pcd8", "postcode"),
    "easting": ("oseast1m", "east1m", "easting", "eastings", "x"),
    "northing": ("osnrth1m", "north1m", "northing", "northings", "y"),
    "quality": ("osgrdind", "gridind", "positionalqualityindicator", "pqi"),
    "oa": ("oa21", "oa21cd", "oa11", "oa11cd"),
    "lsoa": ("lsoa21", "lsoa21cd", "lsoa11", "lsoa11cd"),
    "msoa": ("msoa21", "msoa21cd", "msoa11", "msoa11cd"),
    "ward": ("osward", "ward", r"wd[0-9]{2}cd"),
    "la": ("oslaua", "laua", r"lad[0-9]{2}cd", "lad"),
    "lat": ("lat", "latitude"),
    "lon": ("long", "lon", "longitude"),
    "introduced": ("dointr",),
    "terminated": ("doterm",),
    "user_type": ("usertype", "usrtypind"),
    "country": ("ctry", r"ctry[0-9]{2}cd"),
}
CODEPOINT_COLUMNS = (
    "postcode",
    "quality",
    "easting",
    "northing",
    "country",
    "nhs_region",
    "nhs_ha",
    "county",
    "la",
    "ward",
)
_NORTHERN_IRELAND = "N92000002"
_NO_GRID = {"onspd": 9, "nspl": 9, "codepoint": 90}  # quality meaning "no grid reference"
MALFORMED_LIMIT = 0.01  # more than this share of unreadable postcodes: not a directory


@dataclass(frozen=True)
class PostcodeDirectory:
    frame: pl.DataFrame  # POSTCODE_SCHEMA, one row per postcode
    format: str  # onspd, nspl, codepoint
    year: int | None  # the census year of its OA/LSOA/MSOA codes
    columns: dict[str, str]  # part → the column it was read from
    skipped: dict[str, int] = field(default_factory=dict)  # reason → rows left out

    @property
    def terminated(self) -> int:
        return int(self.frame["terminated"].is_not_null().sum())


def _normal(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


def canonical_postcode(values: pl.Expr) -> pl.Expr:
    """``eb10aa``, ``EB1  0AA`` → ``EB1 0AA``; null when it is not a postcode."""
    squeezed = values.str.to_uppercase().str.replace_all(r"[^A-Z0-9]", "")
    spaced = pl.concat_str(
        squeezed.str.slice(0, squeezed.str.len_chars() - 3), pl.lit(" "), squeezed.str.slice(-3)
    )
    return pl.when(spaced.str.contains(POSTCODE_PATTERN)).then(spaced)


def postcode_key(values: pl.Expr) -> pl.Expr:
    """The join key of a postcode: its letters and digits, upper case (``EB10AA``), read as
    one whole number (at most seven bytes), because joining on whole numbers is about three
    times faster than joining on text. Null for text longer than any postcode."""
    return (
        values.str.to_uppercase()
        .str.replace_all(r"[^A-Z0-9]", "")
        .str.encode("hex")
        .str.to_integer(base=16, strict=False)
    )


def _first_row(source: Source) -> list[str]:
    head = source.data[:65536].decode("utf-8-sig", errors="replace").splitlines()
    if not head:
        raise BadInput(source.name, "is empty.")
    return next(csv.reader([head[0]]))


def _is_postcode(text: str) -> bool:
    squeezed = re.sub(r"[^A-Z0-9]", "", text.upper())
    candidate = f"{squeezed[:-3]} {squeezed[-3:]}"
    return bool(re.match(POSTCODE_PATTERN, candidate))


def _find(header: list[str], part: str) -> str | None:
    normal = {_normal(h): h for h in header}
    for name in _NAMES[part]:
        if name in normal:
            return normal[name]
        pattern = re.compile(name)
        for candidate, original in normal.items():
            if pattern.fullmatch(candidate):
                return original
    return None


def _layout(sources: list[Source]) -> tuple[str, dict[str, str], bool]:
    """The format, part → column, and whether the files have a header row."""
    first = _first_row(sources[0])
    if first and _is_postcode(first[0]) and len(first) >= 4:
        return "codepoint", {part: part for part in CODEPOINT_COLUMNS}, False
    columns = {part: found for part in _NAMES if (found := _find(first, part))}
    missing = [part for part in ("postcode", "easting", "northing") if part not in columns]
    if "postcode" in missing or (missing and not {"lat", "lon"} <= columns.keys()):
        wanted = {
            "postcode": "a postcode (pcds, pcd)",
            "easting": "eastings (oseast1m)",
            "northing": "northings (osnrth1m)",
        }
        raise BadInput(
            sources[0].name,
            "is not a postcode directory the hub can read: it has no column for "
            + " or ".join(wanted[m] for m in missing)
            + f". Its first line has {len(first)} columns.",
            hint="The hub reads the ONS Postcode Directory, the National Statistics Postcode "
            "Lookup (with their header rows) and OS Code-Point Open (no header).",
        )
    names = {_normal(h) for h in first}
    layout = "onspd" if {"oslaua", "osward"} & names else "nspl"
    return layout, columns, True


def _read(sources: list[Source], columns: dict[str, str], header: bool) -> pl.DataFrame:
    frames = []
    for source in sources:
        try:
            if header:
                raw = pl.read_csv(
                    io.BytesIO(source.data),
                    columns=list(dict.fromkeys(columns.values())),
                    infer_schema=False,
                    encoding="utf8-lossy",
                )
                raw = raw.select(pl.col(column).alias(part) for part, column in columns.items())
            else:
                raw = pl.read_csv(
                    io.BytesIO(source.data),
                    has_header=False,
                    infer_schema=False,
                    encoding="utf8-lossy",
                )
                if raw.width < 4:
                    raise BadInput(source.name, "has fewer than four columns.")
                raw = raw.select(
                    pl.col(c).alias(CODEPOINT_COLUMNS[i])
                    for i, c in enumerate(raw.columns[: len(CODEPOINT_COLUMNS)])
                )
        except pl.exceptions.ColumnNotFoundError as error:
            raise BadInput(
                source.name, f"lacks a column the first file has ({error.args[0]})."
            ) from None
        except pl.exceptions.ComputeError as error:
            raise BadInput(
                source.name, f"cannot be read as CSV: {str(error).splitlines()[0]}"
            ) from None
        frames.append(raw)
    return pl.concat(frames, how="diagonal_relaxed")


def _month(values: pl.Expr) -> pl.Expr:
    digits = values.str.strip_chars().str.replace_all(r"[^0-9]", "")
    return pl.when(digits.str.len_chars() == 6).then(
        pl.concat_str(digits.str.slice(0, 4), pl.lit("-"), digits.str.slice(4, 2))
    )


def _number(name: str) -> pl.Expr:
    return pl.col(name).str.strip_chars().cast(pl.Float64, strict=False)


def read_postcode_directory(sources: list[Source]) -> PostcodeDirectory:
    """Read a directory (all of its CSVs) into :data:`POSTCODE_SCHEMA`."""
    layout, columns, header = _layout(sources)
    raw = _read(sources, columns, header)
    present = set(raw.columns)

    def text(part: str) -> pl.Expr:
        if part not in present:
            return pl.lit(None, pl.String)
        value = pl.col(part).str.strip_chars()
        return pl.when(value != "").then(value)

    frame = raw.select(
        canonical_postcode(pl.col("postcode")).alias("postcode"),
        _number("easting").alias("easting")
        if "easting" in present
        else pl.lit(None, pl.Float64).alias("easting"),
        _number("northing").alias("northing")
        if "northing" in present
        else pl.lit(None, pl.Float64).alias("northing"),
        _number("quality").cast(pl.Int16, strict=False).alias("quality")
        if "quality" in present
        else pl.lit(None, pl.Int16).alias("quality"),
        *(text(part).alias(part) for part in AREA_PARTS),
        (_number("lat") if "lat" in present else pl.lit(None, pl.Float64)).alias("lat"),
        (_number("lon") if "lon" in present else pl.lit(None, pl.Float64)).alias("lon"),
        _month(text("introduced")).alias("introduced"),
        _month(text("terminated")).alias("terminated"),
        _number("user_type").cast(pl.Int16, strict=False).alias("user_type")
        if "user_type" in present
        else pl.lit(None, pl.Int16).alias("user_type"),
        text("country").alias("country"),
    )
    skipped: dict[str, int] = {}
    malformed = int(frame["postcode"].is_null().sum())
    if malformed > MALFORMED_LIMIT * max(frame.height, 1):
        raise BadInput(
            sources[0].name,
            f"{malformed:,} of its {frame.height:,} rows have no readable postcode in column "
            f"{columns['postcode']!r}: this does not look like a postcode directory.",
        )
    if malformed:
        skipped["no readable postcode"] = malformed
    frame = frame.filter(pl.col("postcode").is_not_null())
    unique = frame.unique("postcode", keep="first", maintain_order=True)
    if unique.height < frame.height:
        skipped["postcode listed twice"] = frame.height - unique.height
    frame, outside = _located(unique, layout)
    if outside:
        skipped["grid reference outside Great Britain (kept without coordinates)"] = outside
    year = _census_year(columns)
    return PostcodeDirectory(
        frame.select(POSTCODE_SCHEMA.keys()).cast(POSTCODE_SCHEMA),  # type: ignore[arg-type]
        layout,
        year,
        {part: column for part, column in columns.items() if part in POSTCODE_SCHEMA},
        skipped,
    )


def _located(frame: pl.DataFrame, layout: str) -> tuple[pl.DataFrame, int]:
    """Coordinates made consistent: none where the directory has no grid reference or one
    outside Great Britain; the grid from latitude/longitude where only those are given or the
    grid is not the British one (Northern Ireland's postcodes); latitude/longitude from the
    grid where missing. Also returns how many grid references were outside Great Britain."""
    gb_e, gb_n = projection.GB_EASTING, projection.GB_NORTHING
    beyond = (
        pl.col("easting").is_not_null()
        & ~(pl.col("easting").is_between(*gb_e) & pl.col("northing").is_between(*gb_n))
        & (pl.col("country") != _NORTHERN_IRELAND).fill_null(True)
    )
    outside = int(frame.select(beyond.sum()).item())
    frame = frame.with_columns(
        pl.when(beyond).then(None).otherwise(pl.col(c)).alias(c) for c in ("easting", "northing")
    )
    no_grid = pl.col("quality") == _NO_GRID[layout]
    lat_ok = pl.col("lat").is_between(-90, 90) & pl.col("lon").is_between(-180, 180)
    frame = frame.with_columns(
        pl.when(no_grid.fill_null(False)).then(None).otherwise(pl.col(c)).alias(c)
        for c in ("easting", "northing")
    ).with_columns(
        pl.when(no_grid.fill_null(False) | ~lat_ok.fill_null(False))
        .then(None)
        .otherwise(pl.col(c))
        .alias(c)
        for c in ("lat", "lon")
    )
    needs_grid = (
        pl.col("easting").is_null() | (pl.col("country") == _NORTHERN_IRELAND).fill_null(False)
    ) & pl.col("lat").is_not_null()
    regrid = frame.select(needs_grid.alias("r"))["r"]
    if regrid.any():
        rows = frame.filter(regrid)
        easting, northing = projection.to_grid(rows["lat"].to_numpy(), rows["lon"].to_numpy())
        frame = frame.with_columns(
            pl.Series("easting", frame["easting"]).scatter(regrid.arg_true(), np.round(easting)),
            pl.Series("northing", frame["northing"]).scatter(regrid.arg_true(), np.round(northing)),
        )
    needs_degrees = frame["lat"].is_null() & frame["easting"].is_not_null()
    if needs_degrees.any():
        rows = frame.filter(needs_degrees)
        lat, lon = projection.to_lat_lon(
            rows["easting"].to_numpy().astype(np.float64),
            rows["northing"].to_numpy().astype(np.float64),
        )
        frame = frame.with_columns(
            frame["lat"].scatter(needs_degrees.arg_true(), lat),
            frame["lon"].scatter(needs_degrees.arg_true(), lon),
        )
    return frame, outside


def _census_year(columns: dict[str, str]) -> int | None:
    for part in ("lsoa", "oa", "msoa"):
        if part in columns:
            found = re.search(r"(11|21)", _normal(columns[part]))
            if found:
                return 2000 + int(found.group(1))
    return None
