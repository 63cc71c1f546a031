"""Ambulance calls for service (guidance §3.2.14): calls for illness and injury, planted
clusters, and the calls behind the shared assault and substance events."""

from __future__ import annotations

import numpy as np
import polars as pl

from csphub.synth.datasets.health._draws import draw, shares
from csphub.synth.datasets.health._places import (
    near_cluster,
    place_rows,
    public_places,
    scene_columns,
)
from csphub.synth.datasets.health._times import DAYTIME, EVENING, at_hours, datetimes
from csphub.synth.datasets.health.assault_events import assaults
from csphub.synth.datasets.health.references import AMBULANCE, ambulance_patient
from csphub.synth.datasets.health.substance_events import substance
from csphub.synth.people import age_on, recorded_ethnicity, with_people
from csphub.synth.supply import Plan
from csphub.synth.world import Cluster, Month, World

_CALLS_PER_1000 = 8.3  # a month: calls for illness and injury, besides assaults and substances
_AMBULANCE_SEASON = [1.12, 1.05, 1.0, 0.96, 0.97, 0.97, 1.0, 0.96, 0.95, 0.98, 1.0, 1.14]
# Type of call, share, age curve (ages, weights), share at home, women only.
_CALL_TYPES: list[tuple[str, float, list[int], list[float], float, bool]] = [
    ("Fall", 16, [0, 10, 40, 65, 80, 96], [0.3, 0.2, 0.2, 1, 3, 5], 0.8, False),
    ("Breathing problems", 13, [0, 5, 40, 65, 80, 96], [0.4, 0.2, 0.3, 1, 2, 2.5], 0.92, False),
    ("Chest pain", 11, [0, 25, 40, 60, 80, 96], [0, 0.1, 0.5, 1, 1.3, 1.3], 0.85, False),
    ("Sick person", 12, [0, 5, 40, 65, 80, 96], [0.4, 0.2, 0.3, 0.8, 1.6, 2.5], 0.9, False),
    (
        "Unconscious / fainting",
        7,
        [0, 15, 30, 60, 80, 96],
        [0.2, 0.5, 0.5, 0.8, 1.4, 2],
        0.65,
        False,
    ),
    ("Stroke", 4, [0, 40, 60, 80, 96], [0, 0.1, 0.8, 2, 2], 0.9, False),
    ("Heart problems", 3, [0, 40, 60, 80, 96], [0.05, 0.3, 1, 2, 2], 0.9, False),
    ("Convulsions / fitting", 4, [0, 5, 20, 60, 96], [0.5, 0.4, 0.7, 0.7, 0.5], 0.7, False),
    ("Haemorrhage / lacerations", 4, [0, 20, 60, 96], [0.3, 0.6, 0.9, 1.2], 0.65, False),
    ("Abdominal pain", 5, [0, 15, 40, 80, 96], [0.2, 0.6, 0.7, 0.9, 0.9], 0.9, False),
    (
        "Psychiatric / abnormal behaviour / suicide attempt",
        4,
        [0, 12, 16, 25, 45, 65, 96],
        [0, 0.3, 1, 1, 0.7, 0.3, 0.1],
        0.7,
        False,
    ),
    ("Traumatic injury", 3, [0, 10, 30, 60, 96], [0.6, 1, 0.8, 0.6, 0.8], 0.5, False),
    (
        "Road traffic collision",
        3,
        [0, 10, 17, 25, 60, 80, 96],
        [0.3, 0.4, 1, 1, 0.6, 0.4, 0.2],
        0.0,
        False,
    ),
    (
        "Pregnancy / childbirth",
        2,
        [0, 16, 18, 25, 35, 43, 45, 96],
        [0, 0, 0.6, 1, 0.9, 0.2, 0, 0],
        0.9,
        True,
    ),
    ("Diabetic problems", 2, [0, 10, 40, 70, 96], [0.2, 0.3, 0.6, 1, 1], 0.9, False),
    ("Back pain", 2, [0, 25, 50, 96], [0, 0.5, 1, 1], 0.95, False),
    ("Allergic reaction", 1, [0, 96], [1, 1], 0.6, False),
]
_CALL_SCHEMA: dict[str, pl.DataType | type[pl.DataType]] = {
    "person_id": pl.Int64,
    "incident_type": pl.String,
    "call": pl.Datetime("us"),
    "scene_uprn": pl.Int64,
    "scene_address": pl.String,
    "scene_postcode": pl.String,
    "easting": pl.Int64,
    "northing": pl.Int64,
    "crime_reference": pl.String,
    "source": pl.String,
    "cluster": pl.String,
}


