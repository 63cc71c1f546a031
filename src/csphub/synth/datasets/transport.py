"""Crime and incidents on public transport (guidance §3.2.15 to §3.2.17).

Three suppliers, three sets of events that do not overlap:

* British Transport Police: notifiable crimes at Eastbrook railway station and on the overground
  trains either side of it, with Home Office offence codes, in BTP's workbook.
* Eastbrook Metro: incidents its staff record at the stops of the Eastbrook Line, on its trains
  and on the track beside them.
* Eastbrook Buses: incidents its drivers report on buses, at stops and at the bus station,
  keyed in at the depot.

Each incident has a true offender, drawn from the people who offend, weighted towards the young
and towards those who live near where it happened; the offender's details are supplied only when
someone was identified. Victims are passengers from anywhere in the area (or the staff, in
assaults on them); property crimes against the operator have no personal victim. The truth keeps
every incident's real offender and victim.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import polars as pl

from csphub.synth.people import age_on, recorded_ethnicity
from csphub.synth.supply import Faults, Plan
from csphub.synth.world import Cluster, Month, World

BTP = "british-transport-police"
METRO = "eastbrook-metro"
BUSES = "eastbrook-buses"

MODULE = "transport"
DAY = 24 * 60

# The overground stations either side of Eastbrook (outside the partnership area).
WEST_STOP = "Fenwick Parkway"
EAST_STOP = "Ashcombe"
LINE_NAME = "Eastbrook Line"
STAFF_OCCUPATIONS = ["Driver", "Security officer"]  # who works the trains, stations and buses


@dataclass(frozen=True)
class Kind:
    """A kind of incident and how it happens."""

    label: str  # what the supplier records as the offence type
    weight: float  # share of the dataset's incidents
    aboard: float  # share on a train or bus rather than at the station or stop
    times: str  # a time profile (see PROFILES)
    identified: float  # share in which an offender is identified
    victim: str  # passenger, female, staff, driver, mixed (passenger or staff), "" (the operator)
    victim_share: float  # share with a personal victim
    ages: str  # an offender age profile (see AGES)
    haunt: str = "busy"  # where, among stops: busy (interchanges, centre) or estates
    male: bool = False  # offenders are men (sexual offences)
    season: tuple[float, ...] = (1.0,) * 12  # its own rise and fall over the year


# Time profiles: windows of (start minute, length in minutes, weight, days). Days are "any",
# "weekday" (Monday to Friday) or "fri_sat" (Friday and Saturday nights).
PROFILES: dict[str, list[tuple[int, int, float, str]]] = {
    # commuter peaks on weekdays, a quieter day between and some evening travel
    "commuter": [
        (7 * 60, 150, 0.38, "weekday"),
        (16 * 60 + 30, 150, 0.38, "weekday"),
        (10 * 60, 390, 0.16, "any"),
        (19 * 60, 180, 0.08, "any"),
    ],
    # late evenings, busiest on Friday and Saturday nights
    "late": [
        (21 * 60, 240, 0.45, "fri_sat"),
        (21 * 60, 240, 0.20, "any"),
        (16 * 60, 300, 0.22, "any"),
        (7 * 60, 540, 0.13, "any"),
    ],
    "peak_and_late": [
        (7 * 60, 150, 0.3, "weekday"),
        (16 * 60 + 30, 150, 0.3, "weekday"),
        (21 * 60, 240, 0.3, "any"),
        (10 * 60, 390, 0.1, "any"),
    ],
    # damage: evenings and nights
    "night": [(19 * 60, 420, 0.7, "any"), (6 * 60, 780, 0.3, "any")],
    # bicycles taken from the racks while their owners are at work
    "daytime": [(7 * 60, 720, 0.85, "weekday"), (9 * 60, 600, 0.15, "any")],
    # young people after school and in the evenings
    "after_school": [
        (15 * 60, 150, 0.42, "weekday"),
        (18 * 60, 300, 0.46, "any"),
        (9 * 60, 360, 0.06, "any"),
        (23 * 60, 90, 0.06, "any"),
    ],
    "evening": [(16 * 60, 390, 0.8, "any"), (10 * 60, 360, 0.2, "any")],
    # the whole service day, heavier late on
    "service": [(6 * 60 + 30, 690, 0.6, "any"), (18 * 60, 330, 0.4, "any")],
    "shopping": [(8 * 60, 660, 0.9, "any"), (19 * 60, 240, 0.1, "any")],
}

# Offender age profiles (ages, weights), multiplied by each person's propensity to offend.
AGES: dict[str, tuple[list[float], list[float]]] = {
    "youth": ([0, 10, 12, 13, 16, 17, 18, 20, 25, 30], [0, 0, 0.7, 1.2, 1.2, 1, 0.5, 0.2, 0.05, 0]),
    "young": ([0, 11, 13, 16, 20, 25, 30, 40, 55], [0, 0, 0.5, 1, 1, 0.7, 0.4, 0.15, 0]),
    "adult": ([0, 13, 16, 18, 25, 35, 45, 60, 75], [0, 0, 0.4, 0.9, 1, 0.8, 0.5, 0.2, 0]),
}
# Who travels (and so who falls victim to crime while travelling), by age.
PASSENGER_AGES = (
    [0, 11, 16, 20, 30, 45, 60, 70, 85, 96],
    [0, 0.2, 0.8, 1, 1, 0.9, 0.6, 0.4, 0.2, 0.1],
)

# British Transport Police: Home Office offence codes.
BTP_KINDS = [
    Kind("49", 22, 0.5, "commuter", 0.08, "passenger", 1.0, "adult"),  # passenger property
    Kind("39", 8, 0.6, "commuter", 0.06, "passenger", 1.0, "adult"),  # pickpocketing
    Kind("44", 7, 0.0, "daytime", 0.05, "passenger", 1.0, "young"),  # pedal cycles
    Kind("105A", 12, 0.5, "late", 0.5, "mixed", 1.0, "adult"),
    Kind("8N", 5, 0.4, "late", 0.55, "mixed", 1.0, "adult"),
    Kind("9A", 12, 0.5, "late", 0.6, "mixed", 1.0, "adult"),
    Kind("58D", 5, 1.0, "night", 0.15, "", 0.0, "youth"),  # damage to trains
    Kind("58B", 4, 0.0, "night", 0.15, "", 0.0, "youth"),  # damage to the station
    Kind("49A", 6, 0.7, "commuter", 1.0, "", 0.0, "adult"),  # making off without paying the fare
    Kind("61", 2, 0.0, "commuter", 1.0, "", 0.0, "adult"),  # altered tickets at the gateline
    Kind("20A", 5, 0.8, "peak_and_late", 0.3, "female", 1.0, "adult", male=True),
    Kind("88E", 2, 0.6, "late", 0.25, "female", 1.0, "adult", male=True),
]
FARE_CODES = ("49A", "61")
# Where in the station: BTP records the part of the station as well as its name.
STATION_SPOTS = ["Platform 1", "Platform 2", "Ticket hall", "Footbridge", "Concourse", "Car park"]
SPOT_OF = {"44": "Cycle racks", "49A": "Gateline", "61": "Gateline"}

# Eastbrook Metro: the operator's incident categories.
METRO_KINDS = [
    Kind("Anti-Social Behaviour", 30, 0.35, "after_school", 0.4, "passenger", 0.3, "youth"),
    Kind("Assault on Staff", 10, 0.5, "late", 0.6, "staff", 1.0, "adult"),
    Kind("Criminal Damage", 15, 0.4, "evening", 0.15, "", 0.0, "youth", haunt="estates"),
    Kind("Trespass", 10, 0.0, "after_school", 0.35, "", 0.0, "youth", haunt="estates"),
    Kind("Theft", 12, 0.6, "commuter", 0.1, "passenger", 1.0, "young"),
]
TRESPASS = "Trespass"

# Missiles at buses rise with the dark evenings, Halloween and bonfire night.
MISSILE_SEASON = (1.0, 0.9, 0.9, 0.85, 0.85, 0.85, 0.9, 0.9, 1.0, 1.6, 2.2, 1.0)

# Eastbrook Buses: the categories on the driver's incident report form (typed with en dashes).
BUS_ASB = "ASB \u2013 youths"
BUS_KINDS = [
    Kind(BUS_ASB, 40, 0.55, "after_school", 0.45, "passenger", 0.25, "youth", haunt="estates"),
    Kind("Assault on driver", 10, 1.0, "service", 0.6, "driver", 1.0, "adult"),
    Kind(
        "Missile thrown at bus",
        15,
        1.0,
        "evening",
        0.1,
        "driver",
        0.1,
        "youth",
        haunt="estates",
        season=MISSILE_SEASON,
    ),
    Kind("Criminal damage \u2013 vehicle", 15, 1.0, "evening", 0.2, "", 0.0, "youth", "estates"),
    Kind("Theft", 8, 0.7, "shopping", 0.15, "passenger", 1.0, "young"),
]

# Incidents a month: some whatever the area's size (travellers passing through from beyond it),
# and more per resident; then by month of the year. About 4.5, 8 and 15 a month at 20,000 people.
BTP_FLOOR, BTP_RATE = 1.5, 0.0018  # per person per year
METRO_FLOOR, METRO_RATE = 1.0, 0.0042
BUS_FLOOR, BUS_RATE = 0.5, 0.0085
BTP_SEASON = [0.9, 0.88, 0.95, 0.98, 1.02, 1.05, 1.08, 1.05, 1.02, 1.0, 1.0, 1.07]
METRO_SEASON = [0.9, 0.88, 0.95, 1.0, 1.02, 1.05, 1.12, 1.1, 1.0, 1.05, 1.03, 0.95]
# dark evenings, Halloween and bonfire night bring missiles and youth nuisance on the buses
BUS_SEASON = [0.9, 0.85, 0.95, 1.0, 1.0, 1.0, 1.1, 1.05, 1.0, 1.15, 1.25, 0.95]


# --------------------------------------------------------------------------- shared pieces


def _times(
    rng: np.random.Generator, month: Month, profiles: list[str]
) -> tuple[np.ndarray, np.ndarray]:
    """Dates (datetime64[D]) and minutes past midnight of events, each by its time profile."""
    n = len(profiles)
    starts = np.zeros(n, dtype=np.int64)
    lengths = np.ones(n, dtype=np.int64)
    rules = np.full(n, "any", dtype=object)
    names = np.asarray(profiles, dtype=object)
    for name in sorted(set(profiles)):
        mask = names == name
        windows = PROFILES[name]
        weights = np.asarray([w for _, _, w, _ in windows])
        which = rng.choice(len(windows), size=int(mask.sum()), p=weights / weights.sum())
        starts[mask] = np.asarray([s for s, _, _, _ in windows])[which]
        lengths[mask] = np.asarray([length for _, length, _, _ in windows])[which]
        rules[mask] = np.asarray([d for _, _, _, d in windows], dtype=object)[which]
    first = np.datetime64(month.first, "D")
    day = rng.integers(0, month.days, n)
    weekday = ((first + day).astype("int64") + 3) % 7  # Monday 0 (1970-01-01 was a Thursday)
    shift = np.zeros(n, dtype=np.int64)
    on_weekday = rules == "weekday"
    shift[on_weekday & (weekday == 5)] = -1  # Saturday to Friday
    shift[on_weekday & (weekday == 6)] = 1  # Sunday to Monday
    target = np.where(rng.random(n) < 0.5, 4, 5)  # Friday or Saturday night
    shift = np.where(rules == "fri_sat", (target - weekday) % 7, shift)
    moved = day + shift
    moved = np.where(moved >= month.days, moved - 7, moved)
    moved = np.where(moved < 0, moved + 7, moved)
    total = starts + (rng.random(n) * lengths).astype(np.int64)
    moved = np.minimum(moved + total // DAY, month.days - 1)  # past midnight: the next day
    return first + moved, total % DAY


def _areas_at(world: World, east: np.ndarray, north: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The kind of area (centre, estate, suburb, rural) and the LSOA at each point."""
    oas = world.geography.oas
    x0, x1 = oas["x0"].to_numpy(), oas["x1"].to_numpy()
    y0, y1 = oas["y0"].to_numpy(), oas["y1"].to_numpy()
    e, n = east[:, None], north[:, None]
    inside = (e >= x0) & (e <= x1) & (n >= y0) & (n <= y1)
    distance = (e - (x0 + x1) / 2) ** 2 + (n - (y0 + y1) / 2) ** 2
    index = np.where(inside.any(axis=1), inside.argmax(axis=1), distance.argmin(axis=1))
    return oas["kind"].to_numpy()[index], oas["lsoa"].to_numpy()[index]


