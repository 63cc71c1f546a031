"""Fire and Rescue Service deliberate fires, malicious calls and assaults on staff (guidance
§3.2.4), as the service's incident recording system exports them.

Deliberate primary fires are fires in vehicles and buildings; deliberate secondary fires burn
refuse, bins, grass and derelict property, peaking in the dry spring and around bonfire night;
malicious false alarms come mostly from schools, blocks of flats and shops, after school and in
the evening; crews are assaulted now and then, most often around bonfire night. Incidents lean
heavily towards the estates. Casualties are counted for fires and assaults (mostly none), not for
false alarms, where they are not relevant. A planted spate of deliberate secondary fires on one
estate (a cluster) starts part-way through the period.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from csphub.synth.datasets.council import (
    area_weight,
    day_weights,
    draw_times,
    locations,
    near,
    normalised,
    pick,
    street_level,
)
from csphub.synth.supply import Plan
from csphub.synth.world import Cluster, Month, World

AGENCY = "eastbrook-fire"
RATE = 0.5  # incidents per 1,000 people per month, over a year


@dataclass(frozen=True)
class Subtype:
    what: str  # what burned or where, as the location description starts
    weight: float
    where: str  # dwelling, outbuilding, building, street, grass, alarm
    casualties: tuple[float, ...]  # chances of 0, 1, 2 casualties; () for not relevant


@dataclass(frozen=True)
class FireType:
    title: str
    share: float
    season: tuple[float, ...]
    hours: tuple[float, ...]
    subtypes: tuple[Subtype, ...]
    bonfire: float  # how strongly the days around 5 November (and Halloween) draw incidents


_EVENING = (2.5, 2, 1.5, 1, 0.6, 0.4, 0.3, 0.3, 0.4, 0.5, 0.7, 0.9, 1.1, 1.3, 1.6, 2, 2.6, 3.3,
            4, 4.5, 4.6, 4.4, 3.8, 3.2)  # fmt: skip
_LATE = (4, 4, 3.5, 2.5, 1.5, 0.8, 0.4, 0.3, 0.3, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 1, 1.2, 1.5, 2, 2.6,
         3.2, 3.8, 4.2, 4.4)  # fmt: skip
_CALLS = (0.8, 0.5, 0.3, 0.2, 0.1, 0.1, 0.2, 0.4, 0.8, 1.1, 1.2, 1.3, 1.5, 1.7, 2, 2.8, 3.3, 3.2,
          3, 2.8, 2.4, 2, 1.5, 1.1)  # fmt: skip
_NONE = ()
_FIRE_CASUALTIES = (0.97, 0.025, 0.005)

FIRE_TYPES = [
    FireType(
        "Deliberate primary fire",
        0.20,
        (0.95, 0.9, 1.0, 1.05, 1.0, 0.95, 1.0, 1.0, 0.95, 1.05, 1.15, 1.0),
        _LATE,
        (
            Subtype("Car", 0.42, "street", (0.98, 0.02, 0.0)),
            Subtype("Van", 0.07, "street", (0.98, 0.02, 0.0)),
            Subtype("Motorcycle", 0.06, "street", (0.98, 0.02, 0.0)),
            Subtype("Dwelling", 0.20, "dwelling", (0.86, 0.11, 0.03)),
            Subtype("Garage or shed", 0.15, "outbuilding", _FIRE_CASUALTIES),
            Subtype("Non-residential building", 0.10, "building", _FIRE_CASUALTIES),
        ),
        0.5,
    ),
    FireType(
        "Deliberate secondary fire",
        0.58,
        (0.55, 0.7, 1.3, 1.65, 1.35, 1.05, 1.1, 1.15, 0.8, 0.95, 1.55, 0.5),
        _EVENING,
        (
            Subtype("Wheelie bin", 0.25, "street", (0.997, 0.003, 0.0)),
            Subtype("Refuse container", 0.12, "street", (0.997, 0.003, 0.0)),
            Subtype("Loose refuse", 0.16, "street", (0.997, 0.003, 0.0)),
            Subtype("Grassland", 0.20, "grass", (0.997, 0.003, 0.0)),
            Subtype("Scrubland", 0.09, "grass", (0.997, 0.003, 0.0)),
            Subtype("Derelict building", 0.08, "street", (0.99, 0.01, 0.0)),
            Subtype("Derelict vehicle", 0.10, "street", (0.997, 0.003, 0.0)),
        ),
        4.0,
    ),
    FireType(
        "Malicious false alarm",
        0.19,
        (0.9, 0.9, 1.0, 1.0, 1.05, 1.05, 1.1, 1.0, 1.0, 1.05, 1.05, 0.9),
        _CALLS,
        (Subtype("Malicious call", 1.0, "alarm", _NONE),),
        0.5,
    ),
    FireType(
        "Assault on staff",
        0.03,
        (0.8, 0.7, 0.8, 0.9, 0.9, 0.9, 1.0, 1.0, 0.8, 1.2, 2.5, 0.9),
        _EVENING,
        (Subtype("Crew attacked", 1.0, "street", (0.55, 0.4, 0.05)),),
        6.0,
    ),
]
BY_TITLE = {t.title: t for t in FIRE_TYPES}
# The grass-fire season: dry springs and summers, little in winter.
_GRASS_SEASON = (0.3, 0.5, 1.8, 2.2, 1.6, 1.0, 1.3, 1.4, 0.7, 0.5, 0.4, 0.3)
_AREAS = {"estate": 4.0, "centre": 2.0, "suburb": 1.0, "rural": 0.6}
_GRASS_AREAS = {"rural": 4.0, "estate": 2.0, "suburb": 1.5, "centre": 0.2}
_ALARM_KINDS = {"school": 25.0, "block": 4.0, "shop": 1.5, "flat": 0.05, "house": 0.02}


def expected(world: World, month: Month) -> dict[str, float]:
    """The month's expected incidents of each type (before any planted cluster)."""
    return {
        t.title: world.people_count / 1000 * RATE * t.share * normalised(t.season)[month.month - 1]
        for t in FIRE_TYPES
    }


