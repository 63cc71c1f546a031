"""Geocoding: every record's location as coordinates and areas, with how it was found.

For each record, in order of preference:

1. ``uprn``      a supplied UPRN found in the gazetteer: the property's point;
2. ``address``   the address matched to one property of the gazetteer: that property's point;
3. ``supplied``  the agency's own coordinates, when they pass the checks below: as given;
4. ``postcode``  the postcode's centroid from the postcode directory;
5. ``street``    the middle of the street named in the address, when it is named without doubt;
6. ``area``      only an area code was supplied (an LSOA, an MSOA): a point inside it;
7. ``none``      nothing to go on.

The method is kept with the record, and the precision of the point it gives: ``uprn`` (a
property), ``point`` (a supplied coordinate, not tied to a property), ``postcode``, ``street``,
``area`` or ``none``. That is guidance §3.4's "methodology used to determine any geographic
coordinates".

Supplied coordinates are checked, and flagged (never silently changed) when they fall outside
Great Britain (then they are not used), outside the loaded boundaries of the partnership's
area (still used: a home in the next town is a fact), further than the tolerance from their
postcode's centroid (the postcode is used instead: a system's default point is likelier than a
mis-keyed postcode) or from the matched property (the property is used). Text that is not a
postcode, postcodes missing from the directory, terminated postcodes, unknown UPRNs and
supplied area codes that disagree with where the point lies are flagged too, as is an address
that fits several properties and was settled by the record's other place (``related``, see
:meth:`csphub.geo.guard.Guard.settle_by`) or by the home the same person was matched to in
another record (``homes``). Flags are kept with the record (``;``-separated).

Areas (OA, LSOA, MSOA, ward, local authority) come from loaded boundaries by point-in-polygon
for points (property, supplied, street) and from the postcode directory for postcode
centroids (ONS's own best-fit assignment), each falling back to the other.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum

import numpy as np
import numpy.typing as npt
import polars as pl

from csphub.geo import projection
from csphub.geo.boundaries import LEVELS, level_of_code
from csphub.geo.postcodes import canonical_postcode, postcode_key
from csphub.geo.reference import Geography
from csphub.geo.streets import place_by_street
from csphub.store.records import GEO_POLARS

Floats = npt.NDArray[np.float64]
Bools = npt.NDArray[np.bool_]
_Settle = Callable[[pl.DataFrame], pl.DataFrame]  # a matcher's settle or settle_by


class Method(StrEnum):
    UPRN = "uprn"
    ADDRESS = "address"
    SUPPLIED = "supplied"
    POSTCODE = "postcode"
    STREET = "street"
    AREA = "area"
    NONE = "none"


class Precision(StrEnum):
    UPRN = "uprn"
    POINT = "point"
    POSTCODE = "postcode"
    STREET = "street"
    AREA = "area"
    NONE = "none"


PRECISION_OF = {
    Method.UPRN: Precision.UPRN,
    Method.ADDRESS: Precision.UPRN,
    Method.SUPPLIED: Precision.POINT,
    Method.POSTCODE: Precision.POSTCODE,
    Method.STREET: Precision.STREET,
    Method.AREA: Precision.AREA,
    Method.NONE: Precision.NONE,
}


class Flag(StrEnum):
    OUTSIDE_GB = "outside-gb"  # supplied coordinates not in Great Britain: not used
    OUTSIDE_AREA = "outside-area"  # supplied coordinates outside every loaded boundary
    FAR_FROM_POSTCODE = "far-from-postcode"  # supplied coordinates vs the postcode's centroid
    FAR_FROM_ADDRESS = "far-from-address"  # supplied coordinates vs the matched property
    INVALID_POSTCODE = "invalid-postcode"  # text in the postcode field that is not a postcode
    UNKNOWN_POSTCODE = "unknown-postcode"  # a postcode the loaded directory does not have
    TERMINATED_POSTCODE = "terminated-postcode"  # in the directory, but no longer in use
    UNKNOWN_UPRN = "unknown-uprn"  # a supplied UPRN the gazetteer does not have
    AREA_DISAGREES = "area-disagrees"  # a supplied area code is not where the point lies
    BY_OTHER_PLACE = "by-other-place"  # an address that fits several properties, one of which
    # the record's other place was matched to: that one is taken
    BY_KNOWN_HOME = "by-known-home"  # a home address that fits several properties, one of
    # which the same person's home was matched to in another of the agency's records


# What the geocoder reads (any may be absent) and what it gives. ``related``: a list of the
# UPRNs the record's other places were matched to (see Guard.settle_by); ``homes``: of those
# the same person's home was matched to in other records.
INPUTS = (
    *("address", "postcode", "easting", "northing", "lat", "lon", "uprn", "area"),
    *("related", "homes"),
)
# The geocode's columns: the parts the archive keeps for each place, typed alike.
GEOCODE_SCHEMA: dict[str, pl.DataType] = dict(GEO_POLARS)
DEFAULT_TOLERANCE_M = 1_000.0
# A level's areas nest in the coarser ones (a ward does not nest in MSOAs).
_NESTED = ("oa", "lsoa", "msoa", "la")


def _nulls(n: int, dtype: pl.DataType, name: str = "") -> pl.Series:
    return pl.repeat(None, n, dtype=dtype, eager=True).alias(name)


# Methods as small whole numbers while the geocode is worked out (object arrays are slow).
_METHODS = tuple(Method)
_CODE = {m: np.int8(i) for i, m in enumerate(_METHODS)}


def _labels(codes: npt.NDArray[np.int8], labels: list[str], name: str) -> pl.Series:
    """The label of each row's method code, picked by position (no hashing per row)."""
    return pl.Series(name, labels, dtype=pl.String).gather(pl.Series(codes, dtype=pl.UInt32))