_AREA_WEIGHT = {
    "estates": {"estate": 3.0, "centre": 2.0, "suburb": 1.0, "rural": 0.5},
    "busy": {"estate": 1.2, "centre": 2.5, "suburb": 1.0, "rural": 0.6},
}


def _pick_rows(rng: np.random.Generator, weights: np.ndarray, count: int) -> np.ndarray:
    return rng.choice(len(weights), size=count, p=weights / weights.sum())


def _cluster_weights(
    east: np.ndarray, north: np.ndarray, cluster: Cluster | None, weights: np.ndarray
) -> np.ndarray:
    """Where a planted cluster strikes: the places within its radius (or the nearest one)."""
    if cluster is None:
        return weights
    distance = np.hypot(east - cluster.easting, north - cluster.northing)
    near = distance <= cluster.radius_m
    if not near.any():
        near = distance == distance.min()
    return near.astype(float)


def _offenders(
    world: World,
    rng: np.random.Generator,
    kinds: list[Kind],
    index: np.ndarray,
    east: np.ndarray,
    north: np.ndarray,
    scale: float,
) -> np.ndarray:
    """Each event's true offender: someone who offends, of the kind's ages, living nearby."""
    candidates = (
        world.population.people.filter(pl.col("offending") > 0)
        .select("person_id", "age", "gender", "offending", "uprn")
        .join(world.places.select("uprn", "easting", "northing"), on="uprn", how="left")
        .sort("person_id")
    )
    result = np.full(len(index), -1, dtype=np.int64)
    if candidates.height == 0:
        return result
    ids = candidates["person_id"].to_numpy()
    age = candidates["age"].to_numpy().astype(float)
    male = candidates["gender"].to_numpy() == "M"
    propensity = candidates["offending"].to_numpy()
    home_e = candidates["easting"].fill_null(0).to_numpy().astype(float)
    home_n = candidates["northing"].fill_null(0).to_numpy().astype(float)
    for k in sorted(set(index.tolist())):
        rows = np.flatnonzero(index == k)
        kind = kinds[k]
        ages, weights = AGES[kind.ages]
        base = (
            propensity
            * np.interp(age, ages, weights)
            * np.where(male, 1.0, 0.0 if kind.male else 1.0)
        )
        if base.sum() <= 0:
            base = propensity.copy()
        distance = np.hypot(east[rows, None] - home_e[None, :], north[rows, None] - home_n[None, :])
        matrix = base[None, :] * np.exp(-distance / scale)
        totals = matrix.sum(axis=1)
        matrix = np.where(totals[:, None] > 0, matrix, base[None, :])
        cumulative = np.cumsum(matrix, axis=1)
        draws = rng.random(len(rows)) * cumulative[:, -1]
        chosen = (cumulative < draws[:, None]).sum(axis=1)
        result[rows] = ids[np.minimum(chosen, len(ids) - 1)]
    return result


