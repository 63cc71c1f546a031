"""Eastbrook Metro: incidents its staff record at the stops of the Eastbrook Line, on its
trains and on the track beside them (guidance §3.2.16)."""

from __future__ import annotations

import numpy as np
import polars as pl

from csphub.synth.datasets.transport.kinds import Kind
from csphub.synth.datasets.transport.places import (
    AREA_WEIGHT,
    areas_at,
    cluster_weights,
    feature,
    pick_rows,
    places_frame,
    stops_of,
)
from csphub.synth.datasets.transport.rendering import Spec, render
from csphub.synth.supply import Plan
from csphub.synth.world import Cluster, Month, World

METRO = "eastbrook-metro"

LINE_NAME = "Eastbrook Line"

# Eastbrook Metro: the operator's incident categories.
METRO_KINDS = [
    Kind("Anti-Social Behaviour", 30, 0.35, "after_school", 0.4, "passenger", 0.3, "youth"),
    Kind("Assault on Staff", 10, 0.5, "late", 0.6, "staff", 1.0, "adult"),
    Kind("Criminal Damage", 15, 0.4, "evening", 0.15, "", 0.0, "youth", haunt="estates"),
    Kind("Trespass", 10, 0.0, "after_school", 0.35, "", 0.0, "youth", haunt="estates"),
    Kind("Theft", 12, 0.6, "commuter", 0.1, "passenger", 1.0, "young"),
]
TRESPASS = "Trespass"

# Incidents a month: some whatever the area's size (travellers passing through from beyond
# it), and more per resident; then by month of the year. About 8 a month at 20,000 people.
METRO_FLOOR, METRO_RATE = 1.0, 0.0042
METRO_SEASON = [0.9, 0.88, 0.95, 1.0, 1.02, 1.05, 1.12, 1.1, 1.0, 1.05, 1.03, 0.95]


def _metro_places(
    world: World,
    rng: np.random.Generator,
    kinds: list[Kind],
    index: np.ndarray,
    cluster: Cluster | None,
) -> pl.DataFrame:
    """At a stop, on a train just out of one, or on the track beside one."""
    stops = stops_of(world, "rail")
    east = stops["easting"].to_numpy().astype(float)
    north = stops["northing"].to_numpy().astype(float)
    names = stops["street"].to_list()
    n_stops = len(names)
    area, _ = areas_at(world, east, north)
    station = feature(world, "station")
    interchange = np.hypot(east - station["easting"], north - station["northing"])
    n = len(index)
    chosen = np.zeros(n, dtype=np.int64)
    for haunt in sorted({kinds[k].haunt for k in index.tolist()}):
        mask = np.asarray([kinds[k].haunt == haunt for k in index])
        weights = np.asarray([AREA_WEIGHT[haunt][a] for a in area])
        weights = weights * np.where(interchange == interchange.min(), 2.5, 1.0)
        weights = cluster_weights(east, north, cluster, weights)
        chosen[mask] = pick_rows(rng, weights, int(mask.sum()))
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
    return places_frame(
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
    return render(
        world,
        month,
        Spec(
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


# The Metro's own codes for gender on its incident log.
METRO_GENDER = {"M": "Male", "F": "Female", "X": "Other", "U": "Unknown"}

PLAN = Plan(
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
)
