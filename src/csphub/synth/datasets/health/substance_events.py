"""The shared monthly ``health-substance`` events: episodes of drug- or alcohol-related harm.

Admissions to hospital (of the cohort's chronic users, and of young adults after a binge), and
the intoxication and overdoses the ambulance service attended without an admission."""

from __future__ import annotations

import numpy as np
import polars as pl

from csphub.synth.datasets.health._draws import choose, draw
from csphub.synth.datasets.health._places import place_rows
from csphub.synth.datasets.health._times import DAYTIME, EVENING, at_hours, datetimes, nights
from csphub.synth.datasets.health.cohort import health_cohort
from csphub.synth.world import Month, World

_ADMISSIONS_PER_1000 = 0.65  # a month; alcohol-specific and drug-related admissions together
_INTOXICATION_CALLS_PER_1000 = 0.22  # a month; ambulance to someone drunk, not admitted
_OVERDOSE_CALLS_PER_1000 = 0.12  # a month; overdoses treated at the scene or sent home from A & E
_ALCOHOL_SEASON = [1.08, 0.92, 0.96, 0.97, 1.0, 1.0, 1.02, 1.0, 0.96, 0.98, 0.98, 1.13]

_ALCOHOL_YOUNGER = [
    ("F10.0 Mental and behavioural disorders due to use of alcohol: acute intoxication", 35),
    ("F10.3 Mental and behavioural disorders due to use of alcohol: withdrawal state", 22),
    ("F10.2 Mental and behavioural disorders due to use of alcohol: dependence syndrome", 20),
    ("T51.0 Toxic effect of alcohol: ethanol", 10),
    ("K70.1 Alcoholic hepatitis", 5),
    ("K85.2 Alcohol-induced acute pancreatitis", 8),
]
_ALCOHOL_OLDER = [
    ("K70.3 Alcoholic cirrhosis of liver", 25),
    ("K70.1 Alcoholic hepatitis", 8),
    ("F10.3 Mental and behavioural disorders due to use of alcohol: withdrawal state", 20),
    ("F10.2 Mental and behavioural disorders due to use of alcohol: dependence syndrome", 15),
    ("F10.0 Mental and behavioural disorders due to use of alcohol: acute intoxication", 14),
    ("K85.2 Alcohol-induced acute pancreatitis", 10),
    ("K29.2 Alcoholic gastritis", 4),
    ("G31.2 Degeneration of nervous system due to alcohol", 4),
]
_BINGE = [
    ("T51.0 Toxic effect of alcohol: ethanol", 50),
    ("F10.0 Mental and behavioural disorders due to use of alcohol: acute intoxication", 50),
]
_DRUG_REASONS = {
    "opiates": [
        ("T40.1 Poisoning by heroin", 50),
        ("T40.2 Poisoning by other opioids", 15),
        ("T40.3 Poisoning by methadone", 8),
        ("F11.3 Mental and behavioural disorders due to use of opioids: withdrawal state", 15),
        ("L02.4 Cutaneous abscess of limb (injecting site)", 12),
    ],
    "cocaine": [
        ("T40.5 Poisoning by cocaine", 50),
        ("F14.0 Mental and behavioural disorders due to use of cocaine: acute intoxication", 25),
        ("F14.5 Mental and behavioural disorders due to use of cocaine: psychotic disorder", 25),
    ],
    "Cannabis": [
        (
            "F12.5 Mental and behavioural disorders due to use of cannabinoids: psychotic disorder",
            60,
        ),
        (
            "F12.0 Mental and behavioural disorders due to use of cannabinoids: acute intoxication",
            40,
        ),
    ],
    "Benzodiazepines": [("T42.4 Poisoning by benzodiazepines", 100)],
    "Amphetamines": [
        (
            "F15.5 Mental and behavioural disorders due to use of other stimulants: "
            "psychotic disorder",
            50,
        ),
        ("T43.6 Poisoning by psychostimulants with abuse potential", 50),
    ],
    "Ketamine": [
        ("T41.2 Poisoning by other general anaesthetics (ketamine)", 50),
        ("F19.5 Mental and behavioural disorders due to multiple drug use: psychotic disorder", 50),
    ],
}
_DRUG_GROUP = {
    "Heroin": "opiates",
    "Other opiates": "opiates",
    "Crack cocaine": "cocaine",
    "Cocaine": "cocaine",
}


def _ambulance_type(reason: str) -> str:
    """What the ambulance control room would have called the episode."""
    code = reason.split(" ", 1)[0]
    if code.startswith(("T4", "T51")):
        return "Overdose / poisoning"
    if code.startswith("F10.0"):
        return "Alcohol intoxication"
    if code.endswith(".5"):
        return "Psychiatric / abnormal behaviour / suicide attempt"
    if code.startswith("F10.3"):
        return "Convulsions / fitting"
    if code.startswith("K"):
        return "Abdominal pain"
    return "Sick person"


def _acute(reason: str) -> bool:
    return reason.split(" ", 1)[0].startswith(("T", "F10.0", "F12.0", "F14.0", "F12.5", "F14.5"))


def substance(world: World, month: Month) -> pl.DataFrame:
    """The month's episodes of drug- or alcohol-related harm, made once and shared."""
    return world.events("health-substance", month, _make_substance)