def _victims(
    world: World,
    rng: np.random.Generator,
    kinds: list[Kind],
    index: np.ndarray,
    offenders: np.ndarray,
) -> np.ndarray:
    """Each event's personal victim (-1 for none): a passenger from anywhere, or the staff."""
    people = world.population.people.select(
        "person_id", "age", "gender", "occupation", "victimisation"
    ).sort("person_id")
    ids = people["person_id"].to_numpy()
    age = people["age"].to_numpy().astype(float)
    passenger = people["victimisation"].to_numpy() * np.interp(age, *PASSENGER_AGES)
    female = passenger * ((people["gender"].to_numpy() == "F") & (age >= 13))
    working = (age >= 18) & (age <= 67)
    staff = (people["occupation"].is_in(STAFF_OCCUPATIONS).to_numpy() & working).astype(float)
    if staff.sum() == 0:
        staff = working.astype(float)
    drivers = (people["occupation"].to_numpy() == "Driver") & working
    pools = {
        "passenger": passenger,
        "female": female,
        "staff": staff,
        "driver": drivers.astype(float) if drivers.any() else staff,
    }
    result = np.full(len(index), -1, dtype=np.int64)
    for k in sorted(set(index.tolist())):
        rows = np.flatnonzero(index == k)
        kind = kinds[k]
        has = rng.random(len(rows)) < kind.victim_share
        as_staff = rng.random(len(rows)) < 0.35
        if not kind.victim:
            continue
        for pool_name, pool in pools.items():
            if kind.victim == "mixed":
                if pool_name not in ("passenger", "staff"):
                    continue
                take = has & (as_staff if pool_name == "staff" else ~as_staff)
            else:
                take = has & (kind.victim == pool_name)
            if take.any() and pool.sum() > 0:
                result[rows[take]] = rng.choice(ids, size=int(take.sum()), p=pool / pool.sum())
    same = np.flatnonzero(result == offenders)
    for row in same.tolist():  # nobody is their own victim: the next person on the list instead
        position = int(np.searchsorted(ids, result[row]))
        result[row] = ids[(position + 1) % len(ids)]
    return result