def _homes(world: World, people: pl.DataFrame) -> pl.DataFrame:
    """Scene inputs at each person's home (in ``people``'s order)."""
    return (
        people.select("person_id")
        .with_row_index("_order")
        .join(world.population.people.select("person_id", "uprn"), on="person_id", how="left")
        .join(world.places.select("uprn", "street", "oa", "easting", "northing"), on="uprn")
        .sort("_order")
        .select(
            "uprn",
            "street",
            "oa",
            pl.col("easting").cast(pl.Int64),
            pl.col("northing").cast(pl.Int64),
        )
    )


def _medical_calls(world: World, month: Month, rng: np.random.Generator) -> pl.DataFrame:
    expected = world.people_count / 1000 * _CALLS_PER_1000 * _AMBULANCE_SEASON[month.month - 1]
    total = int(rng.poisson(expected))
    kinds = rng.choice(len(_CALL_TYPES), size=total, p=shares([t[1] for t in _CALL_TYPES]))
    # each person with their home, joined once
    people = (
        world.population.people.select("person_id", "uprn", "age", "area_kind", "gender")
        .join(world.places.select("uprn", "street", "oa", "easting", "northing"), on="uprn")
        .sort("person_id")
    )
    age = people["age"].to_numpy()
    area = people["area_kind"].to_numpy()
    area_factor = np.select(
        [area == "estate", area == "centre", area == "rural"], [1.3, 1.3, 0.85], default=0.95
    )
    female = people["gender"].to_numpy() == "F"
    public = public_places(world)
    outside = world.places.filter(
        pl.col("kind").is_in(["shop", "licensed", "station", "bus_station", "school"])
    ).sort("uprn")
    parts = []
    for index, (name, _, ages, curve, at_home, women) in enumerate(_CALL_TYPES):
        n = int((kinds == index).sum())
        if n == 0:
            continue
        weights = np.interp(age, ages, curve) * area_factor * (female if women else 1.0)
        chosen = draw(rng, people, n, weights)
        patients = chosen.select("person_id")
        home = rng.random(n) < at_home
        in_street = rng.random(n) < (1.0 if name == "Road traffic collision" else 0.5)
        homes = place_rows(chosen, at_address=True)
        streets = place_rows(draw(rng, public, n, public["w"].to_numpy()), at_address=False)
        premises = place_rows(draw(rng, outside if outside.height else public, n), True)
        where = _pick_rows(
            [homes, streets, premises], np.select([home, in_street], [0, 1], default=2)
        )
        when = at_hours(rng, month, n, DAYTIME)
        parts.append(
            pl.concat([patients, where], how="horizontal").with_columns(
                pl.lit(name).alias("incident_type"),
                datetimes("call", when),
                pl.lit(None, dtype=pl.String).alias("crime_reference"),
                pl.lit("medical").alias("source"),
                pl.lit(None, dtype=pl.String).alias("cluster"),
            )
        )
    return pl.concat(parts) if parts else pl.DataFrame()


def _pick_rows(frames: list[pl.DataFrame], which: np.ndarray) -> pl.DataFrame:
    """Row i from frames[which[i]] (the frames have the same height and columns)."""
    stacked = pl.concat(frames)
    height = frames[0].height
    return stacked[(which * height + np.arange(height)).tolist()]


def _cluster_calls(
    world: World, month: Month, rng: np.random.Generator, cluster: Cluster
) -> pl.DataFrame:
    """A planted rise in calls of one type (cluster.kind) in one place, in the street."""
    n = cluster.per_month
    people = world.population.people.filter(pl.col("age") >= 12).sort("person_id")
    patients = draw(rng, people, n, people["victimisation"].to_numpy()).select("person_id")
    where = place_rows(draw(rng, near_cluster(world, cluster), n), at_address=False)
    return pl.concat([patients, where], how="horizontal").with_columns(
        pl.lit(cluster.kind).alias("incident_type"),
        datetimes("call", at_hours(rng, month, n, EVENING)),
        pl.lit(None, dtype=pl.String).alias("crime_reference"),
        pl.lit("cluster").alias("source"),
        pl.lit(cluster.id).alias("cluster"),
    )


