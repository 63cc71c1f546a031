"""The council's supplies: ASB and environmental crime it records (guidance §3.2.3), and the
education service's school exclusions (§3.2.18).

ASB and environmental crime follow the seasons: neighbour noise and nuisance from young people
swell on summer evenings, rowdy behaviour on weekend nights; graffiti, vandalism, flytipping and
abandoned vehicles are reported in the working day. The council's case system holds the incident
type in its own short codes (NOI, YTH, GRA, FLY, ABV…), which the partnership's code map turns
back into readable types. A planted rise of nuisance from young people in one suburb (a cluster)
starts part-way through the period.

Exclusions are of pupils aged 5 to 16 at the school nearest their home (secondary pupils
sometimes the next nearest), on term-time weekdays only, far more fixed-term than permanent and
far more at secondary schools, among boys, and among pupils who offend.

The small helpers in the first section are shared with the fire and Environment Agency modules.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import polars as pl

from csphub.synth.people import age_on, recorded_ethnicity, with_people
from csphub.synth.supply import Plan
from csphub.synth.world import Cluster, Month, World

COUNCIL = "eastbrook-council"
SCHOOLS = "eastbrook-schools"

# --------------------------------------------------------------------------- shared helpers


def normalised(values: Sequence[float]) -> np.ndarray:
    """Monthly factors scaled to average 1 over the year."""
    array = np.asarray(values, dtype=float)
    return array / array.mean()


def day_weights(
    month: Month,
    weekdays: Sequence[float] | None = None,
    days: dict[int, float] | None = None,
) -> np.ndarray:
    """A weight for each day of the month: by weekday (Monday first) and for particular days."""
    weights = np.ones(month.days)
    if weekdays is not None:
        weekday = (month.first.weekday() + np.arange(month.days)) % 7
        weights *= np.asarray(weekdays, dtype=float)[weekday]
    for day, factor in (days or {}).items():
        if 1 <= day <= month.days:
            weights[day - 1] *= factor
    return weights


def draw_times(
    rng: np.random.Generator,
    month: Month,
    n: int,
    hours: Sequence[float],
    days: np.ndarray | None = None,
) -> np.ndarray:
    """``n`` moments (datetime64[m]) in the month: days by weight, hours by a 24-hour profile."""
    day_w = np.ones(month.days) if days is None else np.asarray(days, dtype=float)
    hour_w = np.asarray(hours, dtype=float)
    day = rng.choice(month.days, size=n, p=day_w / day_w.sum())
    hour = rng.choice(24, size=n, p=hour_w / hour_w.sum())
    minute = rng.integers(0, 60, n)
    offset = (day * 1440 + hour * 60 + minute).astype("timedelta64[m]")
    return np.datetime64(month.first, "m") + offset


def area_weight(weights: dict[str, float], column: str = "oa_kind") -> pl.Expr:
    return pl.col(column).replace_strict(weights, default=1.0, return_dtype=pl.Float64)


def pick(
    rng: np.random.Generator, frame: pl.DataFrame, n: int, weight: pl.Expr | None = None
) -> pl.DataFrame:
    """``n`` rows drawn with replacement, in proportion to ``weight`` (uniformly without one)."""
    if n == 0 or frame.height == 0:
        return frame.head(0)
    if weight is None:
        return frame[rng.integers(0, frame.height, n)]
    p = frame.select(weight.cast(pl.Float64)).to_series().to_numpy()
    return frame[rng.choice(frame.height, size=n, p=p / p.sum())]


def near(places: pl.DataFrame, cluster: Cluster) -> pl.DataFrame:
    """The places within the cluster's radius (the nearest one if none is)."""
    d2 = (pl.col("easting").cast(pl.Int64) - cluster.easting) ** 2 + (
        pl.col("northing").cast(pl.Int64) - cluster.northing
    ) ** 2
    inside = places.filter(d2 <= cluster.radius_m**2)
    return inside if inside.height else places.sort(d2).head(1)


