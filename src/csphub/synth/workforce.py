"""The workforce of Eastbrook Constabulary: its police officers, police staff and PCSOs, their
ranks and grades, their posts, their absences, and who joins and leaves, month by month.

A workforce is a history, not a month's draw: who can be promoted in June depends on who joined,
left and was promoted before. So it is simulated once for a world, over all the world's months,
and kept for as long as the world lives (:func:`workforce`); each month's HR supply is a view of
that history as the force's HR system would show it at the month's end.

* **Establishment.** About 2.1 officers, 1.5 police staff and 0.25 PCSOs per 1,000 residents (at
  least 30 officers, staff and PCSOs kept in proportion). Officers' ranks form a pyramid from
  constables (the large majority) to exactly one Chief Constable, one Deputy and one or two
  Assistant Chief Constables; staff hold grades from Scale 2 to one senior manager.
* **People.** Dates of birth that fit rank and service, gender and ethnicity in the proportions
  of the police workforce (less diverse than the population), declared disability, names drawn as
  the population's are (the HODH return carries no names: they stay in the truth). Members of the
  workforce need not live in Eastbrook and are not people of its population.
* **Each month.** Leavers by hazard (retirement after about 30 years' service, resignation,
  transfer, medical retirement, dismissal, death, the end of fixed-term contracts); their
  vacancies filled later by promotion from the rank or grade below (a new rank record) or by
  joiners (officer recruits at quarterly intakes, transferees and re-joiners, new staff); moves
  between posts and BCUs, and secondments; absences (sickness, with assaults on duty; maternity,
  paternity, adoption, career breaks, special leave, training); suspensions.

Pay numbers are issued in order of joining, as a payroll issues them.
"""

from __future__ import annotations

import datetime as dt
import heapq
import weakref
from dataclasses import dataclass

import numpy as np
import polars as pl

from csphub.synth import vocabulary as v
from csphub.synth.world import Month, World

OFFICERS_PER_1000 = 2.1
STAFF_PER_1000 = 1.5
PCSOS_PER_1000 = 0.25
MIN_OFFICERS = 30

OFFICER = "police_officer"
STAFF = "police_staff"
PCSO = "pcso"

# Officers' ranks, lowest first (the HODH rank codes).
RANKS = (
    "constable",
    "sergeant",
    "inspector",
    "chief_inspector",
    "superintendent",
    "chief_superintendent",
    "assistant_chief_constable",
    "deputy_chief_constable",
    "chief_constable",
)
CHIEF_OFFICER_LEVEL = RANKS.index("assistant_chief_constable")
# Shares of all officers at the ranks between constable and the chief officers (England and
# Wales police workforce statistics, rounded).
_RANK_SHARES = {
    "sergeant": 0.14,
    "inspector": 0.05,
    "chief_inspector": 0.016,
    "superintendent": 0.008,
    "chief_superintendent": 0.004,
}
# Years of service before reaching each rank (a minimum and a mean on top of it).
_RANK_SERVICE = [(0, 9), (5, 7), (8, 6), (12, 5), (15, 5), (18, 4), (20, 3), (22, 3), (24, 3)]

# Police staff grades, lowest first, with their shares of staff; one senior manager.
GRADES = (
    ("Scale 2", 8.0),
    ("Scale 3", 18.0),
    ("Scale 4", 18.0),
    ("Scale 5", 14.0),
    ("Scale 6", 11.0),
    ("SO1", 9.0),
    ("SO2", 7.0),
    ("PO1", 5.0),
    ("PO2", 4.0),
    ("PO3", 3.0),
    ("PO4", 1.5),
    ("PO5", 1.0),
    ("Senior Manager", 0.0),
)
PCSO_GRADE = "PCSO"

