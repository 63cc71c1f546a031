"""The police's other supplies (guidance §3.2.2, §3.2.7, §3.2.20-22) and the public data.police.uk
files.

Eastbrook Constabulary sends its incident log, its stop and search records, drug tests on arrest
for trigger offences, the detection status of every crime of the last six months (so a crime
detected since the last supply comes again, changed) and its list of Prolific and other Priority
Offenders. police.uk publishes the same crimes, anti-social behaviour, outcomes and searches in
its own layout: anonymous Crime IDs, map points instead of places, its own words for everything.

The events behind them are shared (:mod:`csphub.synth.police_events`): the force's incident file
and police.uk's anti-social behaviour are the same incidents, its two stop and search files the
same searches, and detections, outcomes and last outcomes follow one course of each crime.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from csphub.synth.crime import BY_CODE
from csphub.synth.geography import FORCE_NAME
from csphub.synth.people import (
    age_on,
    home_as_location,
    nominal,
    recorded_ethnicity,
    with_people,
)
from csphub.synth.police_events import (
    SEARCH_REASONS,
    SEARCH_RESULTS,
    course,
    incidents,
    last_outcome_on,
    recent_crimes,
    searches,
    snapped,
    status_on,
)
from csphub.synth.supply import NO_FAULTS, Plan, published_headers
from csphub.synth.world import Month, World

AGENCY = "eastbrook-police"
POLICE_UK = "policeuk"

# --------------------------------------------------------------------------- incidents


def police_incidents(world: World, month: Month) -> pl.DataFrame:
    frame = incidents(world, month)
    return frame.select(
        "incident_reference",
        "incident_type",
        pl.col("domestic").alias("domestic_flag"),
        pl.col("at").dt.date().alias("incident_date"),
        pl.col("at").dt.time().alias("incident_time"),
        pl.col("address").alias("location_address"),
        pl.col("postcode").alias("location_postcode"),
        pl.col("easting").cast(pl.Float64).alias("easting"),
        pl.col("northing").cast(pl.Float64).alias("northing"),
        pl.col("uprn").alias("__uprn"),
        pl.col("easting").alias("__easting"),
        pl.col("northing").alias("__northing"),
        pl.col("lsoa").alias("__lsoa"),
        pl.col("person_id").alias("__person_id"),
        pl.col("crime_reference").alias("__crime_reference"),
        pl.col("asb").alias("__asb"),
        pl.col("cluster").alias("__cluster"),
    )


# --------------------------------------------------------------------------- stop and search


def police_stop_search(world: World, month: Month) -> pl.DataFrame:
    frame = with_people(searches(world, month), world).sort("search_reference")
    return frame.select(
        "search_reference",
        pl.col("at").dt.date().alias("search_date"),
        pl.col("at").dt.time().alias("search_time"),
        "gender",
        "age",
        pl.col("recorded_ethnicity").alias("ethnicity"),
        pl.col("reason").alias("search_reason"),
        pl.col("result").alias("search_result"),
        pl.col("address").alias("location_address"),
        pl.col("easting").cast(pl.Float64).alias("easting"),
        pl.col("northing").cast(pl.Float64).alias("northing"),
        pl.col("person_id").alias("__person_id"),
        pl.col("easting").alias("__easting"),
        pl.col("northing").alias("__northing"),
        pl.col("lsoa").alias("__lsoa"),
        pl.col("in_centre").alias("__in_centre"),
        pl.col("cluster").alias("__cluster"),
    )


# --------------------------------------------------------------------------- drug tests


# Trigger offences (Criminal Justice and Court Services Act 2000, schedule 6) among the force's
# crimes: theft, burglary, robbery and vehicle taking. Possession is a trigger offence only for
# Class A drugs, so possession of cannabis is not tested.
TRIGGER_OFFENCES = {
    "028/01": 0.45,  # burglary in a dwelling: share of tests positive
    "030/01": 0.40,
    "044/00": 0.35,
    "034/01": 0.38,
    "039/00": 0.45,
    "045/00": 0.42,
    "046/00": 0.52,
    "048/00": 0.25,
    "049/00": 0.32,
}
TESTED_SHARE = 0.92  # of adults arrested for a trigger offence (a few are not tested)
# Among positive tests (DIP drug tests on arrest).
DRUG_TYPES = [("Cocaine", 0.42), ("Opiates", 0.20), ("Both", 0.38)]


def police_drug_tests(world: World, month: Month) -> pl.DataFrame:
    """A test on arrest for each adult arrested for a trigger offence this month: crimes of this
    month and earlier ones detected (an offender arrested) this month."""
    arrests = (
        recent_crimes(world, month)
        .filter(
            pl.col("detected")
            & pl.col("ho_code").is_in(sorted(TRIGGER_OFFENCES))
            & (pl.col("outcome_on") >= month.first)
            & (pl.col("outcome_on") <= month.last)
        )
        .select(
            "crime_reference", "ho_code", "outcome_on", pl.col("offender_ids").alias("person_id")
        )
        .explode("person_id")
        .drop_nulls("person_id")
        .join(
            world.population.people.select("person_id", "date_of_birth", "ppo"),
            on="person_id",
            how="left",
        )
        .filter(age_on(pl.col("date_of_birth"), pl.col("outcome_on")) >= 18)
        .sort("outcome_on", "crime_reference", "person_id")
    )
    rng = world.rng("police", "drug-tests", month.label)
    n = arrests.height
    tested = rng.random(n) < TESTED_SHARE
    base = np.asarray([TRIGGER_OFFENCES[c] for c in arrests["ho_code"]], dtype=float)
    chance = np.where(arrests["ppo"].to_numpy().astype(bool), np.maximum(base, 0.8), base)
    positive = rng.random(n) < chance
    names, shares = zip(*DRUG_TYPES, strict=True)
    p = np.asarray(shares)
    drug = np.asarray(names, dtype=object)[rng.choice(len(names), size=n, p=p / p.sum())]
    frame = arrests.with_columns(
        pl.Series("positive", positive), pl.Series("drug", drug.tolist(), dtype=pl.String)
    ).filter(pl.Series(tested))
    return frame.select(
        "crime_reference",
        pl.col("ho_code").alias("offence_code"),
        pl.when(pl.col("positive"))
        .then(pl.lit("Positive"))
        .otherwise(pl.lit("Negative"))
        .alias("drug_test_result"),
        pl.when(pl.col("positive")).then(pl.col("drug")).alias("drug_type"),
        pl.col("outcome_on").alias("test_date"),
        pl.col("person_id").alias("__person_id"),
        pl.col("ppo").alias("__ppo"),
    )


# --------------------------------------------------------------------------- detections


# The force's own detection method codes.
DETECTION_CODES = {
    "charged_summonsed": "CHG",
    "cautioned": "CAU",
    "taken_into_consideration": "TIC",
    "penalty_notice": "PND",
    "cannabis_warning": "CW",
    "non_sanction": "NSD",
    "undetected": "UND",
}


def police_detections(world: World, month: Month) -> pl.DataFrame:
    """Every crime recorded this month and in the five before, with its status at the month's
    end: a crime detected since the last supply comes again with its new status."""
    return (
        recent_crimes(world, month)
        .select(
            "crime_reference",
            pl.col("ho_code").alias("offence_code"),
            status_on(month.last).alias("detection_status"),
            pl.col("recorded").alias("__recorded"),
            pl.col("status").alias("__final_status"),
            pl.col("outcome_on").alias("__outcome_on"),
            pl.col("offender_ids").alias("__offender_ids"),
        )
        .sort("crime_reference")
    )


# --------------------------------------------------------------------------- PPOs


PPO_STATUSES = ["In custody", "Proactive targeting", "Basic monitoring"]
_PPO_START = [0.30, 0.45, 0.25]
# From each status (row) to each status (column), month to month.
_PPO_MOVES = np.array(
    [
        [0.85, 0.12, 0.03],
        [0.08, 0.84, 0.08],
        [0.05, 0.10, 0.85],
    ]
)


def _ppo_status(world: World, month: Month, count: int) -> list[str]:
    """Each PPO's status this month: a chain from the first month, a few changing each month."""
    state = world.rng("police", "ppo-status", "start").choice(3, size=count, p=_PPO_START)
    for step in world.months[1 : world.month_index(month) + 1]:
        draws = world.rng("police", "ppo-status", step.label).random(count)
        cumulative = np.cumsum(_PPO_MOVES[state], axis=1)
        state = np.minimum((draws[:, None] >= cumulative).sum(axis=1), 2)
    return [PPO_STATUSES[s] for s in state]


