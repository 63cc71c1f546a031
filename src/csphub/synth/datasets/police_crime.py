"""Police recorded crime (guidance §3.2.1): the offence, offender/accused and victim files.

All three describe the month's crimes (:mod:`csphub.synth.crime`), linked by the crime reference
number. Offenders appear only for detected crimes, as the force records them; the truth keeps
every crime's real offender.
"""

from __future__ import annotations

import polars as pl

from csphub.synth.crime import crimes
from csphub.synth.people import (
    age_on,
    home_as_location,
    nominal,
    recorded_ethnicity,
    with_people,
)
from csphub.synth.supply import Plan
from csphub.synth.world import Month, World

AGENCY = "eastbrook-police"
# The force's own codes for gender in its offender extract.
GENDER_CODES = {"M": "1", "F": "2", "X": "3", "U": "9"}


def offences(world: World, month: Month) -> pl.DataFrame:
    frame = crimes(world, month)
    to_differs = pl.col("committed_to") != pl.col("committed_from")
    return frame.select(
        "crime_reference",
        pl.col("ho_code").alias("offence_code"),
        pl.col("committed_from").dt.date().alias("committed_from_date"),
        pl.col("committed_from").dt.time().alias("committed_from_time"),
        pl.when(to_differs).then(pl.col("committed_to").dt.date()).alias("committed_to_date"),
        pl.when(to_differs).then(pl.col("committed_to").dt.time()).alias("committed_to_time"),
        pl.col("address").alias("location_address"),
        pl.col("postcode").alias("location_postcode"),
        pl.col("easting").cast(pl.Float64).alias("easting"),
        pl.col("northing").cast(pl.Float64).alias("northing"),
        "method_of_entry",
        "property_stolen",
        pl.col("weapon").alias("weapon_used"),
        pl.col("distraction").alias("distraction_burglary_flag"),
        pl.col("drugs").alias("drugs_flag"),
        pl.col("alcohol").alias("alcohol_flag"),
        pl.col("racial").alias("racially_motivated_flag"),
        pl.col("domestic").alias("domestic_flag"),
        pl.col("uprn").alias("__uprn"),
        pl.col("easting").alias("__easting"),
        pl.col("northing").alias("__northing"),
        pl.col("lsoa").alias("__lsoa"),
        pl.col("scenario").alias("__scenario"),
        pl.col("cluster").alias("__cluster"),
        pl.col("victim_ids").alias("__victim_ids"),
        pl.col("offender_ids").alias("__offender_ids"),
    ).with_columns(
        pl.col(c).replace("", None) for c in ("method_of_entry", "property_stolen", "weapon_used")
    )


def offenders(world: World, month: Month) -> pl.DataFrame:
    detected = (
        crimes(world, month)
        .filter(pl.col("detected"))
        .select("crime_reference", "committed_from", pl.col("offender_ids").alias("person_id"))
        .explode("person_id")
        .drop_nulls("person_id")
    )
    frame = with_people(detected, world)
    return frame.select(
        "crime_reference",
        nominal("EBN", pl.col("person_id")).alias("offender_reference"),
        "gender",
        age_on(pl.col("date_of_birth"), pl.col("committed_from").dt.date()).alias("age"),
        "date_of_birth",
        recorded_ethnicity(world, pl.col("ethnicity"), "offender").alias("ethnicity"),
        pl.col("occupation").replace({"Child": None, "": None}).alias("occupation"),
        *home_as_location(),
    ).sort("crime_reference", "offender_reference")


_ASSOCIATIONS = [
    "Stranger",
    "Stranger",
    "Stranger",
    "Acquaintance",
    "Neighbour",
    "Friend",
    "Family member",
]


