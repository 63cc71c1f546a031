"""Geocoding a supply's records as they are taken in, place by place (see
:mod:`csphub.geo.geocoder`), and the summary that goes into the supply's report."""

from __future__ import annotations

import operator
from collections.abc import Callable
from functools import reduce

import polars as pl

from csphub.catalogue import Dataset, Location
from csphub.frames import aligned, chunk_lengths
from csphub.geo.geocoder import Flag, geocode, lat_lon_of
from csphub.geo.reference import Geography
from csphub.ingest.readers import ROW
from csphub.ingest.validation import Rule, Severity
from csphub.store.records import GEO_PARTS, geo_column

# (place, references) -> reference, uprn: where the agency's stored records placed the people
# those references name, at that place (their home). See Archive.known_homes.
KnownHomes = Callable[[Location, pl.Series], pl.DataFrame]

_FLAG_TEXT = {
    Flag.OUTSIDE_GB: "have coordinates outside Great Britain (not used)",
    Flag.OUTSIDE_AREA: "have coordinates outside the loaded boundaries of the area",
    Flag.FAR_FROM_POSTCODE: "have coordinates far from their postcode",
    Flag.FAR_FROM_ADDRESS: "have coordinates far from the property their address matched",
    Flag.INVALID_POSTCODE: "have text in the postcode field that is not a postcode",
    Flag.UNKNOWN_POSTCODE: "have a postcode the loaded postcode directory does not hold",
    Flag.TERMINATED_POSTCODE: "have a terminated postcode (still located by it)",
    Flag.UNKNOWN_UPRN: "have a UPRN the loaded gazetteer does not hold",
    Flag.AREA_DISAGREES: "have an area code that disagrees with where their point lies",
    Flag.BY_OTHER_PLACE: "have an address that fits several properties, one of which the "
    "record's other address names (that one is taken)",
    Flag.BY_KNOWN_HOME: "have a home address that fits several properties, one of which the "
    "same person's home was matched to in another record (that one is taken)",
}
_METHOD_TEXT = {
    "uprn": "by UPRN",
    "address": "by address (to a UPRN)",
    "supplied": "by their own coordinates",
    "postcode": "by postcode",
    "street": "by street",
    "area": "by area code",
    "none": "not located",
}


def _issue(severity: Severity, place: str, message: str) -> dict[str, object]:
    return {
        "row_number": None,
        "field": place,
        "rule": str(Rule.GEOCODING),
        "severity": str(severity),
        "message": message,
    }


def _inputs(records: pl.DataFrame, place: Location) -> pl.DataFrame:
    columns = []
    addresses = place.fields_of("address")
    if addresses:
        columns.append(
            pl.concat_str([pl.col(f) for f in addresses], separator=", ", ignore_nulls=True).alias(
                "address"
            )
        )
    for part, field in place.inputs:
        if part != "address":
            columns.append(pl.col(field).alias(part))
    return records.select(columns)


def geocode_records(
    geography: Geography,
    dataset: Dataset,
    records: pl.DataFrame,
    tolerance_m: float,
    *,
    lat_lon: bool = True,
    known_homes: KnownHomes | None = None,
) -> tuple[pl.DataFrame, list[dict[str, object]]]:
    """The geocode columns of every record (``_row`` plus ``_geo_<place>_<part>``) and the
    report's lines about them. Without ``lat_lon`` the latitudes and longitudes are left
    empty, for :func:`lat_lon_filler` to fill in batch by batch. ``known_homes(place,
    references)``: for a place that is the home of the person a reference names, the
    properties (``reference``, ``uprn``) the agency's stored records placed those people at;
    asked only for the references of homes left without a property."""
    columns = [records[ROW]]
    chunks = chunk_lengths(records[ROW])
    issues: list[dict[str, object]] = []
    if dataset.locations and geography.empty:
        issues.append(
            _issue(
                Severity.INFO,
                "",
                "no reference geography is loaded, so records were located only by any "
                "coordinates they carry; load it with `csphub geo load`",
            )
        )
    inputs = {place.name: _inputs(records, place) for place in dataset.locations}
    coded = {
        name: geocode(geography, given, tolerance_m=tolerance_m, lat_lon=lat_lon)
        for name, given in inputs.items()
    }
    _settle_unmatched(geography, dataset, records, inputs, coded, known_homes, tolerance_m, lat_lon)
    for place in dataset.locations:
        columns += [
            aligned(coded[place.name][part].alias(geo_column(place.name, part)), chunks)
            for part in GEO_PARTS
        ]
        if records.height:
            issues += _summary(place, coded[place.name], records)
    return pl.DataFrame(columns), issues


