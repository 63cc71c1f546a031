"""The shared monthly ``health-assaults`` events: assaults that needed health care.

About a quarter of the victims of the month's violent crimes with injury, and about as many
again assaults never reported to the police (domestic abuse and night-time violence mostly),
with planted clusters. They attend A & E; an ambulance was called to some of them, and to a few
victims who then did not go to A & E."""

from __future__ import annotations

import numpy as np
import polars as pl

from csphub.synth.crime import BY_CODE, OFFENCES, RATE_PER_PERSON_YEAR, SEASON, crimes
from csphub.synth.datasets.health._draws import choose, draw, shares
from csphub.synth.datasets.health._places import (
    near_cluster,
    place_rows,
    public_places,
    scene_columns,
)
from csphub.synth.datasets.health._times import DOMESTIC, EVENING, at_hours, clip, datetimes, nights
from csphub.synth.world import Cluster, Month, World

# Share of victims of violence with injury who attend A & E: about a quarter overall.
_ATTEND = {"008/06": 0.20, "008/01": 0.50, "034/01": 0.08}
_NOT_CONVEYED = 0.05  # of the other victims: an ambulance came, but they did not go to A & E
_UNREPORTED = (("nte", 0.45), ("street", 0.30), ("domestic", 0.25))
_WEAPONS = {
    "nte": [("Fist", 45), ("Feet", 20), ("Bottle", 20), ("", 10), ("Knife", 5)],
    "street": [("Fist", 45), ("Feet", 20), ("Blunt instrument", 12), ("Knife", 8), ("", 15)],
    "domestic": [("Fist", 50), ("", 25), ("Blunt instrument", 15), ("Knife", 5), ("Feet", 5)],
}

# Free descriptions of other places (True: with the street, so it can be placed on a map).
_OTHER_PLACES = [
    ("Taxi rank, {street}", True),
    ("Bus stop, {street}", True),
    ("Car park off {street}", True),
    ("Park near {street}", True),
    ("Friend's house", False),
    ("Workplace", False),
]
_ASSAULT_COLUMNS = [
    "person_id",
    "crime_reference",
    "ho_code",
    "scenario",
    "when",
    "uprn",
    "street",
    "oa",
    "easting",
    "northing",
    "weapon",
    "ae",
    "cluster",
]


def assaults(world: World, month: Month) -> pl.DataFrame:
    """The month's assaults that needed health care, made once and shared."""
    return world.events("health-assaults", month, _make_assaults)


def _expected_reported(world: World, month: Month) -> float:
    total = sum(o.weight for o in OFFENCES)
    crime_count = world.people_count * RATE_PER_PERSON_YEAR / 12 * SEASON[month.month - 1]
    return crime_count * sum(BY_CODE[c].weight * s for c, s in _ATTEND.items()) / total


def _reported(world: World, month: Month, rng: np.random.Generator) -> pl.DataFrame:
    victims = (
        crimes(world, month)
        .filter(pl.col("ho_code").is_in(list(_ATTEND)))
        .select(
            pl.col("victim_ids").alias("person_id"),
            "crime_reference",
            "ho_code",
            "scenario",
            pl.col("committed_from").alias("when"),
            "uprn",
            "street",
            "oa",
            pl.col("easting").cast(pl.Int64),
            pl.col("northing").cast(pl.Int64),
            "weapon",
        )
        .explode("person_id")
        .drop_nulls("person_id")
        .sort("crime_reference", "person_id")
    )
    share = victims["ho_code"].replace_strict(_ATTEND, return_dtype=pl.Float64).to_numpy()
    attends = rng.random(victims.height) < share
    ambulance_only = ~attends & (rng.random(victims.height) < _NOT_CONVEYED)
    return (
        victims.with_columns(
            pl.Series("ae", attends),
            pl.lit(None, dtype=pl.String).alias("cluster"),
            # a crime in public is known to the street, not to an address
            pl.when(pl.col("scenario").is_in(["domestic", "nte"]))
            .then(pl.col("uprn"))
            .alias("uprn"),
        )
        .filter(pl.Series(attends | ambulance_only))
        .select(_ASSAULT_COLUMNS)
    )


