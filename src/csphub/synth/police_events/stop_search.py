"""Stops and searches: about 0.6 per 1,000 people a month, of people who skew young, male,
towards those who offend and towards the town centre and the estates. The force's file and
police.uk's file describe the same searches."""

from __future__ import annotations

import numpy as np
import polars as pl

from csphub.synth.crime import SEASON
from csphub.synth.people import age_on
from csphub.synth.police_events.places import PLACE_SCHEMA, street_level
from csphub.synth.police_events.timing import times
from csphub.synth.rng import pick_rows
from csphub.synth.world import Month, World

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
        **PLACE_SCHEMA,
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
    at = times(rng, month, count, "search")
    frame = _search_details(world, rng, month, subjects, places, at, None)
    for cluster in world.clusters:
        if cluster.dataset == "police-stop-search" and cluster.active(month):
            near = world.places.filter(
                (pl.col("easting") - cluster.easting) ** 2
                + (pl.col("northing") - cluster.northing) ** 2
                <= cluster.radius_m**2
            )
            chosen = pick_rows(rng, near if near.height else world.places, cluster.per_month)
            extra = pick_rows(rng, people, cluster.per_month)
            cluster_places = street_level(chosen).with_columns(pl.lit(False).alias("in_centre"))
            at = times(rng, month, cluster.per_month, "search")
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
    return street_level(chosen[pl.Series(index, dtype=pl.Int64)] if count else chosen).with_columns(
        pl.Series("in_centre", in_centre, dtype=pl.Boolean)
    )


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