def _method_names(codes: npt.NDArray[np.int8]) -> pl.Series:
    return _labels(codes, [m.value for m in _METHODS], "method")


def _precisions(codes: npt.NDArray[np.int8]) -> pl.Series:
    return _labels(codes, [PRECISION_OF[m].value for m in _METHODS], "precision")


def _canonical_postcodes(given: pl.Series) -> pl.Series:
    """Each distinct postcode cleaned once (a month's records share a few thousand)."""
    distinct = given.drop_nulls().unique()
    cleaned = distinct.to_frame("postcode").select(canonical_postcode(pl.col("postcode")))
    return given.replace_strict(
        distinct, cleaned.to_series(), default=None, return_dtype=pl.String
    ).alias("postcode")


def _column(inputs: pl.DataFrame, name: str, dtype: pl.DataType) -> pl.Series:
    if name not in inputs.columns:
        return _nulls(inputs.height, dtype, name)
    values = inputs[name]
    if dtype == pl.String():
        values = values.cast(pl.String).str.strip_chars()
        return values.set(values == "", None)
    if values.dtype == pl.String:
        values = values.str.strip_chars().cast(pl.Float64, strict=False)
    return values.cast(dtype, strict=False)


def _floats(series: pl.Series) -> Floats:
    return series.cast(pl.Float64).fill_null(np.nan).to_numpy().astype(np.float64, copy=True)


def _distance(e1: Floats, n1: Floats, e2: Floats, n2: Floats) -> Floats:
    return np.hypot(e1 - e2, n1 - n2)