def victims(world: World, month: Month) -> pl.DataFrame:
    month_crimes = crimes(world, month).filter(pl.col("victim_ids").list.len() > 0)
    listed = month_crimes.select(
        "crime_reference", "committed_from", "scenario", pl.col("victim_ids").alias("person_id")
    ).explode("person_id")
    listed = listed.with_columns(
        (pl.int_range(pl.len()).over("crime_reference") + 1)
        .cast(pl.String)
        .alias("victim_reference")
    )
    relationships = world.population.relationships.select(
        pl.col("victim_id").alias("person_id"), pl.col("relationship").alias("da_relationship")
    ).unique("person_id", keep="first", maintain_order=True)
    frame = with_people(listed, world).join(relationships, on="person_id", how="left")
    association = pl.lit(pl.Series(_ASSOCIATIONS)).gather(
        pl.col("person_id").hash(world.seed) % len(_ASSOCIATIONS)
    )
    return frame.select(
        "crime_reference",
        "victim_reference",
        "gender",
        age_on(pl.col("date_of_birth"), pl.col("committed_from").dt.date()).alias("age"),
        "date_of_birth",
        recorded_ethnicity(world, pl.col("ethnicity"), "victim").alias("ethnicity"),
        pl.when(pl.col("scenario") == "domestic")
        .then(pl.col("da_relationship").replace({"partner": "Partner", "ex-partner": "Ex-partner"}))
        .otherwise(association)
        .alias("association_with_offender"),
        pl.col("occupation").replace({"Child": None, "": None}).alias("occupation"),
        *home_as_location(),
    ).sort("crime_reference", "victim_reference")


PLANS = [
    Plan(
        dataset="police-crime-offence",
        agency=AGENCY,
        render=offences,
        headers={
            "crime_reference": "Crime No",
            "offence_code": "HO Class",
            "committed_from_date": "Date From",
            "committed_from_time": "Time From",
            "committed_to_date": "Date To",
            "committed_to_time": "Time To",
            "location_address": "Location",
            "location_postcode": "Postcode",
            "easting": "X Coord",
            "northing": "Y Coord",
            "method_of_entry": "MO Entry",
            "property_stolen": "Property",
            "weapon_used": "Weapon",
            "distraction_burglary_flag": "Distraction",
            "drugs_flag": "Drugs",
            "alcohol_flag": "Alcohol",
            "racially_motivated_flag": "Race Hate",
            "domestic_flag": "DA Flag",
        },
        text_fields=("method_of_entry", "property_stolen"),
        address_fields={"location_address": "__uprn"},
        postcode_fields={"location_postcode": "location_address"},
        caveats=("Coordinates of crimes in public places are approximate (street level).",),
    ),
    Plan(
        dataset="police-crime-offender",
        agency=AGENCY,
        render=offenders,
        headers={
            "crime_reference": "Crime No",
            "offender_reference": "Nominal Ref",
            "gender": "Sex",
            "age": "Age at Offence",
            "date_of_birth": "DOB",
            "ethnicity": "SDE Code",
            "occupation": "Occupation",
            "location_address": "Home Address",
            "location_postcode": "Home Postcode",
            "easting": "Home X",
            "northing": "Home Y",
        },
        local_codes={"gender": GENDER_CODES},
        text_fields=("occupation",),
        address_fields={"location_address": "__uprn"},
        postcode_fields={"location_postcode": "location_address"},
        caveats=("Offenders are listed for detected crimes only.",),
    ),
    Plan(
        dataset="police-crime-victim",
        agency=AGENCY,
        render=victims,
        headers={
            "crime_reference": "Crime No",
            "victim_reference": "Victim No",
            "gender": "Gender",
            "age": "Age",
            "date_of_birth": "DOB",
            "ethnicity": "Ethnic Origin",
            "association_with_offender": "Relationship",
            "occupation": "Occupation",
            "location_address": "Victim Address",
            "location_postcode": "Victim Postcode",
            "easting": "Victim X",
            "northing": "Victim Y",
        },
        text_fields=("occupation", "association_with_offender"),
        address_fields={"location_address": "__uprn"},
        postcode_fields={"location_postcode": "location_address"},
    ),
]