def ppo(world: World, month: Month) -> pl.DataFrame:
    cohort = world.population.people.filter(pl.col("ppo")).select("person_id").sort("person_id")
    ids = cohort["person_id"].implode()
    titles = {code: offence.title for code, offence in BY_CODE.items()}
    committed = (
        recent_crimes(world, month)
        .select("ho_code", pl.col("offender_ids").alias("person_id"))
        .explode("person_id")
        .filter(pl.col("person_id").is_in(ids))
        .group_by("person_id", "ho_code")
        .len("times")
        .with_columns(
            pl.col("ho_code").replace_strict(titles, default="Other offence").alias("title")
        )
        .sort(["person_id", "times", "title"], descending=[False, True, False])
        .group_by("person_id", maintain_order=True)
        .agg(
            (pl.col("title") + " (" + pl.col("times").cast(pl.String) + ")")
            .str.join("; ")
            .alias("offences")
        )
    )
    statuses = cohort.with_columns(
        pl.Series("status", _ppo_status(world, month, cohort.height), dtype=pl.String)
    )
    frame = (
        with_people(cohort, world)
        .join(committed, on="person_id", how="left")
        .join(statuses, on="person_id", how="left")
        .sort("person_id")  # recorded_ethnicity goes by row
    )
    return frame.select(
        nominal("EBN", pl.col("person_id")).alias("offender_reference"),
        (pl.col("given_name") + " " + pl.col("surname")).alias("name"),
        "gender",
        age_on(pl.col("date_of_birth"), pl.lit(month.last)).alias("age"),
        "date_of_birth",
        recorded_ethnicity(world, pl.col("ethnicity"), "ppo", 0.03).alias("ethnicity"),
        pl.col("occupation").replace({"Child": None, "": None}).alias("occupation"),
        pl.col("offences").alias("offences_committed"),
        pl.col("status").alias("current_status"),
        *home_as_location(),
    ).sort("offender_reference")


