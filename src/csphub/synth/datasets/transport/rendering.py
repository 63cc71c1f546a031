"""How each supplier's incidents are made: a month's count by the area's size and season,
the kinds, places, times, offenders and victims of the incidents, and the planted clusters;
then the record as the supplier holds it. Each dataset module gives its own ``Spec``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import polars as pl

from csphub.synth.datasets.transport.kinds import Kind
from csphub.synth.datasets.transport.people import draw_offenders, draw_victims, join_people
from csphub.synth.datasets.transport.places import areas_at
from csphub.synth.datasets.transport.timing import times
from csphub.synth.people import age_on, recorded_ethnicity
from csphub.synth.world import Cluster, Month, World

MODULE = "transport"


@dataclass(frozen=True)
class Spec:
    """What makes one supplier's incidents its own."""

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


def render(world: World, month: Month, spec: Spec) -> pl.DataFrame:
    """The month's incidents of ``spec``'s supplier, one row each, with their truth."""
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
        dates, minutes = times(rng, month, [spec.kinds[k].times for k in index])
        east = where["easting"].to_numpy()
        north = where["northing"].to_numpy()
        offenders = draw_offenders(world, rng, spec.kinds, index, east, north, spec.offender_scale)
        identified = rng.random(len(index)) < np.asarray([spec.kinds[k].identified for k in index])
        victims = draw_victims(world, rng, spec.kinds, index, offenders)
        _, lsoa = areas_at(world, east, north)
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
    events = join_people(events, world, "offender", "__offender_id")
    events = join_people(events, world, "victim", "__victim_id")
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