def street_level(places: pl.DataFrame) -> pl.DataFrame:
    """An incident in the street is recorded against the street, not an address: no UPRN."""
    return places.with_columns(
        pl.lit(None, dtype=pl.Int64).alias("uprn"),
        (pl.col("street") + ", " + pl.col("locality")).alias("address"),
    )


def centre_distance(places: pl.DataFrame) -> pl.Expr:
    """Each place's distance from the town centre (the stations), as a share of the furthest."""
    hub = places.filter(pl.col("kind").is_in(["station", "bus_station", "police_station"]))
    hub = hub if hub.height else places
    x, y = float(hub["easting"].mean()), float(hub["northing"].mean())  # type: ignore[arg-type]
    d = (
        (pl.col("easting").cast(pl.Float64) - x) ** 2
        + (pl.col("northing").cast(pl.Float64) - y) ** 2
    ).sqrt()
    return d / d.max()


_LOCATION_SCHEMA: dict[str, pl.DataType | type[pl.DataType]] = {
    "uprn": pl.Int64,
    "address": pl.String,
    "postcode": pl.String,
    "easting": pl.Int32,
    "northing": pl.Int32,
    "lsoa": pl.String,
    "msoa": pl.String,
    "oa_kind": pl.String,
}


def locations(places: pl.DataFrame) -> pl.DataFrame:
    return places.select(pl.col(name).cast(dtype) for name, dtype in _LOCATION_SCHEMA.items())


# --------------------------------------------------------------------------- council ASB

_SUMMER = np.array([0, 0, 0, 0, 0.5, 1, 1, 1, 0.4, 0, 0, 0])  # evening boost by month
_EVENING = np.array([1.0 if 19 <= h <= 23 else 0.0 for h in range(24)])


@dataclass(frozen=True)
class AsbType:
    title: str  # the readable type, as the partnership's code map gives it
    code: str  # the council's own code
    share: float  # share of a year's incidents
    season: tuple[float, ...]  # January to December
    hours: tuple[float, ...]  # 24-hour profile
    weekdays: tuple[float, ...]  # Monday to Sunday
    summer_evenings: float  # extra weight on 19:00-23:59 at the height of summer
    where: str  # home, street or mixed (a building or the street)
    areas: tuple[tuple[str, float], ...]  # weight by kind of area
    no_time: float  # share recorded without a time


_NIGHT = (
    6,
    4,
    2,
    1,
    0.5,
    0.3,
    0.3,
    0.5,
    0.8,
    1,
    1.2,
    1.3,
    1.4,
    1.4,
    1.5,
    1.7,
    2,
    2.5,
    3,
    4,
    5,
    6,
    7,
    7,
)
_YOUTH = (1, 0.5, 0.2, 0.1, 0.05, 0.05, 0.05, 0.1, 0.3, 0.3, 0.5, 0.8, 1.2, 1, 1.2, 2, 3.5, 4.5, 5,
          5, 4.5, 3.5, 2.5, 1.5)  # fmt: skip
_ROWDY = (5, 5, 3, 1.5, 0.5, 0.2, 0.2, 0.3, 0.5, 0.7, 0.9, 1.2, 1.5, 1.5, 1.5, 1.7, 2, 2.5, 3, 3.5,
          4, 4.5, 5, 5.5)  # fmt: skip
_OFFICE = (0.1, 0.1, 0.05, 0.05, 0.05, 0.1, 0.4, 1.5, 3, 3.5, 3.5, 3, 2.8, 2.8, 2.6, 2.4, 2, 1.5,
           1, 0.8, 0.6, 0.4, 0.3, 0.2)  # fmt: skip
_WORKDAYS = (1.15, 1.1, 1.1, 1.1, 1.05, 0.7, 0.6)

