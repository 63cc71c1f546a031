"""Eastbrook Buses: incidents its drivers report on buses, at stops and at the bus station,
keyed in at the depot (guidance §3.2.17)."""

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
from csphub.synth.supply import Faults, Plan
from csphub.synth.world import Cluster, Month, World

BUSES = "eastbrook-buses"

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

# Incidents a month: some whatever the area's size (travellers passing through from beyond
# it), and more per resident; then by month of the year. About 15 a month at 20,000 people.
BUS_FLOOR, BUS_RATE = 0.5, 0.0085
# dark evenings, Halloween and bonfire night bring missiles and youth nuisance on the buses
BUS_SEASON = [0.9, 0.85, 0.95, 1.0, 1.0, 1.0, 1.1, 1.05, 1.0, 1.15, 1.25, 0.95]


def _bus_places(
    world: World,
    rng: np.random.Generator,
    kinds: list[Kind],
    index: np.ndarray,
    cluster: Cluster | None,
) -> pl.DataFrame:
    """At a stop or on a bus near one, on one of the routes out of the bus station; coordinates
    are the stop's. Every route starts at the bus station, which is a property of its own."""
    stops = stops_of(world, "bus")
    east = stops["easting"].to_numpy().astype(float)
    north = stops["northing"].to_numpy().astype(float)
    lines = stops["line"].to_list()
    streets = stops["street"].to_list()
    at_station = stops["seq"].to_numpy() == 1
    routes = max(1, int(at_station.sum()))
    route_number = np.cumsum(at_station) - 1  # each route's stand at the bus station
    area, _ = areas_at(world, east, north)
    bus_station = feature(world, "bus_station")
    n = len(index)
    chosen = np.zeros(n, dtype=np.int64)
    for haunt in sorted({kinds[k].haunt for k in index.tolist()}):
        mask = np.asarray([kinds[k].haunt == haunt for k in index])
        weights = np.asarray([AREA_WEIGHT[haunt][a] for a in area])
        # the bus station is one place however many routes start there; young people gather there
        weights = np.where(at_station, weights * 4.0 / routes, weights)
        weights = cluster_weights(east, north, cluster, weights)
        chosen[mask] = pick_rows(rng, weights, int(mask.sum()))
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
    return places_frame(
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
    return render(
        world,
        month,
        Spec(
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


PLAN = Plan(
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
)
