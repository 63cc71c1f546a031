"""Offender management: Probation OASys assessments, Youth Offending Service ASSET assessments,
and releases from prison and from the Young Offender Institution (guidance §3.2.5, §3.2.6,
§3.2.8 and §3.2.9).

Assessments follow a caseload. Each month some people who offend start a period of supervision
(a community order, a suspended sentence or licence for adults; a referral order or youth
rehabilitation order for children), drawn by their offending propensity from the month's own
random stream. A period is assessed when it starts, reviewed at fixed intervals (six months for
OASys, three for ASSET) and assessed again when it ends, so the same person comes back in later
months with a new assessment date, and so a new record. Anyone on the caseload who is caught
for a new offence in the month (a detected crime in :mod:`csphub.synth.crime`) is usually
reassessed as well: a review on a significant change. Because the starts of any month can be
re-drawn from that month's stream, a month's caseload is rebuilt from the starts of the months
before it without keeping any state between months.

Needs and ratings come from one latent level of need per period of supervision, raised by
offending propensity and by the index offence, so a person's needs hang together, ease a little
over the supervision, and drive the risk bands. Releases are drawn afresh each month from those
who offend, prolific offenders (PPOs among them) more often than the rest.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from csphub.synth.crime import crimes
from csphub.synth.people import age_on, nominal, with_people
from csphub.synth.supply import Plan
from csphub.synth.world import Month, World

MODULE = "justice"
PROBATION = "probation-eastbrook"
YOS = "eastbrook-yos"
HMPPS = "hmpps"
YOI = "eastbrook-yoi"

# Volumes, per 1,000 residents per month. About 0.3% of residents are on probation at any one
# time (England and Wales about 0.4%), so 0.18 new periods of supervision per 1,000 a month,
# each assessed about four times over an average of 18 months, gives 0.8 assessments per 1,000
# a month (about 17 at 20,000 people, more with the reviews on a new offence). Children start
# referral orders and youth rehabilitation orders at 0.06 per 1,000 (about 5 ASSET assessments
# a month at 20,000). Releases: 0.17 per 1,000 from adult prisons (about 3.4 at 20,000), 0.04 from
# the YOI (about 0.8).
PROBATION_STARTS_PER_1000 = 0.18
YOS_STARTS_PER_1000 = 0.1
PRISON_RELEASES_PER_1000 = 0.17
YOI_RELEASES_PER_1000 = 0.04

# --------------------------------------------------------------------------- offences

# OASys link-to-offending sections, in the order of the arrays below, with the share of
# assessments that find each need linked to offending (OASys research, community and licence
# cases, rounded).
LTO_FIELDS = (
    "thinking_behaviour_lto",
    "lifestyle_associations_lto",
    "attitudes_lto",
    "accommodation_lto",
    "education_training_employment_lto",
    "financial_management_lto",
    "relationships_lto",
    "emotional_wellbeing_lto",
    "drug_misuse_lto",
    "alcohol_misuse_lto",
)
LTO_PREVALENCE = (0.72, 0.52, 0.44, 0.32, 0.50, 0.38, 0.40, 0.37, 0.33, 0.36)
_TB, _LS, _AT, _AC, _ETE, _FIN, _REL, _EMO, _DRUG, _ALC = range(10)


@dataclass(frozen=True)
class AdultOffence:
    description: str
    probation: float  # weight among probation index offences
    prison: float  # weight among offences of those released from prison
    harm: float  # how far the offence raises the risk of serious harm
    term: str  # the usual custodial term: short, medium or long
    needs: tuple[tuple[int, float], ...] = ()  # LTO sections the offence makes more likely


ADULT_OFFENCES = [
    AdultOffence("Common assault", 9, 6, 0.8, "short", ((_ALC, 0.4),)),
    AdultOffence("Assault by beating of an emergency worker", 2, 2, 0.8, "short", ((_ALC, 0.5),)),
    AdultOffence("Assault occasioning actual bodily harm", 7, 9, 1.3, "medium", ((_ALC, 0.3),)),
    AdultOffence(
        "Wounding or inflicting grievous bodily harm (section 20)", 2, 4, 1.9, "long", ((_AT, 0.3),)
    ),
    AdultOffence(
        "Wounding with intent to cause grievous bodily harm (section 18)",
        0.4,
        2,
        2.4,
        "long",
        ((_AT, 0.4), (_LS, 0.3)),
    ),
    AdultOffence("Harassment", 3, 2, 1.0, "short", ((_REL, 0.7), (_EMO, 0.3))),
    AdultOffence("Breach of a restraining order", 3, 3, 1.1, "short", ((_REL, 0.9), (_AT, 0.3))),
    AdultOffence("Theft from a shop", 9, 10, 0.0, "short", ((_DRUG, 0.9), (_FIN, 0.5), (_AC, 0.4))),
    AdultOffence("Theft", 3, 2, 0.0, "short", ((_FIN, 0.4),)),
    AdultOffence("Theft from the person", 1, 1, 0.3, "short", ((_DRUG, 0.5), (_LS, 0.3))),
    AdultOffence("Theft from a motor vehicle", 1, 1, 0.0, "short", ((_DRUG, 0.5),)),
    AdultOffence("Burglary (dwelling)", 3, 7, 0.7, "medium", ((_DRUG, 0.6), (_LS, 0.4))),
    AdultOffence("Burglary (non-dwelling)", 2, 2, 0.2, "medium", ((_DRUG, 0.5),)),
    AdultOffence("Robbery", 2, 6, 1.9, "long", ((_LS, 0.6), (_DRUG, 0.4))),
    AdultOffence("Possession of a controlled drug", 3, 1, 0.0, "short", ((_DRUG, 1.2),)),
    AdultOffence(
        "Possession of a controlled drug with intent to supply (Class A)",
        3,
        7,
        1.1,
        "long",
        ((_LS, 0.9), (_DRUG, 0.5), (_FIN, 0.4)),
    ),
    AdultOffence("Driving with excess alcohol", 6, 1, 0.3, "short", ((_ALC, 1.3),)),
    AdultOffence("Driving while disqualified", 3, 3, 0.2, "short", ((_AT, 0.5),)),
    AdultOffence("Criminal damage", 4, 2, 0.3, "short", ((_ALC, 0.5), (_EMO, 0.2))),
    AdultOffence("Threatening behaviour", 3, 2, 0.6, "short", ((_ALC, 0.5),)),
    AdultOffence("Affray", 2, 2, 1.0, "medium", ((_ALC, 0.6), (_LS, 0.4))),
    AdultOffence("Possession of a bladed article", 2, 3, 1.3, "medium", ((_LS, 0.7),)),
    AdultOffence("Fraud by false representation", 2, 1, 0.0, "medium", ((_FIN, 0.9),)),
    AdultOffence("Handling stolen goods", 1, 1, 0.0, "short", ((_FIN, 0.4), (_LS, 0.3))),
    AdultOffence(
        "Taking a motor vehicle without consent", 1, 1, 0.3, "short", ((_LS, 0.5), (_AT, 0.2))
    ),
    AdultOffence("Sexual assault", 1, 2, 2.1, "long", ((_TB, 0.5), (_REL, 0.4))),
    AdultOffence("Breach of a community order", 2, 4, 0.3, "short", ((_AT, 0.6), (_LS, 0.3))),
]
_ADULT_BY_NAME = {o.description: i for i, o in enumerate(ADULT_OFFENCES)}

# The offence a probation officer writes for a crime the police recorded under a Home Office code.
OFFENCE_OF_CRIME = {
    "105/01": "Common assault",
    "008/06": "Assault occasioning actual bodily harm",
    "008/01": "Wounding with intent to cause grievous bodily harm (section 18)",
    "195/12": "Harassment",
    "058/03": "Criminal damage",
    "058/01": "Criminal damage",
    "046/00": "Theft from a shop",
    "125/10": "Threatening behaviour",
    "045/00": "Theft from a motor vehicle",
    "048/00": "Taking a motor vehicle without consent",
    "028/01": "Burglary (dwelling)",
    "030/01": "Burglary (non-dwelling)",
    "092/41": "Possession of a controlled drug",
    "049/00": "Theft",
    "039/00": "Theft from the person",
    "034/01": "Robbery",
    "010/01": "Possession of a bladed article",
    "044/00": "Theft",
}

# ASSET's twelve dynamic factors, in the order of the arrays below, with the mean rating
# each has in Youth Justice Board samples (rounded) and how strongly it follows the child's
# overall level of need.
ASSET_FIELDS = (
    "living_arrangements_rating",
    "family_relationships_rating",
    "education_training_employment_rating",
    "neighbourhood_rating",
    "lifestyle_rating",
    "substance_use_rating",
    "physical_health_rating",
    "emotional_mental_health_rating",
    "perception_of_self_and_others_rating",
    "thinking_and_behaviour_rating",
    "attitudes_to_offending_rating",
    "motivation_to_change_rating",
)
ASSET_MEANS = (1.2, 1.6, 1.7, 1.1, 1.8, 1.3, 0.3, 1.1, 1.0, 2.1, 1.4, 1.3)
ASSET_LOADINGS = (0.7, 0.75, 0.75, 0.5, 0.8, 0.7, 0.25, 0.6, 0.6, 0.75, 0.7, 0.65)
_LIV, _FAM, _YETE, _NBH, _LIFE, _SUB, _PHYS, _EMH, _PERC, _THINK, _ATT, _MOT = range(12)


@dataclass(frozen=True)
class YouthOffence:
    description: str
    yos: float  # weight among YOS index offences
    yoi: float  # weight among offences of those released from the YOI
    harm: float
    term: str
    needs: tuple[tuple[int, float], ...] = ()  # ASSET factors the offence raises


YOUTH_OFFENCES = [
    YouthOffence("Common assault", 14, 3, 0.6, "short", ((_THINK, 0.3),)),
    YouthOffence("Assault occasioning actual bodily harm", 6, 8, 1.0, "medium", ((_THINK, 0.4),)),
    YouthOffence("Theft from a shop", 12, 1, 0.0, "short", ((_SUB, 0.3),)),
    YouthOffence("Theft", 5, 1, 0.0, "short"),
    YouthOffence("Robbery", 6, 14, 1.6, "long", ((_LIFE, 0.6), (_NBH, 0.3))),
    YouthOffence("Burglary (dwelling)", 4, 6, 0.5, "medium", ((_LIFE, 0.4),)),
    YouthOffence("Criminal damage", 10, 1, 0.2, "short", ((_THINK, 0.3),)),
    YouthOffence("Possession of a controlled drug", 7, 0, 0.0, "short", ((_SUB, 1.2),)),
    YouthOffence(
        "Possession of a controlled drug with intent to supply (Class A)",
        3,
        8,
        1.0,
        "long",
        ((_LIFE, 0.9), (_SUB, 0.4), (_NBH, 0.4)),
    ),
    YouthOffence("Possession of a bladed article", 6, 6, 1.2, "medium", ((_LIFE, 0.6),)),
    YouthOffence("Threatening behaviour", 7, 2, 0.5, "short", ((_THINK, 0.3),)),
    YouthOffence("Taking a motor vehicle without consent", 3, 2, 0.3, "short", ((_LIFE, 0.4),)),
    YouthOffence("Driving without insurance", 3, 0, 0.1, "short", ((_ATT, 0.3),)),
    YouthOffence(
        "Breach of a youth rehabilitation order", 4, 3, 0.3, "short", ((_MOT, 0.6), (_ATT, 0.3))
    ),
    YouthOffence("Sexual assault", 1, 2, 2.0, "long", ((_PERC, 0.4),)),
]
_YOUTH_BY_NAME = {o.description: i for i, o in enumerate(YOUTH_OFFENCES)}

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

# --------------------------------------------------------------------------- the caseloads


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


# Supervision and custody come at the end of a criminal career's first convictions: people on
# probation and leaving prison are older (median early thirties) than those who offend most
# often (late teens), so adults are weighted by age as well as by their offending.
_ADULT_AGE_WEIGHTS = (
    (18, 20, 21, 25, 30, 40, 50, 60, 75),
    (0.25, 0.3, 0.6, 1.2, 2.2, 3.0, 4.0, 4.0, 2.0),
)

PROBATION_SERVICE = Service(
    purpose="probation",
    starts_per_1000=PROBATION_STARTS_PER_1000,
    # community orders are mostly 12 to 24 months; licences and suspended sentence orders vary
    lengths=(6, 9, 12, 18, 24, 36),
    length_weights=(6, 6, 34, 22, 22, 10),
    review_every=6,
    youngest=18,
    oldest=95,
    female_weight=0.6,
    age_weights=_ADULT_AGE_WEIGHTS,
    offence_weights=tuple(o.probation for o in ADULT_OFFENCES),
    factors=len(LTO_FIELDS),
    review_on_new_offence=0.7,
)
YOS_SERVICE = Service(
    purpose="yos",
    starts_per_1000=YOS_STARTS_PER_1000,
    # referral orders of 3 to 12 months; youth rehabilitation orders of 6 to 24
    lengths=(3, 6, 9, 12, 18, 24),
    length_weights=(20, 25, 15, 22, 10, 8),
    review_every=3,
    youngest=10,
    oldest=17,
    female_weight=0.8,
    # most children the YOS supervises are 15 to 17
    age_weights=((10, 12, 14, 15, 17), (0.2, 0.4, 0.8, 1.0, 1.0)),
    offence_weights=tuple(o.yos for o in YOUTH_OFFENCES),
    factors=len(ASSET_FIELDS),
    review_on_new_offence=0.8,
)


def _offenders(world: World) -> pl.DataFrame:
    return (
        world.population.people.filter(pl.col("offending") > 0)
        .select("person_id", "gender", "date_of_birth", "offending", "ppo")
        .sort("person_id")
    )


def _joined(frame: pl.DataFrame, world: World) -> pl.DataFrame:
    """Each row's person (name, home…) and offending propensity, in the rows' order."""
    people = with_people(frame.with_row_index("__row"), world).join(
        _offenders(world).select("person_id", "offending", "ppo"), on="person_id", how="left"
    )
    return people.sort("__row").drop("__row")


def _shares(weights: tuple[float, ...] | list[float] | np.ndarray) -> np.ndarray:
    array = np.asarray(weights, dtype=float)
    return array / array.sum()


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
    chosen = np.sort(rng.choice(eligible.height, size=count, replace=False, p=_shares(weight)))
    people = eligible[chosen]
    length = rng.choice(np.asarray(service.lengths), size=count, p=_shares(service.length_weights))
    offence = rng.choice(
        len(service.offence_weights), size=count, p=_shares(service.offence_weights)
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
    pool = _offenders(world)
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


def _weekday(dates: np.ndarray, month: Month) -> np.ndarray:
    """Dates moved off the weekend (to the Friday before or the Monday after, staying in the
    month): offices and prisons work weekdays."""
    days = dates.astype("datetime64[D]")
    weekday = (days.view("int64") + 3) % 7  # Monday 0
    first = np.datetime64(month.first, "D")
    last = np.datetime64(month.last, "D")
    back = np.where(weekday == 5, -1, np.where(weekday == 6, 1, 0)).astype("timedelta64[D]")
    moved = days + back
    # a Saturday the 1st goes forward, a Sunday the last goes back
    moved = np.where(moved < first, days + np.timedelta64(2, "D"), moved)
    moved = np.where(moved > last, days - np.timedelta64(2, "D"), moved)
    return moved


def _day_in(month: Month, fraction: np.ndarray) -> np.ndarray:
    first = np.datetime64(month.first, "D")
    return first + np.floor(fraction * month.days).astype(np.int64).astype("timedelta64[D]")


def _assessments(world: World, service: Service, month: Month) -> pl.DataFrame:
    """The month's assessments: those the schedule puts in it, and reviews after a new offence.
    One a person a month (a second due the same month is folded into the first)."""
    caseload = _caseload(world, service, month)
    if caseload.height == 0:
        return pl.DataFrame()
    scheduled = caseload.filter(pl.col("scheduled"))
    scheduled = scheduled.with_columns(
        pl.Series(
            "assessment_date", _weekday(_day_in(month, scheduled["day"].to_numpy()), month)
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
    dates = _weekday(when[keep], month)
    return (
        joined.filter(pl.Series(keep))
        .drop("crime_date")
        .with_columns(
            pl.Series("assessment_date", dates).cast(pl.Date),
            pl.lit("new offence").alias("kind"),
            pl.lit(1, dtype=pl.Int64).alias("priority"),
        )
    )


# --------------------------------------------------------------------------- OASys

# Thresholds on the latent scores, set so the shares come out near the prevalences above and
# the bands near those of the probation caseload (reconviction: about 40% low, 35% medium, 25%
# high; harm: about 25% low, 57% medium, 16% high, 1–2% very high).
_LTO_THRESHOLDS = np.array([-0.55, 0.10, 0.30, 0.75, 0.10, 0.50, 0.40, 0.50, 0.70, 0.55])
_ROR_CUTS = (1.55, 3.1)
_ROSH_CUTS = (0.72, 2.3, 3.45)


def oasys(world: World, month: Month) -> pl.DataFrame:
    frame = _assessments(world, PROBATION_SERVICE, month)
    if frame.height == 0:
        return _empty_oasys()
    rng = world.rng(MODULE, "oasys", month.label)
    n = frame.height
    # the index offence: the new one for a review after a new offence, else the period's own
    offence = np.asarray(
        [
            _ADULT_BY_NAME[OFFENCE_OF_CRIME[code]] if code is not None else int(index)
            for code, index in zip(frame["ho_code"], frame["offence"], strict=True)
        ],
        dtype=np.int64,
    )
    shift = np.zeros((n, len(LTO_FIELDS)))
    for row, index in enumerate(offence):
        for section, amount in ADULT_OFFENCES[index].needs:
            shift[row, section] += amount
    need = frame["need"].to_numpy()
    slot = frame["slot"].to_numpy()
    new_offence = (frame["kind"] == "new offence").to_numpy()
    # needs ease a little at each review and flare up after a new offence
    level = need - 0.12 * slot + 0.35 * new_offence
    score = 0.6 * level[:, None] + 0.8 * frame["factor_noise"].to_numpy() + shift
    flags = score > _LTO_THRESHOLDS
    needs = flags.sum(axis=1)
    people = _joined(frame.select("person_id", "assessment_date"), world)
    ages = (
        people.select(age_on(pl.col("date_of_birth"), pl.col("assessment_date")))
        .to_series()
        .to_numpy()
    )
    offending = people["offending"].to_numpy()
    reconviction = (
        0.32 * needs + 0.55 * np.log(offending) - 0.03 * (ages - 30) + rng.normal(0.0, 0.6, n)
    )
    harm = (
        np.asarray([ADULT_OFFENCES[i].harm for i in offence])
        + 0.18 * needs
        + rng.normal(0.0, 0.6, n)
    )
    ror = np.where(
        reconviction < _ROR_CUTS[0], "low", np.where(reconviction < _ROR_CUTS[1], "medium", "high")
    )
    rosh = np.asarray(["low", "medium", "high", "very_high"])[
        np.searchsorted(np.asarray(_ROSH_CUTS), harm)
    ]
    records = pl.DataFrame(
        {
            "client_reference": people.select(nominal("X", pl.col("person_id"), salt=6151))
            .to_series()
            .to_list(),
            "age": ages.astype(np.int64),
            "gender": people["gender"],
            "location_postcode": people["home_postcode"],
            "offence_description": [ADULT_OFFENCES[i].description for i in offence],
            **{name: flags[:, j] for j, name in enumerate(LTO_FIELDS)},
            "assessment_date": frame["assessment_date"],
            "risk_of_reconviction": ror,
            "risk_of_harm": rosh,
            "months_supervision": frame["length"],
            "__person_id": frame["person_id"],
            "__uprn": people["home_uprn"],
            "__assessment": frame["kind"],
            "__supervision_start": frame["start"],
            "__crime_reference": frame["crime_reference"],
            "__lto_count": needs.astype(np.int64),
            "__reconviction_score": reconviction,
            "__harm_score": harm,
        },
        schema_overrides={"age": pl.Int64, "months_supervision": pl.Int64},
    )
    return _ordered(records, OASYS_COLUMNS).sort("assessment_date", "client_reference")


OASYS_COLUMNS = (
    "client_reference",
    "age",
    "gender",
    "location_postcode",
    "offence_description",
    *LTO_FIELDS,
    "assessment_date",
    "risk_of_reconviction",
    "risk_of_harm",
    "months_supervision",
)


def _empty_oasys() -> pl.DataFrame:
    return pl.DataFrame(
        schema={
            "client_reference": pl.String,
            "age": pl.Int64,
            "gender": pl.String,
            "location_postcode": pl.String,
            "offence_description": pl.String,
            **dict.fromkeys(LTO_FIELDS, pl.Boolean),
            "assessment_date": pl.Date,
            "risk_of_reconviction": pl.String,
            "risk_of_harm": pl.String,
            "months_supervision": pl.Int64,
        }
    )


def _ordered(records: pl.DataFrame, columns: tuple[str, ...]) -> pl.DataFrame:
    truth = [c for c in records.columns if c.startswith("__")]
    return records.select(*columns, *truth)


# --------------------------------------------------------------------------- ASSET

_YOS_ROSH_CUTS = (1.6, 2.63, 3.4)
_VULNERABILITY_CUTS = (0.95, 2.4, 3.85)
# Persistent young offenders: the most frequent tenth of the children who offend.
PERSISTENT_SHARE = 0.1


def yos(world: World, month: Month) -> pl.DataFrame:
    frame = _assessments(world, YOS_SERVICE, month)
    if frame.height == 0:
        return _empty_yos()
    people = _joined(frame.select("person_id", "assessment_date"), world)
    frame = frame.with_columns(
        people.select(
            age_on(pl.col("date_of_birth"), pl.col("assessment_date")).alias("age")
        ).to_series()
    )
    # a child who turns 18 moves to the Probation Service; no more ASSETs
    keep = frame["age"].is_between(10, 17)
    frame, people = frame.filter(keep), people.filter(keep)
    if frame.height == 0:
        return _empty_yos()
    rng = world.rng(MODULE, "asset", month.label)
    n = frame.height
    offence = np.asarray(
        [
            _youth_offence(code) if code is not None else int(index)
            for code, index in zip(frame["ho_code"], frame["offence"], strict=True)
        ],
        dtype=np.int64,
    )
    shift = np.zeros((n, len(ASSET_FIELDS)))
    for row, index in enumerate(offence):
        for factor, amount in YOUTH_OFFENCES[index].needs:
            shift[row, factor] += amount
    level = (
        frame["need"].to_numpy()
        - 0.35
        - 0.1 * frame["slot"].to_numpy()
        + 0.3 * (frame["kind"] == "new offence").to_numpy()
    )
    loadings = np.asarray(ASSET_LOADINGS)
    raw = (
        np.asarray(ASSET_MEANS)
        + loadings * level[:, None]
        + 0.65 * frame["factor_noise"].to_numpy()
        + shift
    )
    ratings = np.clip(np.rint(raw), 0, 4).astype(np.int64)
    total = ratings.sum(axis=1)
    female = (people["gender"] == "F").to_numpy()
    harm = (
        np.asarray([YOUTH_OFFENCES[i].harm for i in offence])
        + 0.06 * total
        + rng.normal(0.0, 0.5, n)
    )
    vulnerability = (
        0.4 * ratings[:, _EMH]
        + 0.25 * ratings[:, _LIV]
        + 0.25 * ratings[:, _FAM]
        + 0.2 * ratings[:, _SUB]
        + 0.3 * female
        + rng.normal(0.0, 0.6, n)
    )
    levels = np.asarray(["low", "medium", "high", "very_high"])
    persistent = people["offending"] >= _persistent_threshold(world)
    records = pl.DataFrame(
        {
            "client_reference": people.select(nominal("YJ", pl.col("person_id"), salt=4337))
            .to_series()
            .to_list(),
            "age": frame["age"],
            "gender": people["gender"],
            "location_postcode": people["home_postcode"],
            "offence_description": [YOUTH_OFFENCES[i].description for i in offence],
            "persistent_offender_flag": persistent,
            "assessment_date": frame["assessment_date"],
            **{name: ratings[:, j] for j, name in enumerate(ASSET_FIELDS)},
            "risk_of_serious_harm": levels[np.searchsorted(np.asarray(_YOS_ROSH_CUTS), harm)],
            "vulnerability": levels[
                np.searchsorted(np.asarray(_VULNERABILITY_CUTS), vulnerability)
            ],
            "__person_id": frame["person_id"],
            "__uprn": people["home_uprn"],
            "__assessment": frame["kind"],
            "__supervision_start": frame["start"],
            "__crime_reference": frame["crime_reference"],
            "__asset_total": total,
            "__harm_score": harm,
            "__vulnerability_score": vulnerability,
        }
    )
    return _ordered(records, YOS_COLUMNS).sort("assessment_date", "client_reference")


def _youth_offence(code: str) -> int:
    name = OFFENCE_OF_CRIME[code]
    if name in _YOUTH_BY_NAME:
        return _YOUTH_BY_NAME[name]
    fallback = {
        "Assault by beating of an emergency worker": "Common assault",
        "Wounding with intent to cause grievous bodily harm (section 18)": (
            "Assault occasioning actual bodily harm"
        ),
        "Harassment": "Threatening behaviour",
        "Theft from the person": "Theft",
        "Theft from a motor vehicle": "Theft",
        "Burglary (non-dwelling)": "Burglary (dwelling)",
    }
    return _YOUTH_BY_NAME[fallback[name]]


def _persistent_threshold(world: World) -> float:
    young = world.population.people.filter(
        (pl.col("offending") > 0) & pl.col("age").is_between(10, 17)
    )["offending"]
    if young.len() == 0:
        return float("inf")
    return float(young.quantile(1 - PERSISTENT_SHARE, interpolation="lower") or 0.0)


YOS_COLUMNS = (
    "client_reference",
    "age",
    "gender",
    "location_postcode",
    "offence_description",
    "persistent_offender_flag",
    "assessment_date",
    *ASSET_FIELDS,
    "risk_of_serious_harm",
    "vulnerability",
)


def _empty_yos() -> pl.DataFrame:
    return pl.DataFrame(
        schema={
            "client_reference": pl.String,
            "age": pl.Int64,
            "gender": pl.String,
            "location_postcode": pl.String,
            "offence_description": pl.String,
            "persistent_offender_flag": pl.Boolean,
            "assessment_date": pl.Date,
            **dict.fromkeys(ASSET_FIELDS, pl.Int64),
            "risk_of_serious_harm": pl.String,
            "vulnerability": pl.String,
        }
    )


# --------------------------------------------------------------------------- releases


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
    ((18, 20, 21, *_ADULT_AGE_WEIGHTS[0][3:]), (0.08, 0.1, 0.6, *_ADULT_AGE_WEIGHTS[1][3:])),
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
    pool = _offenders(world)
    day = rng.random(pool.height)
    when = _weekday(_day_in(month, day), month)
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
    chosen = np.sort(rng.choice(eligible.height, size=count, replace=False, p=_shares(weight)))
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
    weights = _shares(
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
    people = _joined(released.select("person_id"), world)
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
            cumulative = np.cumsum(_shares([w for _, w in options]))
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


# --------------------------------------------------------------------------- plans

# nDelius register codes for the level of risk of serious harm.
ROSH_REGISTER_CODES = {"low": "RLRH", "medium": "RMRH", "high": "RHRH", "very_high": "RVHR"}
# The YOS case management system's single letters for its risk and vulnerability levels.
YOS_LEVEL_CODES = {"low": "L", "medium": "M", "high": "H", "very_high": "VH"}

PLANS = [
    Plan(
        dataset="probation-oasys",
        agency=PROBATION,
        render=oasys,
        headers={
            "client_reference": "CRN",
            "age": "Age at Assessment",
            "gender": "Gender",
            "location_postcode": "Postcode",
            "offence_description": "Index Offence",
            "accommodation_lto": "S3 Accommodation LTO",
            "education_training_employment_lto": "ETE",
            "financial_management_lto": "Finance LTO",
            "relationships_lto": "Relationships",
            "lifestyle_associations_lto": "Lifestyle",
            "drug_misuse_lto": "Drug Misuse",
            "alcohol_misuse_lto": "Alcohol Misuse",
            "emotional_wellbeing_lto": "S10 Emotional LTO",
            "thinking_behaviour_lto": "S11 Thinking LTO",
            "attitudes_lto": "S12 Attitudes LTO",
            "assessment_date": "Date Completed",
            "risk_of_reconviction": "OGRS Band",
            "risk_of_harm": "RoSH Level",
            "months_supervision": "Order Length (Months)",
        },
        local_codes={"risk_of_harm": ROSH_REGISTER_CODES},
        text_fields=("offence_description",),
        caveats=(
            "One row per completed OASys assessment (initial, review and termination); a client "
            "is assessed again over their supervision, so a CRN recurs in later months.",
            "Postcode is the client's home address at the time of the assessment.",
        ),
    ),
    Plan(
        dataset="yos-assessments",
        agency=YOS,
        render=yos,
        headers={
            "client_reference": "YOIS ID",
            "age": "Age",
            "gender": "Sex",
            "location_postcode": "Home Postcode",
            "offence_description": "Offence",
            "persistent_offender_flag": "PYO Flag",
            "assessment_date": "Asset Date",
            "living_arrangements_rating": "Living Arrangements",
            "family_relationships_rating": "Family & Personal Relationships",
            "education_training_employment_rating": "ETE",
            "neighbourhood_rating": "Neighbourhood",
            "lifestyle_rating": "Lifestyle",
            "substance_use_rating": "Substance Use",
            "physical_health_rating": "Physical Health",
            "emotional_mental_health_rating": "Emotional & Mental Health",
            "perception_of_self_and_others_rating": "Perception of Self & Others",
            "thinking_and_behaviour_rating": "Thinking & Behaviour",
            "attitudes_to_offending_rating": "Attitudes to Offending",
            "motivation_to_change_rating": "Motivation to Change",
            "risk_of_serious_harm": "RoSH",
            "vulnerability": "Vulnerability",
        },
        local_codes={
            "risk_of_serious_harm": YOS_LEVEL_CODES,
            "vulnerability": YOS_LEVEL_CODES,
        },
        text_fields=("offence_description",),
        caveats=(
            "ASSET core profile ratings, 0 (not associated with offending) to 4 (very strongly "
            "associated); one row per assessment (start, review and end of an order).",
        ),
    ),
    Plan(
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
    ),
    Plan(
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
    ),
]