def geocode(
    geography: Geography,
    inputs: pl.DataFrame,
    *,
    tolerance_m: float = DEFAULT_TOLERANCE_M,
    match_addresses: bool = True,
    lat_lon: bool = True,
) -> pl.DataFrame:
    """Geocode every row of ``inputs`` (columns among :data:`INPUTS`); one output row per
    input row, in order, with the columns of :data:`GEOCODE_SCHEMA`. Without ``lat_lon``,
    latitude and longitude are left empty for the caller to fill in with :func:`lat_lon_of`
    (ingestion does it in its staging threads)."""
    n = inputs.height
    if n == 0:
        return pl.DataFrame(schema=GEOCODE_SCHEMA)
    row = pl.Series("row", np.arange(n, dtype=np.uint32))
    address = _column(inputs, "address", pl.String())
    given_postcode = _column(inputs, "postcode", pl.String())
    postcode = _canonical_postcodes(given_postcode)
    flags: dict[Flag, Bools] = {
        Flag.INVALID_POSTCODE: (given_postcode.is_not_null() & postcode.is_null()).to_numpy()
    }

    supplied_e, supplied_n = _supplied_points(inputs, flags)
    supplied = np.isfinite(supplied_e) & np.isfinite(supplied_n)

    # 1, 2: the property, by supplied UPRN or by matching the address
    uprn, uprn_e, uprn_n, uprn_postcode, method_uprn = _properties(
        geography, inputs, address, postcode, row, flags, match_addresses, (supplied_e, supplied_n)
    )
    has_uprn = np.isfinite(uprn_e)

    # 4: the postcode's centroid and its areas
    by_postcode = _postcodes(geography, postcode, flags)
    postcode_e, postcode_n = _floats(by_postcode["easting"]), _floats(by_postcode["northing"])
    has_postcode = np.isfinite(postcode_e)

    # checks on supplied coordinates
    far_postcode = (
        supplied
        & has_postcode
        & (_distance(supplied_e, supplied_n, postcode_e, postcode_n) > tolerance_m)
    )
    far_address = (
        supplied & has_uprn & (_distance(supplied_e, supplied_n, uprn_e, uprn_n) > tolerance_m)
    )
    flags[Flag.FAR_FROM_POSTCODE] = far_postcode
    flags[Flag.FAR_FROM_ADDRESS] = far_address
    outside_area = np.zeros(n, dtype=bool)
    if geography.areas and supplied.any():
        coarsest = next(level for level in reversed(LEVELS) if level in geography.areas)
        outside_area = supplied & ~geography.areas[coarsest].covers(supplied_e, supplied_n)
    flags[Flag.OUTSIDE_AREA] = outside_area
    # Coordinates far from the record's own postcode are more often a system's default point
    # than a mis-keyed postcode: the postcode places the record then. Outside the area alone
    # is no reason to doubt them (an offender may live in the next town): flagged, used.
    usable_supplied = supplied & ~far_postcode

    # 5: the street, for what nothing better placed
    street_e = np.full(n, np.nan)
    street_n = np.full(n, np.nan)
    unplaced = ~has_uprn & ~usable_supplied & ~has_postcode & address.is_not_null().to_numpy()
    if unplaced.any() and geography.streets is not None:
        wanted = pl.DataFrame({"row": row, "address": address, "postcode": postcode}).filter(
            pl.Series(unplaced)
        )
        placed = place_by_street(geography.streets, wanted)
        index = placed["row"].to_numpy().astype(np.int64)
        street_e[index] = placed["easting"].to_numpy()
        street_n[index] = placed["northing"].to_numpy()
    has_street = np.isfinite(street_e)

    # 6: a supplied area code
    area = _column(inputs, "area", pl.String())
    distinct_areas = area.drop_nulls().unique()
    area_level = area.replace_strict(
        distinct_areas,
        pl.Series([level_of_code(code) for code in distinct_areas.to_list()], dtype=pl.String),
        default=None,
        return_dtype=pl.String,
    )
    area_e = np.full(n, np.nan)
    area_n = np.full(n, np.nan)
    for level, areas_at_level in geography.areas.items():
        at_level = (area_level == level).fill_null(False).to_numpy()
        if at_level.any():
            e, nn = areas_at_level.centres(area.filter(pl.Series(at_level)))
            area_e[at_level], area_n[at_level] = e, nn
    has_area = area_level.is_not_null().to_numpy()

    # the method, in order of preference
    method = np.full(n, _CODE[Method.NONE], dtype=np.int8)
    easting = np.full(n, np.nan)
    northing = np.full(n, np.nan)
    choices = (
        (has_uprn, method_uprn, uprn_e, uprn_n),
        (usable_supplied, _CODE[Method.SUPPLIED], supplied_e, supplied_n),
        (has_postcode, _CODE[Method.POSTCODE], postcode_e, postcode_n),
        (has_street, _CODE[Method.STREET], street_e, street_n),
        (has_area, _CODE[Method.AREA], area_e, area_n),
    )
    unset = np.ones(n, dtype=bool)
    for available, name, e, nn in choices:
        take = unset & available
        method[take] = name[take] if isinstance(name, np.ndarray) else name
        easting[take], northing[take] = e[take], nn[take]
        unset &= ~take

    easting, northing = np.round(easting, 1), np.round(northing, 1)
    if lat_lon:
        lat, lon = lat_lon_of(easting, northing)
    else:
        lat = lon = pl.repeat(None, n, dtype=pl.Float64, eager=True)
    method_name = _method_names(method)
    precision = _precisions(method)
    areas, year = _areas(
        geography,
        easting,
        northing,
        precision,
        by_postcode,
        uprn_postcode,
        area,
        area_level,
        far_postcode,
    )
    disagrees = np.zeros(n, dtype=bool)
    if has_area.any():  # (most supplies carry no area codes: nothing to disagree with)
        placed_otherwise = (precision != Precision.AREA.value).to_numpy()
        for level in LEVELS:
            supplied_here = (area_level == level).fill_null(False)
            found = areas[level]
            differs = (supplied_here & found.is_not_null() & (found != area)).fill_null(False)
            disagrees |= differs.to_numpy() & placed_otherwise
    flags[Flag.AREA_DISAGREES] = disagrees

    return pl.DataFrame(
        {
            "uprn": uprn,
            "easting": pl.Series(easting).fill_nan(None),
            "northing": pl.Series(northing).fill_nan(None),
            "lat": lat,
            "lon": lon,
            **{level: areas[level] for level in LEVELS},
            "year": year,
            "method": method_name,
            "precision": precision,
            "flags": _flag_text(flags, n),
        }
    ).cast(GEOCODE_SCHEMA)  # type: ignore[arg-type]


