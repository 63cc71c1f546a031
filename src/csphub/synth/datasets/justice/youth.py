"""The Youth Offending Service's ASSET assessments (guidance §3.2.6): its caseload of children on
referral orders and youth rehabilitation orders, and the ratings, risk and vulnerability each
assessment records.

Ratings follow the period of supervision's latent level of need, each factor as strongly as its
loading, raised by the index offence; a child who turns 18 moves to the Probation Service.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from csphub.synth.datasets.justice.caseloads import Service, assessments, ordered
from csphub.synth.datasets.justice.offences import (
    ASSET_FIELDS,
    ASSET_LOADINGS,
    ASSET_MEANS,
    YOUTH_OFFENCES,
    youth_offence_of,
)
from csphub.synth.datasets.justice.offenders import MODULE, joined
from csphub.synth.people import age_on, nominal
from csphub.synth.supply import Plan
from csphub.synth.world import Month, World

YOS = "eastbrook-yos"

# Children start referral orders and youth rehabilitation orders at 0.1 per 1,000 residents a
# month: 2 starts a month at 20,000 people, before the reviews each order brings.
YOS_STARTS_PER_1000 = 0.1

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

# The factors that weigh in a child's vulnerability.
_LIV, _FAM, _SUB, _EMH = (
    ASSET_FIELDS.index(field)
    for field in (
        "living_arrangements_rating",
        "family_relationships_rating",
        "substance_use_rating",
        "emotional_mental_health_rating",
    )
)

_YOS_ROSH_CUTS = (1.6, 2.63, 3.4)
_VULNERABILITY_CUTS = (0.95, 2.4, 3.85)
# Persistent young offenders: the most frequent tenth of the children who offend.
PERSISTENT_SHARE = 0.1


def yos(world: World, month: Month) -> pl.DataFrame:
    frame = assessments(world, YOS_SERVICE, month)
    if frame.height == 0:
        return _empty_yos()
    people = joined(frame.select("person_id", "assessment_date"), world)
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
            youth_offence_of(code) if code is not None else int(index)
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
    return ordered(records, YOS_COLUMNS).sort("assessment_date", "client_reference")


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


# The YOS case management system's single letters for its risk and vulnerability levels.
YOS_LEVEL_CODES = {"low": "L", "medium": "M", "high": "H", "very_high": "VH"}

YOS_PLAN = Plan(
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
)