def _settle_unmatched(
    geography: Geography,
    dataset: Dataset,
    records: pl.DataFrame,
    inputs: dict[str, pl.DataFrame],
    coded: dict[str, pl.DataFrame],
    known_homes: KnownHomes | None,
    tolerance_m: float,
    lat_lon: bool,
) -> None:
    """Each place's addresses left without a property, geocoded again (in ``coded``) with
    the evidence the other geocodes give, for the geocoder to settle those that fit several
    properties (see :meth:`csphub.geo.guard.Guard.settle_by`):

    ``related``  the properties the record's other places were matched to (an ambulance
                 call's scene written "1 Park Lane", its patient's home "Flat A, 1 Park Lane");
    ``homes``    for a person's home, the properties the same person was placed at by this
                 supply's other records and by the agency's stored ones (``known_homes``,
                 asked about the people whose home is left without a property)

    All from the first geocode of every place: one round, whatever the places' order."""
    if geography.properties is None:
        return  # no gazetteer: nothing to settle on
    first = {name: frame["uprn"].alias(name) for name, frame in coded.items()}
    for place in dataset.locations:
        given = inputs[place.name]
        if "address" not in given.columns:
            continue
        evidence = []
        others = [uprns for name, uprns in first.items() if name != place.name]
        if others:
            evidence.append(
                pl.DataFrame(others)
                .select(pl.concat_list(pl.all()).list.drop_nulls().alias("related"))
                .to_series()
            )
        if place.resident is not None:
            people = records[place.resident]
            unplaced = people.filter(first[place.name].is_null() & given["address"].is_not_null())
            stored = known_homes(place, unplaced) if known_homes and unplaced.len() else None
            evidence.append(_homes(people, first[place.name], stored))
        if evidence:
            coded[place.name] = _geocode_again(
                geography, given, coded[place.name], evidence, tolerance_m, lat_lon
            )


def _homes(references: pl.Series, uprns: pl.Series, stored: pl.DataFrame | None) -> pl.Series:
    """``homes``: for each record, the properties its person (``references``) was placed at
    by the records of this supply (``uprns``, this place's geocode) and by the agency's
    ``stored`` records (``reference``, ``uprn``)."""
    people = references.cast(pl.String).to_frame("reference")
    pairs = people.with_columns(uprns.alias("uprn"))
    if stored is not None:
        pairs = pl.concat([pairs, stored.select("reference", "uprn")])
    per_person = (
        pairs.drop_nulls().unique().group_by("reference").agg(pl.col("uprn").sort().alias("homes"))
    )
    return people.join(per_person, on="reference", how="left", maintain_order="left")["homes"]


def _geocode_again(
    geography: Geography,
    given: pl.DataFrame,
    frame: pl.DataFrame,
    evidence: list[pl.Series],
    tolerance_m: float,
    lat_lon: bool,
) -> pl.DataFrame:
    """``frame`` (a place's geocode of ``given``) with the rows it left without a property that
    had an address to match, and some ``evidence``, geocoded again with it: lists of UPRNs per
    row, each the geocoder's input of its name."""
    some = reduce(operator.or_, (e.list.len().fill_null(0) > 0 for e in evidence))
    wanted = frame["uprn"].is_null() & given["address"].is_not_null() & some
    if not wanted.any():
        return frame
    at = wanted.arg_true()
    redone = geocode(
        geography,
        given.gather(at).with_columns(e.gather(at) for e in evidence),
        tolerance_m=tolerance_m,
        lat_lon=lat_lon,
    )
    return frame.with_columns(frame[c].scatter(at, redone[c]) for c in frame.columns)


def lat_lon_filler(dataset: Dataset) -> Callable[[pl.DataFrame], pl.DataFrame]:
    """The geocoded latitudes and longitudes of a batch of records, from their geocoded
    eastings and northings (null where there are none). The archive fills them in batch by
    batch as it stages them, in threads that run while the batch before is copied: that takes
    the conversion, a third of a second a million records, off the critical path."""
    places = [place.name for place in dataset.locations]

    def fill(batch: pl.DataFrame) -> pl.DataFrame:
        columns = []
        for place in places:
            e, n = geo_column(place, "easting"), geo_column(place, "northing")
            if e in batch.columns and n in batch.columns:
                lat, lon = lat_lon_of(batch[e], batch[n])
            else:  # left out of the batch because no record has one
                lat = lon = pl.repeat(None, batch.height, dtype=pl.Float64, eager=True)
            columns += [lat.alias(geo_column(place, "lat")), lon.alias(geo_column(place, "lon"))]
        return pl.DataFrame(columns)

    return fill


def _summary(
    place: Location, coded: pl.DataFrame, records: pl.DataFrame
) -> list[dict[str, object]]:
    counts = dict(coded["method"].value_counts().iter_rows())
    located = ", ".join(
        f"{counts[m]:,} {text}" for m, text in _METHOD_TEXT.items() if counts.get(m)
    )
    lines = [_issue(Severity.INFO, place.name, f"records located: {located}")]
    raised = coded["flags"].drop_nulls().str.split(";").explode().value_counts()
    for flag, count in sorted(raised.iter_rows()):
        lines.append(
            _issue(
                Severity.WARNING,
                place.name,
                f"{count:,} records {_FLAG_TEXT[Flag(flag)]} (flag {flag})",
            )
        )
    areas = place.fields_of("area")
    if areas:
        supplied = records[areas[0]]
        both = supplied.is_not_null() & coded["precision"].is_in(["uprn", "point", "street"])
        judged = 0
        agree = 0
        for level in ("oa", "lsoa", "msoa", "ward", "la"):
            found = coded[level]
            usable = both & found.is_not_null() & (supplied.str.slice(0, 3).is_in(_prefixes(level)))
            judged += int(usable.sum())
            agree += int((usable & (found == supplied)).sum())
        if judged:
            lines.append(
                _issue(
                    Severity.INFO,
                    place.name,
                    f"supplied area codes agree with the loaded boundaries for "
                    f"{agree / judged:.1%} ({agree:,} of {judged:,}) of the records that have "
                    "both",
                )
            )
    return lines


def _prefixes(level: str) -> list[str]:
    from csphub.geo.boundaries import GSS_ENTITIES

    return list(GSS_ENTITIES[level])