def lat_lon_of(
    easting: Floats | pl.Series, northing: Floats | pl.Series
) -> tuple[pl.Series, pl.Series]:
    """A geocode's latitude and longitude (6 decimal places, about 0.1 m) from its easting and
    northing; null where those are. Safe to call from several threads at once."""
    e, n = (v if isinstance(v, np.ndarray) else _floats(v) for v in (easting, northing))
    lat, lon = projection.to_lat_lon(e, n)
    return pl.Series(np.round(lat, 6)).fill_nan(None), pl.Series(np.round(lon, 6)).fill_nan(None)


def _supplied_points(inputs: pl.DataFrame, flags: dict[Flag, Bools]) -> tuple[Floats, Floats]:
    """Supplied eastings/northings, or latitude/longitude converted; (0, 0), the common
    stand-in for "not known", is taken as not given; points outside Great Britain are
    flagged and not used."""
    easting = _floats(_column(inputs, "easting", pl.Float64()))
    northing = _floats(_column(inputs, "northing", pl.Float64()))
    lat = _floats(_column(inputs, "lat", pl.Float64()))
    lon = _floats(_column(inputs, "lon", pl.Float64()))
    for a, b in ((easting, northing), (lat, lon)):
        zero = (a == 0) & (b == 0)
        a[zero] = np.nan
        b[zero] = np.nan
    outside = np.zeros(len(easting), dtype=bool)
    degrees = np.isfinite(lat) & np.isfinite(lon) & ~(np.isfinite(easting) & np.isfinite(northing))
    if degrees.any():
        outside |= degrees & ~projection.in_gb_degrees(lat, lon)
        use = degrees & ~outside
        easting[use], northing[use] = projection.to_grid(lat[use], lon[use])
    grid = np.isfinite(easting) & np.isfinite(northing)
    outside |= grid & ~projection.in_gb_grid(easting, northing)
    easting[outside] = np.nan
    northing[outside] = np.nan
    flags[Flag.OUTSIDE_GB] = outside
    return easting, northing


