"""``csphub geo assign``: coordinates and areas for any spreadsheet an analyst has.

The file is read as the hub reads supplies (CSV in any of the usual encodings and delimiters,
XLSX, JSON); the columns holding the location are named, or found by their usual names; every
row is geocoded with what the hub has loaded; and the file is written back with the geocode's
columns appended (``easting, northing, lat, lon, oa, lsoa, msoa, ward, la, geo_method,
geo_precision``, then ``geo_uprn, geo_year, geo_flags``). Rows are never dropped or reordered.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from csphub.errors import BadInput, UserError
from csphub.geo.geocoder import DEFAULT_TOLERANCE_M, geocode
from csphub.geo.reference import Geography
from csphub.ingest.readers import OVERFLOW, ROW, read_supply

OUTPUT_COLUMNS = (
    "easting",
    "northing",
    "lat",
    "lon",
    "oa",
    "lsoa",
    "msoa",
    "ward",
    "la",
    "geo_method",
    "geo_precision",
    "geo_uprn",
    "geo_year",
    "geo_flags",
)
# The geocode's own columns under the names the output gives them.
_GEOCODE_NAMES = {
    "method": "geo_method",
    "precision": "geo_precision",
    "uprn": "geo_uprn",
    "year": "geo_year",
    "flags": "geo_flags",
}
# The usual names of location columns (compared lower case, without spaces or punctuation).
_USUAL = {
    "postcode": ("postcode", "postcodes", "pcode", "postalcode", "pcds", "pcd"),
    "address": ("address", "fulladdress", "location", "locationaddress", "addressline"),
    "easting": ("easting", "eastings", "xcoord", "xcoordinate", "x", "oseast1m"),
    "northing": ("northing", "northings", "ycoord", "ycoordinate", "y", "osnrth1m"),
    "lat": ("lat", "latitude"),
    "lon": ("lon", "long", "longitude", "lng"),
    "uprn": ("uprn",),
}


@dataclass(frozen=True)
class Columns:
    postcode: str | None = None
    address: tuple[str, ...] = ()
    easting: str | None = None
    northing: str | None = None
    lat: str | None = None
    lon: str | None = None
    uprn: str | None = None

    def used(self) -> dict[str, str]:
        found = {
            part: value
            for part in ("postcode", "easting", "northing", "lat", "lon", "uprn")
            if (value := getattr(self, part))
        }
        if self.address:
            found["address"] = ", ".join(self.address)
        return found


@dataclass(frozen=True)
class Assigned:
    rows: int
    out: Path
    columns: dict[str, str]
    methods: dict[str, int]
    flags: dict[str, int]
    renamed: dict[str, str] = field(default_factory=dict)


def _normal(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


def find_columns(header: tuple[str, ...], given: Columns, name: str) -> Columns:
    """The columns named, checked against the file; any not named, found by usual names."""
    normal = {_normal(h): h for h in header}
    for part, column in given.used().items():
        for one in column.split(", ") if part == "address" else [column]:
            if one not in header:
                raise BadInput(
                    name,
                    f"has no column {one!r} (given for {part}); its columns are "
                    f"{', '.join(header)}.",
                )
    if (given.easting is None) != (given.northing is None):
        raise UserError("Give --easting-col and --northing-col together.")
    if (given.lat is None) != (given.lon is None):
        raise UserError("Give --lat-col and --lon-col together.")
    if given.used():
        return given
    found = {
        part: next((normal[n] for n in names if n in normal), None)
        for part, names in _USUAL.items()
    }
    if not (found["easting"] and found["northing"]):
        found["easting"] = found["northing"] = None
    if not (found["lat"] and found["lon"]):
        found["lat"] = found["lon"] = None
    columns = Columns(
        postcode=found["postcode"],
        address=(found["address"],) if found["address"] else (),
        easting=found["easting"],
        northing=found["northing"],
        lat=found["lat"],
        lon=found["lon"],
        uprn=found["uprn"],
    )
    if not columns.used():
        raise BadInput(
            name,
            "has no column the hub recognises as a postcode, address, UPRN or coordinates; its "
            f"columns are {', '.join(header)}.",
            hint="Name them with --postcode-col, --address-col, --easting-col/--northing-col "
            "or --lat-col/--lon-col.",
        )
    return columns


def _renames(columns: list[str]) -> dict[str, str]:
    """The file's own columns that share a name with an output column get a free name:
    ``lsoa`` → ``lsoa_input`` (→ ``lsoa_input_2``…)."""
    taken = set(columns) | set(OUTPUT_COLUMNS)
    renamed = {}
    for column in columns:
        if column in OUTPUT_COLUMNS:
            candidate, number = f"{column}_input", 1
            while candidate in taken:
                number += 1
                candidate = f"{column}_input_{number}"
            renamed[column] = candidate
            taken.add(candidate)
    return renamed


def assign_file(
    geography: Geography,
    path: Path,
    out: Path,
    given: Columns,
    *,
    tolerance_m: float = DEFAULT_TOLERANCE_M,
    sheet: str | None = None,
) -> Assigned:
    if geography.empty:
        raise UserError(
            "No reference geography is loaded, so nothing can be assigned.",
            hint="Load some with `csphub geo load postcodes|properties|boundaries FILE`.",
        )
    if not path.is_file():
        raise BadInput(str(path), "does not exist or is not a file.")
    if out.suffix.lower() not in (".csv", ".xlsx"):
        raise UserError(f"--out {out}: write a .csv or an .xlsx file.")
    if out.resolve() == path.resolve():
        raise UserError("--out must be a new file, not the input.")
    table = read_supply(path.read_bytes(), str(path), sheet=sheet)
    columns = find_columns(table.columns, given, str(path))
    frame = table.frame
    inputs = frame.select(
        *(
            pl.col(column).alias(part)
            for part, column in columns.used().items()
            if part != "address"
        ),
        *(
            [
                pl.concat_str(
                    [pl.col(c) for c in columns.address], separator=", ", ignore_nulls=True
                ).alias("address")
            ]
            if columns.address
            else []
        ),
    )
    coded = geocode(geography, inputs, tolerance_m=tolerance_m)
    output = coded.rename(_GEOCODE_NAMES).select(OUTPUT_COLUMNS)
    original = frame.drop(ROW, OVERFLOW)
    renamed = _renames(original.columns)
    result = pl.concat([original.rename(renamed), output], how="horizontal")
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".part")
    if out.suffix.lower() == ".xlsx":
        result.write_excel(partial, autofit=False)
    else:
        result.write_csv(partial)
    partial.replace(out)
    return Assigned(
        result.height,
        out,
        columns.used(),
        dict(coded["method"].value_counts(sort=True).iter_rows()),
        dict(
            coded["flags"].drop_nulls().str.split(";").explode().value_counts(sort=True).iter_rows()
        ),
        renamed,
    )