_PEOPLE_COLUMNS = ("gender", "date_of_birth", "ethnicity")


def _with_people(frame: pl.DataFrame, world: World, role: str, column: str) -> pl.DataFrame:
    people = world.population.people.select(
        pl.col("person_id").alias(column),
        *[pl.col(c).alias(f"{role}_{c}") for c in _PEOPLE_COLUMNS],
    )
    return frame.join(people, on=column, how="left")


@dataclass(frozen=True)
class _Spec:
    dataset: str
    kinds: list[Kind]
    floor: float  # incidents a month from travellers from beyond the area
    rate: float  # incidents per resident per year
    season: list[float]
    offender_scale: float  # metres: how far from home offenders offend
    not_stated: float  # share of people whose ethnicity is recorded as not stated
    places: Callable[
        [World, np.random.Generator, list[Kind], np.ndarray, Cluster | None], pl.DataFrame
    ]
    reference: Callable[[Month, np.random.Generator, int], list[str]]
    dates_of_birth: bool  # the supplier knows people's dates of birth
    postcodes: bool  # the supplier records the postcode of the place


def _render(world: World, month: Month, spec: _Spec) -> pl.DataFrame:
    rng = world.rng(MODULE, spec.dataset, month.label)
    overall = (spec.floor + world.people_count * spec.rate / 12) * spec.season[month.month - 1]
    shares = np.asarray([k.weight for k in spec.kinds], dtype=float)
    expected = overall * shares / shares.sum()
    expected *= np.asarray([k.season[month.month - 1] for k in spec.kinds])
    total = int(rng.poisson(expected.sum()))
    batches: list[tuple[np.ndarray, Cluster | None]] = [
        (rng.choice(len(spec.kinds), size=total, p=expected / expected.sum()), None)
    ]
    labels = [k.label for k in spec.kinds]
    for planted in world.clusters:
        if planted.dataset == spec.dataset and planted.active(month) and planted.kind in labels:
            batches.append((np.full(planted.per_month, labels.index(planted.kind)), planted))
    parts = []
    for index, cluster in batches:
        if len(index) == 0:
            continue
        where = spec.places(world, rng, spec.kinds, index, cluster)
        dates, minutes = _times(rng, month, [spec.kinds[k].times for k in index])
        east = where["easting"].to_numpy()
        north = where["northing"].to_numpy()
        offenders = _offenders(world, rng, spec.kinds, index, east, north, spec.offender_scale)
        identified = rng.random(len(index)) < np.asarray([spec.kinds[k].identified for k in index])
        victims = _victims(world, rng, spec.kinds, index, offenders)
        _, lsoa = _areas_at(world, east, north)
        parts.append(
            where.with_columns(
                pl.Series("offence_type", [labels[k] for k in index], dtype=pl.String),
                pl.Series("incident_date", dates).cast(pl.Date),
                pl.Series("minute", minutes, dtype=pl.Int64),
                pl.Series("__offender_id", offenders, dtype=pl.Int64).replace(-1, None),
                pl.Series("identified", identified, dtype=pl.Boolean),
                pl.Series("__victim_id", victims, dtype=pl.Int64).replace(-1, None),
                pl.Series("__lsoa", lsoa, dtype=pl.String),
                pl.lit(cluster.id if cluster else None, dtype=pl.String).alias("__cluster"),
            )
        )
    if not parts:
        return pl.DataFrame()
    events = (
        pl.concat(parts)
        .with_row_index("draw")
        .sort("incident_date", "minute", "offence_type", "easting", "northing", "draw")
    )
    events = _with_people(events, world, "offender", "__offender_id")
    events = _with_people(events, world, "victim", "__victim_id")
    events = events.with_columns(
        pl.Series("crime_reference", spec.reference(month, rng, events.height), dtype=pl.String)
    )
    seen = pl.col("identified") & pl.col("__offender_id").is_not_null()
    victim = pl.col("__victim_id").is_not_null()
    dated = spec.dates_of_birth
    return events.select(
        "crime_reference",
        "offence_type",
        "incident_date",
        (pl.col("minute") * 60_000_000_000).cast(pl.Time).alias("incident_time"),
        "location_address",
        pl.col("location_postcode")
        if spec.postcodes
        else pl.lit(None, pl.String).alias("location_postcode"),
        pl.col("easting").cast(pl.Float64),
        pl.col("northing").cast(pl.Float64),
        pl.when(seen).then(pl.col("offender_gender")).alias("offender_gender"),
        pl.when(seen)
        .then(age_on(pl.col("offender_date_of_birth"), pl.col("incident_date")))
        .alias("offender_age"),
        pl.when(seen & pl.lit(dated))
        .then(pl.col("offender_date_of_birth"))
        .alias("offender_date_of_birth"),
        pl.when(seen)
        .then(
            recorded_ethnicity(
                world, pl.col("offender_ethnicity"), f"{spec.dataset}-offender", spec.not_stated
            )
        )
        .alias("offender_ethnicity"),
        pl.when(victim).then(pl.col("victim_gender")).alias("victim_gender"),
        pl.when(victim)
        .then(age_on(pl.col("victim_date_of_birth"), pl.col("incident_date")))
        .alias("victim_age"),
        pl.when(victim & pl.lit(dated))
        .then(pl.col("victim_date_of_birth"))
        .alias("victim_date_of_birth"),
        pl.when(victim)
        .then(
            recorded_ethnicity(
                world, pl.col("victim_ethnicity"), f"{spec.dataset}-victim", spec.not_stated
            )
        )
        .alias("victim_ethnicity"),
        pl.col("__offender_id"),
        pl.col("identified").alias("__offender_identified"),
        pl.col("__victim_id"),
        pl.col("__uprn"),
        pl.col("easting").alias("__easting"),
        pl.col("northing").alias("__northing"),
        pl.col("__lsoa"),
        pl.col("__line"),
        pl.col("__stop"),
        pl.col("__cluster"),
    )


