"""British Transport Police: notifiable crimes at Eastbrook railway station and on the
overground trains either side of it, with Home Office offence codes (guidance §3.2.15)."""

from __future__ import annotations

import numpy as np
import polars as pl

from csphub.synth.datasets.transport.kinds import Kind
from csphub.synth.datasets.transport.places import feature, places_frame
from csphub.synth.datasets.transport.rendering import Spec, render
from csphub.synth.supply import Plan
from csphub.synth.world import Cluster, Month, World

BTP = "british-transport-police"

# The overground stations either side of Eastbrook (outside the partnership area).
WEST_STOP = "Fenwick Parkway"
EAST_STOP = "Ashcombe"

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

# Crimes a month: some whatever the area's size (travellers passing through from beyond it),
# and more per resident; then by month of the year. About 4.5 a month at 20,000 people.
BTP_FLOOR, BTP_RATE = 1.5, 0.0018  # per person per year
BTP_SEASON = [0.9, 0.88, 0.95, 0.98, 1.02, 1.05, 1.08, 1.05, 1.02, 1.0, 1.0, 1.07]


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
    station = feature(world, "station")
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
    return places_frame(
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
    return render(
        world,
        month,
        Spec(
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


PLAN = Plan(
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
)