# --------------------------------------------------------------------------- police.uk


ASB = "Anti-social behaviour"


def policeuk_street(world: World, month: Month) -> pl.DataFrame:
    """The month's crimes, each with its last outcome as the month ends, and the anti-social
    behaviour the force recorded; every row at a map point, or at none."""
    month_crimes = course(world, month)
    crime_rows = pl.concat(
        [
            month_crimes.select(
                "crime_id",
                pl.col("category").alias("crime_type"),
                last_outcome_on(month.last).alias("last_outcome_category"),
                pl.col("crime_reference").alias("__crime_reference"),
                pl.lit(None, dtype=pl.String).alias("__incident_reference"),
                pl.col("uprn").alias("__uprn"),
                pl.col("easting").alias("__easting"),
                pl.col("northing").alias("__northing"),
                pl.col("lsoa").alias("__lsoa"),
                pl.col("cluster").alias("__cluster"),
            ),
            snapped(world, month, month_crimes),
        ],
        how="horizontal",
    )
    asb = incidents(world, month).filter(pl.col("asb"))
    asb_rows = pl.concat(
        [
            asb.select(
                pl.lit(None, dtype=pl.String).alias("crime_id"),
                pl.lit(ASB).alias("crime_type"),
                pl.lit(None, dtype=pl.String).alias("last_outcome_category"),
                pl.lit(None, dtype=pl.String).alias("__crime_reference"),
                pl.col("incident_reference").alias("__incident_reference"),
                pl.col("uprn").alias("__uprn"),
                pl.col("easting").alias("__easting"),
                pl.col("northing").alias("__northing"),
                pl.col("lsoa").alias("__lsoa"),
                pl.col("cluster").alias("__cluster"),
            ),
            snapped(world, month, asb),
        ],
        how="horizontal",
    )
    rows = pl.concat([crime_rows, asb_rows], how="vertical_relaxed").with_columns(
        pl.lit(month.label).alias("month"),
        pl.lit(FORCE_NAME).alias("reported_by"),
        pl.lit(FORCE_NAME).alias("falls_within"),
        pl.lit(None, dtype=pl.String).alias("context"),
    )
    # as published: by LSOA name, those without a location at the end
    return rows.sort(
        pl.col("lsoa_name"),
        pl.col("location"),
        pl.col("crime_type"),
        pl.col("__crime_reference"),
        pl.col("__incident_reference"),
        nulls_last=True,
    ).select(
        "crime_id",
        "month",
        "reported_by",
        "falls_within",
        "longitude",
        "latitude",
        "location",
        "lsoa_code",
        "lsoa_name",
        "crime_type",
        "last_outcome_category",
        "context",
        pl.col("^__.*$"),
    )