ASB_TYPES = [
    AsbType(
        "Neighbour noise",
        "NOI",
        0.30,
        (0.80, 0.78, 0.85, 0.95, 1.08, 1.25, 1.35, 1.30, 1.02, 0.92, 0.86, 0.90),
        _NIGHT,
        (0.85, 0.85, 0.85, 0.9, 1.25, 1.6, 1.4),
        1.2,
        "home",
        (("estate", 2.5), ("centre", 2.0), ("suburb", 1.0), ("rural", 0.4)),
        0.0,
    ),
    AsbType(
        "Rowdy behaviour",
        "ROW",
        0.14,
        (0.85, 0.85, 0.92, 1.0, 1.08, 1.15, 1.18, 1.15, 1.0, 0.95, 0.9, 0.97),
        _ROWDY,
        (0.7, 0.7, 0.75, 0.9, 1.4, 1.8, 1.2),
        0.3,
        "street",
        (("centre", 4.0), ("estate", 2.0), ("suburb", 0.7), ("rural", 0.2)),
        0.05,
    ),
    AsbType(
        "Nuisance from young people",
        "YTH",
        0.15,
        (0.68, 0.72, 0.85, 1.02, 1.15, 1.30, 1.45, 1.42, 1.00, 1.08, 1.02, 0.62),
        _YOUTH,
        (1.0, 1.0, 1.0, 1.0, 1.2, 1.3, 1.1),
        1.4,
        "street",
        (("estate", 3.0), ("centre", 1.5), ("suburb", 1.2), ("rural", 0.3)),
        0.05,
    ),
    AsbType(
        "Graffiti",
        "GRA",
        0.08,
        (0.9, 0.9, 1.0, 1.05, 1.1, 1.1, 1.1, 1.05, 1.0, 0.95, 0.95, 0.9),
        _OFFICE,
        _WORKDAYS,
        0.0,
        "mixed",
        (("centre", 3.0), ("estate", 2.5), ("suburb", 0.8), ("rural", 0.2)),
        0.3,
    ),
    AsbType(
        "Vandalism",
        "VAN",
        0.08,
        (0.85, 0.85, 0.95, 1.05, 1.1, 1.15, 1.15, 1.1, 0.95, 1.0, 1.0, 0.85),
        _OFFICE,
        _WORKDAYS,
        0.0,
        "mixed",
        (("estate", 3.0), ("centre", 2.0), ("suburb", 1.0), ("rural", 0.3)),
        0.2,
    ),
    AsbType(
        "Flytipping",
        "FLY",
        0.19,
        (1.05, 0.9, 1.0, 1.1, 1.1, 1.05, 1.0, 1.0, 0.95, 0.95, 0.9, 1.0),
        _OFFICE,
        _WORKDAYS,
        0.0,
        "street",
        (("estate", 3.0), ("centre", 1.5), ("suburb", 1.0), ("rural", 2.0)),
        0.35,
    ),
    AsbType(
        "Abandoned vehicle",
        "ABV",
        0.06,
        (1.0,) * 12,
        _OFFICE,
        _WORKDAYS,
        0.0,
        "street",
        (("estate", 2.5), ("suburb", 1.2), ("centre", 1.0), ("rural", 1.0)),
        0.25,
    ),
]
ASB_BY_TITLE = {t.title: t for t in ASB_TYPES}
ASB_CODES = {t.title: t.code for t in ASB_TYPES}
ASB_RATE = 4.0  # incidents per 1,000 people per month, over a year