def _bonfire_days(month: Month, strength: float) -> dict[int, float]:
    if month.month == 11:
        return {1: 1 + strength * 0.5, 2: 1 + strength * 0.5, 3: 1 + strength * 0.7,
                4: 1 + strength, 5: 1 + strength * 3, 6: 1 + strength}  # fmt: skip
    if month.month == 10:
        return {30: 1 + strength * 0.5, 31: 1 + strength}
    return {}


def _places(
    world: World, rng: np.random.Generator, where: str, n: int, cluster: Cluster | None
) -> pl.DataFrame:
    places = world.places
    residential = places.filter(pl.col("residential"))
    if cluster is not None:
        return street_level(pick(rng, near(residential, cluster), n))
    if where == "dwelling":
        homes = residential.join(world.homes.select("uprn"), on="uprn", how="semi")
        return pick(rng, homes, n, area_weight(_AREAS))
    if where == "outbuilding":
        houses = places.filter(pl.col("kind").is_in(["house", "terrace", "farm"]))
        return pick(rng, houses, n, area_weight(_AREAS))
    if where == "building":
        buildings = places.filter(pl.col("kind").is_in(["shop", "school", "licensed", "block"]))
        return pick(rng, buildings, n, area_weight(_AREAS))
    if where == "alarm":
        callable_ = places.filter(pl.col("kind").is_in(list(_ALARM_KINDS)))
        weight = area_weight(_ALARM_KINDS, "kind") * area_weight(_AREAS)
        return pick(rng, callable_, n, weight)
    if where == "grass":
        return street_level(pick(rng, residential, n, area_weight(_GRASS_AREAS)))
    return street_level(pick(rng, residential, n, area_weight(_AREAS)))


