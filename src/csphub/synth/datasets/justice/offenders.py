"""Who offends, as the justice services meet them, and what every justice dataset draws with:
the name of the justice random streams, the pool of people who offend and their details, the
ages at which adults are supervised and imprisoned, shares of weights, and working days in a
month."""

from __future__ import annotations

import numpy as np
import polars as pl

from csphub.synth.people import with_people
from csphub.synth.world import Month, World

MODULE = "justice"

# Supervision and custody come at the end of a criminal career's first convictions: people on
# probation and leaving prison are older (median early thirties) than those who offend most
# often (late teens), so adults are weighted by age as well as by their offending.
ADULT_AGE_WEIGHTS = (
    (18, 20, 21, 25, 30, 40, 50, 60, 75),
    (0.25, 0.3, 0.6, 1.2, 2.2, 3.0, 4.0, 4.0, 2.0),
)


def offenders(world: World) -> pl.DataFrame:
    """Everyone in the population who offends at all, in order of ``person_id``."""
    return (
        world.population.people.filter(pl.col("offending") > 0)
        .select("person_id", "gender", "date_of_birth", "offending", "ppo")
        .sort("person_id")
    )


def joined(frame: pl.DataFrame, world: World) -> pl.DataFrame:
    """Each row's person (name, home…) and offending propensity, in the rows' order."""
    people = with_people(frame.with_row_index("__row"), world).join(
        offenders(world).select("person_id", "offending", "ppo"), on="person_id", how="left"
    )
    return people.sort("__row").drop("__row")


def shares(weights: tuple[float, ...] | list[float] | np.ndarray) -> np.ndarray:
    """Weights scaled to sum to one."""
    array = np.asarray(weights, dtype=float)
    return array / array.sum()


def weekday(dates: np.ndarray, month: Month) -> np.ndarray:
    """Dates moved off the weekend (to the Friday before or the Monday after, staying in the
    month): offices and prisons work weekdays."""
    days = dates.astype("datetime64[D]")
    day_of_week = (days.view("int64") + 3) % 7  # Monday 0
    first = np.datetime64(month.first, "D")
    last = np.datetime64(month.last, "D")
    back = np.where(day_of_week == 5, -1, np.where(day_of_week == 6, 1, 0)).astype("timedelta64[D]")
    moved = days + back
    # a Saturday the 1st goes forward, a Sunday the last goes back
    moved = np.where(moved < first, days + np.timedelta64(2, "D"), moved)
    moved = np.where(moved > last, days - np.timedelta64(2, "D"), moved)
    return moved


def day_in(month: Month, fraction: np.ndarray) -> np.ndarray:
    """The day of ``month`` that each fraction of the way through it falls on."""
    first = np.datetime64(month.first, "D")
    return first + np.floor(fraction * month.days).astype(np.int64).astype("timedelta64[D]")
