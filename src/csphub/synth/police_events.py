"""Police events that several police datasets describe, made once a month and shared.

* **Incidents** — calls for service: police-recorded anti-social behaviour (rowdy and nuisance
  behaviour, vehicle nuisance, street drinking, hoax calls, …), street disorder outside licensed
  premises, domestic incidents (every domestic crime of the month that was called in, and more
  that were not crimes, between the partners and ex-partners of ``population.relationships``, at
  the victim's home), concern for welfare and suspicious circumstances. About 10 per 1,000
  people a month, more in summer, in the evenings and at weekends. The force's incident file
  lists them all; police.uk's street file lists the anti-social behaviour among them.
* **Searches** — stops and searches: about 0.6 per 1,000 people a month, of people who skew
  young, male, towards those who offend and towards the town centre and the estates. The force's
  file and police.uk's file describe the same searches.
* **The course of a crime** — when each crime of a month is detected (for a share of those
  finally detected, the same day; for the rest some weeks later) or closed undetected, and how
  police.uk publishes it: its anonymous Crime ID, its outcome, and whether it has a location.
  The detection status file, police.uk's outcomes and the last outcome in its street file all
  follow it, month after month.
* **Map points** — police.uk's anonymous map points: the middle of every street, and points of
  interest (shopping areas, nightclubs, the hospital, the police station, the bus station, car
  parks, parks). Every published record is moved to the nearest one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

import numpy as np
import polars as pl
import shapely

from csphub.synth.crime import SEASON, crimes
from csphub.synth.geography_files import to_wgs84
from csphub.synth.people import age_on
from csphub.synth.world import Month, World

# --------------------------------------------------------------------------- when


# Share of the day's events in each hour (0-23), by the kind of event.
_HOURS = {
    # anti-social behaviour and nuisance: afternoon into late evening
    "evening": [3, 2, 1.5, 1, 0.7, 0.6, 0.8, 1.2, 1.8, 2.3, 2.8, 3.2,
                3.8, 4.2, 4.8, 5.8, 6.8, 7.5, 8, 8.2, 8, 7.2, 6, 4.5],
    # the night-time economy: late evening and the small hours
    "night": [9, 8, 6, 3.5, 1.5, 0.5, 0.3, 0.3, 0.3, 0.3, 0.4, 0.5,
              0.6, 0.6, 0.7, 0.8, 1, 1.4, 2, 3, 4.5, 6.5, 8.5, 9.5],
    # calls about people at home: evenings, and into the night
    "home": [3.5, 2.8, 2, 1.4, 1, 0.8, 1, 1.6, 2.4, 3, 3.3, 3.6,
             3.8, 4, 4.2, 4.6, 5.2, 6, 6.8, 7.4, 7.6, 7.2, 6.2, 4.8],
    # daytime matters: welfare, begging, street drinking, hoax and nuisance calls
    "day": [1.2, 0.9, 0.7, 0.5, 0.4, 0.5, 1, 2.2, 3.6, 4.8, 5.6, 6,
            6.2, 6.2, 6.1, 6, 6, 5.8, 5.4, 4.8, 4, 3.2, 2.4, 1.7],
    # stops and searches: afternoon, evening and the early hours
    "search": [4.5, 4, 3, 2, 1.2, 0.6, 0.5, 0.8, 1.5, 2.2, 2.8, 3.4,
               3.8, 4.2, 4.8, 5.4, 6, 6.4, 6.6, 6.8, 7, 6.8, 6.2, 5.2],
}  # fmt: skip
# Relative weight of each day of the week, Monday first.
_WEEKDAYS = {
    "evening": [0.85, 0.85, 0.9, 0.95, 1.2, 1.4, 1.1],
    "night": [0.45, 0.45, 0.55, 0.8, 1.9, 2.3, 0.9],
    "home": [0.9, 0.9, 0.9, 0.95, 1.1, 1.25, 1.2],
    "day": [1.0, 1.0, 1.0, 1.0, 1.05, 0.95, 0.85],
    "search": [0.9, 0.9, 0.95, 1.0, 1.15, 1.2, 0.9],
}


def _weekday(month: Month) -> np.ndarray:
    """Day of the week (Monday 0) of each day of the month."""
    days = np.datetime64(month.first, "D") + np.arange(month.days)
    return (days.view("int64") + 3) % 7  # 1970-01-01 was a Thursday


def _times(rng: np.random.Generator, month: Month, count: int, timing: str) -> np.ndarray:
    """``count`` moments (datetime64[m]) in the month, shaped by day of week and hour."""
    day_weight = np.asarray(_WEEKDAYS[timing])[_weekday(month)]
    hour_weight = np.asarray(_HOURS[timing], dtype=float)
    days = rng.choice(month.days, size=count, p=day_weight / day_weight.sum())
    hours = rng.choice(24, size=count, p=hour_weight / hour_weight.sum())
    minutes = hours * 60 + rng.integers(0, 60, count)
    first = np.datetime64(month.first, "D")
    return (first + days).astype("datetime64[m]") + minutes.astype("timedelta64[m]")


def _pick(
    rng: np.random.Generator, frame: pl.DataFrame, count: int, weight: str | None = None
) -> pl.DataFrame:
    if frame.height == 0 or count == 0:
        return frame.head(0)
    if weight is None:
        return frame[rng.integers(0, frame.height, count)]
    p = frame[weight].to_numpy().astype(float)
    return frame[rng.choice(frame.height, size=count, p=p / p.sum())]


_AREA_WEIGHT = {"centre": 3.0, "estate": 2.5, "suburb": 1.0, "rural": 0.3}

_PLACE_SCHEMA = pl.Schema(
    {
        "uprn": pl.Int64(),
        "address": pl.String(),
        "postcode": pl.String(),
        "easting": pl.Int32(),
        "northing": pl.Int32(),
        "lsoa": pl.String(),
    }
)


def _street_level(places: pl.DataFrame) -> pl.DataFrame:
    """A place in public as the force records it: the street and its locality, no address."""
    return places.select(
        pl.lit(None, dtype=pl.Int64).alias("uprn"),
        (pl.col("street") + ", " + pl.col("locality")).alias("address"),
        pl.lit(None, dtype=pl.String).alias("postcode"),
        "easting",
        "northing",
        "lsoa",
    ).cast(_PLACE_SCHEMA)


def _at_address(places: pl.DataFrame) -> pl.DataFrame:
    return places.select(list(_PLACE_SCHEMA)).cast(_PLACE_SCHEMA)


def _public_pool(world: World) -> pl.DataFrame:
    """Where things happen in public: residential streets and the centre's frontages, weighted
    towards the centre and the estates."""
    return world.places.filter(
        pl.col("residential") | pl.col("kind").is_in(["shop", "licensed"])
    ).with_columns(
        pl.col("oa_kind")
        .replace_strict(_AREA_WEIGHT, default=1.0, return_dtype=pl.Float64)
        .alias("w")
    )


def _homes_of(world: World, person_ids: pl.Series) -> pl.DataFrame:
    """Each person's home, in the order given, with the person."""
    order = pl.DataFrame({"person_id": person_ids}).with_row_index("i")
    homes = (
        order.join(world.population.people.select("person_id", "uprn"), on="person_id")
        .join(world.places, on="uprn")
        .sort("i")
    )
    return _at_address(homes).with_columns(homes["person_id"])