def ambulance_calls(world: World, month: Month) -> pl.DataFrame:
    """Ambulance calls for service (guidance §3.2.14), one row per call."""
    rng = world.rng("health", "ambulance", month.label)
    medical = _medical_calls(world, month, rng)
    clusters = [
        _cluster_calls(world, month, rng, cluster)
        for cluster in world.clusters
        if cluster.dataset == "ambulance-calls" and cluster.active(month)
    ]
    inputs = [scene_columns(world, part) for part in (medical, *clusters) if part.height]
    attacked = assaults(world, month).filter(pl.col("ambulance"))
    inputs.append(
        attacked.select(
            "person_id",
            pl.lit("Assault").alias("incident_type"),
            "call",
            "scene_uprn",
            "scene_address",
            "scene_postcode",
            "easting",
            "northing",
            "crime_reference",
            pl.lit("assault").alias("source"),
            "cluster",
        )
    )
    episodes = substance(world, month).filter(pl.col("ambulance"))
    at_home = scene_columns(world, _homes(world, episodes))
    in_street = scene_columns(world, episodes.select("uprn", "street", "oa", "easting", "northing"))
    public = episodes["public"].to_numpy()
    scenes = _pick_rows([at_home, in_street], public.astype(int))
    inputs.append(
        pl.concat(
            [episodes.select("person_id", "when", "ambulance_type"), scenes], how="horizontal"
        ).select(
            "person_id",
            pl.col("ambulance_type").alias("incident_type"),
            pl.col("when").alias("call"),
            "scene_uprn",
            "scene_address",
            "scene_postcode",
            "easting",
            "northing",
            pl.lit(None, dtype=pl.String).alias("crime_reference"),
            pl.lit("substance").alias("source"),
            pl.lit(None, dtype=pl.String).alias("cluster"),
        )
    )
    calls = (
        pl.concat([c.select(list(_CALL_SCHEMA)).cast(_CALL_SCHEMA) for c in inputs])  # type: ignore[arg-type]
        .sort("call", "person_id", "incident_type", "source", maintain_order=True)
        .with_columns(pl.col("call").dt.date().alias("_day"))
    )
    n = calls.height
    # the control room numbers calls across its whole area: ours are some of each day's
    calls = calls.with_columns(
        pl.Series("_step", rng.integers(3, 60, n)),
        pl.Series("_unknown_sex", rng.random(n) < 0.01),
    ).with_columns(pl.col("_step").cum_sum().over("_day").alias("_number"))
    frame = with_people(calls.with_row_index("_order"), world).sort("_order")
    return frame.select(
        (
            pl.lit("ECA")
            + pl.col("_day").dt.strftime("%y%m%d")
            + "-"
            + pl.col("_number").cast(pl.String).str.zfill(5)
        ).alias("call_reference"),
        ambulance_patient(pl.col("person_id")).alias("patient_reference"),
        age_on(pl.col("date_of_birth"), pl.col("_day")).alias("age"),
        pl.when("_unknown_sex").then(pl.lit("U")).otherwise(pl.col("gender")).alias("gender"),
        recorded_ethnicity(world, pl.col("ethnicity"), "ambulance", 0.3).alias("ethnicity"),
        "home_address",
        "home_postcode",
        "incident_type",
        pl.col("_day").alias("incident_date"),
        pl.col("call").dt.time().alias("incident_time"),
        pl.col("scene_address").alias("incident_address"),
        pl.col("scene_postcode").alias("incident_postcode"),
        pl.col("easting").cast(pl.Float64).alias("incident_easting"),
        pl.col("northing").cast(pl.Float64).alias("incident_northing"),
        pl.col("person_id").alias("__person_id"),
        pl.col("home_uprn").alias("__uprn"),
        pl.col("scene_uprn").alias("__incident_uprn"),
        pl.col("easting").alias("__easting"),
        pl.col("northing").alias("__northing"),
        pl.col("crime_reference").alias("__crime_reference"),
        pl.col("source").alias("__source"),
        pl.col("cluster").alias("__cluster"),
    )


# The ambulance records system writes the sex out in words.
AMBULANCE_GENDER = {"M": "Male", "F": "Female", "X": "Other", "U": "Unknown"}

PLAN = Plan(
    dataset="ambulance-calls",
    agency=AMBULANCE,
    render=ambulance_calls,
    headers={
        "call_reference": "CAD Number",
        "patient_reference": "ePR Patient ID",
        "age": "Patient Age",
        "gender": "Sex",
        "ethnicity": "Ethnicity",
        "home_address": "Patient Address",
        "home_postcode": "Patient Postcode",
        "incident_type": "Chief Complaint",
        "incident_date": "Call Date",
        "incident_time": "Call Time",
        "incident_address": "Scene Address",
        "incident_postcode": "Scene Postcode",
        "incident_easting": "Grid Ref X",
        "incident_northing": "Grid Ref Y",
    },
    local_codes={"gender": AMBULANCE_GENDER},
    text_fields=("incident_address",),
    address_fields={"home_address": "__uprn", "incident_address": "__incident_uprn"},
    postcode_fields={
        "home_postcode": "home_address",
        "incident_postcode": "incident_address",
    },
    caveats=(
        "Calls where a patient was identified; scene coordinates are from the control "
        "room's gazetteer, street-level for roads.",
    ),
)
