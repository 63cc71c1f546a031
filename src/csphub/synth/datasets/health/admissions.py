"""Hospital admissions for drug- and alcohol-related harm (guidance §3.2.13), from the shared
substance episodes."""

from __future__ import annotations

import polars as pl

from csphub.synth.datasets.health.references import HOSPITALS, hospital_number
from csphub.synth.datasets.health.substance_events import substance
from csphub.synth.people import age_on, recorded_ethnicity, with_people
from csphub.synth.supply import Plan
from csphub.synth.world import Month, World


def hospital_admissions(world: World, month: Month) -> pl.DataFrame:
    """Admissions for drug- or alcohol-related harm (guidance §3.2.13), one row per admission."""
    episodes = substance(world, month).filter(pl.col("admitted"))
    frame = with_people(episodes.with_row_index("_order"), world).sort("_order")
    return frame.select(
        hospital_number(pl.col("person_id")).alias("patient_reference"),
        pl.col("when").dt.date().alias("admission_date"),
        age_on(pl.col("date_of_birth"), pl.col("when").dt.date()).alias("age"),
        "gender",
        recorded_ethnicity(world, pl.col("ethnicity"), "admissions", 0.08).alias("ethnicity"),
        pl.col("home_postcode").alias("location_postcode"),
        pl.col("reason").alias("admission_reason"),
        pl.col("person_id").alias("__person_id"),
        pl.col("home_uprn").alias("__uprn"),
        pl.col("substance").alias("__substance"),
        pl.col("ambulance").alias("__ambulance"),
    ).sort("admission_date", "patient_reference")


PLAN = Plan(
    dataset="hospital-drug-alcohol-admissions",
    agency=HOSPITALS,
    render=hospital_admissions,
    headers={
        "patient_reference": "Hospital Number",
        "admission_date": "Admission Date",
        "age": "Age on Admission",
        "gender": "Sex",
        "ethnicity": "Ethnic Category",
        "location_postcode": "Patient Postcode",
        "admission_reason": "Primary Diagnosis (ICD-10)",
    },
    caveats=(
        "Admissions with a primary diagnosis wholly attributable to alcohol or to drug "
        "misuse; one row per admission.",
    ),
)
