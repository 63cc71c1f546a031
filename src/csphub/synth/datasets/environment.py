"""Environment Agency recorded environmental crime (guidance §3.2.19): large illegal dumps of
waste (A) and illegal waste processing sites (B).

Large dumps are rare: a few a month in a town of 20,000, mostly construction and demolition
waste, household and commercial waste and tyres, some hazardous. They are tipped at the edges of
the town (laybys, field entrances, land behind the last streets, farmland where there is any),
usually unseen: the record runs from when the place was last seen clear (often an evening, the
time not always known) to when the dump was found, hours or days later, in working hours.

Illegal waste sites are rarer still: a handful a year, on a farm or behind a house at the edge of
town, or a yard behind a shop, run by a named owner (a resident of the site where anyone lives
there, otherwise someone from elsewhere; people who offend more often). The EA supplies each
month the sites it identified that month: the dataset is keyed by site reference and placed in
time by the date identified, so a monthly list of new discoveries is what fits; a snapshot of
every site known would carry identification dates from before its period, which the period rule
quarantines.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl

from csphub.synth.datasets.council import (
    area_weight,
    centre_distance,
    day_weights,
    draw_times,
    locations,
    pick,
    street_level,
)
from csphub.synth.supply import Plan
from csphub.synth.world import Month, World

AGENCY = "environment-agency"
DUMPING_RATE = 0.15  # large dumps per 1,000 people per month
SITES_RATE = 0.025  # illegal waste sites identified per 1,000 people per month

DUMP_TYPES = [
    ("Construction and demolition waste", 32),
    ("Household waste", 22),
    ("Tyres", 18),
    ("Commercial waste", 12),
    ("Hazardous waste - asbestos", 8),
    ("Hazardous waste - chemical drums", 4),
    ("Green waste", 4),
]
# Where a dump is described: by the road at the edge of town, or in the fields.
DUMP_PLACES = ["Layby,", "Verge,", "Land rear of", "Access road off"]
DUMP_PLACES_RURAL = ["Field entrance,", "Farm track off", "Layby,", "Verge,"]
SITE_WASTE = [
    ("Tyres", 25),
    ("Construction and demolition waste", 25),
    ("End-of-life vehicles", 15),
    ("Mixed household and commercial waste", 15),
    ("Waste electrical and electronic equipment", 8),
    ("Scrap metal", 7),
    ("Wood waste", 5),
]
_EDGE_AREAS = {"rural": 5.0, "estate": 1.5, "suburb": 1.0, "centre": 0.05}
_DUMP_FROM = (0.5, 0.3, 0.2, 0.1, 0.1, 0.2, 0.5, 1, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 2, 2.5, 3, 3.5,
              3.5, 3, 2.5, 2, 1.2, 0.8)  # fmt: skip
_WORKDAYS = (1.1, 1.1, 1.1, 1.1, 1.0, 0.4, 0.3)


def _edges(world: World) -> pl.DataFrame:
    """Residential places weighted towards the edges of the town (and its farmland)."""
    places = world.places.filter(pl.col("residential"))
    return places.with_columns(
        (area_weight(_EDGE_AREAS) * (centre_distance(places) ** 3 + 0.01)).alias("edge")
    )


def _absolute(month: Month) -> int:
    return (month.year - 2000) * 12 + month.month - 1


def _references(rng: np.random.Generator, month: Month, n: int, base: int, span: int) -> list[int]:
    """Numbers from a national sequence: this month's block, with other areas' numbers between."""
    offsets = np.sort(rng.choice(span, size=min(n, span), replace=False))
    return [base + _absolute(month) * span + int(o) for o in offsets]


# --------------------------------------------------------------------------- illegal dumping


def dumping(world: World, month: Month) -> pl.DataFrame:
    rng = world.rng("environment", "dumping", month.label)
    n = int(rng.poisson(world.people_count / 1000 * DUMPING_RATE))
    if n == 0:
        return _empty_dumping()
    labels, weights = zip(*DUMP_TYPES, strict=True)
    p = np.asarray(weights, dtype=float)
    kinds = rng.choice(np.asarray(labels), size=n, p=p / p.sum())
    where = pick(rng, _edges(world), n, pl.col("edge"))
    # on a farm, the dump is on the farm's land (its address); elsewhere by the road
    on_farm = (where["kind"] == "farm").to_numpy() & (rng.random(n) < 0.5)
    rural = (where["oa_kind"] == "rural").to_numpy()
    place = np.where(
        rural,
        rng.choice(np.asarray(DUMP_PLACES_RURAL), size=n),
        rng.choice(np.asarray(DUMP_PLACES), size=n),
    )
    described = street_level(where).with_columns(
        pl.Series("place", place, dtype=pl.String),
        # grid references are taken on the spot, not at the nearest house
        (pl.col("easting") + pl.Series(rng.integers(-60, 61, n)).cast(pl.Int32)).alias("easting"),
        (pl.col("northing") + pl.Series(rng.integers(-60, 61, n)).cast(pl.Int32)).alias("northing"),
    )
    described = described.with_columns(
        (pl.col("place") + " " + pl.col("address")).alias("address"),
        pl.lit(None, dtype=pl.String).alias("postcode"),  # a layby has no postcode
    )
    by_road = locations(described)
    located = locations(where).with_columns(
        pl.when(pl.Series(on_farm)).then(pl.col(c)).otherwise(by_road[c]).alias(c)
        for c in ("uprn", "address", "postcode", "easting", "northing")
    )
    seen_clear = draw_times(rng, month, n, _DUMP_FROM)
    gap_minutes = np.clip(np.exp(rng.normal(np.log(20 * 60), 1.1, n)), 60, 10 * 24 * 60)
    found = seen_clear + gap_minutes.astype("timedelta64[m]")
    found = _working_hours(rng, found)
    latest = np.datetime64(month.last + dt.timedelta(days=4), "m") + np.timedelta64(17 * 60, "m")
    found = np.minimum(found, latest)
    frame = located.with_columns(
        pl.Series("incident_type", kinds, dtype=pl.String),
        pl.Series("seen_clear", seen_clear.astype("datetime64[us]")),
        pl.Series("found", found.astype("datetime64[us]")),
        pl.Series("timed", rng.random(n) >= 0.25),  # when it was last seen clear, to the hour
    ).sort("seen_clear", "incident_type", "easting", "northing")
    references = _references(rng, month, frame.height, 1_000_000, 7_000)
    return frame.with_columns(pl.Series("reference", [str(r) for r in references])).select(
        pl.col("reference").alias("incident_reference"),
        "incident_type",
        pl.col("seen_clear").dt.date().alias("committed_from_date"),
        pl.when(pl.col("timed")).then(pl.col("seen_clear").dt.time()).alias("committed_from_time"),
        pl.col("found").dt.date().alias("committed_to_date"),
        pl.col("found").dt.time().alias("committed_to_time"),
        pl.col("address").alias("location_address"),
        pl.col("postcode").alias("location_postcode"),
        pl.col("easting").cast(pl.Float64).alias("easting"),
        pl.col("northing").cast(pl.Float64).alias("northing"),
        pl.col("uprn").alias("__uprn"),
        pl.col("easting").alias("__easting"),
        pl.col("northing").alias("__northing"),
        pl.col("lsoa").alias("__lsoa"),
    )


def _working_hours(rng: np.random.Generator, moments: np.ndarray) -> np.ndarray:
    """Dumps are found by day: one found at night is found the next morning instead."""
    minute_of_day = (moments - moments.astype("datetime64[D]")).astype(int)
    night = (minute_of_day < 7 * 60) | (minute_of_day >= 19 * 60)
    next_morning = (
        moments.astype("datetime64[D]")
        + np.where(minute_of_day >= 19 * 60, 1, 0).astype("timedelta64[D]")
    ).astype("datetime64[m]") + rng.integers(7 * 60, 11 * 60, len(moments)).astype("timedelta64[m]")
    return np.where(night, next_morning, moments)


def _empty_dumping() -> pl.DataFrame:
    return pl.DataFrame(
        schema={
            "incident_reference": pl.String,
            "incident_type": pl.String,
            "committed_from_date": pl.Date,
            "committed_from_time": pl.Time,
            "committed_to_date": pl.Date,
            "committed_to_time": pl.Time,
            "location_address": pl.String,
            "location_postcode": pl.String,
            "easting": pl.Float64,
            "northing": pl.Float64,
            "__uprn": pl.Int64,
            "__easting": pl.Int32,
            "__northing": pl.Int32,
            "__lsoa": pl.String,
        }
    )


# --------------------------------------------------------------------------- illegal waste sites

_SITE_KINDS = {"farm": 8.0, "house": 1.0, "terrace": 0.3, "shop": 0.6}
_NAMES_BY_KIND = {
    "farm": ["Land at {place}", "{surname} Recycling", "{locality} Tyre Disposal"],
    "house": ["Yard rear of {place}", "{surname} Skip Hire", "Land at {place}"],
    "terrace": ["Yard rear of {place}", "{surname} Waste Clearance"],
    "shop": ["{surname} Recycling", "{locality} Metals", "{surname} Tyres"],
}


def waste_sites(world: World, month: Month) -> pl.DataFrame:
    rng = world.rng("environment", "sites", month.label)
    n = int(rng.poisson(world.people_count / 1000 * SITES_RATE))
    if n == 0:
        return _empty_sites()
    places = world.places.filter(pl.col("kind").is_in(list(_SITE_KINDS)))
    edge = centre_distance(places) ** 2 + 0.05
    sites = pick(rng, places, n, area_weight(_SITE_KINDS, "kind") * edge).with_row_index("i")
    # the owner: an adult living at the site if anyone does, otherwise an adult from anywhere;
    # people who offend far more often
    adults = world.population.people.filter(pl.col("age") >= 18).select(
        "person_id",
        "uprn",
        "given_name",
        "surname",
        (pl.col("offending") * 20 + 0.05).alias("w"),
    )
    at_site = sites.select("i", "uprn").join(adults, on="uprn").sort("i", "person_id")
    resident: dict[int, int] = {}
    if at_site.height:
        # weighted choice of one per site: the largest u ** (1 / w)
        at_site = at_site.with_columns(
            (pl.lit(pl.Series(rng.random(at_site.height))) ** (1 / pl.col("w"))).alias("key")
        )
        best = at_site.sort("i", "key", descending=[False, True]).unique(
            "i", keep="first", maintain_order=True
        )
        resident = dict(best.select("i", "person_id").iter_rows())
    w = adults["w"].to_numpy()
    elsewhere = adults["person_id"].to_numpy()[rng.choice(adults.height, size=n, p=w / w.sum())]
    owners = [resident.get(i, int(elsewhere[i])) for i in range(n)]
    sites = sites.with_columns(pl.Series("person_id", owners, dtype=pl.Int64)).join(
        adults.select("person_id", "given_name", "surname"), on="person_id", how="left"
    )
    labels, weights = zip(*SITE_WASTE, strict=True)
    p = np.asarray(weights, dtype=float)
    waste = rng.choice(np.asarray(labels), size=n, p=p / p.sum())
    names = []
    for row, pattern_pick in zip(sites.sort("i").iter_rows(named=True), rng.random(n), strict=True):
        patterns = _NAMES_BY_KIND[row["kind"]]
        pattern = patterns[int(pattern_pick * len(patterns))]
        number = row["pao_number"] or row["pao_text"]
        names.append(
            pattern.format(
                place=f"{number} {row['street']}"
                if row["pao_number"]
                else f"{number}, {row['street']}",
                surname=row["surname"],
                locality=row["locality"],
            )
        )
    days = day_weights(month, _WORKDAYS)
    identified = draw_times(rng, month, n, [1.0] * 24, days)
    frame = (
        sites.sort("i")
        .with_columns(
            pl.Series("site_name", names, dtype=pl.String),
            pl.Series("waste_type", waste, dtype=pl.String),
            pl.Series("identified", identified.astype("datetime64[D]")).cast(pl.Date),
        )
        .sort("identified", "site_name", "uprn")
    )
    references = _references(rng, month, frame.height, 100_000, 600)
    return frame.with_columns(
        pl.Series("reference", [f"IWS/{r:07d}" for r in references], dtype=pl.String)
    ).select(
        pl.col("reference").alias("site_reference"),
        "site_name",
        (pl.col("given_name") + " " + pl.col("surname")).alias("owner_name"),
        "waste_type",
        pl.col("identified").alias("date_identified"),
        pl.col("address").alias("location_address"),
        pl.col("postcode").alias("location_postcode"),
        pl.col("easting").cast(pl.Float64).alias("easting"),
        pl.col("northing").cast(pl.Float64).alias("northing"),
        pl.col("person_id").alias("__person_id"),
        pl.col("uprn").alias("__uprn"),
        pl.col("easting").alias("__easting"),
        pl.col("northing").alias("__northing"),
        pl.col("lsoa").alias("__lsoa"),
    )


def _empty_sites() -> pl.DataFrame:
    return pl.DataFrame(
        schema={
            "site_reference": pl.String,
            "site_name": pl.String,
            "owner_name": pl.String,
            "waste_type": pl.String,
            "date_identified": pl.Date,
            "location_address": pl.String,
            "location_postcode": pl.String,
            "easting": pl.Float64,
            "northing": pl.Float64,
            "__person_id": pl.Int64,
            "__uprn": pl.Int64,
            "__easting": pl.Int32,
            "__northing": pl.Int32,
            "__lsoa": pl.String,
        }
    )


PLANS = [
    Plan(
        dataset="ea-illegal-dumping",
        agency=AGENCY,
        render=dumping,
        headers={
            "incident_reference": "NIRS Reference",
            "incident_type": "Waste Type",
            "committed_from_date": "Date From",
            "committed_from_time": "Time From",
            "committed_to_date": "Date Discovered",
            "committed_to_time": "Time Discovered",
            "location_address": "Location Description",
            "location_postcode": "Postcode",
            "easting": "NGR Easting",
            "northing": "NGR Northing",
        },
        text_fields=("location_address",),
        address_fields={"location_address": "__uprn"},
        postcode_fields={"location_postcode": "location_address"},
        caveats=(
            "Large dumps only; councils record small flytips for FlyCapture.",
            "Committed from: when the place was last seen clear; committed to: when the dump "
            "was found.",
            "Grid references are taken on site; roadside locations have no postcode.",
        ),
    ),
    Plan(
        dataset="ea-illegal-waste-sites",
        agency=AGENCY,
        render=waste_sites,
        headers={
            "site_reference": "Site Ref",
            "site_name": "Site Name",
            "owner_name": "Operator",
            "waste_type": "Waste Category",
            "date_identified": "Date Identified",
            "location_address": "Site Address",
            "location_postcode": "Site Postcode",
            "easting": "NGR Easting",
            "northing": "NGR Northing",
        },
        text_fields=("owner_name", "site_name"),
        address_fields={"location_address": "__uprn"},
        postcode_fields={"location_postcode": "location_address"},
        caveats=(
            "Sites newly identified in the month; a site already supplied is not repeated.",
            "Personal data: names the site owner.",
        ),
    ),
]