_PLACE_SCHEMA = {
    "location_address": pl.String,
    "location_postcode": pl.String,
    "__uprn": pl.Int64,
    "easting": pl.Int64,
    "northing": pl.Int64,
    "__line": pl.String,
    "__stop": pl.Int64,
}


def _places_frame(**columns: object) -> pl.DataFrame:
    return pl.DataFrame(columns, schema=_PLACE_SCHEMA)


def _feature(world: World, kind: str) -> dict[str, Any]:
    return world.places.filter(pl.col("kind") == kind).sort("uprn").row(0, named=True)


# ------------------------------------------------------------------ British Transport Police


def _btp_places(
    world: World,
    rng: np.random.Generator,
    kinds: list[Kind],
    index: np.ndarray,
    cluster: Cluster | None,
) -> pl.DataFrame:
    """At the station (on a platform, in the ticket hall...), or on a train on the line either
    side of it, geocoded to the line near the station where BTP records it. BTP names the
    station, not its postal address. (A cluster planted in BTP's data can only be at the
    station, so it needs no placing here.)"""
    del cluster
    station = _feature(world, "station")
    n = len(index)
    aboard = rng.random(n) < np.asarray([kinds[k].aboard for k in index])
    west = rng.random(n) < 0.5
    offset = rng.uniform(80, 280, n).round().astype(np.int64)
    east = np.where(
        aboard, station["easting"] + np.where(west, -offset, offset), station["easting"]
    )
    spot = rng.integers(0, len(STATION_SPOTS), n)
    text = []
    for k, on, w, s in zip(
        index.tolist(), aboard.tolist(), west.tolist(), spot.tolist(), strict=True
    ):
        if on:
            text.append(f"Train between Eastbrook and {WEST_STOP if w else EAST_STOP}")
        else:
            where = SPOT_OF.get(kinds[k].label, STATION_SPOTS[s])
            text.append(f"Eastbrook Railway Station, {where}")
    return _places_frame(
        location_address=text,
        location_postcode=[None if a else station["postcode"] for a in aboard.tolist()],
        __uprn=[None if a else station["uprn"] for a in aboard.tolist()],
        easting=east.astype(np.int64),
        northing=np.full(n, station["northing"], dtype=np.int64),
        __line=["overground"] * n,
        __stop=[None] * n,
    )


