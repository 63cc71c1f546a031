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

The modules: :mod:`.structure` (ladders, ranks, grades, posts and the establishment),
:mod:`.records` (the records kept and the :class:`Workforce` views), :mod:`.roster` (making
members of the workforce and recording what they hold) and :mod:`.simulation` (the first day and
each month's events).
"""

from __future__ import annotations

from csphub.synth.workforce.records import Workforce
from csphub.synth.workforce.simulation import workforce
from csphub.synth.workforce.structure import (
    ABSTRACTIONS,
    CHIEF_OFFICER_LEVEL,
    CHIEF_OFFICERS,
    CONTACT,
    CRIME,
    FULL_TIME_HOURS,
    GRADES,
    HEADQUARTERS,
    INTAKE_MONTHS,
    JUSTICE,
    LEAVING_REASONS,
    MIN_OFFICERS,
    OFFICER,
    OFFICERS_PER_1000,
    OPERATIONS,
    PART_TIME_HOURS,
    PCSO,
    PCSO_GRADE,
    PCSOS_PER_1000,
    POSTS,
    RANKS,
    SECONDMENTS,
    STAFF,
    STAFF_PER_1000,
    TERRITORIAL,
    establishment,
    grade_counts,
    rank_counts,
    title,
)

__all__ = [
    "ABSTRACTIONS",
    "CHIEF_OFFICERS",
    "CHIEF_OFFICER_LEVEL",
    "CONTACT",
    "CRIME",
    "FULL_TIME_HOURS",
    "GRADES",
    "HEADQUARTERS",
    "INTAKE_MONTHS",
    "JUSTICE",
    "LEAVING_REASONS",
    "MIN_OFFICERS",
    "OFFICER",
    "OFFICERS_PER_1000",
    "OPERATIONS",
    "PART_TIME_HOURS",
    "PCSO",
    "PCSOS_PER_1000",
    "PCSO_GRADE",
    "POSTS",
    "RANKS",
    "SECONDMENTS",
    "STAFF",
    "STAFF_PER_1000",
    "TERRITORIAL",
    "Workforce",
    "establishment",
    "grade_counts",
    "rank_counts",
    "title",
    "workforce",
]