# --------------------------------------------------------------------------- incidents


@dataclass(frozen=True)
class IncidentType:
    name: str  # the force's closing code
    per_1000: float  # a month, before the season
    asb: bool  # police-recorded anti-social behaviour (published by police.uk)
    place: str  # public, centre, nte, home, domestic
    timing: str  # a key of _HOURS


# The force's closing codes: the National Standard for Incident Recording's anti-social
# behaviour categories, and the other calls for service the guidance names.
INCIDENT_TYPES = [
    IncidentType("ASB - Rowdy/Inconsiderate Behaviour", 3.0, True, "public", "evening"),
    IncidentType("ASB - Vehicle Nuisance/Inappropriate Use", 0.6, True, "public", "evening"),
    IncidentType("ASB - Street Drinking", 0.35, True, "centre", "day"),
    IncidentType("ASB - Nuisance Neighbours", 0.7, True, "home", "home"),
    IncidentType("ASB - Noise", 0.4, True, "home", "home"),
    IncidentType("ASB - Hoax Call", 0.15, True, "home", "day"),
    IncidentType("ASB - Begging/Vagrancy", 0.2, True, "centre", "day"),
    IncidentType("ASB - Malicious/Nuisance Communications", 0.25, True, "home", "day"),
    IncidentType("ASB - Fireworks", 0.15, True, "public", "evening"),
    IncidentType("ASB - Littering/Drugs Paraphernalia", 0.1, True, "public", "day"),
    IncidentType("ASB - Trespass", 0.1, True, "public", "evening"),
    IncidentType("Disorder - Street/Public Place", 0.6, False, "nte", "night"),
    IncidentType("Domestic Incident", 1.0, False, "domestic", "home"),
    IncidentType("Concern for Welfare", 0.9, False, "home", "day"),
    IncidentType("Suspicious Circumstances", 0.7, False, "public", "evening"),
]
INCIDENT_BY_NAME = {t.name: t for t in INCIDENT_TYPES}
DOMESTIC_INCIDENT = "Domestic Incident"
# Calls for service peak in the summer.
INCIDENT_SEASON = [0.86, 0.86, 0.93, 0.98, 1.05, 1.12, 1.2, 1.18, 1.03, 1.0, 0.98, 0.86]
# Fireworks: Bonfire Night and the new year.
_FIREWORKS_SEASON = [1.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.3, 0.3, 0.3, 2.5, 5.0, 1.5]
DOMESTIC_CRIMES_CALLED_IN = 0.9  # most domestic crimes start with a call