# FlyCapture's size categories, with their shares of incidents (Defra, England, recent years).
WASTE_SIZES = [
    ("Single black bag", 4),
    ("Single item", 13),
    ("Car boot or less", 26),
    ("Small van load", 33),
    ("Transit van load", 16),
    ("Tipper lorry load", 6),
    ("Significant/multi loads", 2),
]
VEHICLES = [
    ("Ford", "Fiesta", 10),
    ("Ford", "Focus", 8),
    ("Vauxhall", "Corsa", 9),
    ("Vauxhall", "Astra", 7),
    ("Volkswagen", "Golf", 6),
    ("Volkswagen", "Polo", 5),
    ("Renault", "Clio", 5),
    ("Peugeot", "207", 4),
    ("Peugeot", "206", 3),
    ("Nissan", "Micra", 4),
    ("Toyota", "Yaris", 3),
    ("BMW", "3 Series", 3),
    ("Honda", "Civic", 3),
    ("Citroen", "C3", 3),
    ("Fiat", "Punto", 3),
    ("Ford", "Transit", 3),
    ("Mercedes-Benz", "Sprinter", 1),
    ("Audi", "A3", 2),
    ("Mini", "Cooper", 2),
    ("Vauxhall", "Zafira", 2),
]

_ASB_SCHEMA: dict[str, pl.DataType | type[pl.DataType]] = {
    "incident_type": pl.String,
    "when": pl.Datetime("us"),
    "timed": pl.Boolean,
    "property_damage_value": pl.Float64,
    "waste_size": pl.String,
    "vehicle_make": pl.String,
    "vehicle_model": pl.String,
    "vehicle_age": pl.String,
    **_LOCATION_SCHEMA,
    "cluster": pl.String,
}


def asb_expected(world: World, month: Month) -> dict[str, float]:
    """The month's expected incidents of each type (before any planted cluster)."""
    return {
        t.title: world.people_count
        / 1000
        * ASB_RATE
        * t.share
        * normalised(t.season)[month.month - 1]
        for t in ASB_TYPES
    }


def _asb_places(
    world: World, rng: np.random.Generator, kind: AsbType, n: int, cluster: Cluster | None
) -> pl.DataFrame:
    places = world.places
    residential = places.filter(pl.col("residential"))
    if cluster is not None:
        return locations(street_level(pick(rng, near(residential, cluster), n)))
    weight = area_weight(dict(kind.areas))
    if kind.where == "home":  # noise comes from a home, flats above all
        homes = residential.join(world.homes.select("uprn"), on="uprn", how="semi")
        weight = weight * pl.when(pl.col("kind") == "flat").then(2.0).otherwise(1.0)
        return locations(pick(rng, homes, n, weight))
    if kind.where == "street":
        return locations(street_level(pick(rng, residential, n, weight)))
    # graffiti and vandalism: on a building half the time (shops, schools, blocks, stations)
    on_building = rng.random(n) < 0.5
    buildings = places.filter(
        pl.col("kind").is_in(["shop", "school", "block", "bus_station", "station", "licensed"])
    )
    built = locations(pick(rng, buildings, int(on_building.sum()), weight))
    street = locations(street_level(pick(rng, residential, n - built.height, weight)))
    return pl.concat([built, street])


