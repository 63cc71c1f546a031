"""Incidents: calls for service. Police-recorded anti-social behaviour (rowdy and nuisance
behaviour, vehicle nuisance, street drinking, hoax calls, …), street disorder outside licensed
premises, domestic incidents (every domestic crime of the month that was called in, and more that
were not crimes, between the partners and ex-partners of ``population.relationships``, at the
victim's home), concern for welfare and suspicious circumstances. About 10 per 1,000 people a
month, more in summer, in the evenings and at weekends. The force's incident file lists them all;
police.uk's street file lists the anti-social behaviour among them."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from csphub.synth.crime import crimes
from csphub.synth.police_events.places import PLACE_SCHEMA, at_address, street_level
from csphub.synth.police_events.timing import times
from csphub.synth.rng import pick_rows
from csphub.synth.world import Month, World

_AREA_WEIGHT = {"centre": 3.0, "estate": 2.5, "suburb": 1.0, "rural": 0.3}


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
    return at_address(homes).with_columns(homes["person_id"])


@dataclass(frozen=True)
class IncidentType:
    """A kind of call for service, and where and when it happens."""

    name: str  # the force's closing code
    per_1000: float  # a month, before the season
    asb: bool  # police-recorded anti-social behaviour (published by police.uk)
    place: str  # public, centre, nte, home, domestic
    timing: str  # evening, night, home or day (see timing)


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
        **PLACE_SCHEMA,
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
        picked = street_level(pick_rows(rng, _public_pool(world), count, "w"))
    elif kind.place == "centre":
        centre = world.places.filter(pl.col("oa_kind") == "centre")
        picked = street_level(pick_rows(rng, centre if centre.height else world.places, count))
    elif kind.place == "nte":
        pubs = world.places.filter(pl.col("kind") == "licensed")
        picked = at_address(pick_rows(rng, pubs if pubs.height else world.places, count))
    elif kind.place == "domestic":
        pairs = pick_rows(rng, world.population.relationships, count)
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
        return _homes_of(world, pick_rows(rng, callers, count, "w")["person_id"])
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
        parts.append(_incident_frame(kind, places, times(rng, month, count, kind.timing)))
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
            chosen = pick_rows(rng, near, cluster.per_month)
            places = (
                at_address(chosen)
                if kind.place in ("home", "domestic", "nte")
                else street_level(chosen)
            ).with_columns(pl.lit(None, dtype=pl.Int64).alias("person_id"))
            at = times(rng, month, cluster.per_month, kind.timing)
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
    places = at_address(called).with_columns(called["victim_ids"].list.first().alias("person_id"))
    return _incident_frame(kind, places, at).with_columns(called["crime_reference"])


def incidents(world: World, month: Month) -> pl.DataFrame:
    """The month's incidents, made once and shared."""
    return world.events("police-incidents", month, make_incidents)
