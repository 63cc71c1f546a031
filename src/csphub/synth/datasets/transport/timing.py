"""When incidents on public transport happen: time profiles, and the dates and times drawn
from them."""

from __future__ import annotations

import numpy as np

from csphub.synth.world import Month

DAY = 24 * 60

# Time profiles: windows of (start minute, length in minutes, weight, days). Days are "any",
# "weekday" (Monday to Friday) or "fri_sat" (Friday and Saturday nights).
PROFILES: dict[str, list[tuple[int, int, float, str]]] = {
    # commuter peaks on weekdays, a quieter day between and some evening travel
    "commuter": [
        (7 * 60, 150, 0.38, "weekday"),
        (16 * 60 + 30, 150, 0.38, "weekday"),
        (10 * 60, 390, 0.16, "any"),
        (19 * 60, 180, 0.08, "any"),
    ],
    # late evenings, busiest on Friday and Saturday nights
    "late": [
        (21 * 60, 240, 0.45, "fri_sat"),
        (21 * 60, 240, 0.20, "any"),
        (16 * 60, 300, 0.22, "any"),
        (7 * 60, 540, 0.13, "any"),
    ],
    "peak_and_late": [
        (7 * 60, 150, 0.3, "weekday"),
        (16 * 60 + 30, 150, 0.3, "weekday"),
        (21 * 60, 240, 0.3, "any"),
        (10 * 60, 390, 0.1, "any"),
    ],
    # damage: evenings and nights
    "night": [(19 * 60, 420, 0.7, "any"), (6 * 60, 780, 0.3, "any")],
    # bicycles taken from the racks while their owners are at work
    "daytime": [(7 * 60, 720, 0.85, "weekday"), (9 * 60, 600, 0.15, "any")],
    # young people after school and in the evenings
    "after_school": [
        (15 * 60, 150, 0.42, "weekday"),
        (18 * 60, 300, 0.46, "any"),
        (9 * 60, 360, 0.06, "any"),
        (23 * 60, 90, 0.06, "any"),
    ],
    "evening": [(16 * 60, 390, 0.8, "any"), (10 * 60, 360, 0.2, "any")],
    # the whole service day, heavier late on
    "service": [(6 * 60 + 30, 690, 0.6, "any"), (18 * 60, 330, 0.4, "any")],
    "shopping": [(8 * 60, 660, 0.9, "any"), (19 * 60, 240, 0.1, "any")],
}


def times(
    rng: np.random.Generator, month: Month, profiles: list[str]
) -> tuple[np.ndarray, np.ndarray]:
    """Dates (datetime64[D]) and minutes past midnight of events, each by its time profile."""
    n = len(profiles)
    starts = np.zeros(n, dtype=np.int64)
    lengths = np.ones(n, dtype=np.int64)
    rules = np.full(n, "any", dtype=object)
    names = np.asarray(profiles, dtype=object)
    for name in sorted(set(profiles)):
        mask = names == name
        windows = PROFILES[name]
        weights = np.asarray([w for _, _, w, _ in windows])
        which = rng.choice(len(windows), size=int(mask.sum()), p=weights / weights.sum())
        starts[mask] = np.asarray([s for s, _, _, _ in windows])[which]
        lengths[mask] = np.asarray([length for _, length, _, _ in windows])[which]
        rules[mask] = np.asarray([d for _, _, _, d in windows], dtype=object)[which]
    first = np.datetime64(month.first, "D")
    day = rng.integers(0, month.days, n)
    weekday = ((first + day).astype("int64") + 3) % 7  # Monday 0 (1970-01-01 was a Thursday)
    shift = np.zeros(n, dtype=np.int64)
    on_weekday = rules == "weekday"
    shift[on_weekday & (weekday == 5)] = -1  # Saturday to Friday
    shift[on_weekday & (weekday == 6)] = 1  # Sunday to Monday
    target = np.where(rng.random(n) < 0.5, 4, 5)  # Friday or Saturday night
    shift = np.where(rules == "fri_sat", (target - weekday) % 7, shift)
    moved = day + shift
    moved = np.where(moved >= month.days, moved - 7, moved)
    moved = np.where(moved < 0, moved + 7, moved)
    total = starts + (rng.random(n) * lengths).astype(np.int64)
    moved = np.minimum(moved + total // DAY, month.days - 1)  # past midnight: the next day
    return first + moved, total % DAY
