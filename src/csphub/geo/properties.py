"""Property gazetteers: LLPG and AddressBase-style lists of every property (UPRN) with its
address and coordinates, read into one shape.

Councils export their Local Land and Property Gazetteer in the BS 7666 shape (secondary and
primary addressable objects, SAO and PAO, each a start number and suffix, an end number and
suffix and a text; street description, locality, town, postcode locator, X and Y), and
AddressBase Plus adds the Royal Mail delivery-point shape (sub-building name, building name,
building number, thoroughfare, dependent locality, post town, postcode). The reader takes the
geographic (BS 7666) parts where a file has them and the delivery-point parts otherwise, and
builds one line of address for matching.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field

import numpy as np
import polars as pl

from csphub.errors import BadInput
from csphub.geo import projection
from csphub.geo.postcodes import canonical_postcode
from csphub.geo.sources import Source

PROPERTY_SCHEMA: dict[str, pl.DataType] = {
    "uprn": pl.Int64(),
    "parent_uprn": pl.Int64(),
    "usrn": pl.Int64(),
    "sao": pl.String(),  # "FLAT 2", "UNIT 3A"
    "pao": pl.String(),  # "12", "12-14", "ROSE COTTAGE", "MILL HOUSE 3"
    "street": pl.String(),
    "locality": pl.String(),
    "town": pl.String(),
    "postcode": pl.String(),  # canonical, or null
    "easting": pl.Float64(),
    "northing": pl.Float64(),
    "classification": pl.String(),
    "address": pl.String(),  # one line, without the postcode, for matching and display
}

# Each part and the header names it goes by (lower case, no punctuation), best first.
_NAMES: dict[str, tuple[str, ...]] = {
    "uprn": ("uprn",),
    "parent_uprn": ("parentuprn",),
    "usrn": ("usrn",),
    "sao_start_number": ("saostartnumber",),
    "sao_start_suffix": ("saostartsuffix",),
    "sao_end_number": ("saoendnumber",),
    "sao_end_suffix": ("saoendsuffix",),
    "sao_text": ("saotext", "sao", "subbuildingname", "subbuilding", "flat"),
    "pao_start_number": ("paostartnumber", "buildingnumber", "housenumber", "number"),
    "pao_start_suffix": ("paostartsuffix",),
    "pao_end_number": ("paoendnumber",),
    "pao_end_suffix": ("paoendsuffix",),
    "pao_text": ("paotext", "pao", "buildingname", "housename"),
    "street": ("streetdescription", "street", "streetname", "thoroughfare"),
    "locality": ("locality", "localityname", "dependentlocality"),
    "town": ("townname", "town", "posttown"),
    "postcode": ("postcodelocator", "postcode", "postcodelocatoryn"),
    "easting": ("xcoordinate", "x", "easting", "eastings"),
    "northing": ("ycoordinate", "y", "northing", "northings"),
    "lat": ("latitude", "lat"),
    "lon": ("longitude", "long", "lon"),
    "classification": ("classificationcode", "classification", "class"),
}


@dataclass(frozen=True)
class PropertyList:
    frame: pl.DataFrame  # PROPERTY_SCHEMA, one row per UPRN
    format: str  # "bs7666" (LLPG / AddressBase geographic) or "delivery-point"
    columns: dict[str, str]
    skipped: dict[str, int] = field(default_factory=dict)
    notes: tuple[str, ...] = ()


def _normal(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


def _header(source: Source) -> list[str]:
    try:
        return pl.read_csv(
            io.BytesIO(source.data), n_rows=0, infer_schema=False, encoding="utf8-lossy"
        ).columns
    except pl.exceptions.NoDataError:
        raise BadInput(source.name, "is empty.") from None
    except pl.exceptions.ComputeError as error:
        raise BadInput(
            source.name, f"cannot be read as CSV: {str(error).splitlines()[0]}"
        ) from None


def _columns(header: list[str], name: str) -> dict[str, str]:
    normal = {_normal(h): h for h in header}
    columns: dict[str, str] = {}
    for part, names in _NAMES.items():
        for candidate in names:
            if candidate in normal and normal[candidate] not in columns.values():
                columns[part] = normal[candidate]
                break
    located = {"easting", "northing"} <= columns.keys() or {"lat", "lon"} <= columns.keys()
    addressed = {"street", "pao_text", "pao_start_number"} & columns.keys()
    missing = [
        label
        for label, ok in (
            ("UPRN", "uprn" in columns),
            ("coordinates (X_COORDINATE and Y_COORDINATE, or EASTING and NORTHING)", located),
            ("an address (STREET_DESCRIPTION or PAO_TEXT)", bool(addressed)),
        )
        if not ok
    ]
    if missing:
        if header and re.fullmatch(r"[0-9]+", header[0].strip()):
            raise BadInput(
                name,
                "has no header row: its first line is data.",
                hint="AddressBase Plus CSVs come without one; put the header line from OS's "
                "header file at the top.",
            )
        raise BadInput(
            name,
            "is not a property list the hub can read: it has no column for "
            + " or ".join(missing)
            + f". Its columns are: {', '.join(header[:20])}{'…' if len(header) > 20 else ''}.",
        )
    return columns


def _text(present: set[str], part: str) -> pl.Expr:
    if part not in present:
        return pl.lit(None, pl.String)
    value = pl.col(part).str.strip_chars()
    return pl.when(value != "").then(value)


def _range(present: set[str], prefix: str) -> pl.Expr:
    """BS 7666 numbers: "12", "12A", "12-14", "12A-12C"."""
    start = pl.concat_str(
        _text(present, f"{prefix}_start_number"),
        _text(present, f"{prefix}_start_suffix").fill_null(""),
    )
    end = pl.concat_str(
        _text(present, f"{prefix}_end_number"),
        _text(present, f"{prefix}_end_suffix").fill_null(""),
    )
    return pl.when(end.is_not_null()).then(pl.concat_str(start, pl.lit("-"), end)).otherwise(start)


def _joined(*parts: pl.Expr, separator: str) -> pl.Expr:
    return pl.concat_str([p for p in parts], separator=separator, ignore_nulls=True)


def read_property_list(sources: list[Source]) -> PropertyList:
    header = _header(sources[0])
    columns = _columns(header, sources[0].name)
    frames = []
    for source in sources:
        try:
            raw = pl.read_csv(
                io.BytesIO(source.data),
                columns=list(columns.values()),
                infer_schema=False,
                encoding="utf8-lossy",
            )
        except pl.exceptions.ColumnNotFoundError as error:
            raise BadInput(
                source.name, f"lacks a column the first file has ({error.args[0]})."
            ) from None
        frames.append(raw.select(pl.col(c).alias(part) for part, c in columns.items()))
    raw = pl.concat(frames, how="vertical_relaxed")
    present = set(raw.columns)

    sao = _joined(_range(present, "sao"), _text(present, "sao_text"), separator=" ")
    pao_number = _range(present, "pao")
    pao = _joined(_text(present, "pao_text"), pao_number, separator=" ")

    def number(part: str) -> pl.Expr:
        if part not in present:
            return pl.lit(None, pl.Float64)
        return pl.col(part).str.strip_chars().cast(pl.Float64, strict=False)

    frame = raw.select(
        number("uprn").cast(pl.Int64, strict=False).alias("uprn"),
        number("parent_uprn").cast(pl.Int64, strict=False).alias("parent_uprn"),
        number("usrn").cast(pl.Int64, strict=False).alias("usrn"),
        pl.when(sao != "").then(sao).alias("sao"),
        pl.when(pao != "").then(pao).alias("pao"),
        _text(present, "pao_text").alias("pao_text"),
        pao_number.alias("pao_number"),
        _text(present, "street").alias("street"),
        _text(present, "locality").alias("locality"),
        _text(present, "town").alias("town"),
        canonical_postcode(_text(present, "postcode")).alias("postcode"),
        number("easting").alias("easting"),
        number("northing").alias("northing"),
        number("lat").alias("lat"),
        number("lon").alias("lon"),
        _text(present, "classification").alias("classification"),
    )
    frame, notes = _coordinates(frame, sources[0].name)
    skipped: dict[str, int] = {}
    for reason, keep in (
        ("no UPRN", pl.col("uprn").is_not_null()),
        ("no coordinates", pl.col("easting").is_not_null() & pl.col("northing").is_not_null()),
    ):
        kept = frame.filter(keep)
        if kept.height < frame.height:
            skipped[reason] = frame.height - kept.height
        frame = kept
    unique = frame.unique("uprn", keep="first", maintain_order=True)
    if unique.height < frame.height:
        skipped["UPRN listed twice"] = frame.height - unique.height
    if unique.height == 0:
        raise BadInput(sources[0].name, "has no property with both a UPRN and coordinates.")
    # "FLAT 2, ROSE COURT, 12 HIGH STREET, …": a building's name stands apart; its number
    # goes with the street.
    address = _joined(
        pl.col("sao"),
        pl.col("pao_text"),
        _joined(pl.col("pao_number"), pl.col("street"), separator=" "),
        pl.col("locality"),
        pl.col("town"),
        separator=", ",
    )
    fmt = (
        "bs7666"
        if {"pao_start_number", "pao_text"} & columns.keys()
        and _normal(columns.get("street", "")) != "thoroughfare"
        else "delivery-point"
    )
    return PropertyList(
        unique.with_columns(address.alias("address"))
        .select(PROPERTY_SCHEMA.keys())
        .cast(PROPERTY_SCHEMA),  # type: ignore[arg-type]
        fmt,
        columns,
        skipped,
        tuple(notes),
    )


def _coordinates(frame: pl.DataFrame, name: str) -> tuple[pl.DataFrame, list[str]]:
    """Eastings and northings on the National Grid, whatever the file gave: degrees in the X/Y
    columns are recognised and converted; anything else outside Great Britain is refused."""
    notes = []
    easting = frame["easting"].to_numpy().astype(np.float64)
    northing = frame["northing"].to_numpy().astype(np.float64)
    given = ~np.isnan(easting) & ~np.isnan(northing)
    if given.any() and projection.in_gb_degrees(northing[given], easting[given]).all():
        easting, northing = projection.to_grid(northing, easting)
        notes.append("its X and Y are longitude and latitude; converted to the National Grid")
    elif not given.any() and frame["lat"].is_not_null().any():
        easting, northing = projection.to_grid(
            frame["lat"].to_numpy().astype(np.float64), frame["lon"].to_numpy().astype(np.float64)
        )
        notes.append("located by latitude and longitude; converted to the National Grid")
    located = ~np.isnan(easting) & ~np.isnan(northing)
    outside = located & ~projection.in_gb_grid(easting, northing)
    if outside.sum() > 0.01 * max(located.sum(), 1):
        raise BadInput(
            name,
            f"{int(outside.sum()):,} of its {int(located.sum()):,} properties have coordinates "
            "outside Great Britain on the National Grid (EPSG:27700): the coordinates are in "
            "another projection or in the wrong columns.",
        )
    easting[outside] = np.nan
    northing[outside] = np.nan
    return frame.with_columns(
        pl.Series("easting", easting).fill_nan(None), pl.Series("northing", northing).fill_nan(None)
    ), notes