_INCIDENT_SCHEMA = pl.Schema(
    {
        "incident_reference": pl.String(),
        "incident_type": pl.String(),
        "asb": pl.Boolean(),
        "domestic": pl.Boolean(),
        "at": pl.Datetime("us"),
        **_PLACE_SCHEMA,
        "person_id": pl.Int64(),
        "crime_reference": pl.String(),
        "no_location": pl.Boolean(),
        "cluster": pl.String(),
    }
)


def _incident_places(
    world: World, rng: np.random.Generator, kind: IncidentType, count: int
) -> pl.DataFrame:
    people = world.population.people
    if kind.place == "public":
        picked = _street_level(_pick(rng, _public_pool(world), count, "w"))
    elif kind.place == "centre":
        centre = world.places.filter(pl.col("oa_kind") == "centre")
        picked = _street_level(_pick(rng, centre if centre.height else world.places, count))
    elif kind.place == "nte":
        pubs = world.places.filter(pl.col("kind") == "licensed")
        picked = _at_address(_pick(rng, pubs if pubs.height else world.places, count))
    elif kind.place == "domestic":
        pairs = _pick(rng, world.population.relationships, count)
        return _homes_of(world, pairs["victim_id"])
    else:  # a call from home: more from the estates and the centre, and from repeat victims
        callers = people.filter(pl.col("age") >= 16).with_columns(
            (
                pl.col("victimisation")
                * pl.col("area_kind").replace_strict(
                    {"estate": 2.0, "centre": 1.5, "suburb": 1.0, "rural": 0.6},
                    default=1.0,
                    return_dtype=pl.Float64,
                )
            ).alias("w")
        )
        return _homes_of(world, _pick(rng, callers, count, "w")["person_id"])
    return picked.with_columns(pl.lit(None, dtype=pl.Int64).alias("person_id"))


def _incident_frame(
    kind: IncidentType, places: pl.DataFrame, at: np.ndarray, cluster: str | None = None
) -> pl.DataFrame:
    n = places.height
    return places.with_columns(
        pl.lit(kind.name).alias("incident_type"),
        pl.lit(kind.asb).alias("asb"),
        pl.lit(kind.place == "domestic").alias("domestic"),
        pl.Series("at", at[:n].astype("datetime64[us]")),
        pl.lit(None, dtype=pl.String).alias("crime_reference"),
        pl.lit(cluster, dtype=pl.String).alias("cluster"),
    )


def make_incidents(world: World, month: Month) -> pl.DataFrame:
    rng = world.rng("police_events", "incidents", month.label)
    season = INCIDENT_SEASON[month.month - 1]
    parts = []
    for kind in INCIDENT_TYPES:
        rate = kind.per_1000 * season
        if kind.name == "ASB - Fireworks":
            rate *= _FIREWORKS_SEASON[month.month - 1]
        count = int(rng.poisson(world.people_count / 1000 * rate))
        if kind.place == "domestic" and world.population.relationships.height == 0:
            count = 0
        places = _incident_places(world, rng, kind, count)
        parts.append(_incident_frame(kind, places, _times(rng, month, count, kind.timing)))
    parts.append(_called_in_domestic_crimes(world, rng, month))
    for cluster in world.clusters:
        if cluster.dataset == "police-incidents" and cluster.active(month):
            kind = INCIDENT_BY_NAME.get(cluster.kind) or IncidentType(
                cluster.kind, 0.0, True, "public", "evening"
            )
            near = world.places.filter(
                (pl.col("easting") - cluster.easting) ** 2
                + (pl.col("northing") - cluster.northing) ** 2
                <= cluster.radius_m**2
            )
            near = near if near.height else world.places
            chosen = _pick(rng, near, cluster.per_month)
            places = (
                _at_address(chosen)
                if kind.place in ("home", "domestic", "nte")
                else _street_level(chosen)
            ).with_columns(pl.lit(None, dtype=pl.Int64).alias("person_id"))
            at = _times(rng, month, cluster.per_month, kind.timing)
            parts.append(_incident_frame(kind, places, at, cluster.id))
    frame = pl.concat(
        [p.select([c for c in _INCIDENT_SCHEMA if c in p.columns]) for p in parts],
        how="diagonal_relaxed",
    )
    frame = frame.sort(
        "at", "incident_type", "easting", "northing", "person_id", maintain_order=True
    )
    # a few ASB incidents have no location police.uk could publish
    no_location = rng.random(frame.height) < 0.02
    day_number = pl.int_range(pl.len()).over(pl.col("at").dt.date()) + 1
    return (
        frame.with_columns(
            (
                pl.lit("EB-")
                + pl.col("at").dt.strftime("%Y%m%d")
                + "-"
                + day_number.cast(pl.String).str.zfill(4)
            ).alias("incident_reference"),
            pl.Series("no_location", no_location),
        )
        .select(list(_INCIDENT_SCHEMA))
        .cast(_INCIDENT_SCHEMA)
    )


