"""The simulation of the workforce over a world's months: the workforce in post on the first day,
then each month's events (returns from secondment, leavers, their vacancies filled by promotion
or by joiners, moves between posts and secondments, absences, suspensions), simulated once for a
world and kept for as long as the world lives.
"""

from __future__ import annotations

import datetime as dt
import heapq
import weakref

import numpy as np

from csphub.synth.workforce.records import Member, Suspension, Workforce
from csphub.synth.workforce.roster import Roster, draw_years, years_before
from csphub.synth.workforce.structure import (
    ABSTRACTIONS,
    CHIEF_OFFICER_LEVEL,
    GRADES,
    INTAKE_MONTHS,
    LEAVING_REASONS,
    OFFICER,
    PCSO,
    RANK_SERVICE,
    SECONDMENTS,
    STAFF,
    establishment,
    grade_counts,
    rank_counts,
)
from csphub.synth.world import Month, World


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


class _Simulation(Roster):
    """The roster run forward: its first day, then month by month."""

    # ----------------------------------------------------------------- the start

    def establish(self) -> None:
        """The workforce in post on the first day of the world's first month."""
        rng = self.world.rng("workforce", "establishment")
        start = self.world.months[0].first
        sizes = establishment(self.world.people_count)
        plan = [(OFFICER, level, n) for level, n in enumerate(rank_counts(sizes[OFFICER]))]
        plan += [(STAFF, level, n) for level, n in enumerate(grade_counts(sizes[STAFF]))]
        plan += [(PCSO, 0, sizes[PCSO])]
        made: list[tuple[Member, dt.date, float]] = []
        for ladder, level, count in plan:
            for _ in range(count):
                if ladder == OFFICER:
                    low, mean = RANK_SERVICE[level]
                    if level == 0 and rng.random() < 0.25:
                        service = float(rng.uniform(0, 2))  # the recent recruits
                    else:
                        service = draw_years(rng, low + (2 if level == 0 else 0), mean, 34)
                    how = "joiner"
                    if rng.random() < (0.6 if level >= CHIEF_OFFICER_LEVEL else 0.07):
                        how = "transferee"
                    elif rng.random() < 0.03:
                        how = "rejoiner"
                elif ladder == STAFF:
                    service = draw_years(rng, level * 0.6, 8.0, 40)
                    how = "rejoiner" if rng.random() < 0.04 else "joiner"
                else:
                    service = draw_years(rng, 0, 4.0, 15)
                    how = "joiner"
                member = self._member(rng, ladder, level, start, service, how)
                in_rank = service if level == 0 else min(service, float(rng.uniform(0.3, 6.0)))
                made.append((member, member.joined, in_rank))
        # pay numbers in order of joining
        order = sorted(range(len(made)), key=lambda i: (made[i][1], i))
        for index in order:
            member, joined, in_rank = made[index]
            self._issue_pay(rng, member)
            rank_start = max(joined, years_before(start, in_rank))
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
                self.suspensions.append(Suspension(pay, begun, member.suspended_until))

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

    def _leave(self, rng: np.random.Generator, member: Member, day: dt.date, reason: str) -> None:
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
    ) -> Member | None:
        served = 2 if ladder == OFFICER else 1
        pool = []
        for pay in sorted(self.by_level.get((ladder, level), [])):
            member = self.members[pay]
            rank_start = self.ranks[member.rank_record].start
            if (
                pay not in leaving
                and member.joined <= years_before(day, served)
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

    def _moves(self, rng: np.random.Generator, month: Month, settled: list[Member]) -> None:
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
        at_work: list[Member],
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

    def _suspensions(self, rng: np.random.Generator, month: Month, settled: list[Member]) -> None:
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
            self.suspensions.append(Suspension(member.pay, start, member.suspended_until))


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