def _part(
    world: World,
    rng: np.random.Generator,
    month: Month,
    kind: FireType,
    n: int,
    cluster: Cluster | None = None,
) -> pl.DataFrame:
    weights = np.asarray(
        [
            s.weight * (_GRASS_SEASON[month.month - 1] if s.where == "grass" else 1.0)
            for s in kind.subtypes
        ]
    )
    if cluster is not None:  # a spate of bin and refuse fires
        weights = np.asarray([s.weight if s.what in _REFUSE else 0.0 for s in kind.subtypes])
    sub = rng.choice(len(kind.subtypes), size=n, p=weights / weights.sum())
    parts = []
    for index in sorted(set(sub.tolist())):
        subtype = kind.subtypes[index]
        count = int((sub == index).sum())
        where = locations(_places(world, rng, subtype.where, count, cluster))
        count = where.height
        if subtype.where in ("street", "grass") and kind.title.startswith("Deliberate"):
            # outdoors, the location as the crew describes it: what burned, and the street
            where = where.with_columns(
                (pl.lit(f"{subtype.what}, ") + pl.col("address")).alias("address")
            )
        if subtype.casualties:
            p = np.asarray(subtype.casualties)
            hurt = pl.Series(rng.choice(len(p), size=count, p=p / p.sum()), dtype=pl.Int64)
        else:
            hurt = pl.Series([None] * count, dtype=pl.Int64)
        hours = _LATE if subtype.what in ("Car", "Van", "Motorcycle") else kind.hours
        when = draw_times(
            rng, month, count, hours, day_weights(month, days=_bonfire_days(month, kind.bonfire))
        )
        parts.append(
            where.with_columns(
                pl.lit(kind.title).alias("incident_type"),
                pl.lit(subtype.what).alias("subtype"),
                pl.Series("when", when.astype("datetime64[us]")),
                hurt.alias("casualties"),
                pl.lit(cluster.id if cluster else None, dtype=pl.String).alias("cluster"),
            )
        )
    return pl.concat(parts) if parts else pl.DataFrame()


_REFUSE = {"Wheelie bin", "Refuse container", "Loose refuse"}


def make_incidents(world: World, month: Month) -> pl.DataFrame:
    rng = world.rng("fire", "incidents", month.label)
    parts = []
    for kind in FIRE_TYPES:
        n = int(rng.poisson(expected(world, month)[kind.title]))
        if n:
            parts.append(_part(world, rng, month, kind, n))
    for cluster in world.clusters:
        if cluster.dataset == "fire-incidents" and cluster.active(month):
            parts.append(
                _part(world, rng, month, BY_TITLE[cluster.kind], cluster.per_month, cluster)
            )
    parts = [p for p in parts if p.height]
    if not parts:
        return pl.DataFrame()
    return pl.concat(parts).sort("when", "incident_type", "easting", "northing", "address")


def incidents(world: World, month: Month) -> pl.DataFrame:
    frame = make_incidents(world, month)
    if frame.height == 0:
        return _empty()
    references = [
        f"EBF/{month.year % 100:02d}{month.month:02d}/{n:05d}" for n in range(1, frame.height + 1)
    ]
    return frame.with_columns(pl.Series("incident_reference", references)).select(
        "incident_reference",
        "incident_type",
        pl.col("when").dt.date().alias("incident_date"),
        pl.col("when").dt.time().alias("incident_time"),
        "casualties",
        pl.col("address").alias("location_address"),
        pl.col("postcode").alias("location_postcode"),
        pl.col("easting").cast(pl.Float64).alias("easting"),
        pl.col("northing").cast(pl.Float64).alias("northing"),
        pl.col("subtype").alias("__property"),
        pl.col("uprn").alias("__uprn"),
        pl.col("easting").alias("__easting"),
        pl.col("northing").alias("__northing"),
        pl.col("lsoa").alias("__lsoa"),
        pl.col("oa_kind").alias("__area_kind"),
        pl.col("cluster").alias("__cluster"),
    )


def _empty() -> pl.DataFrame:
    return pl.DataFrame(
        schema={
            "incident_reference": pl.String,
            "incident_type": pl.String,
            "incident_date": pl.Date,
            "incident_time": pl.Time,
            "casualties": pl.Int64,
            "location_address": pl.String,
            "location_postcode": pl.String,
            "easting": pl.Float64,
            "northing": pl.Float64,
            "__property": pl.String,
            "__uprn": pl.Int64,
            "__easting": pl.Int32,
            "__northing": pl.Int32,
            "__lsoa": pl.String,
            "__area_kind": pl.String,
            "__cluster": pl.String,
        }
    )


PLANS = [
    Plan(
        dataset="fire-incidents",
        agency=AGENCY,
        render=incidents,
        headers={
            "incident_reference": "Incident Number",
            "incident_type": "Incident Classification",
            "incident_date": "Call Date",
            "incident_time": "Call Time",
            "casualties": "Casualties",
            "location_address": "Incident Address",
            "location_postcode": "Postcode",
            "easting": "Easting",
            "northing": "Northing",
        },
        address_fields={"location_address": "__uprn"},
        postcode_fields={"location_postcode": "location_address"},
        caveats=(
            "Deliberate fires, malicious false alarms and assaults on staff only.",
            "Outdoor incidents are described by what burned and the street; coordinates are the "
            "mobilising system's.",
            "Casualties are not recorded for false alarms.",
        ),
    ),
]
