"""The caseloads behind the assessments: how a supervising service's caseload turns over, the
periods of supervision that start each month, the assessments their schedules put in a month
(at the start, at each review, at the end), and the reviews after a new offence.

A month's caseload is rebuilt from the starts of the months before it, each drawn from its own
month's random stream, so no state is kept between months.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from csphub.synth.crime import crimes
from csphub.synth.datasets.justice.offenders import MODULE, day_in, offenders, shares, weekday
from csphub.synth.people import age_on
from csphub.synth.world import Month, World


@dataclass(frozen=True)
class Service:
    """A supervising service and how its caseload turns over."""

    purpose: str  # the name of its random streams
    starts_per_1000: float
    lengths: tuple[int, ...]  # months of supervision planned
    length_weights: tuple[float, ...]
    review_every: int  # months between reviews
    youngest: int  # age range at the start of supervision
    oldest: int
    female_weight: float  # women are less often supervised than their offending suggests
    age_weights: tuple[tuple[float, ...], tuple[float, ...]]  # (ages, weights) at the start
    offence_weights: tuple[float, ...]
    factors: int  # needs recorded per assessment
    review_on_new_offence: float  # chance a detected new offence brings a review in the month

    @property
    def slots(self) -> int:
        """The most assessments one period of supervision has."""
        return -(-max(self.lengths) // self.review_every) + 1


def _need_level(offending: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A latent level of need: higher the more someone offends."""
    return 0.45 * (np.log(offending) - 0.8) + rng.normal(0.0, 1.0, len(offending))


def _starts(world: World, service: Service, month: Month, pool: pl.DataFrame) -> _Started | None:
    """The periods of supervision that start in ``month``: who, for how long, for what, their
    level of need, and the draws behind each of their assessments (its day, its noise)."""
    rng = world.rng(MODULE, f"{service.purpose}-starts", month.label)
    eligible = pool.filter(
        age_on(pl.col("date_of_birth"), pl.lit(month.first)).is_between(
            service.youngest, service.oldest
        )
    )
    count = min(
        int(rng.poisson(service.starts_per_1000 * world.people_count / 1000)), eligible.height
    )
    if count == 0:
        return None
    # propensity tempered (a prolific offender is not on ten orders at once)
    ages = eligible.select(age_on(pl.col("date_of_birth"), pl.lit(month.first))).to_series()
    weight = (
        eligible["offending"].to_numpy() ** 0.6
        * np.where(eligible["gender"].to_numpy() == "F", service.female_weight, 1.0)
        * np.interp(ages.to_numpy(), *service.age_weights)
    )
    chosen = np.sort(rng.choice(eligible.height, size=count, replace=False, p=shares(weight)))
    people = eligible[chosen]
    length = rng.choice(np.asarray(service.lengths), size=count, p=shares(service.length_weights))
    offence = rng.choice(
        len(service.offence_weights), size=count, p=shares(service.offence_weights)
    )
    need = _need_level(people["offending"].to_numpy(), rng)
    frame = pl.DataFrame(
        {
            "person_id": people["person_id"],
            "start": [month.label] * count,
            "length": length.astype(np.int64),
            "offence": offence.astype(np.int64),
            "need": need,
        }
    )
    days = rng.random((count, service.slots))
    noise = rng.normal(0.0, 1.0, (count, service.slots, service.factors))
    return _Started(frame, days, noise)


@dataclass(frozen=True)
class _Started:
    frame: pl.DataFrame  # person_id, start, length, offence, need
    days: np.ndarray  # (periods, slots): where in its month each assessment falls
    noise: np.ndarray  # (periods, slots, factors): each assessment's own variation