def _called_in_domestic_crimes(
    world: World, rng: np.random.Generator, month: Month
) -> pl.DataFrame:
    """The month's domestic crimes that began with a call: at the victim's home, a few minutes
    after it started."""
    domestic = crimes(world, month).filter(pl.col("scenario") == "domestic")
    called = domestic.filter(pl.Series(rng.random(domestic.height) < DOMESTIC_CRIMES_CALLED_IN))
    delay = rng.integers(0, 25, called.height)
    at = called["committed_from"].to_numpy().astype("datetime64[m]") + delay.astype(
        "timedelta64[m]"
    )
    in_month = at.astype("datetime64[D]") <= np.datetime64(month.last, "D")
    at = np.where(in_month, at, called["committed_from"].to_numpy().astype("datetime64[m]"))
    kind = INCIDENT_BY_NAME[DOMESTIC_INCIDENT]
    places = _at_address(called).with_columns(called["victim_ids"].list.first().alias("person_id"))
    return _incident_frame(kind, places, at).with_columns(called["crime_reference"])


def incidents(world: World, month: Month) -> pl.DataFrame:
    """The month's incidents, made once and shared."""
    return world.events("police-incidents", month, make_incidents)


# --------------------------------------------------------------------------- stops and searches


SEARCHES_PER_1000 = 0.6
# Reason for the search (the force's wording), its share, and police.uk's object of search.
SEARCH_REASONS = [
    ("Drugs", 0.60, "Controlled drugs"),
    ("Offensive weapons", 0.15, "Offensive weapons"),
    ("Stolen property", 0.13, "Stolen goods"),
    ("Going equipped", 0.12, "Article for use in theft"),
]
# The force's wording of a result, and police.uk's.
SEARCH_RESULTS = {
    "No further action": "A no further action disposal",
    "Arrest": "Arrest",
    "Community resolution": "Community resolution",
    "Cannabis warning": "Khat or Cannabis warning",
    "Penalty notice for disorder": "Penalty Notice for Disorder",
}
# Share of each result by reason.
_RESULT_SHARES = {
    "Drugs": [0.64, 0.10, 0.09, 0.13, 0.04],
    "Offensive weapons": [0.77, 0.17, 0.06, 0.0, 0.0],
    "Stolen property": [0.71, 0.20, 0.07, 0.0, 0.02],
    "Going equipped": [0.74, 0.18, 0.08, 0.0, 0.0],
}
# Who is searched: young people most, and (by the weights above) men, people who offend, and
# people from the estates and the centre.
_SEARCH_AGES = [10, 13, 16, 18, 21, 25, 30, 35, 45, 55, 75]
_SEARCH_AGE_WEIGHTS = [0.6, 2.0, 3.0, 1.6, 1.4, 1.3, 1.2, 1.0, 0.5, 0.2, 0.05]
SEARCH_TYPES = [
    ("Person search", 0.76),
    ("Person and Vehicle search", 0.19),
    ("Vehicle search", 0.05),
]

_SEARCH_SCHEMA = pl.Schema(
    {
        "search_reference": pl.String(),
        "at": pl.Datetime("us"),
        "search_type": pl.String(),
        "reason": pl.String(),
        "result": pl.String(),
        "person_id": pl.Int64(),
        "age": pl.Int64(),
        "recorded_ethnicity": pl.String(),  # self-defined, as recorded: some not stated
        **_PLACE_SCHEMA,
        "in_centre": pl.Boolean(),
        "operation": pl.String(),
        "linked": pl.Boolean(),
        "removal": pl.Boolean(),
        "no_location": pl.Boolean(),
        "cluster": pl.String(),
    }
)


