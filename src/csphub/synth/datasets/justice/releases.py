"""Releases from prison and from the Young Offender Institution into Eastbrook (guidance §3.2.8
and §3.2.9): who is released each month, the custodial term each served and for what, and where
they go (home, or the approved premises).

Releases are drawn afresh each month from those who offend, prolific offenders (PPOs among them)
more often than the rest.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from csphub.synth.datasets.justice.offences import (
    ADULT_OFFENCES,
    YOUTH_OFFENCES,
    AdultOffence,
    YouthOffence,
)
from csphub.synth.datasets.justice.offenders import (
    ADULT_AGE_WEIGHTS,
    MODULE,
    day_in,
    joined,
    offenders,
    shares,
    weekday,
)
from csphub.synth.people import age_on
from csphub.synth.supply import Plan
from csphub.synth.world import Month, World

HMPPS = "hmpps"
YOI = "eastbrook-yoi"

# Releases, per 1,000 residents per month: 0.17 from adult prisons (about 3.4 at 20,000 people),
# 0.04 from the YOI (about 0.8).
PRISON_RELEASES_PER_1000 = 0.17
YOI_RELEASES_PER_1000 = 0.04

# Custodial terms as the prison records them: many short sentences (half of all releases follow
# a sentence of under 12 months), fewer of several years, a handful of life and IPP licences.
Terms = dict[str, tuple[tuple[str, float], ...]]
ADULT_TERMS: Terms = {
    "short": (
        ("14 days", 3),
        ("4 weeks", 6),
        ("6 weeks", 5),
        ("8 weeks", 6),
        ("12 weeks", 7),
        ("16 weeks", 7),
        ("18 weeks", 4),
        ("20 weeks", 3),
        ("6 months", 6),
        ("8 months", 3),
        ("10 months", 2),
        ("12 months", 3),
        ("18 months", 1),
    ),
    "medium": (
        ("16 weeks", 2),
        ("6 months", 4),
        ("9 months", 3),
        ("12 months", 5),
        ("15 months", 3),
        ("18 months", 5),
        ("20 months", 2),
        ("2 years", 5),
        ("30 months", 2),
        ("3 years", 3),
        ("4 years", 1),
    ),
    "long": (
        ("18 months", 2),
        ("2 years", 4),
        ("30 months", 3),
        ("3 years", 5),
        ("4 years", 5),
        ("5 years", 4),
        ("6 years", 3),
        ("7 years", 2),
        ("8 years", 2),
        ("10 years", 1),
        ("12 years", 0.5),
        ("Life", 0.3),
        ("IPP", 0.4),
    ),
}
# Detention and training orders (4 to 24 months) for children; detention in a YOI, or long-term
# detention, for the most serious.
YOUTH_TERMS: Terms = {
    "short": (
        ("4 months", 5),
        ("6 months", 5),
        ("8 months", 3),
        ("10 months", 2),
        ("12 months", 2),
    ),
    "medium": (
        ("6 months", 3),
        ("8 months", 3),
        ("12 months", 4),
        ("18 months", 3),
        ("24 months", 2),
    ),
    "long": (
        ("12 months", 2),
        ("18 months", 3),
        ("24 months", 3),
        ("3 years", 3),
        ("4 years", 2),
        ("5 years", 1),
    ),
}


@dataclass(frozen=True)
class Releasing:
    """Who a custodial establishment releases into Eastbrook, and to where."""

    purpose: str
    per_1000: float
    youngest: int  # age on release
    oldest: int
    approved_premises: float  # share released to approved premises (more for serious offences)
    age_weights: tuple[tuple[float, ...], tuple[float, ...]]
    youngest_sentenced: int  # no one starts a custodial sentence here younger than this


# Adult prisons release mostly those over 21 (most 18 to 20 year olds serve their sentence in a
# YOI); the YOI, children from 15 and young adults.
PRISON = Releasing(
    "prison",
    PRISON_RELEASES_PER_1000,
    18,
    95,
    0.07,
    ((18, 20, 21, *ADULT_AGE_WEIGHTS[0][3:]), (0.08, 0.1, 0.6, *ADULT_AGE_WEIGHTS[1][3:])),
    18,
)
YOUNG_OFFENDERS = Releasing("yoi", YOI_RELEASES_PER_1000, 15, 20, 0.04, ((15, 20), (1.0, 1.0)), 12)


def approved_premises(world: World) -> int:
    """The UPRN of Eastbrook's approved premises: a block of flats in the town centre (the
    first, by UPRN; an estate block where the centre has none)."""
    blocks = world.places.filter(pl.col("kind") == "block")
    centre = blocks.filter(pl.col("oa_kind") == "centre")
    chosen = (centre if centre.height else blocks).sort("uprn")
    if chosen.height == 0:
        return int(world.places.filter(pl.col("residential")).sort("uprn")["uprn"][0])
    return int(chosen["uprn"][0])


def _released(world: World, month: Month, releasing: Releasing) -> pl.DataFrame:
    rng = world.rng(MODULE, f"{releasing.purpose}-releases", month.label)
    pool = offenders(world)
    day = rng.random(pool.height)
    when = weekday(day_in(month, day), month)
    pool = pool.with_columns(pl.Series("release_date", when).cast(pl.Date)).with_columns(
        age_on(pl.col("date_of_birth"), pl.col("release_date")).alias("age")
    )
    eligible_mask = pool["age"].is_between(releasing.youngest, releasing.oldest).to_numpy()
    eligible = pool.filter(pl.Series(eligible_mask))
    count = min(int(rng.poisson(releasing.per_1000 * world.people_count / 1000)), eligible.height)
    if count == 0:
        return pl.DataFrame()
    age = eligible["age"].to_numpy()
    weight = (
        eligible["offending"].to_numpy() ** 0.6
        * np.where(eligible["ppo"].to_numpy(), 2.0, 1.0)  # PPOs are recalled and remanded
        * np.where(eligible["gender"].to_numpy() == "F", 0.2, 1.0)  # 4% of prisoners are women
        * np.interp(age, *releasing.age_weights)
    )
    chosen = np.sort(rng.choice(eligible.height, size=count, replace=False, p=shares(weight)))
    return eligible[chosen].with_columns(
        pl.Series("draw", rng.random((count, 3)).tolist(), dtype=pl.Array(pl.Float64, 3))
    )


def _releases(world: World, month: Month, releasing: Releasing) -> pl.DataFrame:
    released = _released(world, month, releasing)
    if released.height == 0:
        return _empty_releases()
    draws = np.asarray(released["draw"].to_list())
    youth = releasing.purpose == "yoi"
    offences: list[YouthOffence] | list[AdultOffence] = YOUTH_OFFENCES if youth else ADULT_OFFENCES
    weights = shares(
        [o.yoi for o in YOUTH_OFFENCES] if youth else [o.prison for o in ADULT_OFFENCES]
    )
    offence = np.minimum(np.searchsorted(np.cumsum(weights), draws[:, 0]), len(weights) - 1)
    terms = YOUTH_TERMS if youth else ADULT_TERMS
    ages_days = (
        released.select(pl.col("release_date") - pl.col("date_of_birth"))
        .to_series()
        .dt.total_days()
    )
    sentence = [
        _sentence(terms, offences[index].term, u, days, releasing.youngest_sentenced)
        for index, u, days in zip(offence, draws[:, 1], ages_days, strict=True)
    ]
    harm = np.asarray([offences[i].harm for i in offence])
    adult = released["age"].to_numpy() >= 18
    # approved premises: those posing more risk, and some with nowhere else to go
    to_premises = adult & (draws[:, 2] < releasing.approved_premises * (1 + 1.5 * (harm >= 1.2)))
    people = joined(released.select("person_id"), world)
    premises = approved_premises(world)
    uprn = np.where(to_premises, premises, people["home_uprn"].to_numpy())
    places = (
        pl.DataFrame({"uprn": uprn})
        .with_row_index("i")
        .join(world.places.select("uprn", "address", "postcode", "easting", "northing"), on="uprn")
        .sort("i")
    )
    records = pl.DataFrame(
        {
            "name": (people["given_name"] + " " + people["surname"]),
            "gender": people["gender"],
            "date_of_birth": people["date_of_birth"],
            "sentence_length": sentence,
            "offence_committed": [offences[i].description for i in offence],
            "release_date": released["release_date"],
            "location_address": places["address"],
            "location_postcode": places["postcode"],
            "easting": places["easting"].cast(pl.Float64),
            "northing": places["northing"].cast(pl.Float64),
            "__person_id": released["person_id"],
            "__uprn": places["uprn"],
            "__easting": places["easting"],
            "__northing": places["northing"],
            "__approved_premises": to_premises,
            "__ppo": released["ppo"],
        }
    )
    return records.sort("release_date", "name")


def _served_days(term: str) -> float:
    """Days in custody before release: half the term (a life or IPP sentence, its tariff)."""
    if term == "Life":
        return 15 * 365.25
    if term == "IPP":
        return 8 * 365.25
    number, unit = term.split()
    days = {"days": 1.0, "weeks": 7.0, "months": 30.44, "years": 365.25}[unit]
    return int(number) * days / 2


def _sentence(
    terms: Terms,
    term: str,
    u: float,
    age_days: int,
    youngest_sentenced: int,
) -> str:
    """A custodial term of the offence's kind that someone of this age can have served."""
    for kind in (term, "short"):
        options = [
            (text, weight)
            for text, weight in terms[kind]
            if age_days - _served_days(text) >= youngest_sentenced * 365.25
        ]
        if options:
            cumulative = np.cumsum(shares([w for _, w in options]))
            return options[min(int(np.searchsorted(cumulative, u)), len(options) - 1)][0]
    return min((text for text, _ in terms["short"]), key=_served_days)


