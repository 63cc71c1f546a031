"""The standing cohort of people with a drug or alcohol problem: drawn once from the
population, leaning on those who offend and on the estates and the centre, with each person's
main drug and how often they come to harm."""

from __future__ import annotations

import numpy as np
import polars as pl

from csphub.synth.datasets.health._draws import choose
from csphub.synth.people import age_on
from csphub.synth.world import Month, World


def health_cohort(world: World, month: Month) -> pl.DataFrame:
    """Everyone, with who has a drug or alcohol problem (the same people every month), their
    main drug, how often they come to harm, and their ages at the month's start and end."""
    return world.events("health-cohort", month, _make_cohort)


# Main drug of problem drug users (NDTMS new presentations, roughly).
_DRUGS: list[tuple[str, float]] = [
    ("Heroin", 44),
    ("Crack cocaine", 10),
    ("Cocaine", 17),
    ("Cannabis", 18),
    ("Benzodiazepines", 3),
    ("Amphetamines", 3),
    ("Ketamine", 3),
    ("Other opiates", 2),
]
OPIATES = ("Heroin", "Other opiates")


def _make_cohort(world: World, month: Month) -> pl.DataFrame:
    people = world.population.people.sort("person_id")
    rng = world.rng("health", "cohort")  # no month: the same people every month
    n = people.height
    age = people["age"].to_numpy()
    offends = people["offending"].to_numpy() > 0
    male = people["gender"].to_numpy() == "M"
    area = people["area_kind"].to_numpy()
    deprived = np.select(
        [area == "estate", area == "centre", area == "rural"], [1.8, 1.5, 0.5], default=0.8
    )
    drug_age = np.interp(
        age, [0, 15, 18, 25, 35, 45, 55, 65, 96], [0, 0, 0.5, 1, 1, 0.8, 0.4, 0.1, 0]
    )
    alcohol_age = np.interp(
        age, [0, 17, 18, 25, 40, 55, 65, 75, 96], [0, 0, 0.3, 0.6, 1, 1, 0.7, 0.4, 0.2]
    )
    young_age = np.interp(age, [0, 10, 11, 13, 15, 17, 18, 96], [0, 0, 0.2, 0.6, 1, 1, 0, 0])
    p_drug = drug_age * deprived * np.where(offends, 0.15, 0.008) * np.where(male, 1.2, 0.7)
    p_alcohol = alcohol_age * deprived * np.where(offends, 0.06, 0.011) * np.where(male, 1.3, 0.7)
    p_young = young_age * deprived * np.where(offends, 0.3, 0.03)
    drug = rng.random(n) < p_drug
    alcohol = rng.random(n) < p_alcohol
    young = rng.random(n) < p_young
    main = choose(rng, _DRUGS, n)
    # a heavy tail: a few people in crisis again and again
    severity = np.minimum(rng.pareto(1.5, n) + 1, 12.0)
    return people.select(
        "person_id",
        "date_of_birth",
        "gender",
        "area_kind",
        "age",
        pl.col("offending").gt(0).alias("offends"),
        pl.Series("drug_user", drug),
        pl.Series("alcohol_user", alcohol),
        pl.Series("young_user", young),
        pl.Series("main_drug", main.tolist(), dtype=pl.String),
        pl.Series("severity", severity),
    ).with_columns(
        age_on(pl.col("date_of_birth"), pl.lit(month.first)).alias("age_at_start"),
        age_on(pl.col("date_of_birth"), pl.lit(month.last)).alias("age_at_end"),
    )