def policeuk_outcomes(world: World, month: Month) -> pl.DataFrame:
    """The outcomes reached this month, for crimes of this month and earlier months."""
    reached = recent_crimes(world, month).filter(
        (pl.col("outcome_on") >= month.first) & (pl.col("outcome_on") <= month.last)
    )
    rows = pl.concat(
        [
            reached.select(
                "crime_id",
                pl.col("police_uk_outcome").alias("outcome_type"),
                pl.col("crime_reference").alias("__crime_reference"),
                pl.col("recorded").alias("__recorded"),
                pl.col("outcome_on").alias("__outcome_on"),
                pl.col("status").alias("__status"),
            ),
            snapped(world, month, reached, "No location"),
        ],
        how="horizontal",
    ).with_columns(
        pl.lit(month.label).alias("month"),
        pl.lit(FORCE_NAME).alias("reported_by"),
        pl.lit(FORCE_NAME).alias("falls_within"),
    )
    return rows.sort(
        pl.col("lsoa_name"), pl.col("location"), pl.col("crime_id"), nulls_last=True
    ).select(
        "crime_id",
        "month",
        "reported_by",
        "falls_within",
        "longitude",
        "latitude",
        "location",
        "lsoa_code",
        "lsoa_name",
        "outcome_type",
        pl.col("^__.*$"),
    )


_GENDER_WORDS = {"M": "Male", "F": "Female", "X": "Other"}
_AGE_RANGES = [(10, "under 10"), (18, "10-17"), (25, "18-24"), (35, "25-34")]
# Self-defined ethnicity as police.uk words it (2011 census groups; Chinese is Asian there).
SELF_DEFINED = {
    "W1": "White - English/Welsh/Scottish/Northern Irish/British",
    "W2": "White - Irish",
    "W9": "White - Any other White background",
    "M1": "Mixed/Multiple ethnic groups - White and Black Caribbean",
    "M2": "Mixed/Multiple ethnic groups - White and Black African",
    "M3": "Mixed/Multiple ethnic groups - White and Asian",
    "M9": "Mixed/Multiple ethnic groups - Any other Mixed/Multiple ethnic background",
    "A1": "Asian/Asian British - Indian",
    "A2": "Asian/Asian British - Pakistani",
    "A3": "Asian/Asian British - Bangladeshi",
    "A9": "Asian/Asian British - Any other Asian background",
    "B1": "Black/African/Caribbean/Black British - Caribbean",
    "B2": "Black/African/Caribbean/Black British - African",
    "B9": "Black/African/Caribbean/Black British - Any other Black/African/Caribbean background",
    "O1": "Asian/Asian British - Chinese",
    "O9": "Other ethnic group - Any other ethnic group",
    "NS": "Other ethnic group - Not stated",
}
# What the officer saw, from what the person is.
OFFICER_DEFINED = {
    "W1": "White",
    "W2": "White",
    "W9": "White",
    "M1": "Black",
    "M2": "Black",
    "M3": "Asian",
    "M9": "Other",
    "A1": "Asian",
    "A2": "Asian",
    "A3": "Asian",
    "A9": "Asian",
    "B1": "Black",
    "B2": "Black",
    "B9": "Black",
    "O1": "Asian",
    "O9": "Other",
}
_OBJECTS = {reason: published for reason, _, published in SEARCH_REASONS}


