"""The force's structure: its ladders (police officers, police staff, PCSOs), the ranks and grades
on each, the business units and the posts at each rank or grade, working hours, and how large
each part of the force is for the residents it serves.
"""

from __future__ import annotations

import numpy as np

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
RANK_SERVICE = [(0, 9), (5, 7), (8, 6), (12, 5), (15, 5), (18, 4), (20, 3), (22, 3), (24, 3)]

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
