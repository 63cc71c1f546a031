"""The course of a crime: when each crime of a month is detected (for a share of those finally
detected, the same day; for the rest some weeks later) or closed undetected, and how police.uk
publishes it: its anonymous Crime ID, its outcome, and whether it has a location. The detection
status file, police.uk's outcomes and the last outcome in its street file all follow it, month
after month."""

from __future__ import annotations

import datetime as dt
import hashlib

import numpy as np
import polars as pl

from csphub.synth.crime import crimes
from csphub.synth.world import Month, World

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