# Business units: the three territorial BCUs and the force-wide commands.
TERRITORIAL = ("Eastbrook Central BCU", "Eastbrook North BCU", "Eastbrook South BCU")
CRIME = "Crime and Public Protection"
OPERATIONS = "Operational Support"
CONTACT = "Contact Management"
JUSTICE = "Criminal Justice and Custody"
HEADQUARTERS = "Force Headquarters"
CHIEF_OFFICERS = "Chief Officer Group"
SECONDMENTS = ("Regional Organised Crime Unit", "National Crime Agency", "College of Policing")

_Posts = tuple[tuple[str, tuple[str, ...], float], ...]
_TERR = TERRITORIAL
_OFFICER_POSTS: list[_Posts] = [
    (
        ("Response Officer", _TERR, 40),
        ("Neighbourhood Officer", _TERR, 20),
        ("Detective Constable", (CRIME, *_TERR), 18),
        ("Public Protection Investigator", (CRIME,), 6),
        ("Roads Policing Officer", (OPERATIONS,), 6),
        ("Authorised Firearms Officer", (OPERATIONS,), 5),
        ("Dog Handler", (OPERATIONS,), 2),
        ("Control Room Officer", (CONTACT,), 3),
    ),
    (
        ("Response Sergeant", _TERR, 40),
        ("Neighbourhood Sergeant", _TERR, 18),
        ("Detective Sergeant", (CRIME, *_TERR), 20),
        ("Custody Sergeant", (JUSTICE,), 12),
        ("Control Room Sergeant", (CONTACT,), 6),
        ("Training Sergeant", (HEADQUARTERS,), 4),
    ),
    (
        ("Response Inspector", _TERR, 35),
        ("Neighbourhood Inspector", _TERR, 25),
        ("Detective Inspector", (CRIME,), 20),
        ("Custody Inspector", (JUSTICE,), 10),
        ("Control Room Inspector", (CONTACT,), 10),
    ),
    (
        ("Chief Inspector, Operations", _TERR, 45),
        ("Detective Chief Inspector", (CRIME,), 35),
        ("Chief Inspector, Contact Management", (CONTACT,), 20),
    ),
    (
        ("BCU Commander", _TERR, 50),
        ("Detective Superintendent", (CRIME,), 30),
        ("Superintendent, Operational Support", (OPERATIONS,), 20),
    ),
    (("Head of Local Policing", (HEADQUARTERS,), 50), ("Head of Crime", (CRIME,), 50)),
    (("Assistant Chief Constable", (CHIEF_OFFICERS,), 1),),
    (("Deputy Chief Constable", (CHIEF_OFFICERS,), 1),),
    (("Chief Constable", (CHIEF_OFFICERS,), 1),),
]
_JUNIOR_STAFF: _Posts = (
    ("Call Handler", (CONTACT,), 35),
    ("Administrator", (*_TERR, CRIME, HEADQUARTERS), 30),
    ("Enquiry Office Clerk", _TERR, 15),
    ("Detention Officer", (JUSTICE,), 20),
)
_MIDDLE_STAFF: _Posts = (
    ("Dispatcher", (CONTACT,), 25),
    ("Investigation Officer", (CRIME,), 20),
    ("Case Builder", (JUSTICE,), 15),
    ("Crime Recorder", (HEADQUARTERS,), 10),
    ("HR Adviser", (HEADQUARTERS,), 10),
    ("Finance Officer", (HEADQUARTERS,), 10),
    ("Fleet Technician", (OPERATIONS,), 10),
)
_SENIOR_STAFF: _Posts = (
    ("Intelligence Analyst", (CRIME, *_TERR), 35),
    ("Crime Scene Investigator", (OPERATIONS,), 25),
    ("Digital Forensic Examiner", (CRIME,), 20),
    ("Contact Centre Team Leader", (CONTACT,), 20),
)
_MANAGER_STAFF: _Posts = (
    ("Senior Intelligence Analyst", (CRIME,), 30),
    ("HR Business Partner", (HEADQUARTERS,), 25),
    ("ICT Service Manager", (HEADQUARTERS,), 25),
    ("Force Crime Registrar", (HEADQUARTERS,), 20),
)
_HEAD_STAFF: _Posts = (
    ("Head of Finance", (HEADQUARTERS,), 35),
    ("Head of People", (HEADQUARTERS,), 35),
    ("Head of Information Management", (HEADQUARTERS,), 30),
)
_STAFF_POSTS: list[_Posts] = [
    _JUNIOR_STAFF,
    _JUNIOR_STAFF,
    _MIDDLE_STAFF,
    _MIDDLE_STAFF,
    _MIDDLE_STAFF,
    _SENIOR_STAFF,
    _SENIOR_STAFF,
    _MANAGER_STAFF,
    _MANAGER_STAFF,
    _MANAGER_STAFF,
    _HEAD_STAFF,
    _HEAD_STAFF,
    (("Director of Finance and Resources", (CHIEF_OFFICERS,), 1),),
]
_PCSO_POSTS: list[_Posts] = [(("Neighbourhood PCSO", _TERR, 1),)]
POSTS = {OFFICER: _OFFICER_POSTS, STAFF: _STAFF_POSTS, PCSO: _PCSO_POSTS}