def _asb_part(
    world: World,
    rng: np.random.Generator,
    month: Month,
    kind: AsbType,
    n: int,
    cluster: Cluster | None = None,
) -> pl.DataFrame:
    where = _asb_places(world, rng, kind, n, cluster)
    n = where.height
    boost = 1 + kind.summer_evenings * _SUMMER[month.month - 1] * _EVENING
    when = draw_times(
        rng, month, n, np.asarray(kind.hours) * boost, day_weights(month, kind.weekdays)
    )
    empty = pl.Series([None] * n, dtype=pl.String)
    damage = pl.Series([None] * n, dtype=pl.Float64)
    make, model, age = empty, empty, empty
    size = empty
    if kind.title in ("Graffiti", "Vandalism"):
        median = 150.0 if kind.title == "Graffiti" else 280.0
        value = np.round(np.exp(rng.normal(np.log(median), 0.85, n)) / 5) * 5
        assessed = rng.random(n) >= 0.15  # some are never costed
        damage = pl.Series(np.where(assessed, np.maximum(value, 5.0), np.nan)).fill_nan(None)
    elif kind.title == "Flytipping":
        labels, weights = zip(*WASTE_SIZES, strict=True)
        p = np.asarray(weights, dtype=float)
        size = pl.Series(rng.choice(np.asarray(labels), size=n, p=p / p.sum()), dtype=pl.String)
    elif kind.title == "Abandoned vehicle":
        p = np.asarray([w for _, _, w in VEHICLES], dtype=float)
        chosen = rng.choice(len(VEHICLES), size=n, p=p / p.sum())
        make = pl.Series([VEHICLES[i][0] for i in chosen], dtype=pl.String)
        model = pl.Series([VEHICLES[i][1] for i in chosen], dtype=pl.String)
        years = np.clip(np.round(rng.normal(14, 4, n)), 4, 30).astype(int)
        age = pl.Series([str(month.year - y) for y in years], dtype=pl.String)  # year of reg.
    return pl.DataFrame(
        {
            "incident_type": [kind.title] * n,
            "when": when.astype("datetime64[us]"),
            "timed": rng.random(n) >= kind.no_time,
            "property_damage_value": damage,
            "waste_size": size,
            "vehicle_make": make,
            "vehicle_model": model,
            "vehicle_age": age,
            **{c: where[c] for c in _LOCATION_SCHEMA},
            "cluster": [cluster.id if cluster else None] * n,
        },
        schema=_ASB_SCHEMA,
    )


def _keepers(world: World, rng: np.random.Generator, incidents: pl.DataFrame) -> pl.Series:
    """Registered keepers' homes of abandoned vehicles: three in five traced to an Eastbrook
    address, half of those in the same MSOA as the vehicle; the rest untraced (null)."""
    vehicles = incidents.with_row_index("i").filter(pl.col("incident_type") == "Abandoned vehicle")
    keeper: list[int | None] = [None] * incidents.height
    if vehicles.height == 0:
        return pl.Series("keeper", keeper, dtype=pl.Int64)
    homes = world.places.join(world.homes.select("uprn"), on="uprn", how="semi").select(
        "uprn", "msoa"
    )
    traced = rng.random(vehicles.height) < 0.6
    local = rng.random(vehicles.height) < 0.5
    local_pool = vehicles.select("i", "msoa").join(homes, on="msoa").sort("i", "uprn")
    local_pool = local_pool.with_columns(pl.Series("r", rng.random(local_pool.height)))
    first_local = dict(
        local_pool.sort("i", "r")
        .unique("i", keep="first", maintain_order=True)
        .select("i", "uprn")
        .iter_rows()
    )
    anywhere = homes["uprn"].to_numpy()[rng.integers(0, homes.height, vehicles.height)]
    for j, i in enumerate(vehicles["i"].to_list()):
        if traced[j]:
            keeper[i] = int(first_local.get(i, anywhere[j]) if local[j] else anywhere[j])
    return pl.Series("keeper", keeper, dtype=pl.Int64)


def make_asb(world: World, month: Month) -> pl.DataFrame:
    """The month's council-recorded ASB and environmental crime (true values, council codes
    not yet applied)."""
    rng = world.rng("council", "asb", month.label)
    parts = []
    for kind in ASB_TYPES:
        n = int(rng.poisson(asb_expected(world, month)[kind.title]))
        if n:
            parts.append(_asb_part(world, rng, month, kind, n))
    for cluster in world.clusters:
        if cluster.dataset == "council-asb" and cluster.active(month):
            kind = ASB_BY_TITLE[cluster.kind]
            parts.append(_asb_part(world, rng, month, kind, cluster.per_month, cluster))
    parts = [p for p in parts if p.height]
    if not parts:
        return pl.DataFrame(schema=_ASB_SCHEMA)
    return pl.concat(parts).sort("when", "incident_type", "easting", "northing", "address")