def policeuk_stop_search(world: World, month: Month) -> pl.DataFrame:
    events = searches(world, month)  # in order of their references
    frame = with_people(events, world).sort("search_reference")
    person = pl.col("search_type") != "Vehicle search"
    age_range = pl.lit("over 34")
    for upper, label in reversed(_AGE_RANGES):
        age_range = pl.when(pl.col("age") < upper).then(pl.lit(label)).otherwise(age_range)
    legislation = (
        pl.when(pl.col("reason") == "Drugs")
        .then(pl.lit("Misuse of Drugs Act 1971 (section 23)"))
        .when(pl.col("operation").is_not_null())
        .then(pl.lit("Criminal Justice and Public Order Act 1994 (section 60)"))
        .otherwise(pl.lit("Police and Criminal Evidence Act 1984 (section 1)"))
    )
    rows = pl.concat(
        [
            frame.select(
                pl.col("search_type").alias("type"),
                pl.col("at").alias("date"),
                pl.col("operation").is_not_null().alias("part_of_a_policing_operation"),
                pl.col("operation").alias("policing_operation"),
                pl.when(person)
                .then(pl.col("gender").replace_strict(_GENDER_WORDS, default=None))
                .alias("gender"),
                pl.when(person).then(age_range).alias("age_range"),
                pl.when(person)
                .then(pl.col("recorded_ethnicity").replace_strict(SELF_DEFINED, default=None))
                .alias("self_defined_ethnicity"),
                pl.when(person)
                .then(pl.col("ethnicity").replace_strict(OFFICER_DEFINED, default=None))
                .alias("officer_defined_ethnicity"),
                legislation.alias("legislation"),
                pl.col("reason").replace_strict(_OBJECTS).alias("object_of_search"),
                pl.col("result").replace_strict(SEARCH_RESULTS).alias("outcome"),
                pl.col("linked").alias("outcome_linked_to_object_of_search"),
                pl.when(person)
                .then(pl.col("removal"))
                .alias("removal_of_more_than_just_outer_clothing"),
                pl.col("search_reference").alias("__search_reference"),
                pl.col("person_id").alias("__person_id"),
                pl.col("easting").alias("__easting"),
                pl.col("northing").alias("__northing"),
                pl.col("cluster").alias("__cluster"),
            ),
            snapped(world, month, events).select("latitude", "longitude"),
        ],
        how="horizontal",
    )
    return rows.select(
        "type",
        "date",
        "part_of_a_policing_operation",
        "policing_operation",
        "latitude",
        "longitude",
        "gender",
        "age_range",
        "self_defined_ethnicity",
        "officer_defined_ethnicity",
        "legislation",
        "object_of_search",
        "outcome",
        "outcome_linked_to_object_of_search",
        "removal_of_more_than_just_outer_clothing",
        pl.col("^__.*$"),
    ).sort("date", "__search_reference")


# --------------------------------------------------------------------------- plans

# police.uk's files are made by a machine from the force's systems: no typing slips, no
# impossible dates, no codes outside its own lists, nothing sent twice.
_PUBLISHED = NO_FAULTS
_POLICE_UK_CAVEAT = (
    "Published by data.police.uk under the Open Government Licence v3.0: locations are "
    "anonymous map points, not the places where things happened."
)