def _victims(world: World, rng: np.random.Generator, count: int, scenario: str) -> pl.DataFrame:
    people = world.population.people.filter(pl.col("age") >= 12).sort("person_id")
    age = people["age"].to_numpy()
    male = people["gender"].to_numpy() == "M"
    curve = np.interp(age, [12, 16, 18, 25, 35, 50, 65, 96], [0.2, 0.7, 1, 1, 0.7, 0.35, 0.1, 0.05])
    if scenario == "nte":
        curve = curve * (age >= 18)
    # most victims of violence who go to A & E are young men
    weights = people["victimisation"].to_numpy() * curve * np.where(male, 2.5, 1.0)
    return draw(rng, people, count, weights).select("person_id")


def _unreported(world: World, month: Month, rng: np.random.Generator) -> pl.DataFrame:
    count = int(rng.poisson(_expected_reported(world, month)))
    names = [name for name, _ in _UNREPORTED]
    which = rng.choice(len(names), size=count, p=shares([s for _, s in _UNREPORTED]))
    parts = []
    for index, scenario in enumerate(names):
        n = int((which == index).sum())
        if n == 0:
            continue
        if scenario == "domestic":
            pairs = draw(rng, world.population.relationships.sort("perpetrator_id", "victim_id"), n)
            homes = world.population.people.select("person_id", "uprn")
            victims = (
                pairs.select(pl.col("victim_id").alias("person_id"))
                .with_row_index("_order")
                .join(homes, on="person_id", how="left")
                .join(world.places.select("uprn", "street", "oa", "easting", "northing"), on="uprn")
                .sort("_order")
            )
            where = place_rows(victims, at_address=True)
            people = victims.select("person_id")
            when = at_hours(rng, month, victims.height, DOMESTIC)
        elif scenario == "nte":
            licensed = world.places.filter(pl.col("kind") == "licensed").sort("uprn")
            if licensed.height == 0:
                continue
            where = place_rows(draw(rng, licensed, n), at_address=True)
            people = _victims(world, rng, n, scenario)
            when = nights(rng, month, n)
        else:
            public = public_places(world)
            where = place_rows(draw(rng, public, n, public["w"].to_numpy()), at_address=False)
            people = _victims(world, rng, n, scenario)
            when = at_hours(rng, month, n, EVENING)
        k = where.height
        parts.append(
            pl.concat([people, where], how="horizontal").with_columns(
                pl.lit(None, dtype=pl.String).alias("crime_reference"),
                pl.lit(None, dtype=pl.String).alias("ho_code"),
                pl.lit(scenario).alias("scenario"),
                datetimes("when", when),
                pl.Series("weapon", choose(rng, _WEAPONS[scenario], k).tolist(), dtype=pl.String),
                pl.lit(True).alias("ae"),
                pl.lit(None, dtype=pl.String).alias("cluster"),
            )
        )
    return _concat(parts, _ASSAULT_COLUMNS)


def _cluster_assaults(
    world: World, month: Month, rng: np.random.Generator, cluster: Cluster
) -> pl.DataFrame:
    """A planted rise in assaults near one place (cluster.kind is a location type)."""
    n = cluster.per_month
    near = near_cluster(world, cluster)
    licensed = cluster.kind.startswith("licensed")
    if licensed and near.filter(pl.col("kind") == "licensed").height:
        near = near.filter(pl.col("kind") == "licensed")
    scenario = "nte" if licensed else "street"
    where = place_rows(draw(rng, near, n), at_address=licensed)
    return (
        pl.concat([_victims(world, rng, n, scenario), where], how="horizontal")
        .with_columns(
            pl.lit(None, dtype=pl.String).alias("crime_reference"),
            pl.lit(None, dtype=pl.String).alias("ho_code"),
            pl.lit(scenario).alias("scenario"),
            datetimes(
                "when", nights(rng, month, n) if licensed else at_hours(rng, month, n, EVENING)
            ),
            pl.Series("weapon", choose(rng, _WEAPONS[scenario], n).tolist(), dtype=pl.String),
            pl.lit(True).alias("ae"),
            pl.lit(cluster.id).alias("cluster"),
        )
        .select(_ASSAULT_COLUMNS)
    )