def asb(world: World, month: Month) -> pl.DataFrame:
    incidents = make_asb(world, month)
    keepers = _keepers(world, world.rng("council", "keepers", month.label), incidents)
    registered = (
        pl.DataFrame({"keeper": keepers})
        .with_row_index("i")
        .join(
            world.places.select(
                pl.col("uprn").alias("keeper"),
                pl.col("address").alias("registered_address"),
                pl.col("postcode").alias("registered_postcode"),
            ),
            on="keeper",
            how="left",
        )
        .sort("i")
    )
    sequence = np.arange(1, incidents.height + 1)
    references = [f"ASB/{month.year}/{month.month:02d}{n:05d}" for n in sequence]
    return incidents.with_columns(
        pl.Series("incident_reference", references, dtype=pl.String),
        registered["keeper"],
        registered["registered_address"],
        registered["registered_postcode"],
    ).select(
        "incident_reference",
        "incident_type",
        pl.col("when").dt.date().alias("incident_date"),
        pl.when(pl.col("timed")).then(pl.col("when").dt.time()).alias("incident_time"),
        "property_damage_value",
        "waste_size",
        "vehicle_make",
        "vehicle_model",
        "vehicle_age",
        pl.col("registered_address").alias("vehicle_registered_address"),
        pl.col("registered_postcode").alias("vehicle_registered_postcode"),
        pl.col("address").alias("incident_address"),
        pl.col("postcode").alias("incident_postcode"),
        pl.col("easting").cast(pl.Float64).alias("incident_easting"),
        pl.col("northing").cast(pl.Float64).alias("incident_northing"),
        pl.col("uprn").alias("__uprn"),
        pl.col("keeper").alias("__registered_uprn"),
        pl.col("easting").alias("__easting"),
        pl.col("northing").alias("__northing"),
        pl.col("lsoa").alias("__lsoa"),
        pl.col("oa_kind").alias("__area_kind"),
        pl.col("cluster").alias("__cluster"),
    )


# --------------------------------------------------------------------------- school exclusions

# Suspensions (fixed-term exclusions) per pupil a year, by school year age (age on 31 August):
# primary about 2.5 per 100, secondary about 20 per 100 peaking in Years 9 and 10 (DfE, England).
_SUSPENSION_RATE = {4: 0.012, 5: 0.018, 6: 0.022, 7: 0.026, 8: 0.03, 9: 0.033, 10: 0.036,
                    11: 0.13, 12: 0.19, 13: 0.24, 14: 0.27, 15: 0.22}  # fmt: skip
_PERMANENT_SHARE = {"primary": 0.015, "secondary": 0.012}  # of exclusions, before risk
_TERM_FACTOR = (1.0, 1.0, 1.1, 0.95, 1.0, 1.05, 0.9, 0.0, 0.8, 1.0, 1.15, 0.95)
_SCHOOL_DAYS_A_YEAR = 190
# The education service's codes for the category of exclusion (as in the school census).
EXCLUSION_CODES = {"permanent": "PERM", "fixed_term": "FIXD"}


def school_days(month: Month) -> list[dt.date]:
    """Term-time weekdays of an English school year, roughly: no August; holidays at Christmas,
    Easter (the first fortnight of April) and the October, February and May half-terms."""
    days = []
    for offset in range(month.days):
        day = month.first + dt.timedelta(days=offset)
        m, d = day.month, day.day
        holiday = (
            m == 8
            or (m == 7 and d > 22)
            or (m == 9 and d < 4)
            or (m == 10 and d >= 27)
            or (m == 12 and d > 19)
            or (m == 1 and d < 6)
            or (m == 2 and 15 <= d <= 23)
            or (m == 4 and d < 15)
            or (m == 5 and d >= 26)
        )
        if day.weekday() < 5 and not holiday:
            days.append(day)
    return days


def _school_year_start(month: Month) -> dt.date:
    return dt.date(month.year if month.month >= 9 else month.year - 1, 8, 31)


