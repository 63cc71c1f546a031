"""A & E attendances after assault (guidance §3.2.12), from the shared assault events."""

from __future__ import annotations

import polars as pl

from csphub.synth.datasets.health.assault_events import assaults
from csphub.synth.datasets.health.references import HOSPITALS, hospital_number
from csphub.synth.people import age_on, recorded_ethnicity, with_people
from csphub.synth.supply import Plan
from csphub.synth.world import Month, World

_INJURY = {
    "Fist": "Assault – punched",
    "Feet": "Assault – kicked",
    "Knife": "Assault – stabbed (knife or sharp object)",
    "Bottle": "Assault – glassed (bottle or glass)",
    "Blunt instrument": "Assault – struck with a blunt object",
    "Firearm": "Assault – gunshot wound",
    "Imitation firearm": "Assault – struck with a blunt object",
    "": "Assault – pushed or struck",
}

# The trust's own codes for where an assault happened (its ISTV form).
LOCATION_CODES = {
    "home": "01",
    "licensed_premises_inside": "02",
    "licensed_premises_outside": "03",
    "street": "04",
    "other": "98",
}


def ae_assaults(world: World, month: Month) -> pl.DataFrame:
    """A & E attendances after assault (guidance §3.2.12), one row per attendance."""
    events = assaults(world, month).filter(pl.col("ae"))
    rng = world.rng("health", "ae-assaults", month.label)
    n = events.height
    recorded = pl.Series(rng.random(n) >= 0.07)  # incident details the patient would not give
    time_known = pl.Series(rng.random(n) >= 0.05)
    location = pl.col("location_type")
    at_premises = location.str.starts_with("licensed")
    place_text = (
        pl.when(location == "home")
        .then(pl.col("scene_address"))
        .when(location == "licensed_premises_inside")
        .then(pl.col("scene_name") + ", " + pl.col("street"))
        .when(location == "licensed_premises_outside")
        .then("Outside " + pl.col("scene_name") + ", " + pl.col("street"))
        .when(location == "other")
        .then(pl.col("other_place").str.replace("{street}", pl.col("street"), literal=True))
        .otherwise(pl.col("street"))
    )
    mappable = (location != "other") | pl.col("other_mappable")
    frame = (
        with_people(events.with_row_index("_order"), world)
        .sort("_order")
        .with_columns(
            pl.Series("_recorded", recorded), pl.Series("_time_known", time_known & recorded)
        )
    )
    frame = frame.select(
        hospital_number(pl.col("person_id")).alias("patient_reference"),
        pl.col("arrival").dt.date().alias("attendance_date"),
        age_on(pl.col("date_of_birth"), pl.col("arrival").dt.date()).alias("age"),
        "gender",
        recorded_ethnicity(world, pl.col("ethnicity"), "ae-assaults", 0.12).alias("ethnicity"),
        "home_address",
        "home_postcode",
        pl.col("weapon").replace_strict(_INJURY, return_dtype=pl.String).alias("incident_type"),
        pl.col("when").dt.date().alias("incident_date"),
        pl.when("_time_known").then(pl.col("when").dt.time()).alias("incident_time"),
        pl.when("_recorded").then(location).alias("location_type"),
        pl.when("_recorded").then(place_text).alias("incident_address"),
        pl.when(pl.col("_recorded") & ((location == "home") | at_premises))
        .then(pl.col("scene_postcode"))
        .alias("incident_postcode"),
        pl.when(pl.col("_recorded") & mappable)
        .then(pl.col("easting").cast(pl.Float64))
        .alias("incident_easting"),
        pl.when(pl.col("_recorded") & mappable)
        .then(pl.col("northing").cast(pl.Float64))
        .alias("incident_northing"),
        pl.col("crime_reference").is_not_null().alias("reported_to_police"),
        pl.col("person_id").alias("__person_id"),
        pl.col("home_uprn").alias("__uprn"),
        pl.when(pl.col("_recorded") & (location == "home"))
        .then(pl.col("scene_uprn"))
        .alias("__incident_uprn"),
        pl.col("crime_reference").alias("__crime_reference"),
        pl.col("scenario").alias("__scenario"),
        pl.col("location_type").alias("__location_type"),
        pl.col("easting").alias("__easting"),
        pl.col("northing").alias("__northing"),
        pl.col("ambulance").alias("__ambulance"),
        pl.col("cluster").alias("__cluster"),
    )
    # one attendance a patient a day (the key): a second assault the same day is one visit
    return frame.unique(["patient_reference", "attendance_date"], keep="first", maintain_order=True)


PLAN = Plan(
    dataset="ae-assaults",
    agency=HOSPITALS,
    render=ae_assaults,
    headers={
        "patient_reference": "Hospital Number",
        "attendance_date": "Arrival Date",
        "age": "Age on Arrival",
        "gender": "Sex",
        "ethnicity": "Ethnic Category",
        "home_address": "Patient Address",
        "home_postcode": "Patient Postcode",
        "incident_type": "Assault Type",
        "incident_date": "Date of Assault",
        "incident_time": "Time of Assault",
        "location_type": "Location Type Code",
        "incident_address": "Assault Location",
        "incident_postcode": "Location Postcode",
        "incident_easting": "Easting",
        "incident_northing": "Northing",
        "reported_to_police": "Police Informed",
    },
    local_codes={"location_type": LOCATION_CODES},
    text_fields=("incident_address",),
    address_fields={"home_address": "__uprn", "incident_address": "__incident_uprn"},
    postcode_fields={
        "home_postcode": "home_address",
        "incident_postcode": "incident_address",
    },
    caveats=(
        "Incident details are asked for at reception (Information Sharing to Tackle "
        "Violence); some patients do not give them.",
        "Coordinates of assaults in the street are of the street, not the exact spot.",
    ),
)
