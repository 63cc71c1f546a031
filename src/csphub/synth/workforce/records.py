"""The workforce's records: those the simulation keeps as it runs (a member of the workforce, a
rank or grade held, a post held, an absence, a suspension) and the finished :class:`Workforce`,
whose views show a month's HR supplies as the force's HR system would at the month's end.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import polars as pl

from csphub.synth.workforce.structure import OFFICER
from csphub.synth.world import Month


@dataclass
class Member:
    """A member of the workforce: who they are, and where they stand as the simulation runs."""

    pay: int
    ladder: str
    level: int
    given_name: str
    surname: str
    gender: str
    date_of_birth: dt.date
    ethnicity: str
    disability: bool | None
    joined: dt.date
    rejoiner: bool
    transferee: bool
    employment_type: str
    hours: float
    left: dt.date | None = None
    reason: str | None = None
    part_time_from: dt.date | None = None
    part_hours: float = 0.0
    rank_record: int = -1
    post_record: int = -1
    changed: dt.date = dt.date.min  # the latest start of a rank or post (one change a day)
    away_until: dt.date = dt.date.min
    suspended_until: dt.date = dt.date.min
    seconded_until: dt.date | None = None

    def hours_on(self, day: dt.date) -> float:
        """Weekly hours worked on ``day``."""
        if self.part_time_from is not None and self.part_time_from <= day:
            return self.part_hours
        return self.hours


@dataclass
class Rank:
    """A rank or grade held, from its start to its end."""

    pay: int
    ladder: str
    level: int
    start: dt.date
    end: dt.date | None = None


@dataclass
class Post:
    """A post held in a business unit (or on secondment out of the force)."""

    pay: int
    bcu: str
    post: str
    start: dt.date
    end: dt.date | None = None
    secondment: bool = False


@dataclass
class Absence:
    """An abstraction from duty: sickness, leave, a career break or training."""

    pay: int
    kind: str
    start: dt.date
    end: dt.date
    assault: bool | None
    daily_hours: float


@dataclass
class Suspension:
    """A suspension from duty."""

    pay: int
    start: dt.date
    end: dt.date


@dataclass(frozen=True)
class Workforce:
    """The force's workforce over the world's months, as frames (dates are true dates; what a
    month's supply shows of them is decided by the views below)."""

    members: pl.DataFrame
    ranks: pl.DataFrame
    posts: pl.DataFrame
    absences: pl.DataFrame
    suspensions: pl.DataFrame
    first_month: Month

    def employed(self, month: Month) -> pl.DataFrame:
        """Everyone employed at any time in the month, as the HR system shows them at its end:
        a leaving date only once it has passed, flags as they stand on the last day employed."""
        last = month.last
        frame = self.members.filter(
            pl.col("date_joined") <= last,
            pl.col("date_left").is_null() | (pl.col("date_left") >= month.first),
        )
        left = pl.col("date_left") <= last
        frame = frame.with_columns(
            pl.when(left).then(pl.col("date_left")).otherwise(last).alias("as_of"),
            pl.when(left).then(pl.col("date_left")).alias("date_left"),
            pl.when(left).then(pl.col("leaving_reason")).alias("leaving_reason"),
        )
        suspended = (
            frame.select("pay_number", "as_of")
            .join(self.suspensions, on="pay_number")
            .filter(pl.col("as_of").is_between(pl.col("start"), pl.col("end")))
            .select("pay_number")
            .unique()
            .with_columns(pl.lit(True).alias("suspended_flag"))
        )
        months_on_probation = (
            pl.when(pl.col("staff_type") == OFFICER).then(pl.lit("24mo")).otherwise(pl.lit("6mo"))
        )
        part_time = pl.col("part_time_from").is_not_null() & (
            pl.col("part_time_from") <= pl.col("as_of")
        )
        hours = pl.when(part_time).then(pl.col("part_hours")).otherwise(pl.col("hours"))
        current = self._current(self.ranks, frame.select("pay_number", "as_of"))
        return (
            frame.join(suspended, on="pay_number", how="left")
            .join(current.select("pay_number", "rank", "grade"), on="pay_number", how="left")
            .with_columns(
                pl.col("suspended_flag").fill_null(False),
                (
                    ~pl.col("transfer_flag")
                    & (pl.col("date_joined").dt.offset_by(months_on_probation) > pl.col("as_of"))
                ).alias("probationer_flag"),
                hours.alias("hours_per_week"),
                pl.when(hours >= pl.col("full_hours"))
                .then(pl.lit("full_time"))
                .otherwise(pl.lit("part_time"))
                .alias("working_pattern"),
            )
            .sort("pay_number")
        )

    @staticmethod
    def _current(records: pl.DataFrame, when: pl.DataFrame) -> pl.DataFrame:
        """Each person's record in force on their ``as_of`` date."""
        return (
            when.join(records, on="pay_number")
            .filter(
                (pl.col("start_date") <= pl.col("as_of"))
                & (pl.col("end_date").is_null() | (pl.col("end_date") >= pl.col("as_of")))
            )
            .sort("pay_number", "start_date")
            .unique("pay_number", keep="last", maintain_order=True)
        )

    def changes(self, records: pl.DataFrame, month: Month) -> pl.DataFrame:
        """Records to send for the month: in the first month every record in force during it;
        later, those that began in the month and those that ended in it (sent again, now with
        their end date). An end date after the month is not yet known and is left blank."""
        first, last = month.first, month.last
        started = pl.col("start_date").is_between(first, last)
        ended = pl.col("end_date").is_between(first, last)
        if month == self.first_month:
            keep = (pl.col("start_date") <= last) & (
                pl.col("end_date").is_null() | (pl.col("end_date") >= first)
            )
        else:
            keep = started | ended
        return (
            records.filter(keep)
            .with_columns(
                pl.col("end_date").alias("__true_end_date"),
                pl.when(pl.col("end_date") <= last).then(pl.col("end_date")).alias("end_date"),
            )
            .sort("pay_number", "start_date")
        )

    def rank_records(self, month: Month) -> pl.DataFrame:
        return self.changes(self.ranks, month)

    def assignments(self, month: Month) -> pl.DataFrame:
        return self.changes(self.posts, month)

    def abstractions(self, month: Month) -> pl.DataFrame:
        """Absences to send for the month, with sickness hours and days lost up to its end."""
        frame = self.changes(self.absences, month)
        to = pl.min_horizontal(pl.col("__true_end_date"), pl.lit(month.last))
        sick = pl.col("abstraction_type") == "sickness"
        days = pl.max_horizontal(
            pl.business_day_count(pl.col("start_date"), to.dt.offset_by("1d")), pl.lit(1)
        ).cast(pl.Float64)
        return frame.with_columns(
            pl.when(sick).then(days).alias("days_lost"),
            pl.when(sick).then((days * pl.col("daily_hours")).round(2)).alias("hours_lost"),
        ).sort("pay_number", "start_date", "abstraction_type")

    def on(self, day: dt.date) -> pl.DataFrame:
        """Who holds which rank or grade on a day (for checks and analyses)."""
        when = self.members.filter(
            (pl.col("date_joined") <= day)
            & (pl.col("date_left").is_null() | (pl.col("date_left") >= day))
        ).select("pay_number", "staff_type", pl.lit(day).alias("as_of"))
        return self._current(self.ranks, when).join(
            when.select("pay_number", "staff_type"), on="pay_number"
        )