def pupils(world: World, month: Month) -> pl.DataFrame:
    """Pupils of compulsory school age who are at least 5 this month: reception to Year 11."""
    people = world.population.people
    return people.with_columns(
        age_on(pl.col("date_of_birth"), pl.lit(_school_year_start(month))).alias("school_age"),
        age_on(pl.col("date_of_birth"), pl.lit(month.first)).alias("age_now"),
    ).filter(pl.col("school_age").is_between(4, 15), pl.col("age_now") >= 5)


def exclusions_expected(world: World, month: Month, pool: pl.DataFrame | None = None) -> float:
    pool = pupils(world, month) if pool is None else pool
    yearly = float(pool["school_age"].replace_strict(_SUSPENSION_RATE, default=0.0).sum())
    days = len(school_days(month))
    return yearly / _SCHOOL_DAYS_A_YEAR * days * _TERM_FACTOR[month.month - 1]


def exclusions(world: World, month: Month) -> pl.DataFrame:
    rng = world.rng("council", "exclusions", month.label)
    days = school_days(month)
    pool = pupils(world, month)
    n = int(rng.poisson(exclusions_expected(world, month, pool))) if days else 0
    schools = world.places.filter(pl.col("kind") == "school").select(
        pl.col("uprn").alias("school_uprn"),
        pl.col("pao_text").alias("school_name"),
        pl.col("easting").alias("school_easting"),
        pl.col("northing").alias("school_northing"),
        pl.when(pl.col("pao_text").str.contains("Academy"))
        .then(pl.lit("secondary"))
        .otherwise(pl.lit("primary"))
        .alias("phase"),
    )
    if n == 0 or pool.height == 0 or schools.height == 0:
        return _empty_exclusions()
    # boys, secondary pupils, pupils who offend and estate children are excluded more
    risk = (
        pl.col("school_age").replace_strict(_SUSPENSION_RATE, default=0.0)
        * pl.when(pl.col("gender") == "M").then(1.5).otherwise(0.6)
        * pl.when(pl.col("offending") > 0).then(4.0).otherwise(1.0)
        * area_weight({"estate": 1.6, "centre": 1.3, "suburb": 0.8, "rural": 0.7}, "area_kind")
    )
    chosen = pick(rng, pool, n, risk).select("person_id", "uprn", "school_age", "offending")
    chosen = chosen.with_columns(
        pl.Series("exclusion_date", [days[i] for i in rng.integers(0, len(days), n)]),
        pl.when(pl.col("school_age") >= 11)
        .then(pl.lit("secondary"))
        .otherwise(pl.lit("primary"))
        .alias("phase"),
        pl.Series("rank_wanted", np.where(rng.random(n) < 0.25, 1, 0)),
    )
    permanent_p = chosen["phase"].replace_strict(
        _PERMANENT_SHARE, return_dtype=pl.Float64
    ).to_numpy() * np.where(chosen["offending"].to_numpy() > 0, 2.5, 1.0)
    chosen = chosen.with_columns(
        pl.Series(
            "exclusion_type", np.where(rng.random(n) < permanent_p, "permanent", "fixed_term")
        )
    ).with_row_index("i")
    # the school nearest home; a quarter of secondary pupils go to the next nearest
    homes = world.places.select(
        "uprn", pl.col("easting").alias("home_e"), pl.col("northing").alias("home_n")
    )
    options = (
        chosen.select("i", "uprn", "phase", "rank_wanted")
        .join(homes, on="uprn", how="left")
        .join(schools, on="phase", how="left")
        .with_columns(
            (
                (pl.col("school_easting").cast(pl.Int64) - pl.col("home_e")) ** 2
                + (pl.col("school_northing").cast(pl.Int64) - pl.col("home_n")) ** 2
            ).alias("d2")
        )
        .sort("i", "d2", "school_uprn")
        .with_columns(pl.int_range(pl.len()).over("i").alias("rank"))
    )
    wanted = options.filter(
        pl.col("rank")
        == pl.when(pl.col("phase") == "secondary")
        .then(pl.min_horizontal(pl.col("rank_wanted"), pl.col("rank").max().over("i")))
        .otherwise(0)
    ).select("i", "school_uprn", "school_name", "school_easting", "school_northing")
    frame = with_people(chosen.join(wanted, on="i", how="left"), world).sort(
        "exclusion_date", "school_name", "person_id", "i"
    )
    return frame.select(
        "gender",
        age_on(pl.col("date_of_birth"), pl.col("exclusion_date")).alias("age"),
        recorded_ethnicity(world, pl.col("ethnicity"), "school", 0.03).alias("ethnicity"),
        "school_name",
        pl.col("school_easting").cast(pl.Float64).alias("easting"),
        pl.col("school_northing").cast(pl.Float64).alias("northing"),
        "exclusion_type",
        "exclusion_date",
        pl.col("person_id").alias("__person_id"),
        pl.col("home_uprn").alias("__home_uprn"),
        pl.col("school_uprn").alias("__school_uprn"),
        pl.col("phase").alias("__phase"),
    )