def _btp_references(month: Month, rng: np.random.Generator, count: int) -> list[str]:
    """BTP's national series, by division and year: C/004512/25. The area's crimes are a few
    among the division's thousands a month, so their numbers have gaps."""
    block = 9_000
    base = (month.month - 1) * block + 1
    numbers = np.sort(rng.choice(block, size=min(count, block), replace=False)) + base
    if count > block:  # far beyond any partnership's volume: continue past the block
        numbers = np.concatenate([numbers, base + block + np.arange(count - block)])
    return [f"C/{n:06d}/{month.year % 100:02d}" for n in numbers.tolist()]


def btp_crimes(world: World, month: Month) -> pl.DataFrame:
    return _render(
        world,
        month,
        _Spec(
            dataset="btp-crimes",
            kinds=BTP_KINDS,
            floor=BTP_FLOOR,
            rate=BTP_RATE,
            season=BTP_SEASON,
            offender_scale=1_500,
            not_stated=0.06,
            places=_btp_places,
            reference=_btp_references,
            dates_of_birth=True,
            postcodes=True,
        ),
    )


# --------------------------------------------------------------------------- Eastbrook Metro


def _stops(world: World, kind: str) -> pl.DataFrame:
    return world.geography.stops.filter(pl.col("kind") == kind).sort("line", "seq")