def _properties(
    geography: Geography,
    inputs: pl.DataFrame,
    address: pl.Series,
    postcode: pl.Series,
    row: pl.Series,
    flags: dict[Flag, Bools],
    match_addresses: bool,
    supplied: tuple[Floats, Floats],
) -> tuple[pl.Series, Floats, Floats, pl.Series, npt.NDArray[np.int8]]:
    n = inputs.height
    supplied_uprn = _column(inputs, "uprn", pl.Int64())
    uprn = _nulls(n, pl.Int64(), "uprn")
    method = np.full(n, _CODE[Method.NONE], dtype=np.int8)
    properties = geography.properties
    if properties is None:
        flags[Flag.UNKNOWN_UPRN] = np.zeros(n, dtype=bool)
        return (
            uprn,
            np.full(n, np.nan),
            np.full(n, np.nan),
            _nulls(n, pl.String()),
            method,
        )
    known = supplied_uprn.is_in(properties["uprn"].implode()).fill_null(False)
    flags[Flag.UNKNOWN_UPRN] = (supplied_uprn.is_not_null() & ~known).to_numpy()
    uprn = supplied_uprn.set(~known, None)
    method[known.to_numpy()] = _CODE[Method.UPRN]
    matcher = geography.matcher if match_addresses else None
    wanted = (uprn.is_null() & address.is_not_null()).to_numpy()
    if matcher is not None and wanted.any():
        records = pl.DataFrame({"row": row, "address": address, "postcode": postcode}).filter(
            pl.Series(wanted)
        )
        # Each distinct address once: the same home or shop recurs across records.
        distinct = records.unique(["address", "postcode"], keep="first", maintain_order=True)
        found = (
            matcher.match(distinct)
            .filter(pl.col("uprn").is_not_null())
            .join(distinct, on="row")
            .select("address", "postcode", "uprn")
        )
        matched = records.join(
            found, on=["address", "postcode"], how="inner", nulls_equal=True
        ).select("row", "uprn")
        # An address left unmatched is settled by more evidence, if the record has it: its own
        # coordinates on a property its words name; else a property its other place (the
        # patient's home, the scene of the call) was matched to, which its words name; else
        # the one its words name of the homes the same person was matched to in other records.
        evidence: list[tuple[_Settle, dict[str, pl.Series | Floats], Bools, Flag | None]] = [
            (
                matcher.settle,
                {"easting": supplied[0], "northing": supplied[1]},
                np.isfinite(supplied[0]) & np.isfinite(supplied[1]),
                None,
            )
        ]
        for column, raised in (("related", Flag.BY_OTHER_PLACE), ("homes", Flag.BY_KNOWN_HOME)):
            if column in inputs.columns:
                uprns = inputs[column]
                present = uprns.list.len().fill_null(0).gt(0).to_numpy()
                evidence.append((matcher.settle_by, {"related": uprns}, present, raised))
        for settle, given, has, flag in evidence:
            unsettled = wanted & has
            unsettled[matched["row"].to_numpy()] = False
            if not unsettled.any():
                continue
            at = np.flatnonzero(unsettled)
            columns = {"row": row, "address": address, "postcode": postcode, **given}
            settled = settle(
                pl.DataFrame(
                    {
                        name: c.gather(at) if isinstance(c, pl.Series) else c[at]
                        for name, c in columns.items()
                    }
                )
            )
            if flag is not None:
                flags.setdefault(flag, np.zeros(n, dtype=bool))[settled["row"].to_numpy()] = True
            matched = pl.concat([matched.cast(settled.schema), settled])
        index = matched["row"].to_numpy().astype(np.int64)
        uprn = uprn.scatter(index, matched["uprn"])
        method[index] = _CODE[Method.ADDRESS]
    placed = uprn.to_frame("uprn").join(
        properties.select("uprn", "easting", "northing", "postcode"),
        on="uprn",
        how="left",
        maintain_order="left",
    )
    return (
        uprn,
        _floats(placed["easting"]),
        _floats(placed["northing"]),
        placed["postcode"],
        method,
    )


def _postcodes(geography: Geography, postcode: pl.Series, flags: dict[Flag, Bools]) -> pl.DataFrame:
    n = postcode.len()
    directory = geography.postcodes
    columns = ["easting", "northing", *LEVELS, "terminated"]
    if directory is None:
        flags[Flag.UNKNOWN_POSTCODE] = np.zeros(n, dtype=bool)
        flags[Flag.TERMINATED_POSTCODE] = np.zeros(n, dtype=bool)
        return pl.DataFrame(
            {
                c: _nulls(n, pl.Float64() if c in ("easting", "northing") else pl.String(), c)
                for c in columns
            }
        )
    found = (
        postcode.to_frame("postcode")
        .select(postcode_key(pl.col("postcode")).alias("key"))
        .join(
            directory.select("key", *columns, pl.lit(True).alias("listed")),
            on="key",
            how="left",
            maintain_order="left",
        )
    )
    given = postcode.is_not_null()
    in_directory = given & found["listed"].fill_null(False)
    flags[Flag.UNKNOWN_POSTCODE] = (given & ~in_directory).to_numpy()
    flags[Flag.TERMINATED_POSTCODE] = (given & found["terminated"].is_not_null()).to_numpy()
    return found.select(columns)