def _make_substance(world: World, month: Month) -> pl.DataFrame:
    rng = world.rng("health", "substance", month.label)
    cohort = health_cohort(world, month)
    season = _ALCOHOL_SEASON[month.month - 1]
    per_1000 = world.people_count / 1000
    admissions = int(rng.poisson(per_1000 * _ADMISSIONS_PER_1000 * season))
    binges = int(rng.binomial(admissions, 0.2))
    users = cohort.filter((pl.col("drug_user") | pl.col("alcohol_user")) & (pl.col("age") >= 16))
    weights = users["severity"].to_numpy() * np.where(users["offends"].to_numpy(), 1.3, 1.0)
    chronic = draw(rng, users, admissions - binges, weights)
    young = cohort.filter(pl.col("age").is_between(16, 35))
    young_weights = _young_adult_weights(young)
    binge = draw(rng, young, binges, young_weights)
    # which of their problems brought them in
    drink = chronic["alcohol_user"].to_numpy() & (
        ~chronic["drug_user"].to_numpy() | (rng.random(chronic.height) < 0.5)
    )
    reasons = _reasons(rng, chronic, drink)
    admitted = pl.concat(
        [
            chronic.select("person_id").with_columns(
                pl.Series(
                    "substance", np.where(drink, "alcohol", "drug").tolist(), dtype=pl.String
                ),
                pl.Series("reason", reasons, dtype=pl.String),
            ),
            binge.select("person_id").with_columns(
                pl.lit("alcohol").alias("substance"),
                pl.Series("reason", choose(rng, _BINGE, binge.height).tolist(), dtype=pl.String),
            ),
        ]
    ).with_columns(pl.lit(True).alias("admitted"))
    # ambulance calls that did not end in an admission
    intoxicated = draw(
        rng,
        young,
        int(rng.poisson(per_1000 * _INTOXICATION_CALLS_PER_1000 * season)),
        young_weights,
    ).select(
        "person_id",
        pl.lit("alcohol").alias("substance"),
        pl.lit(_BINGE[1][0]).alias("reason"),
        pl.lit(False).alias("admitted"),
    )
    drug_users = cohort.filter(pl.col("drug_user") & (pl.col("age") >= 16))
    overdosed = draw(
        rng,
        drug_users,
        int(rng.poisson(per_1000 * _OVERDOSE_CALLS_PER_1000)),
        drug_users["severity"].to_numpy(),
    )
    overdoses = overdosed.select("person_id").with_columns(
        pl.lit("drug").alias("substance"),
        pl.Series(
            "reason",
            [_DRUG_REASONS[_DRUG_GROUP.get(d, d)][0][0] for d in overdosed["main_drug"]],
            dtype=pl.String,
        ),
        pl.lit(False).alias("admitted"),
    )
    episodes = pl.concat([admitted, intoxicated, overdoses])
    n = episodes.height
    reason = episodes["reason"].to_list()
    acute = np.asarray([_acute(r) for r in reason], dtype=bool)
    drunk = np.asarray([r.startswith(("F10.0", "T51.0")) for r in reason], dtype=bool)
    # drinking to harm happens at night; other acute harm in the evening; the rest by day
    night = drunk & (rng.random(n) < 0.6)
    when = np.select(
        [night, drunk | acute],
        [nights(rng, month, n), at_hours(rng, month, n, EVENING)],
        default=at_hours(rng, month, n, DAYTIME),
    )
    admitted_flag = episodes["admitted"].to_numpy()
    ambulance = ~admitted_flag | (rng.random(n) < np.where(acute, 0.6, 0.2))
    # drunk people are found in the centre at night; the rest at home
    public = (drunk & (rng.random(n) < 0.65)) | (~drunk & acute & (rng.random(n) < 0.2))
    centre = world.places.filter(pl.col("oa_kind") == "centre").sort("uprn")
    street = place_rows(draw(rng, centre, n), at_address=False)
    episodes = (
        pl.concat([episodes, street], how="horizontal")
        .with_columns(
            datetimes("when", when),
            pl.Series("ambulance", ambulance),
            pl.Series("public", public),
            pl.Series("ambulance_type", [_ambulance_type(r) for r in reason], dtype=pl.String),
        )
        .sort("when", "person_id", "reason", maintain_order=True)
    )
    # one admission a patient a day
    first = (
        episodes.filter(pl.col("admitted"))
        .with_columns(pl.col("when").dt.date().alias("_day"))
        .unique(["person_id", "_day"], keep="first", maintain_order=True)
        .drop("_day")
    )
    return pl.concat([first, episodes.filter(~pl.col("admitted"))]).sort(
        "when", "person_id", "reason", maintain_order=True
    )


def _young_adult_weights(people: pl.DataFrame) -> np.ndarray:
    area = people["area_kind"].to_numpy()
    return (
        np.where(people["gender"].to_numpy() == "M", 1.4, 1.0)
        * np.select([area == "centre", area == "estate"], [1.8, 1.4], default=1.0)
        * np.where(people["offends"].to_numpy(), 2.5, 1.0)
        * np.where(people["alcohol_user"].to_numpy(), 4.0, 1.0)
    )


def _reasons(rng: np.random.Generator, chronic: pl.DataFrame, drink: np.ndarray) -> list[str]:
    reasons: list[str] = []
    for alcohol, age, drug in zip(
        drink.tolist(), chronic["age"].to_list(), chronic["main_drug"].to_list(), strict=True
    ):
        if alcohol:
            options = _ALCOHOL_OLDER if age >= 40 else _ALCOHOL_YOUNGER
        else:
            options = _DRUG_REASONS[_DRUG_GROUP.get(drug, drug)]
        reasons.append(str(choose(rng, options, 1)[0]))
    return reasons