FULL_TIME_HOURS = {OFFICER: 40.0, STAFF: 37.0, PCSO: 37.0}
PART_TIME_HOURS = (16.0, 18.5, 20.0, 22.5, 24.0, 25.0, 30.0)
INTAKE_MONTHS = (3, 6, 9, 12)  # officer recruits start in quarterly intakes

LEAVING_REASONS = (
    "retirement",
    "medical_retirement",
    "resignation",
    "dismissal",
    "transfer",
    "death",
    "end_of_contract",
    "other",
)
ABSTRACTIONS = (
    "sickness",
    "maternity",
    "paternity",
    "adoption",
    "career_break",
    "special_leave",
    "other",  # training courses, mostly
)


def establishment(people: int) -> dict[str, int]:
    """How many officers, staff and PCSOs a force of ``people`` residents has."""
    officers = max(MIN_OFFICERS, round(people * OFFICERS_PER_1000 / 1000))
    staff = max(round(people * STAFF_PER_1000 / 1000), round(officers * STAFF_PER_1000 / 2.1))
    pcsos = max(round(people * PCSOS_PER_1000 / 1000), round(officers * PCSOS_PER_1000 / 2.1))
    return {OFFICER: officers, STAFF: staff, PCSO: max(1, pcsos)}


def rank_counts(officers: int) -> list[int]:
    """Officers at each rank, lowest first: a pyramid, no rank larger than the one below it."""
    counts = [0] * len(RANKS)
    counts[-1] = 1  # chief constable
    counts[-2] = 1  # deputy chief constable
    counts[-3] = 2 if officers >= 1_000 else 1  # assistant chief constables
    for level in range(CHIEF_OFFICER_LEVEL - 1, 0, -1):
        share = _RANK_SHARES[RANKS[level]]
        counts[level] = max(counts[level + 1], round(share * officers))
    counts[0] = officers - sum(counts[1:])
    return counts


def grade_counts(staff: int) -> list[int]:
    """Staff at each grade (largest remainders), with one senior manager."""
    shares = np.array([share for _, share in GRADES[:-1]])
    quota = shares / shares.sum() * max(0, staff - 1)
    counts = np.floor(quota).astype(int)
    for index in np.argsort(-(quota - counts), kind="stable")[: max(0, staff - 1) - counts.sum()]:
        counts[index] += 1
    return [*counts.tolist(), 1]


def title(ladder: str, level: int) -> tuple[str | None, str | None]:
    """The (rank, grade) of a level on a ladder."""
    if ladder == OFFICER:
        return RANKS[level], None
    if ladder == STAFF:
        return None, GRADES[level][0]
    return None, PCSO_GRADE


# --------------------------------------------------------------------------- the records


@dataclass
class _Member:
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
        if self.part_time_from is not None and self.part_time_from <= day:
            return self.part_hours
        return self.hours


@dataclass
class _Rank:
    pay: int
    ladder: str
    level: int
    start: dt.date
    end: dt.date | None = None