def _metro_places(
    world: World,
    rng: np.random.Generator,
    kinds: list[Kind],
    index: np.ndarray,
    cluster: Cluster | None,
) -> pl.DataFrame:
    """At a stop, on a train just out of one, or on the track beside one."""
    stops = _stops(world, "rail")
    east = stops["easting"].to_numpy().astype(float)
    north = stops["northing"].to_numpy().astype(float)
    names = stops["street"].to_list()
    n_stops = len(names)
    area, _ = _areas_at(world, east, north)
    station = _feature(world, "station")
    interchange = np.hypot(east - station["easting"], north - station["northing"])
    n = len(index)
    chosen = np.zeros(n, dtype=np.int64)
    for haunt in sorted({kinds[k].haunt for k in index.tolist()}):
        mask = np.asarray([kinds[k].haunt == haunt for k in index])
        weights = np.asarray([_AREA_WEIGHT[haunt][a] for a in area])
        weights = weights * np.where(interchange == interchange.min(), 2.5, 1.0)
        weights = _cluster_weights(east, north, cluster, weights)
        chosen[mask] = _pick_rows(rng, weights, int(mask.sum()))
    trespass = np.asarray([kinds[k].label == TRESPASS for k in index])
    aboard = (rng.random(n) < np.asarray([kinds[k].aboard for k in index])) & ~trespass
    # the neighbouring stop in the direction of travel (or of the walk along the track)
    step = np.where(rng.random(n) < 0.5, -1, 1)
    step = np.where(chosen + step < 0, 1, np.where(chosen + step >= n_stops, -1, step))
    neighbour = chosen + step
    dx, dy = east[neighbour] - east[chosen], north[neighbour] - north[chosen]
    gap = np.maximum(np.hypot(dx, dy), 1.0)
    along = np.where(
        aboard,
        rng.uniform(60, 280, n),
        np.where(trespass, rng.uniform(40, 250, n), 0.0),
    )
    along = np.minimum(along, gap)
    point_e = (east[chosen] + dx / gap * along).round().astype(np.int64)
    point_n = (north[chosen] + dy / gap * along).round().astype(np.int64)
    short = [name.removesuffix(" stop") for name in names]
    text = [
        f"{LINE_NAME}, on train between {short[a]} and {short[b]}"
        if on
        else f"{LINE_NAME}, trackside near {names[a]}"
        if t
        else f"{names[a]}, {LINE_NAME}"
        for a, b, on, t in zip(
            chosen.tolist(), neighbour.tolist(), aboard.tolist(), trespass.tolist(), strict=True
        )
    ]
    return _places_frame(
        location_address=text,
        location_postcode=[None] * n,
        __uprn=[None] * n,
        easting=point_e,
        northing=point_n,
        __line=[LINE_NAME] * n,
        __stop=stops["seq"].to_numpy()[chosen].astype(np.int64),
    )


def _metro_references(month: Month, rng: np.random.Generator, count: int) -> list[str]:
    """The Metro's incident log: EM2503/0007."""
    return [f"EM{month.year % 100:02d}{month.month:02d}/{i:04d}" for i in range(1, count + 1)]


def local_rail_incidents(world: World, month: Month) -> pl.DataFrame:
    return _render(
        world,
        month,
        _Spec(
            dataset="local-rail-incidents",
            kinds=METRO_KINDS,
            floor=METRO_FLOOR,
            rate=METRO_RATE,
            season=METRO_SEASON,
            offender_scale=700,
            not_stated=0.25,
            places=_metro_places,
            reference=_metro_references,
            dates_of_birth=False,
            postcodes=False,
        ),
    )


# --------------------------------------------------------------------------- Eastbrook Buses


def _bus_places(
    world: World,
    rng: np.random.Generator,
    kinds: list[Kind],
    index: np.ndarray,
    cluster: Cluster | None,
) -> pl.DataFrame:
    """At a stop or on a bus near one, on one of the routes out of the bus station; coordinates
    are the stop's. Every route starts at the bus station, which is a property of its own."""
    stops = _stops(world, "bus")
    east = stops["easting"].to_numpy().astype(float)
    north = stops["northing"].to_numpy().astype(float)
    lines = stops["line"].to_list()
    streets = stops["street"].to_list()
    at_station = stops["seq"].to_numpy() == 1
    routes = max(1, int(at_station.sum()))
    route_number = np.cumsum(at_station) - 1  # each route's stand at the bus station
    area, _ = _areas_at(world, east, north)
    bus_station = _feature(world, "bus_station")
    n = len(index)
    chosen = np.zeros(n, dtype=np.int64)
    for haunt in sorted({kinds[k].haunt for k in index.tolist()}):
        mask = np.asarray([kinds[k].haunt == haunt for k in index])
        weights = np.asarray([_AREA_WEIGHT[haunt][a] for a in area])
        # the bus station is one place however many routes start there; young people gather there
        weights = np.where(at_station, weights * 4.0 / routes, weights)
        weights = _cluster_weights(east, north, cluster, weights)
        chosen[mask] = _pick_rows(rng, weights, int(mask.sum()))
    aboard = rng.random(n) < np.asarray([kinds[k].aboard for k in index])
    text: list[str] = []
    uprn: list[int | None] = []
    for row, on in zip(chosen.tolist(), aboard.tolist(), strict=True):
        route = f"Route {lines[row]}"
        if at_station[row]:
            stand = f"Stand {_letter(int(route_number[row]))}"
            text.append(
                f"{route}, on bus at Eastbrook Bus Station"
                if on
                else f"Eastbrook Bus Station, {stand} ({route})"
            )
            uprn.append(None if on else bus_station["uprn"])
        else:
            text.append(
                f"{route}, on bus near {streets[row]}" if on else f"{route}, {streets[row]} stop"
            )
            uprn.append(None)
    return _places_frame(
        location_address=text,
        location_postcode=[None] * n,
        __uprn=uprn,
        easting=east[chosen].round().astype(np.int64),
        northing=north[chosen].round().astype(np.int64),
        __line=[lines[row] for row in chosen.tolist()],
        __stop=stops["seq"].to_numpy()[chosen].astype(np.int64),
    )