def _empty_exclusions() -> pl.DataFrame:
    return pl.DataFrame(
        schema={
            "gender": pl.String,
            "age": pl.Int64,
            "ethnicity": pl.String,
            "school_name": pl.String,
            "easting": pl.Float64,
            "northing": pl.Float64,
            "exclusion_type": pl.String,
            "exclusion_date": pl.Date,
            "__person_id": pl.Int64,
            "__home_uprn": pl.Int64,
            "__school_uprn": pl.Int64,
            "__phase": pl.String,
        }
    )


PLANS = [
    Plan(
        dataset="council-asb",
        agency=COUNCIL,
        render=asb,
        headers={
            "incident_reference": "Case Ref",
            "incident_type": "Case Type",
            "incident_date": "Date Reported",
            "incident_time": "Time Reported",
            "property_damage_value": "Est. Damage £",
            "waste_size": "Flytip Size",
            "vehicle_make": "Vehicle Make",
            "vehicle_model": "Vehicle Model",
            "vehicle_age": "Year of Reg",
            "vehicle_registered_address": "Keeper Address",
            "vehicle_registered_postcode": "Keeper Postcode",
            "incident_address": "Location",
            "incident_postcode": "Postcode",
            "incident_easting": "Easting",
            "incident_northing": "Northing",
        },
        local_codes={"incident_type": ASB_CODES},
        text_fields=("vehicle_make", "vehicle_model"),
        address_fields={
            "incident_address": "__uprn",
            "vehicle_registered_address": "__registered_uprn",
        },
        postcode_fields={
            "incident_postcode": "incident_address",
            "vehicle_registered_postcode": "vehicle_registered_address",
        },
        caveats=(
            "Case types are the council's own codes (NOI, ROW, YTH, GRA, VAN, FLY, ABV).",
            "Incidents in the street are located at the street, not an address.",
            "Flytipping as recorded for FlyCapture; large dumps go to the Environment Agency.",
            "Abandoned vehicles' keeper addresses only where the DVLA keeper was traced.",
        ),
    ),
    Plan(
        dataset="school-exclusions",
        agency=SCHOOLS,
        render=exclusions,
        headers={
            "gender": "Sex",
            "age": "Age at Exclusion",
            "ethnicity": "Ethnicity Code",
            "school_name": "Establishment Name",
            "easting": "School Easting",
            "northing": "School Northing",
            "exclusion_type": "Category",
            "exclusion_date": "Start Date",
        },
        local_codes={"exclusion_type": EXCLUSION_CODES},
        text_fields=("school_name",),
        caveats=(
            "Collated from schools' notifications of exclusions; category in school census codes.",
            "Fixed-term exclusions (suspensions) and permanent exclusions; no lunchtime ones.",
        ),
    ),
]