def _concat(parts: list[pl.DataFrame], columns: list[str]) -> pl.DataFrame:
    parts = [p.select(columns) for p in parts if p.height]
    if not parts:
        return pl.DataFrame(schema=_ASSAULT_SCHEMA).select(columns)
    return pl.concat(parts, how="vertical_relaxed")


_ASSAULT_SCHEMA: dict[str, pl.DataType | type[pl.DataType]] = {
    "person_id": pl.Int64,
    "crime_reference": pl.String,
    "ho_code": pl.String,
    "scenario": pl.String,
    "when": pl.Datetime("us"),
    "uprn": pl.Int64,
    "street": pl.String,
    "oa": pl.String,
    "easting": pl.Int64,
    "northing": pl.Int64,
    "weapon": pl.String,
    "ae": pl.Boolean,
    "cluster": pl.String,
}


def _make_assaults(world: World, month: Month) -> pl.DataFrame:
    rng = world.rng("health", "assaults", month.label)
    parts = [_reported(world, month, rng), _unreported(world, month, rng)]
    parts += [
        _cluster_assaults(world, month, rng, cluster)
        for cluster in world.clusters
        if cluster.dataset == "ae-assaults" and cluster.active(month)
    ]
    events = (
        _concat(parts, _ASSAULT_COLUMNS)
        .cast(_ASSAULT_SCHEMA)  # type: ignore[arg-type]
        .sort("when", "person_id", "crime_reference", nulls_last=True, maintain_order=True)
    )
    events = scene_columns(world, events)
    n = events.height
    scenario = events["scenario"].to_numpy()
    serious = (events["ho_code"].to_numpy() == "008/01") | np.isin(
        events["weapon"].to_numpy(), ["Knife", "Bottle"]
    )
    inside = rng.random(n) < 0.45
    other = rng.random(n) < 0.15
    location_type = np.select(
        [scenario == "domestic", scenario == "nte", other],
        [
            "home",
            np.where(inside, "licensed_premises_inside", "licensed_premises_outside"),
            "other",
        ],
        default="street",
    )
    other_place = rng.integers(0, len(_OTHER_PLACES), n)
    ae = events["ae"].to_numpy()
    ambulance = ~ae | (rng.random(n) < 0.2 + 0.3 * serious + 0.1 * (scenario == "nte"))
    # arrival at A & E: soon after an ambulance; otherwise within hours, a few days later
    delay = np.where(
        ambulance,
        rng.integers(25, 90, n),
        np.select(
            [rng.random(n) < 0.7, rng.random(n) < 0.67],
            [rng.integers(30, 240, n), rng.integers(240, 24 * 60, n)],
            default=rng.integers(24 * 60, 72 * 60, n),
        ),
    ).astype("timedelta64[m]")
    call_delay = rng.integers(2, 20, n).astype("timedelta64[m]")
    when = events["when"].to_numpy().astype("datetime64[m]")
    return events.with_columns(
        pl.Series("serious", serious),
        pl.Series("location_type", location_type.tolist(), dtype=pl.String),
        pl.Series("other_place", [_OTHER_PLACES[i][0] for i in other_place], dtype=pl.String),
        pl.Series("other_mappable", [_OTHER_PLACES[i][1] for i in other_place]),
        pl.Series("ambulance", ambulance),
        datetimes("arrival", clip(when + delay, month)),
        datetimes("call", clip(when + call_delay, month)),
    )