def _empty_releases() -> pl.DataFrame:
    return pl.DataFrame(
        schema={
            "name": pl.String,
            "gender": pl.String,
            "date_of_birth": pl.Date,
            "sentence_length": pl.String,
            "offence_committed": pl.String,
            "release_date": pl.Date,
            "location_address": pl.String,
            "location_postcode": pl.String,
            "easting": pl.Float64,
            "northing": pl.Float64,
        }
    )


def prison_releases(world: World, month: Month) -> pl.DataFrame:
    return _releases(world, month, PRISON)


def yoi_releases(world: World, month: Month) -> pl.DataFrame:
    return _releases(world, month, YOUNG_OFFENDERS)


PRISON_RELEASES_PLAN = Plan(
    dataset="prison-releases",
    agency=HMPPS,
    render=prison_releases,
    headers={
        "name": "Name",
        "gender": "Sex",
        "date_of_birth": "Date of Birth",
        "sentence_length": "Sentence Length",
        "offence_committed": "Principal Offence",
        "release_date": "Release Date",
        "location_address": "Release Address",
        "location_postcode": "Release Postcode",
        "easting": "X",
        "northing": "Y",
    },
    text_fields=("name", "offence_committed", "sentence_length"),
    address_fields={"location_address": "__uprn"},
    postcode_fields={"location_postcode": "location_address"},
    caveats=(
        "Prisoners due for release in the month to an address in Eastbrook, including "
        "those released to approved premises.",
        "Release dates are the dates expected when the list was produced.",
    ),
)

YOI_RELEASES_PLAN = Plan(
    dataset="yoi-releases",
    agency=YOI,
    render=yoi_releases,
    headers={
        "name": "Full Name",
        "gender": "Gender",
        "date_of_birth": "DOB",
        "sentence_length": "Sentence",
        "offence_committed": "Offence",
        "release_date": "Discharge Date",
        "location_address": "Discharge Address",
        "location_postcode": "Discharge Postcode",
        "easting": "Easting",
        "northing": "Northing",
    },
    text_fields=("name", "offence_committed", "sentence_length"),
    address_fields={"location_address": "__uprn"},
    postcode_fields={"location_postcode": "location_address"},
    caveats=("Young people aged 15 to 20 due for discharge to an address in Eastbrook.",),
)