def _caseload(world: World, service: Service, month: Month) -> pl.DataFrame:
    """Every period of supervision running in ``month`` (from its start to its end), with the
    assessment, if any, its schedule puts in the month: ``slot`` (its number in the period),
    ``kind``, ``day`` (fraction of the month) and ``factor_noise``."""
    pool = offenders(world)
    every = service.review_every
    parts = []
    for back in range(max(service.lengths), -1, -1):
        started = _starts(world, service, month.plus(-back), pool)
        if started is None:
            continue
        length = started.frame["length"].to_numpy()
        running = length >= back
        if not running.any():
            continue
        on_review = (back % every == 0) & (back < length)
        at_end = back == length
        scheduled = on_review | at_end
        slot = np.where(on_review, back // every, -(-length // every))
        slot = np.minimum(np.where(scheduled, slot, back // every), service.slots - 1)
        rows = np.arange(len(length))
        kind = np.where(
            back == 0,
            "start",
            np.where(on_review, "review", np.where(at_end, "termination", "")),
        )
        parts.append(
            started.frame.with_columns(
                pl.lit(back, dtype=pl.Int64).alias("elapsed"),
                pl.Series("slot", slot.astype(np.int64)),
                pl.Series("scheduled", scheduled),
                pl.Series("kind", kind.astype(str)),
                pl.Series("day", started.days[rows, slot]),
                pl.Series("factor_noise", started.noise[rows, slot, :]),
            ).filter(pl.Series(running))
        )
    if not parts:
        return pl.DataFrame()
    return pl.concat(parts)


def assessments(world: World, service: Service, month: Month) -> pl.DataFrame:
    """The month's assessments: those the schedule puts in it, and reviews after a new offence.
    One a person a month (a second due the same month is folded into the first)."""
    caseload = _caseload(world, service, month)
    if caseload.height == 0:
        return pl.DataFrame()
    scheduled = caseload.filter(pl.col("scheduled"))
    scheduled = scheduled.with_columns(
        pl.Series(
            "assessment_date", weekday(day_in(month, scheduled["day"].to_numpy()), month)
        ).cast(pl.Date),
        pl.lit(None, dtype=pl.String).alias("crime_reference"),
        pl.lit(None, dtype=pl.String).alias("ho_code"),
        pl.lit(0, dtype=pl.Int64).alias("priority"),
    )
    reviews = _new_offence_reviews(world, service, month, caseload)
    if reviews.height:
        scheduled = pl.concat(
            [scheduled, reviews.select(scheduled.columns)], how="vertical_relaxed"
        )
    return (
        scheduled.sort("person_id", "priority", "start", descending=[False, False, True])
        .unique("person_id", keep="first", maintain_order=True)
        .drop("day", "scheduled", "priority")
    )


def _new_offence_reviews(
    world: World, service: Service, month: Month, caseload: pl.DataFrame
) -> pl.DataFrame:
    """People on the caseload caught for a new offence this month: most are reassessed a week
    or three later, when that falls inside the month."""
    rng = world.rng(MODULE, f"{service.purpose}-reviews", month.label)
    caught = (
        crimes(world, month)
        .filter(pl.col("detected"))
        .select(
            "crime_reference",
            "ho_code",
            pl.col("committed_from").dt.date().alias("crime_date"),
            pl.col("offender_ids").alias("person_id"),
        )
        .explode("person_id")
        .drop_nulls("person_id")
        .sort("crime_date", "crime_reference", "person_id")
        .unique("person_id", keep="first", maintain_order=True)
    )
    running = caseload.sort("person_id", "start", descending=[False, True]).unique(
        "person_id", keep="first", maintain_order=True
    )
    joined = running.join(caught, on="person_id", how="inner").sort("person_id")
    if joined.height == 0:
        return pl.DataFrame()
    reviewed = rng.random(joined.height) < service.review_on_new_offence
    later = rng.integers(5, 22, joined.height).astype("timedelta64[D]")
    when = joined["crime_date"].to_numpy().astype("datetime64[D]") + later
    keep = reviewed & (when <= np.datetime64(month.last, "D"))
    if not keep.any():
        return pl.DataFrame()
    dates = weekday(when[keep], month)
    return (
        joined.filter(pl.Series(keep))
        .drop("crime_date")
        .with_columns(
            pl.Series("assessment_date", dates).cast(pl.Date),
            pl.lit("new offence").alias("kind"),
            pl.lit(1, dtype=pl.Int64).alias("priority"),
        )
    )


def ordered(records: pl.DataFrame, columns: tuple[str, ...]) -> pl.DataFrame:
    """The published ``columns`` in their order, then the truth columns (``__…``)."""
    truth = [c for c in records.columns if c.startswith("__")]
    return records.select(*columns, *truth)
