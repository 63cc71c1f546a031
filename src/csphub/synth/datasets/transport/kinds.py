"""The kinds of incident on public transport: how each happens, who offends (by age) and who
travels, and so falls victim."""

from __future__ import annotations

from dataclasses import dataclass

STAFF_OCCUPATIONS = ["Driver", "Security officer"]  # who works the trains, stations and buses


@dataclass(frozen=True)
class Kind:
    """A kind of incident and how it happens."""

    label: str  # what the supplier records as the offence type
    weight: float  # share of the dataset's incidents
    aboard: float  # share on a train or bus rather than at the station or stop
    times: str  # a time profile (see timing.PROFILES)
    identified: float  # share in which an offender is identified
    victim: str  # passenger, female, staff, driver, mixed (passenger or staff), "" (the operator)
    victim_share: float  # share with a personal victim
    ages: str  # an offender age profile (see AGES)
    haunt: str = "busy"  # where, among stops: busy (interchanges, centre) or estates
    male: bool = False  # offenders are men (sexual offences)
    season: tuple[float, ...] = (1.0,) * 12  # its own rise and fall over the year


# Offender age profiles (ages, weights), multiplied by each person's propensity to offend.
AGES: dict[str, tuple[list[float], list[float]]] = {
    "youth": ([0, 10, 12, 13, 16, 17, 18, 20, 25, 30], [0, 0, 0.7, 1.2, 1.2, 1, 0.5, 0.2, 0.05, 0]),
    "young": ([0, 11, 13, 16, 20, 25, 30, 40, 55], [0, 0, 0.5, 1, 1, 0.7, 0.4, 0.15, 0]),
    "adult": ([0, 13, 16, 18, 25, 35, 45, 60, 75], [0, 0, 0.4, 0.9, 1, 0.8, 0.5, 0.2, 0]),
}
# Who travels (and so who falls victim to crime while travelling), by age.
PASSENGER_AGES = (
    [0, 11, 16, 20, 30, 45, 60, 70, 85, 96],
    [0, 0.2, 0.8, 1, 1, 0.9, 0.6, 0.4, 0.2, 0.1],
)
