"""When health events happen: times drawn in a month by hour of day or on weekend nights, and
the hour-of-day curves of illness, street violence and domestic abuse."""

from __future__ import annotations

import numpy as np
import polars as pl

from csphub.synth.world import Month


def datetimes(name: str, values: np.ndarray) -> pl.Series:
    return pl.Series(name, values.astype("datetime64[us]"))


def _month_days(month: Month) -> np.ndarray:
    return np.arange(
        np.datetime64(month.first, "D"), np.datetime64(month.last, "D") + 1, dtype="datetime64[D]"
    )


def _last_minute(month: Month) -> np.datetime64:
    return (np.datetime64(month.last, "D") + 1).astype("datetime64[m]") - 1


def clip(when: np.ndarray, month: Month) -> np.ndarray:
    return np.minimum(when, _last_minute(month))


def nights(rng: np.random.Generator, month: Month, n: int) -> np.ndarray:
    """Night-time economy: mostly Friday and Saturday nights, 22:00 to 03:00."""
    days = _month_days(month)
    weekday = (days.astype("int64") - 4) % 7  # 0 is Monday; 1970-01-05 was a Monday
    weekend = days[(weekday == 4) | (weekday == 5)]
    day = np.where(
        rng.random(n) < 0.78, rng.choice(weekend, size=n), rng.choice(days, size=n)
    ).astype("datetime64[D]")
    when = day.astype("datetime64[m]") + (22 * 60 + rng.integers(0, 5 * 60, n)).astype(
        "timedelta64[m]"
    )
    # the small hours of the month's last night fall in the next month: keep them in this one
    return np.where(when > _last_minute(month), when - np.timedelta64(1, "D"), when)


def at_hours(rng: np.random.Generator, month: Month, n: int, hours: np.ndarray) -> np.ndarray:
    """Times in the month with the hour of day drawn from ``hours`` (24 weights)."""
    day = np.datetime64(month.first, "D") + rng.integers(0, month.days, n).astype("timedelta64[D]")
    minute = rng.choice(24, size=n, p=hours / hours.sum()) * 60 + rng.integers(0, 60, n)
    return day.astype("datetime64[m]") + minute.astype("timedelta64[m]")


# Hours of the day (00 to 23): daytime demand (illness), evenings (street violence), late night.
# fmt: off
DAYTIME = np.array(
    [2, 1.5, 1.2, 1, 1, 1.2, 2, 3.5, 5, 6, 6.5, 6.5,
     6.3, 6, 5.8, 5.8, 6, 6, 5.8, 5.5, 5, 4.5, 3.8, 3],
    dtype=float,
)
EVENING = np.array(
    [3, 2, 1, 0.5, 0.3, 0.3, 0.5, 1, 1.5, 2, 2.5, 3,
     3.5, 3.5, 3.5, 4, 4.5, 5, 5.5, 6, 6, 6, 5.5, 4],
    dtype=float,
)
DOMESTIC = np.array(
    [4, 3, 2, 1, 0.5, 0.5, 0.8, 1, 1, 1.2, 1.4, 1.6,
     1.8, 2, 2.2, 2.5, 3, 4, 5, 6, 6.5, 6.5, 6, 5],
    dtype=float,
)
# fmt: on