PLANS = [
    Plan(
        dataset="police-incidents",
        agency=AGENCY,
        render=police_incidents,
        headers={
            "incident_reference": "Log Ref",
            "incident_type": "Closing Code",
            "domestic_flag": "DA Flag",
            "incident_date": "Call Date",
            "incident_time": "Call Time",
            "location_address": "Location",
            "location_postcode": "Postcode",
            "easting": "Easting",
            "northing": "Northing",
        },
        text_fields=("location_address",),
        address_fields={"location_address": "__uprn"},
        postcode_fields={"location_postcode": "location_address"},
        caveats=(
            "Incidents in public places are recorded against the street, without a postcode.",
            "A domestic incident is not always a crime.",
        ),
    ),
    Plan(
        dataset="police-stop-search",
        agency=AGENCY,
        render=police_stop_search,
        headers={
            "search_reference": "Search Ref",
            "search_date": "Date",
            "search_time": "Time",
            "gender": "Sex",
            "age": "Age",
            "ethnicity": "SDE",
            "search_reason": "Grounds",
            "search_result": "Outcome",
            "location_address": "Location",
            "easting": "X",
            "northing": "Y",
        },
        text_fields=("location_address",),
        caveats=("Searches only: stops without a search are not included.",),
    ),
    Plan(
        dataset="police-drug-tests",
        agency=AGENCY,
        render=police_drug_tests,
        headers={
            "crime_reference": "Crime No",
            "offence_code": "HOC",
            "drug_test_result": "Test Result",
            "drug_type": "Drug Tested Positive",
            "test_date": "Date Tested",
        },
        caveats=(
            "Tests on arrest of adults for trigger offences; a crime with two people arrested "
            "has two tests.",
        ),
    ),
    Plan(
        dataset="police-detections",
        agency=AGENCY,
        render=police_detections,
        headers={
            "crime_reference": "Crime Number",
            "offence_code": "HO Class",
            "detection_status": "Detection Method",
        },
        local_codes={"detection_status": DETECTION_CODES},
        caveats=(
            "Every crime recorded in the month and the five months before, with its status at "
            "the month's end.",
        ),
    ),
    Plan(
        dataset="ppo",
        agency=AGENCY,
        render=ppo,
        headers={
            "offender_reference": "Nominal ID",
            "name": "Name",
            "gender": "Sex",
            "age": "Age",
            "date_of_birth": "DOB",
            "ethnicity": "SDE",
            "occupation": "Occupation",
            "offences_committed": "Recent Offending",
            "current_status": "PPO Status",
            "location_address": "Home Address",
            "location_postcode": "Home Postcode",
            "easting": "Home X",
            "northing": "Home Y",
        },
        text_fields=("name", "occupation"),
        address_fields={"location_address": "__uprn"},
        postcode_fields={"location_postcode": "location_address"},
        caveats=(
            "Sensitive personal data: share under guidance §2.4 only.",
            "Recent offending lists the offences linked to the offender in the last six months.",
        ),
    ),
    Plan(
        dataset="policeuk-street",
        agency=POLICE_UK,
        render=policeuk_street,
        headers=published_headers("policeuk-street"),
        faults=_PUBLISHED,
        caveats=(_POLICE_UK_CAVEAT,),
    ),
    Plan(
        dataset="policeuk-outcomes",
        agency=POLICE_UK,
        render=policeuk_outcomes,
        headers=published_headers("policeuk-outcomes"),
        faults=_PUBLISHED,
        caveats=(_POLICE_UK_CAVEAT,),
    ),
    Plan(
        dataset="policeuk-stop-search",
        agency=POLICE_UK,
        render=policeuk_stop_search,
        headers=published_headers("policeuk-stop-search"),
        faults=_PUBLISHED,
        caveats=(_POLICE_UK_CAVEAT,),
    ),
]
