"""When police events happen: the share of each hour and of each day of the week, by the kind
of event, and moments in a month drawn from them."""

from __future__ import annotations

import numpy as np

from csphub.synth.world import Month

# Share of the day's events in each hour (0-23), by the kind of event.
_HOURS = {
    # anti-social behaviour and nuisance: afternoon into late evening
    "evening": [3, 2, 1.5, 1, 0.7, 0.6, 0.8, 1.2, 1.8, 2.3, 2.8, 3.2,
                3.8, 4.2, 4.8, 5.8, 6.8, 7.5, 8, 8.2, 8, 7.2, 6, 4.5],
    # the night-time economy: late evening and the small hours
    "night": [9, 8, 6, 3.5, 1.5, 0.5, 0.3, 0.3, 0.3, 0.3, 0.4, 0.5,
              0.6, 0.6, 0.7, 0.8, 1, 1.4, 2, 3, 4.5, 6.5, 8.5, 9.5],
    # calls about people at home: evenings, and into the night
    "home": [3.5, 2.8, 2, 1.4, 1, 0.8, 1, 1.6, 2.4, 3, 3.3, 3.6,
             3.8, 4, 4.2, 4.6, 5.2, 6, 6.8, 7.4, 7.6, 7.2, 6.2, 4.8],
    # daytime matters: welfare, begging, street drinking, hoax and nuisance calls
    "day": [1.2, 0.9, 0.7, 0.5, 0.4, 0.5, 1, 2.2, 3.6, 4.8, 5.6, 6,
            6.2, 6.2, 6.1, 6, 6, 5.8, 5.4, 4.8, 4, 3.2, 2.4, 1.7],
    # stops and searches: afternoon, evening and the early hours
    "search": [4.5, 4, 3, 2, 1.2, 0.6, 0.5, 0.8, 1.5, 2.2, 2.8, 3.4,
               3.8, 4.2, 4.8, 5.4, 6, 6.4, 6.6, 6.8, 7, 6.8, 6.2, 5.2],
}  # fmt: skip
# Relative weight of each day of the week, Monday first.
_WEEKDAYS = {
    "evening": [0.85, 0.85, 0.9, 0.95, 1.2, 1.4, 1.1],
    "night": [0.45, 0.45, 0.55, 0.8, 1.9, 2.3, 0.9],
    "home": [0.9, 0.9, 0.9, 0.95, 1.1, 1.25, 1.2],
    "day": [1.0, 1.0, 1.0, 1.0, 1.05, 0.95, 0.85],
    "search": [0.9, 0.9, 0.95, 1.0, 1.15, 1.2, 0.9],
}


def _weekday(month: Month) -> np.ndarray:
    """Day of the week (Monday 0) of each day of the month."""
    days = np.datetime64(month.first, "D") + np.arange(month.days)
    return (days.view("int64") + 3) % 7  # 1970-01-01 was a Thursday


def times(rng: np.random.Generator, month: Month, count: int, timing: str) -> np.ndarray:
    """``count`` moments (datetime64[m]) in the month, shaped by day of week and hour."""
    day_weight = np.asarray(_WEEKDAYS[timing])[_weekday(month)]
    hour_weight = np.asarray(_HOURS[timing], dtype=float)
    days = rng.choice(month.days, size=count, p=day_weight / day_weight.sum())
    hours = rng.choice(24, size=count, p=hour_weight / hour_weight.sum())
    minutes = hours * 60 + rng.integers(0, 60, count)
    first = np.datetime64(month.first, "D")
    return (first + days).astype("datetime64[m]") + minutes.astype("timedelta64[m]")