@dataclass
class _Post:
    pay: int
    bcu: str
    post: str
    start: dt.date
    end: dt.date | None = None
    secondment: bool = False


@dataclass
class _Absence:
    pay: int
    kind: str
    start: dt.date
    end: dt.date
    assault: bool | None
    daily_hours: float


@dataclass
class _Suspension:
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


# --------------------------------------------------------------------------- the simulation


def _years(rng: np.random.Generator, low: float, mean: float, cap: float) -> float:
    return float(min(cap, low + rng.exponential(mean)))


def _minus_years(day: dt.date, years: float) -> dt.date:
    return day - dt.timedelta(days=round(years * 365.25))


def _intake(day: dt.date) -> dt.date:
    """The first officer intake at least three weeks after ``day``: the first Monday of an
    intake month."""
    earliest = day + dt.timedelta(days=21)
    month = Month(earliest.year, earliest.month)
    while True:
        if month.month in INTAKE_MONTHS:
            first = month.first
            monday = first + dt.timedelta(days=(7 - first.weekday()) % 7)
            if monday >= earliest:
                return monday
        month = month.plus(1)


class _Simulation:
    def __init__(self, world: World) -> None:
        self.world = world
        self.members: dict[int, _Member] = {}
        self.ranks: list[_Rank] = []
        self.posts: list[_Post] = []
        self.absences: list[_Absence] = []
        self.suspensions: list[_Suspension] = []
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
        born = _minus_years(on, age) - dt.timedelta(days=int(rng.integers(0, 365)))
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
    ) -> _Member:
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
            low, mean = _RANK_SERVICE[level]
            join_age += _years(rng, max(2, low - service), mean, 30)
        join_age = min(join_age, cap - 1)
        service = min(service, cap - join_age)
        name, surname, gender, born, ethnicity, disability = self._person(
            rng, ladder, level, on, join_age + service
        )
        joined = on
        if service > 0:
            joined = _minus_years(on, service) - dt.timedelta(days=int(rng.integers(0, 60)))
        return _Member(
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

    def _issue_pay(self, rng: np.random.Generator, member: _Member) -> None:
        self.next_pay += int(rng.integers(1, 40))
        member.pay = self.next_pay
        self.members[member.pay] = member
        self.by_level.setdefault((member.ladder, member.level), []).append(member.pay)

    def _start_rank(self, member: _Member, level: int, on: dt.date) -> None:
        if member.rank_record >= 0:
            self.ranks[member.rank_record].end = on - dt.timedelta(days=1)
        member.level = level
        member.rank_record = len(self.ranks)
        self.ranks.append(_Rank(member.pay, member.ladder, level, on))

    def _start_post(
        self, member: _Member, bcu: str, post: str, on: dt.date, secondment: bool = False
    ) -> None:
        if member.post_record >= 0:
            self.posts[member.post_record].end = on - dt.timedelta(days=1)
        member.post_record = len(self.posts)
        member.changed = on
        self.posts.append(_Post(member.pay, bcu, post, on, None, secondment))

    # ----------------------------------------------------------------- the start

    def establish(self) -> None:
        """The workforce in post on the first day of the world's first month."""
        rng = self.world.rng("workforce", "establishment")
        start = self.world.months[0].first
        sizes = establishment(self.world.people_count)
        plan = [(OFFICER, level, n) for level, n in enumerate(rank_counts(sizes[OFFICER]))]
        plan += [(STAFF, level, n) for level, n in enumerate(grade_counts(sizes[STAFF]))]
        plan += [(PCSO, 0, sizes[PCSO])]
        made: list[tuple[_Member, dt.date, float]] = []
        for ladder, level, count in plan:
            for _ in range(count):
                if ladder == OFFICER:
                    low, mean = _RANK_SERVICE[level]
                    if level == 0 and rng.random() < 0.25:
                        service = float(rng.uniform(0, 2))  # the recent recruits
                    else:
                        service = _years(rng, low + (2 if level == 0 else 0), mean, 34)
                    how = "joiner"
                    if rng.random() < (0.6 if level >= CHIEF_OFFICER_LEVEL else 0.07):
                        how = "transferee"
                    elif rng.random() < 0.03:
                        how = "rejoiner"
                elif ladder == STAFF:
                    service = _years(rng, level * 0.6, 8.0, 40)
                    how = "rejoiner" if rng.random() < 0.04 else "joiner"
                else:
                    service = _years(rng, 0, 4.0, 15)
                    how = "joiner"
                member = self._member(rng, ladder, level, start, service, how)
                in_rank = service if level == 0 else min(service, float(rng.uniform(0.3, 6.0)))
                made.append((member, member.joined, in_rank))
        # pay numbers in order of joining
        order = sorted(range(len(made)), key=lambda i: (made[i][1], i))
        for index in order:
            member, joined, in_rank = made[index]
            self._issue_pay(rng, member)
            rank_start = max(joined, _minus_years(start, in_rank))
            if member.level > 0 and rank_start <= joined:
                rank_start = joined + dt.timedelta(days=1)
            self._start_rank(member, member.level, min(rank_start, start))
            bcu, post = self._post_for(rng, member.ladder, member.level)
            post_start = max(rank_start, start - dt.timedelta(days=int(rng.integers(0, 4 * 365))))
            self._start_post(member, bcu, post, min(post_start, start))
        # absences and suspensions already running on the first day
        for pay in sorted(self.members):
            member = self.members[pay]
            age = (start - member.date_of_birth).days / 365.25
            draw = rng.random()
            kind = None
            if member.gender == "F" and 21 <= age <= 44 and draw < 0.03:
                kind, since, until = "maternity", (10, 200), (20, 250)
            elif draw < 0.045:
                kind, since, until = "sickness", (1, 90), (1, 120)
            if kind is not None:
                begun = start - dt.timedelta(days=int(rng.integers(*since)))
                end = start + dt.timedelta(days=int(rng.integers(*until)))
                self._record_absence(rng, member, kind, max(begun, member.changed), end)
            if member.ladder != STAFF and rng.random() < 0.003:
                begun = start - dt.timedelta(days=int(rng.integers(10, 150)))
                member.suspended_until = start + dt.timedelta(days=int(rng.integers(30, 240)))
                self.suspensions.append(_Suspension(pay, begun, member.suspended_until))

    # ----------------------------------------------------------------- absences

    def _absent(
        self,
        rng: np.random.Generator,
        member: _Member,
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
        self, rng: np.random.Generator, member: _Member, kind: str, start: dt.date, end: dt.date
    ) -> None:
        assault: bool | None = None
        if kind == "sickness":
            rate = 0.06 if member.ladder != STAFF else 0.005
            assault = bool(rng.random() < rate)
        daily = member.hours_on(start) / 5
        self.absences.append(_Absence(member.pay, kind, start, end, assault, daily))
        member.away_until = end
        full_time = member.hours >= FULL_TIME_HOURS[member.ladder]
        if kind in ("maternity", "adoption") and full_time and rng.random() < 0.45:
            member.part_time_from = end + dt.timedelta(days=1)  # back part-time
            member.part_hours = PART_TIME_HOURS[int(rng.integers(len(PART_TIME_HOURS)))]

    # ----------------------------------------------------------------- a month

    def run(self, month: Month) -> None:
        rng = self.world.rng("workforce", "month", month.label)
        first, last = month.first, month.last
        self._returns(rng, first, last)
        leaving = self._leavers(rng, month)
        self._fill(rng, last, leaving)
        settled = [
            m
            for pay, m in sorted(self.members.items())
            if m.left is None and m.joined < first and pay not in leaving
        ]
        self._moves(rng, month, settled)
        at_work = [
            m
            for _, m in sorted(self.members.items())
            if m.joined < first and (m.left is None or m.left >= first)
        ]
        self._absences(rng, month, at_work)
        self._suspensions(rng, month, settled)

    def _returns(self, rng: np.random.Generator, first: dt.date, last: dt.date) -> None:
        """Secondments that end this month: back to a post in the force."""
        for _, member in sorted(self.members.items()):
            back = member.seconded_until
            if back is None or member.left is not None:
                continue
            day = back + dt.timedelta(days=1)
            if first <= day <= last:
                bcu, post = self._post_for(rng, member.ladder, member.level)
                self._start_post(member, bcu, post, day)
                member.seconded_until = None

    def _leavers(self, rng: np.random.Generator, month: Month) -> dict[int, dt.date]:
        first = month.first
        active = [m for _, m in sorted(self.members.items()) if m.left is None and m.joined < first]
        if not active:
            return {}
        n = len(active)
        ladder = np.array([m.ladder for m in active])
        level = np.array([m.level for m in active])
        age = np.array([(first - m.date_of_birth).days / 365.25 for m in active])
        service = np.array([(first - m.joined).days / 365.25 for m in active])
        fixed = np.array([m.employment_type != "Permanent" for m in active])
        officer, staff, pcso = ladder == OFFICER, ladder == STAFF, ladder == PCSO
        chief = officer & (level >= CHIEF_OFFICER_LEVEL)
        rates = np.zeros((n, len(LEAVING_REASONS)))
        rates[:, 0] = np.select(
            [
                officer & ((service >= 30) | (age >= 60)),
                officer & (service >= 25) & (age >= 50),
                staff & (age >= 66),
                staff & (age >= 60),
                pcso & (age >= 60),
            ],
            [0.35, 0.10, 0.5, 0.15, 0.2],
            0.0,
        )
        rates[:, 1] = 0.003
        rates[:, 2] = np.select(
            [chief, officer & (service < 2), officer, staff], [0.0, 0.05, 0.025, 0.05], 0.10
        )
        rates[:, 3] = np.select([officer, staff], [0.002, 0.003], 0.004)
        rates[:, 4] = np.select([chief, officer], [0.08, 0.012], 0.004)
        rates[:, 5] = np.where(staff, 0.001, 0.0005)
        rates[:, 6] = np.where(staff & fixed, 0.25, 0.0)
        rates[:, 7] = np.select([officer, staff], [0.002, 0.005], 0.05)
        cumulative = np.cumsum(rates / 12, axis=1)
        draw = rng.random(n)
        day = rng.integers(0, month.days, n)
        leaving: dict[int, dt.date] = {}
        for i in np.flatnonzero(draw < cumulative[:, -1]).tolist():
            member = active[i]
            reason = LEAVING_REASONS[int(np.searchsorted(cumulative[i], draw[i], side="right"))]
            when = max(first + dt.timedelta(days=int(day[i])), member.changed)
            leaving[member.pay] = when
            self._leave(rng, member, when, reason)
        return leaving

    def _leave(self, rng: np.random.Generator, member: _Member, day: dt.date, reason: str) -> None:
        member.left, member.reason = day, reason
        self.ranks[member.rank_record].end = day
        post = self.posts[member.post_record]
        post.end = day
        for absence in self.absences:
            if absence.pay == member.pay and absence.end > day:
                absence.end = max(day, absence.start)
        for suspension in self.suspensions:
            if suspension.pay == member.pay and suspension.end > day:
                suspension.end = max(day, suspension.start)
        self.by_level[(member.ladder, member.level)].remove(member.pay)
        if post.secondment:
            bcu, name = self._post_for(rng, member.ladder, member.level)
        else:
            bcu, name = post.bcu, post.post
        self._vacancy(rng, member.ladder, member.level, day, bcu, name)

    def _vacancy(
        self, rng: np.random.Generator, ladder: str, level: int, day: dt.date, bcu: str, post: str
    ) -> None:
        route = "open"
        if ladder == OFFICER and level >= CHIEF_OFFICER_LEVEL:
            when = day + dt.timedelta(days=1)  # the chief officer posts are never left empty
        elif ladder == OFFICER and level > 0:
            when = day + dt.timedelta(days=int(rng.integers(14, 76)))
        elif ladder == OFFICER and rng.random() < 0.18:  # a transferee or re-joiner, any month
            when, route = day + dt.timedelta(days=int(rng.integers(30, 91))), "lateral"
        elif ladder == OFFICER:
            when, route = _intake(day), "intake"
        elif ladder == STAFF:
            when = day + dt.timedelta(days=int(rng.integers(30, 121)))
        else:
            when = day + dt.timedelta(days=int(rng.integers(45, 151)))
        self.sequence += 1
        heapq.heappush(self.vacancies, (when, self.sequence, ladder, level, bcu, post, route))

    def _fill(self, rng: np.random.Generator, last: dt.date, leaving: dict[int, dt.date]) -> None:
        while self.vacancies and self.vacancies[0][0] <= last:
            day, _, ladder, level, bcu, post, route = heapq.heappop(self.vacancies)
            internal = level > 0 and (
                (ladder == OFFICER and (level < CHIEF_OFFICER_LEVEL or rng.random() < 0.5))
                or (ladder == STAFF and rng.random() < 0.35)
            )
            candidate = self._candidate(rng, ladder, level - 1, day, leaving) if internal else None
            if candidate is not None:
                self.by_level[(ladder, level - 1)].remove(candidate.pay)
                self.by_level.setdefault((ladder, level), []).append(candidate.pay)
                old = self.posts[candidate.post_record]
                self._start_rank(candidate, level, day)
                self._start_post(candidate, bcu, post, day)
                candidate.seconded_until = None
                if old.secondment:
                    old_bcu, old_post = self._post_for(rng, ladder, level - 1)
                else:
                    old_bcu, old_post = old.bcu, old.post
                self._vacancy(rng, ladder, level - 1, day, old_bcu, old_post)
                continue
            self._join(rng, ladder, level, day, bcu, post, route)

    def _candidate(
        self,
        rng: np.random.Generator,
        ladder: str,
        level: int,
        day: dt.date,
        leaving: dict[int, dt.date],
    ) -> _Member | None:
        served = 2 if ladder == OFFICER else 1
        pool = []
        for pay in sorted(self.by_level.get((ladder, level), [])):
            member = self.members[pay]
            rank_start = self.ranks[member.rank_record].start
            if (
                pay not in leaving
                and member.joined <= _minus_years(day, served)
                and rank_start <= day - dt.timedelta(days=365)
                and member.changed < day
                and member.suspended_until < day
                and member.employment_type == "Permanent"
            ):
                pool.append((member, (day - rank_start).days))
        if not pool:
            return None
        weights = np.array([w for _, w in pool], dtype=float)
        return pool[int(rng.choice(len(pool), p=weights / weights.sum()))][0]

    def _join(
        self,
        rng: np.random.Generator,
        ladder: str,
        level: int,
        day: dt.date,
        bcu: str,
        post: str,
        route: str,
    ) -> None:
        how = "joiner"  # a recruit
        if ladder == OFFICER and level > 0:
            how = "transferee"  # appointed from another force
        elif route == "lateral":
            how = "transferee" if rng.random() < 0.65 else "rejoiner"
        elif rng.random() < 0.03:
            how = "rejoiner"
        member = self._member(rng, ladder, level, day, 0.0, how)
        self._issue_pay(rng, member)
        self._start_rank(member, level, day)
        self._start_post(member, bcu, post, day)

    def _moves(self, rng: np.random.Generator, month: Month, settled: list[_Member]) -> None:
        """Moves to another post or BCU, and secondments out of the force."""
        n = len(settled)
        if n == 0:
            return
        draw = rng.random(n)
        day = rng.integers(0, month.days, n)
        for i, member in enumerate(settled):
            if member.seconded_until is not None or member.changed >= month.first:
                continue
            if member.ladder == OFFICER and member.level >= CHIEF_OFFICER_LEVEL:
                continue
            if member.ladder == STAFF and member.level == len(GRADES) - 1:
                continue
            when = month.first + dt.timedelta(days=int(day[i]))
            move = {OFFICER: 0.015, STAFF: 0.01, PCSO: 0.01}[member.ladder]
            second = 0.001 if member.ladder == OFFICER or member.level >= 5 else 0.0
            if draw[i] < second:
                unit = SECONDMENTS[int(rng.integers(len(SECONDMENTS)))]
                here = self.posts[member.post_record].post
                self._start_post(member, unit, here, when, secondment=True)
                member.seconded_until = when + dt.timedelta(days=int(rng.integers(180, 731)))
            elif draw[i] < second + move:
                current = self.posts[member.post_record]
                bcu, post = self._post_for(rng, member.ladder, member.level)
                if (bcu, post) == (current.bcu, current.post):
                    bcu, post = self._post_for(rng, member.ladder, member.level)
                if (bcu, post) != (current.bcu, current.post):
                    self._start_post(member, bcu, post, when)

    def _absences(
        self,
        rng: np.random.Generator,
        month: Month,
        at_work: list[_Member],
    ) -> None:
        n = len(at_work)
        if n == 0:
            return
        first = month.first
        ladder = np.array([m.ladder for m in at_work])
        female = np.array([m.gender == "F" for m in at_work])
        age = np.array([(first - m.date_of_birth).days / 365.25 for m in at_work])
        service = np.array([(first - m.joined).days / 365.25 for m in at_work])
        p = np.zeros((n, len(ABSTRACTIONS)))
        p[:, 0] = np.select([ladder == OFFICER, ladder == STAFF], [0.09, 0.10], 0.11)
        p[:, 1] = np.where(female & (age >= 21) & (age <= 44), 0.006, 0.0)
        p[:, 2] = np.where(~female & (age >= 22) & (age <= 50), 0.004, 0.0)
        p[:, 3] = np.where((age >= 25) & (age <= 50), 0.0002, 0.0)
        p[:, 4] = np.where(service >= 2, 0.0006, 0.0)
        p[:, 5] = 0.004
        p[:, 6] = np.where(ladder == OFFICER, 0.02, 0.01)
        cumulative = np.cumsum(p, axis=1)
        draw = rng.random(n)
        day = rng.integers(0, month.days, n)
        for i in np.flatnonzero(draw < cumulative[:, -1]).tolist():
            member = at_work[i]
            start = first + dt.timedelta(days=int(day[i]))
            end_of_work = member.left
            if member.away_until >= start or (end_of_work is not None and start > end_of_work):
                continue
            kind = ABSTRACTIONS[int(np.searchsorted(cumulative[i], draw[i], side="right"))]
            self._absent(rng, member, kind, start, end_of_work)

    def _suspensions(self, rng: np.random.Generator, month: Month, settled: list[_Member]) -> None:
        n = len(settled)
        if n == 0:
            return
        draw = rng.random(n)
        day = rng.integers(0, month.days, n)
        for i in np.flatnonzero(draw < 0.0008).tolist():
            member = settled[i]
            if member.suspended_until >= month.first:
                continue
            start = month.first + dt.timedelta(days=int(day[i]))
            member.suspended_until = start + dt.timedelta(days=int(rng.integers(60, 300)))
            self.suspensions.append(_Suspension(member.pay, start, member.suspended_until))

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


# --------------------------------------------------------------------------- once per world

# The workforce of each living world, by the world's identity. A workforce belongs to one world
# (its people count, seed, start and months), lives exactly as long as it, and is never shared
# with another world built from the same seed; world.events would not do, being one frame per
# (kind, month) and forgotten as each month is written.
_BUILT: dict[int, Workforce] = {}


def workforce(world: World) -> Workforce:
    """The force's workforce over the world's months, simulated once and kept with the world."""
    key = id(world)
    if key not in _BUILT:
        simulation = _Simulation(world)
        simulation.establish()
        for month in world.months:
            simulation.run(month)
        _BUILT[key] = simulation.frames()
        weakref.finalize(world, _BUILT.pop, key, None)
    return _BUILT[key]