def _letter(number: int) -> str:
    letters = "ABCDEFGHJKLMNPQRSTUVWXYZ"
    return letters[number % len(letters)] + ("" if number < len(letters) else str(number))


def _bus_references(month: Month, rng: np.random.Generator, count: int) -> list[str]:
    """The depot's incident report form numbers: EBK-2503-014."""
    return [f"EBK-{month.year % 100:02d}{month.month:02d}-{i:03d}" for i in range(1, count + 1)]


def bus_incidents(world: World, month: Month) -> pl.DataFrame:
    return _render(
        world,
        month,
        _Spec(
            dataset="bus-incidents",
            kinds=BUS_KINDS,
            floor=BUS_FLOOR,
            rate=BUS_RATE,
            season=BUS_SEASON,
            offender_scale=600,
            not_stated=0.35,
            places=_bus_places,
            reference=_bus_references,
            dates_of_birth=False,
            postcodes=False,
        ),
    )


# --------------------------------------------------------------------------- plans

# The Metro's own codes for gender on its incident log.
METRO_GENDER = {"M": "Male", "F": "Female", "X": "Other", "U": "Unknown"}

PLANS = [
    Plan(
        dataset="btp-crimes",
        agency=BTP,
        render=btp_crimes,
        headers={
            "crime_reference": "Crime Reference",
            "offence_type": "HO Offence Code",
            "incident_date": "Offence Date",
            "incident_time": "Offence Time",
            "location_address": "Location",
            "location_postcode": "Postcode",
            "easting": "Easting",
            "northing": "Northing",
            "offender_gender": "Suspect Gender",
            "offender_age": "Suspect Age",
            "offender_date_of_birth": "Suspect DOB",
            "offender_ethnicity": "Suspect SDE",
            "victim_gender": "IP Gender",
            "victim_age": "IP Age",
            "victim_date_of_birth": "IP DOB",
            "victim_ethnicity": "IP SDE",
        },
        text_fields=("location_address",),
        caveats=(
            "Crimes on trains are geocoded to the line beside Eastbrook station, where they were "
            "reported, not to where the train was.",
            "Suspect details are given only where a suspect has been identified.",
            "Offence types are Home Office offence codes.",
        ),
    ),
    Plan(
        dataset="local-rail-incidents",
        agency=METRO,
        render=local_rail_incidents,
        headers={
            "crime_reference": "Incident Ref",
            "offence_type": "Incident Type",
            "incident_date": "Date",
            "incident_time": "Time",
            "location_address": "Location",
            "easting": "Grid Ref X",
            "northing": "Grid Ref Y",
            "offender_gender": "Offender Sex",
            "offender_age": "Offender Age",
            "offender_ethnicity": "Offender Ethnicity",
            "victim_gender": "Victim Sex",
            "victim_age": "Victim Age",
            "victim_ethnicity": "Victim Ethnicity",
        },
        local_codes={"offender_gender": METRO_GENDER, "victim_gender": METRO_GENDER},
        text_fields=("offence_type", "location_address"),
        caveats=(
            "Incidents recorded by Metro staff; offender details only where an offender was "
            "identified.",
            "Coordinates are of the stop, or of the line or track beside it.",
        ),
    ),
    Plan(
        dataset="bus-incidents",
        agency=BUSES,
        render=bus_incidents,
        headers={
            "crime_reference": "IRF No",
            "offence_type": "Incident Category",
            "incident_date": "Date",
            "incident_time": "Time",
            "location_address": "Route/Location",
            "easting": "X",
            "northing": "Y",
            "offender_gender": "Perp Gender",
            "offender_age": "Perp Age",
            "offender_ethnicity": "Perp Ethnicity",
            "victim_gender": "Victim Gender",
            "victim_age": "Victim Age",
            "victim_ethnicity": "Victim Ethnicity",
        },
        text_fields=("offence_type", "location_address"),
        # Drivers' handwritten incident report forms, keyed in at the depot: more slips and
        # more boxes left empty than a police system allows.
        faults=Faults(typo=0.05, missing_optional=0.05),
        caveats=(
            "Locations are the stop nearest to where the incident happened; coordinates are the "
            "stop's.",
            "Offender details only where the driver could describe an offender.",
        ),
    ),
]