def make_searches(world: World, month: Month) -> pl.DataFrame:
    rng = world.rng("police_events", "searches", month.label)
    expected = world.people_count / 1000 * SEARCHES_PER_1000 * SEASON[month.month - 1]
    count = int(rng.poisson(expected))
    people = world.population.people.filter((pl.col("age") >= 10) & (pl.col("age") <= 75))
    age = people["age"].to_numpy()
    gender = people["gender"].to_numpy()
    area = people["area_kind"].to_numpy()
    offending = people["offending"].to_numpy()
    weight = (
        (1 + 3 * (offending > 0) + np.minimum(offending, 3))
        * np.interp(age, _SEARCH_AGES, _SEARCH_AGE_WEIGHTS)
        * np.select([gender == "M", gender == "X"], [1.0, 0.3], 0.12)
        * np.select([area == "estate", area == "centre", area == "rural"], [1.8, 1.6, 0.3], 0.7)
    )
    subjects = (
        people[rng.choice(people.height, size=count, p=weight / weight.sum())]
        if count
        else people.head(0)
    )
    places = _search_places(world, rng, subjects)
    at = _times(rng, month, count, "search")
    frame = _search_details(world, rng, month, subjects, places, at, None)
    for cluster in world.clusters:
        if cluster.dataset == "police-stop-search" and cluster.active(month):
            near = world.places.filter(
                (pl.col("easting") - cluster.easting) ** 2
                + (pl.col("northing") - cluster.northing) ** 2
                <= cluster.radius_m**2
            )
            chosen = _pick(rng, near if near.height else world.places, cluster.per_month)
            extra = _pick(rng, people, cluster.per_month)
            cluster_places = _street_level(chosen).with_columns(pl.lit(False).alias("in_centre"))
            at = _times(rng, month, cluster.per_month, "search")
            frame = pl.concat(
                [
                    frame,
                    _search_details(
                        world, rng, month, extra, cluster_places, at, cluster.id, cluster.kind
                    ),
                ]
            )
    frame = frame.sort("at", "person_id", "easting", "northing", maintain_order=True)
    prefix = f"SS{month.year % 100:02d}/{month.month:02d}"
    references = [f"{prefix}{n:05d}" for n in range(1, frame.height + 1)]
    return (
        frame.with_columns(pl.Series("search_reference", references, dtype=pl.String))
        .select(list(_SEARCH_SCHEMA))
        .cast(_SEARCH_SCHEMA)
    )


def _search_places(world: World, rng: np.random.Generator, subjects: pl.DataFrame) -> pl.DataFrame:
    """Where each subject was searched: in the town centre, or on a street near home."""
    count = subjects.height
    in_centre = rng.random(count) < 0.45
    centre = world.places.filter(pl.col("oa_kind") == "centre")
    centre = centre if centre.height else world.places
    centre_pick = centre[rng.integers(0, centre.height, count)] if count else centre.head(0)
    # a random property in the subject's own output area: its street
    ordered = world.places.sort("oa", "uprn").with_row_index("pos")
    ranges = ordered.group_by("oa").agg(pl.col("pos").min().alias("start"), pl.len().alias("size"))
    home_oa = subjects.select("oa").with_row_index("i").join(ranges, on="oa", how="left").sort("i")
    position = (
        home_oa["start"].fill_null(0).to_numpy()
        + np.floor(rng.random(count) * home_oa["size"].fill_null(1).to_numpy()).astype(np.int64)
    ).astype(np.int64)
    near_home = ordered[pl.Series(position)] if count else ordered.head(0)
    chosen = pl.concat(
        [
            centre_pick.select(ordered.drop("pos").columns),
            near_home.select(ordered.drop("pos").columns),
        ]
    )
    index = np.where(in_centre, np.arange(count), count + np.arange(count))
    return _street_level(
        chosen[pl.Series(index, dtype=pl.Int64)] if count else chosen
    ).with_columns(pl.Series("in_centre", in_centre, dtype=pl.Boolean))


def _search_details(
    world: World,
    rng: np.random.Generator,
    month: Month,
    subjects: pl.DataFrame,
    places: pl.DataFrame,
    at: np.ndarray,
    cluster: str | None,
    reason_of_cluster: str | None = None,
) -> pl.DataFrame:
    n = subjects.height
    names = [r for r, _, _ in SEARCH_REASONS]
    shares = np.asarray([s for _, s, _ in SEARCH_REASONS])
    reason = np.asarray(names, dtype=object)[
        rng.choice(len(names), size=n, p=shares / shares.sum())
    ]
    if reason_of_cluster is not None:
        reason = np.full(
            n, reason_of_cluster if reason_of_cluster in names else names[0], dtype=object
        )
    outcomes = list(SEARCH_RESULTS)
    result = np.empty(n, dtype=object)
    draws = rng.random(n)
    for name in names:
        cumulative = np.cumsum(_RESULT_SHARES[name]) / sum(_RESULT_SHARES[name])
        pick = reason == name
        result[pick] = np.asarray(outcomes, dtype=object)[
            np.minimum(np.searchsorted(cumulative, draws[pick], side="right"), len(outcomes) - 1)
        ]
    ages = (
        pl.DataFrame({"dob": subjects["date_of_birth"], "at": at[:n].astype("datetime64[us]")})
        .select(age_on(pl.col("dob"), pl.col("at").dt.date()))
        .to_series()
        .to_numpy()
        if n
        else np.zeros(0, dtype=np.int64)
    )
    # searches of people who offend find something more often
    offends = subjects["offending"].to_numpy() > 0 if n else np.zeros(0, dtype=bool)
    found = offends & (result == "No further action") & (rng.random(n) < 0.12)
    result = np.where(found, "Arrest", result)
    # cannabis warnings and penalty notices are for adults; under 18s get a community resolution
    minor = ages < 18
    result = np.where(
        minor & np.isin(result, ["Cannabis warning", "Penalty notice for disorder"]),
        "Community resolution",
        result,
    )
    nfa = result == "No further action"
    linked = (rng.random(n) < np.where(result == "Arrest", 0.7, 0.9)).astype(object)
    linked[nfa] = None  # nothing found, nothing to link
    removal = rng.random(n) < np.where(reason == "Drugs", np.where(nfa, 0.01, 0.05), 0.005)
    sceptre = (month.month in (5, 11)) & (reason == "Offensive weapons")
    operation = np.full(n, None, dtype=object)
    operation[sceptre & (rng.random(n) < 0.6)] = "Operation Sceptre"
    types, type_shares = zip(*SEARCH_TYPES, strict=True)
    p = np.asarray(type_shares)
    search_type = np.asarray(types, dtype=object)[rng.choice(len(types), size=n, p=p / p.sum())]
    ethnicity = np.where(
        rng.random(n) < 0.08, "NS", subjects["ethnicity"].to_numpy().astype(object)
    )
    no_location = rng.random(n) < 0.1
    return places.with_columns(
        pl.Series("at", at[:n].astype("datetime64[us]")),
        pl.Series("search_type", search_type.tolist(), dtype=pl.String),
        pl.Series("reason", reason.tolist(), dtype=pl.String),
        pl.Series("result", result.tolist(), dtype=pl.String),
        subjects["person_id"],
        pl.Series("age", ages, dtype=pl.Int64),
        pl.Series("recorded_ethnicity", ethnicity.tolist(), dtype=pl.String),
        pl.Series("operation", operation.tolist(), dtype=pl.String),
        pl.Series("linked", linked.tolist(), dtype=pl.Boolean),
        pl.Series("removal", removal, dtype=pl.Boolean),
        pl.Series("no_location", no_location, dtype=pl.Boolean),
        pl.lit(cluster, dtype=pl.String).alias("cluster"),
        pl.lit(None, dtype=pl.String).alias("search_reference"),
    )


