"""The roster the simulation keeps: everyone who has served, by pay number, with the ranks, posts,
absences and suspensions they have held; how a new member of the workforce is made (name, gender,
ethnicity, age, hours, contract) and given a pay number, a rank and a post; how an absence is
recorded; and the frames of a finished :class:`~csphub.synth.workforce.records.Workforce`.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl

from csphub.synth import vocabulary as v
from csphub.synth.workforce.records import Absence, Member, Post, Rank, Suspension, Workforce
from csphub.synth.workforce.structure import (
    FULL_TIME_HOURS,
    OFFICER,
    PART_TIME_HOURS,
    PCSO,
    POSTS,
    RANK_SERVICE,
    STAFF,
    title,
)
from csphub.synth.world import World


def draw_years(rng: np.random.Generator, low: float, mean: float, cap: float) -> float:
    """Years of service: at least ``low``, ``mean`` more on average, at most ``cap``."""
    return float(min(cap, low + rng.exponential(mean)))


def years_before(day: dt.date, years: float) -> dt.date:
    """The day ``years`` years before ``day``."""
    return day - dt.timedelta(days=round(years * 365.25))


class Roster:
    """The workforce as the simulation builds it: its members and their records."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.members: dict[int, Member] = {}
        self.ranks: list[Rank] = []
        self.posts: list[Post] = []
        self.absences: list[Absence] = []
        self.suspensions: list[Suspension] = []
        self.by_level: dict[tuple[str, int], list[int]] = {}
        # open posts: (date to fill, sequence, ladder, level, BCU, post, how it is filled)
        self.vacancies: list[tuple[dt.date, int, str, int, str, str, str]] = []
        self.sequence = 0
        self.next_pay = 100_000
        codes = [code for code, _, _ in v.ETHNICITY_16]
        shares = np.array([share for _, share, _ in v.ETHNICITY_16])
        shares[0] *= 2.0  # the police workforce is less diverse than the population (~8% minority)
        self.ethnicities = (codes, shares / shares.sum())
        self.origins = {code: origin for code, _, origin in v.ETHNICITY_16}

    # ----------------------------------------------------------------- people

    def _person(
        self, rng: np.random.Generator, ladder: str, level: int, on: dt.date, age: float
    ) -> tuple[str, str, str, dt.date, str, bool | None]:
        """Given name, surname, gender, date of birth, ethnicity (16+1), declared disability."""
        female = {OFFICER: (0.37, 0.30, 0.28, 0.27), STAFF: (0.62,), PCSO: (0.47,)}[ladder]
        gender = "F" if rng.random() < female[min(level, len(female) - 1)] else "M"
        codes, shares = self.ethnicities
        ethnicity = codes[int(rng.choice(len(codes), p=shares))]
        origin = self.origins[ethnicity]
        given = v.given_names(origin, gender)
        surnames = v.surnames(origin)
        weights = 1 / np.arange(1, len(given) + 1) ** 0.6
        name = given[int(rng.choice(len(given), p=weights / weights.sum()))]
        surname = surnames[int(rng.integers(len(surnames)))]
        if rng.random() < 0.025:
            ethnicity = "NS"  # declined to state
        declared = {OFFICER: 0.05, STAFF: 0.09, PCSO: 0.06}[ladder]
        draw = rng.random()
        disability = None if draw < 0.04 else bool(draw < 0.04 + declared)  # None: not answered
        born = years_before(on, age) - dt.timedelta(days=int(rng.integers(0, 365)))
        return name, surname, gender, born, ethnicity, disability

    def _pattern(self, rng: np.random.Generator, ladder: str, gender: str) -> float:
        part = {OFFICER: (0.18, 0.03), STAFF: (0.33, 0.08), PCSO: (0.15, 0.06)}[ladder]
        if rng.random() < part[0 if gender == "F" else 1]:
            return PART_TIME_HOURS[int(rng.integers(len(PART_TIME_HOURS)))]
        return FULL_TIME_HOURS[ladder]

    def _employment(self, rng: np.random.Generator, ladder: str) -> str:
        if ladder != STAFF:
            return "Permanent"
        draw = rng.random()
        return "Permanent" if draw < 0.85 else "Fixed Term" if draw < 0.97 else "Temporary"

    def _member(
        self,
        rng: np.random.Generator,
        ladder: str,
        level: int,
        on: dt.date,
        service: float,
        how: str,
    ) -> Member:
        """Someone at ``level`` on ``on`` with ``service`` years in this force."""
        if ladder == OFFICER:
            join_age = 19 + min(22.0, float(rng.exponential(6.0)))
            cap = 60.0
        elif ladder == STAFF:
            join_age = 18 + min(40.0, float(rng.exponential(11.0))) + level * 0.8
            cap = 67.0
        else:
            join_age = 18 + min(35.0, float(rng.exponential(9.0)))
            cap = 62.0
        if how == "transferee" and ladder == OFFICER:  # their earlier service was elsewhere
            low, mean = RANK_SERVICE[level]
            join_age += draw_years(rng, max(2, low - service), mean, 30)
        join_age = min(join_age, cap - 1)
        service = min(service, cap - join_age)
        name, surname, gender, born, ethnicity, disability = self._person(
            rng, ladder, level, on, join_age + service
        )
        joined = on
        if service > 0:
            joined = years_before(on, service) - dt.timedelta(days=int(rng.integers(0, 60)))
        return Member(
            pay=0,
            ladder=ladder,
            level=level,
            given_name=name,
            surname=surname,
            gender=gender,
            date_of_birth=born,
            ethnicity=ethnicity,
            disability=disability,
            joined=joined,
            rejoiner=how == "rejoiner",
            transferee=how == "transferee",
            employment_type=self._employment(rng, ladder),
            hours=self._pattern(rng, ladder, gender),
        )

    def _post_for(self, rng: np.random.Generator, ladder: str, level: int) -> tuple[str, str]:
        posts = POSTS[ladder][min(level, len(POSTS[ladder]) - 1)]
        weights = np.array([w for _, _, w in posts], dtype=float)
        name, units, _ = posts[int(rng.choice(len(posts), p=weights / weights.sum()))]
        return units[int(rng.integers(len(units)))], name

    def _issue_pay(self, rng: np.random.Generator, member: Member) -> None:
        self.next_pay += int(rng.integers(1, 40))
        member.pay = self.next_pay
        self.members[member.pay] = member
        self.by_level.setdefault((member.ladder, member.level), []).append(member.pay)

    def _start_rank(self, member: Member, level: int, on: dt.date) -> None:
        if member.rank_record >= 0:
            self.ranks[member.rank_record].end = on - dt.timedelta(days=1)
        member.level = level
        member.rank_record = len(self.ranks)
        self.ranks.append(Rank(member.pay, member.ladder, level, on))

    def _start_post(
        self, member: Member, bcu: str, post: str, on: dt.date, secondment: bool = False
    ) -> None:
        if member.post_record >= 0:
            self.posts[member.post_record].end = on - dt.timedelta(days=1)
        member.post_record = len(self.posts)
        member.changed = on
        self.posts.append(Post(member.pay, bcu, post, on, None, secondment))

    # ----------------------------------------------------------------- absences

    def _absent(
        self,
        rng: np.random.Generator,
        member: Member,
        kind: str,
        start: dt.date,
        end_of_work: dt.date | None,
    ) -> None:
        if kind == "sickness":
            draw = rng.random()
            if draw < 0.5:
                days = int(rng.integers(1, 4))
            elif draw < 0.78:
                days = int(rng.integers(4, 8))
            elif draw < 0.92:
                days = int(rng.integers(8, 28))
            else:  # long-term sickness
                days = int(min(365, 28 + rng.lognormal(3.4, 0.7)))
        elif kind in ("maternity", "adoption"):
            days = int((182, 273, 273, 365)[int(rng.integers(4))] + rng.integers(-7, 8))
        elif kind == "paternity":
            days = 7 if rng.random() < 0.4 else 14
        elif kind == "career_break":
            days = int(rng.integers(180, 731))
        else:  # special leave, training courses
            days = int(rng.integers(1, 6))
        end = start + dt.timedelta(days=days - 1)
        if end_of_work is not None:
            end = min(end, end_of_work)
        self._record_absence(rng, member, kind, start, end)

    def _record_absence(
        self, rng: np.random.Generator, member: Member, kind: str, start: dt.date, end: dt.date
    ) -> None:
        assault: bool | None = None
        if kind == "sickness":
            rate = 0.06 if member.ladder != STAFF else 0.005
            assault = bool(rng.random() < rate)
        daily = member.hours_on(start) / 5
        self.absences.append(Absence(member.pay, kind, start, end, assault, daily))
        member.away_until = end
        full_time = member.hours >= FULL_TIME_HOURS[member.ladder]
        if kind in ("maternity", "adoption") and full_time and rng.random() < 0.45:
            member.part_time_from = end + dt.timedelta(days=1)  # back part-time
            member.part_hours = PART_TIME_HOURS[int(rng.integers(len(PART_TIME_HOURS)))]

    # ----------------------------------------------------------------- frames

    def frames(self) -> Workforce:
        members = sorted(self.members.values(), key=lambda m: m.pay)
        pay = pl.col("pay_number").cast(pl.String)
        member_frame = pl.DataFrame(
            {
                "pay_number": [m.pay for m in members],
                "staff_type": [m.ladder for m in members],
                "date_joined": [m.joined for m in members],
                "date_left": [m.left for m in members],
                "leaving_reason": [m.reason for m in members],
                "date_of_birth": [m.date_of_birth for m in members],
                "gender": [m.gender for m in members],
                "ethnicity": [m.ethnicity for m in members],
                "disability_flag": [m.disability for m in members],
                "rejoiner_flag": [m.rejoiner for m in members],
                "transfer_flag": [m.transferee for m in members],
                "employment_type": [m.employment_type for m in members],
                "hours": [m.hours for m in members],
                "full_hours": [FULL_TIME_HOURS[m.ladder] for m in members],
                "part_time_from": [m.part_time_from for m in members],
                "part_hours": [m.part_hours for m in members],
                "given_name": [m.given_name for m in members],
                "surname": [m.surname for m in members],
            },
            schema_overrides={
                "date_left": pl.Date,
                "leaving_reason": pl.String,
                "disability_flag": pl.Boolean,
                "part_time_from": pl.Date,
                "hours": pl.Float64,
                "full_hours": pl.Float64,
                "part_hours": pl.Float64,
            },
        ).with_columns(
            pay,
            pl.col("ethnicity")
            .replace_strict(v.ETHNICITY_6_OF_16, return_dtype=pl.String)
            .alias("ethnicity_6"),
        )
        titles = [title(r.ladder, r.level) for r in self.ranks]
        ranks = pl.DataFrame(
            {
                "pay_number": [r.pay for r in self.ranks],
                "rank": [t[0] for t in titles],
                "grade": [t[1] for t in titles],
                "level": [r.level for r in self.ranks],
                "start_date": [r.start for r in self.ranks],
                "end_date": [r.end for r in self.ranks],
            },
            schema_overrides={"rank": pl.String, "grade": pl.String, "end_date": pl.Date},
        ).with_columns(pay)
        posts = pl.DataFrame(
            {
                "pay_number": [p.pay for p in self.posts],
                "bcu": [p.bcu for p in self.posts],
                "post": [p.post for p in self.posts],
                "start_date": [p.start for p in self.posts],
                "end_date": [p.end for p in self.posts],
                "secondment_flag": [p.secondment for p in self.posts],
            },
            schema_overrides={"end_date": pl.Date},
        ).with_columns(pay)
        absences = pl.DataFrame(
            {
                "pay_number": [a.pay for a in self.absences],
                "abstraction_type": [a.kind for a in self.absences],
                "start_date": [a.start for a in self.absences],
                "end_date": [a.end for a in self.absences],
                "assault_on_duty_flag": [a.assault for a in self.absences],
                "daily_hours": [a.daily_hours for a in self.absences],
            },
            schema={
                "pay_number": pl.Int64,
                "abstraction_type": pl.String,
                "start_date": pl.Date,
                "end_date": pl.Date,
                "assault_on_duty_flag": pl.Boolean,
                "daily_hours": pl.Float64,
            },
        ).with_columns(pay)
        suspensions = pl.DataFrame(
            {
                "pay_number": [s.pay for s in self.suspensions],
                "start": [s.start for s in self.suspensions],
                "end": [s.end for s in self.suspensions],
            },
            schema={"pay_number": pl.Int64, "start": pl.Date, "end": pl.Date},
        ).with_columns(pay)
        return Workforce(member_frame, ranks, posts, absences, suspensions, self.world.months[0])
