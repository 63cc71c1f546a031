"""Adults (guidance §3.2.10) and young people (§3.2.11) starting drug treatment: drawn from
the cohort, more often soon after an arrest or a drug-related admission."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import polars as pl

from csphub.synth.crime import crimes
from csphub.synth.datasets.health._draws import choose, draw, shares
from csphub.synth.datasets.health.cohort import OPIATES, health_cohort
from csphub.synth.datasets.health.references import DAAT, client_reference
from csphub.synth.datasets.health.substance_events import substance
from csphub.synth.people import age_on
from csphub.synth.supply import Plan
from csphub.synth.world import Month, World

_ADULT_STARTS_PER_1000_ADULTS = 0.22  # a month, drug (not alcohol-only) treatment journeys
_YOUNG_STARTS_PER_1000 = 0.025  # a month, of all residents: under-18s' specialist services

_SECONDARY: dict[str, list[tuple[str, float]]] = {
    "Heroin": [
        ("Crack cocaine", 45),
        ("Alcohol", 12),
        ("Benzodiazepines", 8),
        ("Cannabis", 8),
        ("", 27),
    ],
    "Other opiates": [("Crack cocaine", 20), ("Alcohol", 15), ("Benzodiazepines", 15), ("", 50)],
    "Crack cocaine": [("Heroin", 30), ("Alcohol", 20), ("Cannabis", 15), ("", 35)],
    "Cocaine": [("Alcohol", 50), ("Cannabis", 15), ("", 35)],
    "Cannabis": [("Alcohol", 30), ("Cocaine", 15), ("", 55)],
    "Benzodiazepines": [("Alcohol", 30), ("Heroin", 15), ("", 55)],
    "Amphetamines": [("Cannabis", 30), ("Alcohol", 20), ("", 50)],
    "Ketamine": [("Cocaine", 30), ("Alcohol", 25), ("Cannabis", 15), ("", 30)],
}
# Treatment type, share, planned length in weeks.
_OPIATE_TREATMENT = [
    ("Opioid substitution treatment – methadone", 55, 52),
    ("Opioid substitution treatment – buprenorphine", 25, 52),
    ("Inpatient detoxification", 5, 12),
    ("Residential rehabilitation", 3, 26),
    ("Structured psychosocial intervention", 12, 16),
]
_OTHER_TREATMENT = [
    ("Structured psychosocial intervention", 62, 12),
    ("Psychosocial intervention and recovery support", 20, 16),
    ("Structured day programme", 7, 12),
    ("Residential rehabilitation", 5, 26),
    ("Inpatient detoxification", 6, 12),
]
_YOUNG_TREATMENT = [
    ("Psychosocial intervention", 58, 12),
    ("Family work", 20, 16),
    ("Harm reduction", 16, 10),
    ("Multi-agency working", 5, 16),
    ("Pharmacological intervention", 1, 12),
]
_ADULT_REFERRALS = {
    "offends": [
        ("Self", 28),
        ("Criminal Justice – Probation", 24),
        ("Criminal Justice – Prison", 10),
        ("Criminal Justice – Drug Interventions Programme", 12),
        ("GP", 8),
        ("Hospital", 4),
        ("Social Services", 4),
        ("Other drug treatment service", 6),
        ("Family/Friends", 4),
    ],
    "other": [
        ("Self", 58),
        ("GP", 14),
        ("Hospital", 6),
        ("Social Services", 5),
        ("Family/Friends", 5),
        ("Other drug treatment service", 6),
        ("Mental health services", 4),
        ("Jobcentre Plus", 2),
    ],
}
_ARREST_REFERRALS = [
    ("Criminal Justice – Drug Interventions Programme", 70),
    ("Criminal Justice – Liaison and Diversion", 30),
]
_YOUNG_PRIMARY = [
    ("Cannabis", 50),
    ("Alcohol", 38),
    ("Cocaine", 4),
    ("Ecstasy", 3),
    ("Ketamine", 2),
    ("Nitrous oxide", 2),
    ("Solvents", 1),
]
_YOUNG_SECONDARY = {
    "Cannabis": [("Alcohol", 45), ("Nicotine", 20), ("Cocaine", 5), ("", 30)],
    "Alcohol": [("Cannabis", 45), ("Nicotine", 15), ("", 40)],
    "other": [("Cannabis", 40), ("Alcohol", 40), ("", 20)],
}
_YOUNG_REFERRALS = {
    "offends": [
        ("Youth Offending Service", 55),
        ("Education", 12),
        ("Children's Social Care", 15),
        ("Self", 4),
        ("Family/Friends", 6),
        ("CAMHS", 8),
    ],
    "other": [
        ("Education", 30),
        ("Children's Social Care", 20),
        ("Self", 8),
        ("Family/Friends", 10),
        ("GP", 6),
        ("A&E", 6),
        ("CAMHS", 10),
        ("Youth service", 10),
    ],
}


def _arrested(world: World, month: Month) -> pl.DataFrame:
    """Each person arrested (an offender on a detected crime) this month, and when first."""
    return (
        crimes(world, month)
        .filter(pl.col("detected"))
        .select(pl.col("offender_ids").alias("person_id"), pl.col("recorded").alias("arrested"))
        .explode("person_id")
        .drop_nulls("person_id")
        .group_by("person_id")
        .agg(pl.min("arrested"))
        .sort("person_id")
    )


def _treatment(
    rng: np.random.Generator,
    month: Month,
    starts: pl.DataFrame,
    referral: np.ndarray,
    anchor: str,
    treatments: list[np.ndarray],
) -> pl.DataFrame:
    """Start and planned discharge dates; a start after an arrest or an admission (the date in
    column ``anchor``) follows it by days."""
    n = starts.height
    names, weeks = treatments
    anywhen = pl.lit(month.first) + pl.duration(
        days=pl.lit(pl.Series(rng.integers(0, month.days, n)))
    )
    after = pl.col(anchor) + pl.duration(days=pl.lit(pl.Series(rng.integers(1, 15, n))))
    length = pl.duration(days=pl.lit(pl.Series(weeks * 7 + rng.integers(0, 29, n))))
    return starts.with_columns(
        pl.Series("referral", referral.tolist(), dtype=pl.String),
        pl.Series("treatment", names.tolist(), dtype=pl.String),
        pl.when(pl.col(anchor).is_not_null())
        .then(pl.min_horizontal(after, pl.lit(month.last)))
        .otherwise(anywhen)
        .cast(pl.Date)
        .alias("start"),
    ).with_columns((pl.col("start") + length).cast(pl.Date).alias("planned"))


def _treatment_types(
    rng: np.random.Generator, options: Sequence[tuple[str, float, int]], size: int
) -> list[np.ndarray]:
    index = rng.choice(len(options), size=size, p=shares([w for _, w, _ in options]))
    names = np.asarray([name for name, _, _ in options], dtype=object)[index]
    weeks = np.asarray([w for _, _, w in options], dtype=int)[index]
    return [names, weeks]


def drug_treatment_adults(world: World, month: Month) -> pl.DataFrame:
    """Adults starting drug treatment in the month (guidance §3.2.10)."""
    rng = world.rng("health", "treatment-adults", month.label)
    cohort = health_cohort(world, month)
    adults = cohort.filter(pl.col("age_at_start") >= 18)
    pool = (
        adults.filter(pl.col("drug_user"))
        .join(_arrested(world, month), on="person_id", how="left")
        .join(_admitted_for_drugs(world, month), on="person_id", how="left")
        .sort("person_id")
    )
    expected = adults.height * _ADULT_STARTS_PER_1000_ADULTS / 1000
    weights = (
        pool["severity"].to_numpy() ** 0.5
        * np.where(pool["offends"].to_numpy(), 1.5, 1.0)
        * np.where(pool["arrested"].is_not_null().to_numpy(), 3.0, 1.0)
        * np.where(pool["admitted"].is_not_null().to_numpy(), 3.0, 1.0)
    )
    starts = draw(rng, pool, int(rng.poisson(expected)), weights, replace=False)
    n = starts.height
    offends = starts["offends"].to_numpy()
    referral = np.where(
        offends,
        choose(rng, _ADULT_REFERRALS["offends"], n),
        choose(rng, _ADULT_REFERRALS["other"], n),
    )
    arrest_route = starts["arrested"].is_not_null().to_numpy() & (rng.random(n) < 0.6)
    hospital_route = starts["admitted"].is_not_null().to_numpy() & (rng.random(n) < 0.5)
    referral = np.where(arrest_route, choose(rng, _ARREST_REFERRALS, n), referral)
    referral = np.where(hospital_route & ~arrest_route, "Hospital", referral)
    starts = starts.with_columns(
        pl.when(pl.Series(arrest_route))
        .then(pl.col("arrested"))
        .when(pl.Series(hospital_route))
        .then(pl.col("admitted"))
        .alias("anchor")
    )
    main = starts["main_drug"].to_numpy()
    opiate = np.isin(main, OPIATES)
    opiate_types = _treatment_types(rng, _OPIATE_TREATMENT, n)
    other_types = _treatment_types(rng, _OTHER_TREATMENT, n)
    types = [np.where(opiate, o, t) for o, t in zip(opiate_types, other_types, strict=True)]
    secondary = [str(choose(rng, _SECONDARY[d], 1)[0]) for d in main.tolist()]
    frame = _treatment(rng, month, starts, referral, "anchor", types).with_columns(
        pl.Series("secondary", [s or None for s in secondary], dtype=pl.String)
    )
    return _treatment_records(world, frame, "drug-treatment-adults")


def _admitted_for_drugs(world: World, month: Month) -> pl.DataFrame:
    return (
        substance(world, month)
        .filter(pl.col("admitted") & (pl.col("substance") == "drug"))
        .group_by("person_id")
        .agg(pl.col("when").min().dt.date().alias("admitted"))
        .sort("person_id")
    )


def drug_treatment_young_people(world: World, month: Month) -> pl.DataFrame:
    """Under-18s starting specialist substance misuse treatment in the month (guidance §3.2.11;
    alcohol included)."""
    rng = world.rng("health", "treatment-young", month.label)
    cohort = health_cohort(world, month)
    pool = (
        cohort.filter(
            pl.col("young_user") & (pl.col("age_at_end") < 18) & (pl.col("age_at_start") >= 10)
        )
        .join(_arrested(world, month), on="person_id", how="left")
        .sort("person_id")
    )
    weights = np.where(pool["offends"].to_numpy(), 2.0, 1.0) * np.where(
        pool["arrested"].is_not_null().to_numpy(), 3.0, 1.0
    )
    expected = world.people_count * _YOUNG_STARTS_PER_1000 / 1000
    starts = draw(rng, pool, int(rng.poisson(expected)), weights, replace=False)
    n = starts.height
    referral = np.where(
        starts["offends"].to_numpy(),
        choose(rng, _YOUNG_REFERRALS["offends"], n),
        choose(rng, _YOUNG_REFERRALS["other"], n),
    )
    arrest_route = starts["arrested"].is_not_null().to_numpy() & (rng.random(n) < 0.7)
    referral = np.where(arrest_route, "Youth Offending Service", referral)
    starts = starts.with_columns(
        pl.when(pl.Series(arrest_route)).then(pl.col("arrested")).alias("anchor"),
        pl.Series("main_drug", choose(rng, _YOUNG_PRIMARY, n).tolist(), dtype=pl.String),
    )
    secondary = [
        str(choose(rng, _YOUNG_SECONDARY.get(d, _YOUNG_SECONDARY["other"]), 1)[0])
        for d in starts["main_drug"].to_list()
    ]
    types = _treatment_types(rng, _YOUNG_TREATMENT, n)
    frame = _treatment(rng, month, starts, referral, "anchor", types).with_columns(
        pl.Series("secondary", [s or None for s in secondary], dtype=pl.String)
    )
    return _treatment_records(world, frame, "drug-treatment-young-people")


def _treatment_records(world: World, frame: pl.DataFrame, label: str) -> pl.DataFrame:
    homes = world.population.people.select("person_id", "uprn").join(
        world.places.select("uprn", "postcode"), on="uprn", how="left"
    )
    joined = frame.join(homes, on="person_id", how="left")
    return joined.select(
        client_reference(pl.col("person_id")).alias("client_reference"),
        age_on(pl.col("date_of_birth"), pl.col("start")).alias("age"),
        "gender",
        pl.col("postcode").alias("location_postcode"),
        pl.col("main_drug").alias("primary_drug"),
        pl.col("secondary").alias("secondary_drug"),
        pl.col("referral").alias("referral_source"),
        pl.col("treatment").alias("treatment_type"),
        pl.col("start").alias("treatment_start_date"),
        pl.col("planned").alias("planned_discharge_date"),
        pl.col("person_id").alias("__person_id"),
        pl.col("uprn").alias("__uprn"),
        pl.col("offends").alias("__offends"),
        pl.col("arrested").alias("__arrested"),
    ).sort("treatment_start_date", "client_reference")


# NHS Data Dictionary person gender codes, as the treatment system exports them.
NHS_GENDER = {"M": "1", "F": "2", "X": "9", "U": "0"}
_TREATMENT_CAVEATS = (
    "New treatment journeys starting in the month, from the National Drug Treatment "
    "Monitoring System extract.",
    "Planned discharge dates are set at the start of treatment and often change.",
)

ADULTS_PLAN = Plan(
    dataset="drug-treatment-adults",
    agency=DAAT,
    render=drug_treatment_adults,
    headers={
        "client_reference": "Client ID",
        "age": "Age at Referral",
        "gender": "Sex",
        "location_postcode": "Postcode",
        "primary_drug": "Drug 1",
        "secondary_drug": "Drug 2",
        "referral_source": "Referral Source",
        "treatment_type": "Modality",
        "treatment_start_date": "Modality Start Date",
        "planned_discharge_date": "Planned Exit Date",
    },
    local_codes={"gender": NHS_GENDER},
    text_fields=("referral_source", "treatment_type"),
    caveats=_TREATMENT_CAVEATS,
)

YOUNG_PEOPLE_PLAN = Plan(
    dataset="drug-treatment-young-people",
    agency=DAAT,
    render=drug_treatment_young_people,
    headers={
        "client_reference": "Client ID",
        "age": "Age at Referral",
        "gender": "Sex",
        "location_postcode": "Postcode",
        "primary_drug": "Problem Substance 1",
        "secondary_drug": "Problem Substance 2",
        "referral_source": "Referral Source",
        "treatment_type": "Intervention",
        "treatment_start_date": "Intervention Start Date",
        "planned_discharge_date": "Planned Exit Date",
    },
    local_codes={"gender": NHS_GENDER},
    text_fields=("referral_source", "treatment_type"),
    caveats=(*_TREATMENT_CAVEATS, "Young people's services; alcohol is included."),
)