def searches(world: World, month: Month) -> pl.DataFrame:
    """The month's stops and searches, made once and shared."""
    return world.events("police-searches", month, make_searches)


# --------------------------------------------------------------------------- the course of crimes


# police.uk's wording of each detection outcome.
POLICE_UK_OUTCOME = {
    "charged_summonsed": "Suspect charged",
    "cautioned": "Offender given a caution",
    "penalty_notice": "Offender given penalty notice",
    "cannabis_warning": "Local resolution",
    "non_sanction": "Local resolution",
    "taken_into_consideration": "Suspect charged as part of another case",
}
# In the street file, a charged crime's last outcome waits on the court.
STREET_OUTCOME = {
    "Suspect charged": "Awaiting court outcome",
    "Suspect charged as part of another case": "Awaiting court outcome",
}
UNDER_INVESTIGATION = "Under investigation"
# Offences for which a penalty notice for disorder can be given (theft from shops and other
# low-value theft, criminal damage, public order, cannabis possession).
_PENALTY_NOTICE_OFFENCES = {"046/00", "049/00", "058/01", "058/03", "125/10", "092/41"}
# Share of each offence's detections made the same day (caught in the act or on the spot).
_DETECTED_AT_ONCE = {"092/41": 0.95, "010/01": 0.9, "046/00": 0.6, "125/10": 0.5}
LONGEST_INVESTIGATION_DAYS = 140  # every crime's outcome falls within five months of its month
WINDOW_MONTHS = 6  # the detections file covers this month and the five before

_COURSE_SCHEMA = pl.Schema(
    {
        "crime_reference": pl.String(),
        "crime_id": pl.String(),
        "ho_code": pl.String(),
        "category": pl.String(),
        "scenario": pl.String(),
        "recorded": pl.Date(),
        "uprn": pl.Int64(),
        "easting": pl.Int32(),
        "northing": pl.Int32(),
        "lsoa": pl.String(),
        "victim_ids": pl.List(pl.Int64()),
        "offender_ids": pl.List(pl.Int64()),
        "detected": pl.Boolean(),
        "status": pl.String(),  # the final detection status (police-detections codes)
        "outcome_on": pl.Date(),  # when it was detected, or closed undetected
        "police_uk_outcome": pl.String(),
        "no_location": pl.Boolean(),
        "cluster": pl.String(),
    }
)


def police_uk_crime_id(reference: str) -> str:
    """police.uk's anonymous Crime ID of a force crime reference: 64 lowercase hex digits."""
    return hashlib.sha256(reference.encode()).hexdigest()


