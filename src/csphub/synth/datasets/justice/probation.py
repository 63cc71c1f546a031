"""The Probation Service's OASys assessments (guidance §3.2.5): its caseload, and the needs
linked to offending and the risk bands each assessment records.

Needs come from the period of supervision's latent level of need, raised by the index offence;
they ease a little at each review, flare up after a new offence, and drive the risk of
reconviction and of serious harm.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from csphub.synth.datasets.justice.caseloads import Service, assessments, ordered
from csphub.synth.datasets.justice.offences import ADULT_OFFENCES, LTO_FIELDS, adult_offence_of
from csphub.synth.datasets.justice.offenders import ADULT_AGE_WEIGHTS, MODULE, joined
from csphub.synth.people import age_on, nominal
from csphub.synth.supply import Plan
from csphub.synth.world import Month, World

PROBATION = "probation-eastbrook"

# About 0.3% of residents are on probation at any one time (England and Wales about 0.4%), so
# 0.18 new periods of supervision per 1,000 residents a month, each assessed about four times
# over an average of 18 months, gives 0.8 assessments per 1,000 a month (about 17 at 20,000
# people, more with the reviews on a new offence).
PROBATION_STARTS_PER_1000 = 0.18

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
    age_weights=ADULT_AGE_WEIGHTS,
    offence_weights=tuple(o.probation for o in ADULT_OFFENCES),
    factors=len(LTO_FIELDS),
    review_on_new_offence=0.7,
)

# Thresholds on the latent scores, set so the shares come out near the prevalences of
# LTO_PREVALENCE and the bands near those of the probation caseload (reconviction: about 40% low,
# 35% medium, 25% high; harm: about 25% low, 57% medium, 16% high, 1–2% very high).
_LTO_THRESHOLDS = np.array([-0.55, 0.10, 0.30, 0.75, 0.10, 0.50, 0.40, 0.50, 0.70, 0.55])
_ROR_CUTS = (1.55, 3.1)
_ROSH_CUTS = (0.72, 2.3, 3.45)


def oasys(world: World, month: Month) -> pl.DataFrame:
    frame = assessments(world, PROBATION_SERVICE, month)
    if frame.height == 0:
        return _empty_oasys()
    rng = world.rng(MODULE, "oasys", month.label)
    n = frame.height
    # the index offence: the new one for a review after a new offence, else the period's own
    offence = np.asarray(
        [
            adult_offence_of(code) if code is not None else int(index)
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
    people = joined(frame.select("person_id", "assessment_date"), world)
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
    return ordered(records, OASYS_COLUMNS).sort("assessment_date", "client_reference")


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


# nDelius register codes for the level of risk of serious harm.
ROSH_REGISTER_CODES = {"low": "RLRH", "medium": "RMRH", "high": "RHRH", "very_high": "RVHR"}

OASYS_PLAN = Plan(
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
)