def _areas(
    geography: Geography,
    easting: Floats,
    northing: Floats,
    precision: pl.Series,
    by_postcode: pl.DataFrame,
    uprn_postcode: pl.Series,
    area: pl.Series,
    area_level: pl.Series,
    far_postcode: Bools,
) -> tuple[dict[str, pl.Series], pl.Series]:
    """Each level's code, and the census year of the row's LSOA (else OA, else MSOA) code."""
    n = len(easting)
    nothing = _nulls(n, pl.String())
    by_property = _directory_areas(geography, uprn_postcode)
    # A supplied area code tells its own level and the coarser levels it nests in.
    rank = area_level.replace_strict(
        {level: i for i, level in enumerate(_NESTED)}, default=None, return_dtype=pl.Int8
    )
    p = pl.col("precision")
    codes: dict[str, pl.Series] = {}
    years: dict[str, pl.Series] = {}
    no_area = area.null_count() == n
    for level in LEVELS:
        index = geography.areas.get(level)
        if (
            index is None
            and no_area
            and by_postcode[level].null_count() == n
            and by_property[level].null_count() == n
        ):
            # Nothing loaded or supplied could place a record in this level's areas.
            codes[level] = nothing.alias(level)
            years[level] = _nulls(n, pl.Int16())
            continue
        # A postcode's centroid takes its areas from the directory: only those the directory
        # lacks are looked up in the boundaries.
        wanted = ((precision != Precision.POSTCODE.value) | by_postcode[level].is_null()).to_numpy()
        frame = pl.DataFrame(
            {
                "precision": precision,
                "pip": index.locate(easting, northing, wanted) if index is not None else nothing,
                "record": by_postcode[level],
                "record_ok": by_postcode[level].set(pl.Series(far_postcode), None),
                "property": by_property[level],
                "area": area,
                "own_level": (area_level == level).fill_null(False),
                "nests": (rank <= _NESTED.index(level)).fill_null(False)
                if level in _NESTED
                else pl.Series([False] * n),
            }
        )
        chosen = frame.select(
            pl.when(p == Precision.POSTCODE.value)
            .then(pl.coalesce("record", "pip"))
            .when(p == Precision.UPRN.value)
            .then(pl.coalesce("pip", "property"))
            .when(p == Precision.POINT.value)
            .then(pl.coalesce("pip", "record_ok"))
            .when(p == Precision.STREET.value)
            .then(pl.col("pip"))
            .when((p == Precision.AREA.value) & pl.col("own_level"))
            .then(pl.col("area"))
            .when((p == Precision.AREA.value) & pl.col("nests"))
            .then(pl.col("pip"))
            .alias("code"),
            pl.col("pip"),
        )
        codes[level] = chosen["code"].alias(level)
        boundary_year = index.year if index is not None else None
        years[level] = (
            chosen.select(
                pl.when(pl.col("code").is_null())
                .then(None)
                .when(pl.col("code") == pl.col("pip"))
                .then(pl.lit(boundary_year, pl.Int16))
                .otherwise(pl.lit(geography.postcode_year, pl.Int16))
            )
            .to_series()
            .cast(pl.Int16)
        )
    year = pl.coalesce(pl.lit(years["lsoa"]), pl.lit(years["oa"]), pl.lit(years["msoa"]))
    return codes, pl.select(year.alias("year")).to_series()


def _directory_areas(geography: Geography, postcode: pl.Series) -> pl.DataFrame:
    n = postcode.len()
    if geography.postcodes is None:
        return pl.DataFrame({level: _nulls(n, pl.String(), level) for level in LEVELS})
    return (
        postcode.to_frame("postcode")
        .select(postcode_key(pl.col("postcode")).alias("key"))
        .join(
            geography.postcodes.select("key", *LEVELS), on="key", how="left", maintain_order="left"
        )
        .select(LEVELS)
    )


def _flag_text(flags: dict[Flag, Bools], n: int) -> pl.Series:
    """Each row's raised flags, in :class:`Flag` order, separated by ``;``; null for none."""
    raised = pl.DataFrame(
        {flag.value: flags[flag] for flag in Flag if flag in flags and flags[flag].any()}
    )
    if raised.width == 0:  # (most supplies: nothing to write)
        return _nulls(n, pl.String())
    text = raised.select(
        pl.concat_str(
            [pl.when(pl.col(flag)).then(pl.lit(flag)) for flag in raised.columns],
            separator=";",
            ignore_nulls=True,
        )
    ).to_series()
    return text.set(text == "", None)