def make_course(world: World, month: Month) -> pl.DataFrame:
    frame = crimes(world, month)
    rng = world.rng("police_events", "course", month.label)
    n = frame.height
    codes = frame["ho_code"].to_numpy().astype(str)
    outcome = frame["outcome"].to_numpy().astype(object)
    # a cannabis warning is for cannabis possession; a penalty notice for the offences that allow it
    status = np.where(
        (outcome == "cannabis_warning") & (codes != "092/41"), "non_sanction", outcome
    )
    status = np.where(
        (status == "penalty_notice") & ~np.isin(codes, sorted(_PENALTY_NOTICE_OFFENCES)),
        "cautioned",
        status,
    )
    detected = frame["detected"].to_numpy()
    at_once = rng.random(n) < np.asarray([_DETECTED_AT_ONCE.get(c, 0.25) for c in codes])
    detect_lag = np.where(at_once, rng.integers(0, 2, n), 5 + rng.gamma(2.0, 12.0, n))
    undetected_text = frame["police_uk_outcome"].to_numpy().astype(object)
    no_suspect = undetected_text == "Investigation complete; no suspect identified"
    close_lag = np.where(no_suspect, 2 + rng.gamma(2.0, 6.0, n), 7 + rng.gamma(2.0, 15.0, n))
    lag = np.clip(np.where(detected, detect_lag, close_lag), 0, LONGEST_INVESTIGATION_DAYS).astype(
        np.int64
    )
    violent = frame["category"].to_numpy() == "Violence and sexual offences"
    no_location = rng.random(n) < np.where(violent, 0.07, 0.03)
    police_uk = np.where(
        detected,
        np.asarray([POLICE_UK_OUTCOME.get(s, "") for s in status], dtype=object),
        undetected_text,
    )
    ids = [police_uk_crime_id(r) for r in frame["crime_reference"]]
    outcome_on = frame["recorded"].to_numpy().astype("datetime64[D]") + lag.astype("timedelta64[D]")
    return (
        frame.with_columns(
            pl.Series("crime_id", ids, dtype=pl.String),
            pl.Series("status", status.tolist(), dtype=pl.String),
            pl.Series("outcome_on", outcome_on),
            pl.Series("police_uk_outcome", police_uk.tolist(), dtype=pl.String),
            pl.Series("no_location", no_location, dtype=pl.Boolean),
        )
        .select(list(_COURSE_SCHEMA))
        .cast(_COURSE_SCHEMA)
    )


def course(world: World, month: Month) -> pl.DataFrame:
    """The crimes recorded in ``month``, with their course, made once and shared."""
    return world.events("police-crime-course", month, make_course)


def window(world: World, month: Month) -> list[Month]:
    """This month and the five before it, as far as the partnership's months go back."""
    earliest = month.plus(1 - WINDOW_MONTHS)
    return [m for m in world.months if earliest <= m <= month]


def recent_crimes(world: World, month: Month) -> pl.DataFrame:
    """The crimes of this month and the five before, with their course. Months that have left
    the window are forgotten, so memory holds six months of crimes at most."""
    months = window(world, month)
    for older in world.months:
        if older < months[0]:
            world.forget(older)
    return pl.concat([course(world, m) for m in months])


def status_on(day: dt.date) -> pl.Expr:
    """A crime's detection status as it stood at the end of ``day``."""
    return (
        pl.when(pl.col("detected") & (pl.col("outcome_on") <= day))
        .then(pl.col("status"))
        .otherwise(pl.lit("undetected"))
    )


def last_outcome_on(day: dt.date) -> pl.Expr:
    """police.uk's last outcome category of a crime as it stood at the end of ``day``."""
    return (
        pl.when(pl.col("outcome_on") <= day)
        .then(pl.col("police_uk_outcome").replace(STREET_OUTCOME))
        .otherwise(pl.lit(UNDER_INVESTIGATION))
    )


# --------------------------------------------------------------------------- map points


POINT_OF_INTEREST_REACH_M = 20  # a record this close to a point of interest is placed at it


def make_map_points(world: World, month: Month) -> pl.DataFrame:
    """police.uk's anonymous map points: the middle of each street, and points of interest."""
    places = world.places
    streets = (
        places.group_by("usrn")
        .agg(
            pl.first("street"),
            pl.first("lsoa"),
            pl.col("easting").mean().round().cast(pl.Int32),
            pl.col("northing").mean().round().cast(pl.Int32),
        )
        .sort("usrn")
        .select(("On or near " + pl.col("street")).alias("label"), "easting", "northing", "lsoa")
    )
    named = {
        "hospital": "Hospital",
        "police_station": "Police Station",
        "bus_station": "Bus/Coach Station",
    }
    services = (
        places.filter(pl.col("kind").is_in(list(named)))
        .sort("uprn")
        .select(
            ("On or near " + pl.col("kind").replace_strict(named)).alias("label"),
            "easting",
            "northing",
            "lsoa",
        )
    )
    station = (
        places.filter(pl.col("kind") == "station")
        .sort("uprn")
        .select(
            pl.lit("On or near Parking Area").alias("label"),
            (pl.col("easting") + 40).cast(pl.Int32),
            "northing",
            "lsoa",
        )
    )
    nightclubs = (
        places.filter(pl.col("kind") == "licensed")
        .sort("uprn")
        .gather_every(5)
        .select(pl.lit("On or near Nightclub").alias("label"), "easting", "northing", "lsoa")
    )
    shopping = (
        places.filter((pl.col("kind") == "shop") & (pl.col("oa_kind") == "centre"))
        .group_by("oa")
        .agg(
            pl.first("lsoa"),
            pl.col("easting").mean().round().cast(pl.Int32),
            pl.col("northing").mean().round().cast(pl.Int32),
        )
        .sort("oa")
        .select(pl.lit("On or near Shopping Area").alias("label"), "easting", "northing", "lsoa")
    )
    areas = world.geography.areas
    lsoas = areas.filter(pl.col("level") == "lsoa")
    parks = (
        areas.filter(pl.col("level") == "msoa")
        .sort("code")
        .select(
            pl.lit("On or near Park/Open Space").alias("label"),
            ((pl.col("x0") + pl.col("x1")) // 2).cast(pl.Int32).alias("easting"),
            ((pl.col("y0") + pl.col("y1")) // 2 + 35).cast(pl.Int32).alias("northing"),
        )
        .with_row_index("i")
        .join(lsoas.select(pl.col("code").alias("lsoa"), "x0", "y0", "x1", "y1"), how="cross")
        .filter(
            (pl.col("easting") >= pl.col("x0"))
            & (pl.col("easting") < pl.col("x1"))
            & (pl.col("northing") >= pl.col("y0"))
            & (pl.col("northing") < pl.col("y1"))
        )
        .unique("i", keep="first", maintain_order=True)
        .sort("i")
        .select("label", "easting", "northing", "lsoa")
    )
    interest = pl.concat([services, station, nightclubs, shopping, parks], how="vertical_relaxed")
    points = pl.concat(
        [
            streets.with_columns(pl.lit(False).alias("poi")),
            interest.with_columns(pl.lit(True).alias("poi")),
        ],
        how="vertical_relaxed",
    ).with_columns(pl.col("easting").cast(pl.Int32), pl.col("northing").cast(pl.Int32))
    latitude, longitude = to_wgs84(points["easting"], points["northing"])
    names = lsoas.select(pl.col("code").alias("lsoa"), pl.col("name").alias("lsoa_name"))
    return points.with_columns(latitude.alias("latitude"), longitude.alias("longitude")).join(
        names, on="lsoa", how="left", maintain_order="left"
    )


def map_points(world: World, month: Month) -> pl.DataFrame:
    return world.events("police-map-points", month, make_map_points)


def snapped(
    world: World, month: Month, frame: pl.DataFrame, no_location: str = "No Location"
) -> pl.DataFrame:
    """police.uk's location of each row of ``frame`` (easting, northing, no_location): a point of
    interest close by, or else the nearest street's middle; its LSOA and coordinates. Rows with
    no location read ``no_location``, with blanks."""
    points = map_points(world, month)
    hidden = frame["no_location"]
    if frame.height == 0:
        chosen = points.head(0)
    else:
        queries = shapely.points(
            frame["easting"].cast(pl.Float64).to_numpy(),
            frame["northing"].cast(pl.Float64).to_numpy(),
        )
        street = _nearest(points.filter(~pl.col("poi")), queries)
        interest = _nearest(points.filter(pl.col("poi")), queries)
        streets = points.filter(~pl.col("poi"))[pl.Series(street[0])]
        pois = points.filter(pl.col("poi"))
        if pois.height:
            close = pl.Series(interest[1] <= POINT_OF_INTEREST_REACH_M)
            chosen = pois[pl.Series(interest[0])].select(
                [
                    pl.when(close).then(pl.col(c)).otherwise(streets[c]).alias(c)
                    for c in points.columns
                ]
            )
        else:
            chosen = streets
    shown = ~hidden
    return chosen.select(
        pl.when(shown).then(pl.col("label")).otherwise(pl.lit(no_location)).alias("location"),
        pl.when(shown).then(pl.col("longitude")).alias("longitude"),
        pl.when(shown).then(pl.col("latitude")).alias("latitude"),
        pl.when(shown).then(pl.col("lsoa")).alias("lsoa_code"),
        pl.when(shown).then(pl.col("lsoa_name")).alias("lsoa_name"),
    )


def _nearest(points: pl.DataFrame, queries: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each query point, the index of the nearest of ``points`` and its distance."""
    count = len(queries)
    index = np.zeros(count, dtype=np.int64)
    distance = np.full(count, np.inf)
    if points.height == 0:
        return index, distance
    tree = shapely.STRtree(
        shapely.points(
            points["easting"].cast(pl.Float64).to_numpy(),
            points["northing"].cast(pl.Float64).to_numpy(),
        )
    )
    (inputs, found), far = tree.query_nearest(queries, all_matches=False, return_distance=True)
    index[inputs] = found
    distance[inputs] = far
    return index, distance
