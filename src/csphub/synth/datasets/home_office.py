"""The Home Office Data Hub returns (MPA report, 14 October 2010, Appendix 1): the reduced crime
requirement and the reduced HR requirement (employees, rank, abstraction and assignment records,
applicants), as Eastbrook Constabulary sends them.

The crime return describes the month's crimes (:mod:`csphub.synth.crime`) as SCIRG recommended:
no postcode or coordinates (the MSOA instead) and no age, gender or ethnicity of victims or
offenders. The HR returns are views of the force's workforce (:mod:`csphub.synth.workforce`), keyed
on pay number so that a record sent again unchanged is unchanged and a changed one a revision.

These are statutory returns, extracted by the force's systems and checked against the Home
Office's rules before they are sent, so they carry far fewer faults than a hand-made partnership
extract: no free text to mistype, few values left out, and rarely a hard fault. But the Data Hub
rejects a supply whole for a single invalid row, and so does the hub (``onInvalid: reject``).
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl

from csphub.synth.crime import crimes
from csphub.synth.people import nominal
from csphub.synth.supply import Faults, Plan
from csphub.synth.workforce import establishment, workforce
from csphub.synth.world import Month, World

AGENCY = "eastbrook-police"

# A statutory return checked before it is sent: a hard fault about once in 3,000 rows.
STATUTORY = Faults(
    typo=0.0,
    address=0.0,
    missing_optional=0.005,
    duplicate=0.0001,
    invalid_code=0.0001,
    bad_date=0.00005,
    missing_required=0.00005,
    out_of_period=0.00005,
)

# The force's crime classification for each Home Office code (its own code list, sent with the
# crimsec code so that the Home Office can identify the offence).
CLASSIFICATION = {
    "008/01": "VIO01",
    "008/06": "VIO03",
    "105/01": "VIO05",
    "195/12": "VIO12",
    "010/01": "WPN01",
    "034/01": "ROB01",
    "028/01": "BUR01",
    "030/01": "BUR05",
    "048/00": "VEH01",
    "045/00": "VEH02",
    "058/01": "CDA01",
    "058/03": "CDA03",
    "046/00": "THS01",
    "049/00": "THO01",
    "039/00": "THP01",
    "044/00": "THC01",
    "092/41": "DRG03",
    "125/10": "POD02",
}
# Shares of attempts, by Home Office code (recorded under the substantive offence's code).
ATTEMPTED = {
    "028/01": 0.12,
    "030/01": 0.12,
    "034/01": 0.08,
    "048/00": 0.10,
    "045/00": 0.04,
    "008/01": 0.03,
}
VICTIMLESS = {"092/41", "010/01"}  # possession offences: no victim to count
PROACTIVE = {"092/41", "010/01", "046/00"}  # usually cleared up on the day
KNIFE_USED = "FK01"  # the force's feature code: knife or sharp instrument used or threatened
KNIFE_POSSESSED = "FK03"  # knife or sharp instrument possessed


def _cris_number(reference: pl.Expr) -> pl.Expr:
    """A CRIS-style number, stable for a crime and distinct from its local reference:
    ``EB/25/0001234`` becomes an eight-digit number and the year, ``04719683/25``."""
    parts = reference.str.split("/")
    number = parts.list.get(2).cast(pl.Int64)
    scrambled = (number * 7_919 + 104_729) % 100_000_000
    return scrambled.cast(pl.String).str.zfill(8) + "/" + parts.list.get(1)


def _after(
    rng: np.random.Generator, start: np.ndarray, lag: np.ndarray, last: dt.date
) -> np.ndarray:
    """``start`` plus ``lag`` days, or, when that falls after the month, a day between ``start``
    and the month's end (what has happened by the time the return is made)."""
    end = np.datetime64(last, "D")
    later = start + lag.astype("timedelta64[D]")
    room = (end - start).astype(int)
    instead = start + (rng.random(len(start)) * (room + 1)).astype(int).astype("timedelta64[D]")
    return np.where(later > end, instead, later)


def crime_return(world: World, month: Month) -> pl.DataFrame:
    frame = crimes(world, month)
    rng = world.rng("home_office", "crime", month.label)
    n = frame.height
    if n == 0:
        return pl.DataFrame()
    recorded = frame["recorded"].to_numpy().astype("datetime64[D]")
    codes = frame["ho_code"].to_numpy().astype(str)
    detected = frame["detected"].to_numpy()
    proactive = np.isin(codes, list(PROACTIVE))
    clear_lag = np.where(
        proactive, rng.integers(0, 2, n), np.ceil(rng.exponential(12.0, n)).astype(int)
    )
    cleared = _after(rng, recorded, clear_lag, month.last)
    draw = rng.random(n)
    status = np.where(
        detected,
        "detected",
        np.where(draw < 0.015, "no_crime", np.where(draw < 0.02, "transfer", "undetected")),
    )
    no_crime_day = _after(rng, recorded, rng.integers(1, 22, n), month.last)
    confirmed = recorded + rng.choice([0, 0, 0, 1, 1, 2, 3], n).astype("timedelta64[D]")
    attempt_share = np.array([ATTEMPTED.get(c, 0.0) for c in codes])
    prefix_draw = rng.random(n)
    prefix = np.where(
        prefix_draw < attempt_share * 0.02,
        "conspired",
        np.where(prefix_draw < attempt_share, "attempted", "substantive"),
    )
    victims = frame["victim_ids"].list.len().to_numpy()
    victim_count = np.where(np.isin(codes, list(VICTIMLESS)), 0, np.maximum(victims, 1))
    accused = (
        pl.when(pl.col("status") == "detected")
        .then(
            pl.col("offender_ids")
            .list.eval(nominal("EBN", pl.element()))
            .list.join(";")
            .replace("", None)
        )
        .otherwise(None)
    )
    knife = (
        pl.when(pl.col("ho_code") == "010/01")
        .then(pl.lit(KNIFE_POSSESSED))
        .when(pl.col("weapon") == "Knife")
        .then(pl.lit(KNIFE_USED))
        .otherwise(None)
    )
    return frame.with_columns(
        pl.Series("status", status, dtype=pl.String),
        pl.Series("cleared", cleared, dtype=pl.Date),
        pl.Series("no_crime_day", no_crime_day, dtype=pl.Date),
        pl.Series("confirmed", confirmed, dtype=pl.Date),
        pl.Series("prefix", prefix, dtype=pl.String),
        pl.Series("victim_count", victim_count, dtype=pl.Int64),
    ).select(
        _cris_number(pl.col("crime_reference")).alias("cris_number"),
        pl.col("recorded").alias("date_recorded"),
        pl.when(pl.col("status") == "detected").then(pl.col("cleared")).alias("date_cleared_up"),
        pl.col("confirmed").alias("date_confirmed"),
        pl.when(pl.col("status") == "no_crime").then(pl.col("no_crime_day")).alias("date_no_crime"),
        pl.col("ho_code")
        .replace_strict(
            CLASSIFICATION,
            default=pl.lit("HO") + pl.col("ho_code").str.replace("/", ""),
            return_dtype=pl.String,
        )
        .alias("classification_code"),
        pl.col("ho_code").alias("crimsec_code"),
        "status",
        "prefix",
        "victim_count",
        accused.alias("accused_references"),
        pl.col("msoa").alias("msoa_code"),
        pl.col("committed_from").dt.date().alias("offence_date"),
        pl.col("committed_from").dt.time().alias("offence_time"),
        pl.col("domestic").alias("domestic_violence_flag"),
        pl.col("racial").alias("hate_crime_flag"),
        pl.lit(None, dtype=pl.String).alias("gun_feature_code"),
        knife.alias("knife_feature_code"),
        pl.col("crime_reference").alias("__crime_reference"),
        pl.col("uprn").alias("__uprn"),
        pl.col("easting").alias("__easting"),
        pl.col("northing").alias("__northing"),
        pl.col("lsoa").alias("__lsoa"),
        pl.col("cluster").alias("__cluster"),
        pl.col("victim_ids").alias("__victim_ids"),
        pl.col("offender_ids").alias("__offender_ids"),
    )


# --------------------------------------------------------------------------- HR returns


def employees(world: World, month: Month) -> pl.DataFrame:
    frame = workforce(world).employed(month)
    return frame.select(
        "pay_number",
        "staff_type",
        "date_joined",
        "date_left",
        "leaving_reason",
        "date_of_birth",
        "gender",
        "ethnicity",
        "ethnicity_6",
        "disability_flag",
        "suspended_flag",
        "probationer_flag",
        "rejoiner_flag",
        "transfer_flag",
        "working_pattern",
        "hours_per_week",
        "employment_type",
        pl.col("given_name").alias("__given_name"),
        pl.col("surname").alias("__surname"),
        pl.coalesce("rank", "grade").alias("__rank_or_grade"),
    )


def ranks(world: World, month: Month) -> pl.DataFrame:
    return (
        workforce(world)
        .rank_records(month)
        .select(
            "pay_number",
            "rank",
            "grade",
            "start_date",
            "end_date",
            pl.col("level").alias("__level"),
            pl.col("__true_end_date"),
        )
    )


def abstractions(world: World, month: Month) -> pl.DataFrame:
    return (
        workforce(world)
        .abstractions(month)
        .select(
            "pay_number",
            "abstraction_type",
            "start_date",
            "end_date",
            "hours_lost",
            "days_lost",
            "assault_on_duty_flag",
            "__true_end_date",
        )
    )


def assignments(world: World, month: Month) -> pl.DataFrame:
    return (
        workforce(world)
        .assignments(month)
        .select(
            "pay_number",
            "bcu",
            "post",
            "start_date",
            "end_date",
            "secondment_flag",
            "__true_end_date",
        )
    )


# --------------------------------------------------------------------------- applicants

APPLICATIONS_PER_EMPLOYEE_MONTH = 0.08
# What people apply for: the officer entry routes (degree apprenticeship, degree holder entry,
# the non-degree entry programme), special constables, PCSOs, police staff posts.
APPLICATION_TYPES = [
    ("Police Constable - PCDA", 14.0),
    ("Police Constable - DHEP", 14.0),
    ("Police Constable - PCEP", 12.0),
    ("Special Constable", 15.0),
    ("PCSO", 12.0),
    ("Police Staff", 33.0),
]


def applicants(world: World, month: Month) -> pl.DataFrame:
    rng = world.rng("home_office", "applicants", month.label)
    size = sum(establishment(world.people_count).values())
    n = int(rng.poisson(size * APPLICATIONS_PER_EMPLOYEE_MONTH))
    people = world.population.people.filter(pl.col("age").is_between(18, 55))
    if n == 0 or people.height == 0:
        return pl.DataFrame()
    age = people["age"].to_numpy().astype(float)
    weight = np.interp(age, [18, 22, 30, 40, 55], [1.0, 1.6, 1.2, 0.5, 0.15])
    chosen = people[np.sort(rng.choice(people.height, size=n, p=weight / weight.sum()))]
    types, shares = zip(*APPLICATION_TYPES, strict=True)
    share = np.asarray(shares) / sum(shares)
    kind = np.asarray(types, dtype=object)[rng.choice(len(types), size=n, p=share)]
    received = np.datetime64(month.first, "D") + rng.integers(0, month.days, n).astype(
        "timedelta64[D]"
    )
    received.sort()
    open_days = (np.datetime64(month.last, "D") - received).astype(int)
    officer_route = np.char.startswith(kind.astype(str), "Police Constable")
    special = kind == "Special Constable"
    graduate = np.where(
        kind == "Police Constable - DHEP",
        True,
        np.where(officer_route & (kind != "Police Constable - DHEP"), False, rng.random(n) < 0.35),
    )
    graduate_known = officer_route | special
    # where each application stands at the month's end
    sifted = np.minimum(1.0, open_days / 21)
    draw = rng.random(n)
    status = np.select(
        [
            open_days == 0,
            draw < 0.05,
            draw < 0.05 + 0.25 * sifted,
            (kind == "Police Staff") & (open_days >= 21) & (draw > 0.92),
            draw < 0.05 + 0.25 * sifted + 0.55 * np.minimum(1.0, open_days / 10),
        ],
        ["received", "withdrawn", "unsuccessful", "offered", "in_progress"],
        "received",
    )
    moved = (rng.random(n) * open_days).astype(int) + 1
    status_date = np.where(
        status == "received",
        received,
        received + np.minimum(moved, open_days).astype("timedelta64[D]"),
    )
    homes = chosen.select("person_id", "uprn").join(
        world.places.select("uprn", "postcode"), on="uprn", how="left", maintain_order="left"
    )
    return pl.DataFrame(
        {
            "applicant_reference": [
                f"APP-{month.year % 100:02d}{month.month:02d}-{i + 1:04d}" for i in range(n)
            ],
            "application_type": pl.Series(kind.tolist(), dtype=pl.String),
            "date_received": pl.Series(received, dtype=pl.Date),
            "special_flag": special,
            "graduate_flag": pl.Series(graduate.tolist(), dtype=pl.Boolean),
            "location_postcode": homes["postcode"],
            "application_status": pl.Series(status.tolist(), dtype=pl.String),
            "status_date": pl.Series(status_date, dtype=pl.Date),
            "__person_id": homes["person_id"],
            "__uprn": homes["uprn"],
        }
    ).with_columns(
        pl.when(pl.Series(graduate_known)).then(pl.col("graduate_flag")).alias("graduate_flag")
    )


# --------------------------------------------------------------------------- plans

STATUTORY_CAVEATS = (
    "Statutory return to the Home Office Data Hub; validated against the Home Office's rules "
    "before it is sent.",
)

PLANS = [
    Plan(
        dataset="hodh-crime",
        agency=AGENCY,
        render=crime_return,
        headers={
            "cris_number": "CRIS No",
            "date_recorded": "Date Recorded",
            "date_cleared_up": "Clear Up Date",
            "date_confirmed": "Confirmed Date",
            "date_no_crime": "No Crime Date",
            "classification_code": "Class Code",
            "crimsec_code": "Crimsec",
            "status": "Crime Status",
            "prefix": "Prefix",
            "victim_count": "No of Victims",
            "accused_references": "Accused Nominals",
            "msoa_code": "MSOA",
            "offence_date": "Committed Date",
            "offence_time": "Committed Time",
            "domestic_violence_flag": "DV Flag",
            "hate_crime_flag": "Hate Flag",
            "gun_feature_code": "Firearm Feature",
            "knife_feature_code": "Knife Feature",
        },
        local_codes={"prefix": {"attempted": "A", "conspired": "C", "substantive": "S"}},
        faults=STATUTORY,
        caveats=(
            *STATUTORY_CAVEATS,
            "Reduced crime requirement: the MSOA instead of postcode or geocode, and no age, "
            "gender or ethnicity of victims or offenders (SCIRG's recommended position).",
            "Status and clear-up as they stood when the return was made.",
        ),
    ),
    Plan(
        dataset="hodh-hr-employee",
        agency=AGENCY,
        render=employees,
        headers={
            "pay_number": "Pay No",
            "staff_type": "Employee Group",
            "date_joined": "Date of Appointment",
            "date_left": "Leaving Date",
            "leaving_reason": "Reason Left",
            "date_of_birth": "DOB",
            "gender": "Sex",
            "ethnicity": "Ethnicity 16+1",
            "ethnicity_6": "Ethnicity 6+1",
            "disability_flag": "Disability Declared",
            "suspended_flag": "Suspended",
            "probationer_flag": "Probationer",
            "rejoiner_flag": "Rejoiner",
            "transfer_flag": "Transferee",
            "working_pattern": "FT/PT",
            "hours_per_week": "Contracted Hours",
            "employment_type": "Contract Type",
        },
        local_codes={
            "staff_type": {"police_officer": "OFF", "police_staff": "STF", "pcso": "PCSO"},
            "working_pattern": {"full_time": "FT", "part_time": "PT"},
        },
        faults=STATUTORY,
        caveats=(
            *STATUTORY_CAVEATS,
            "Everyone employed at any time in the month, as at its last day.",
        ),
    ),
    Plan(
        dataset="hodh-hr-rank",
        agency=AGENCY,
        render=ranks,
        headers={
            "pay_number": "Pay No",
            "rank": "Rank",
            "grade": "Grade",
            "start_date": "Rank Start Date",
            "end_date": "Rank End Date",
        },
        local_codes={
            "rank": {
                "constable": "PC",
                "sergeant": "PS",
                "inspector": "INSP",
                "chief_inspector": "CI",
                "superintendent": "SUPT",
                "chief_superintendent": "CH SUPT",
                "assistant_chief_constable": "ACC",
                "deputy_chief_constable": "DCC",
                "chief_constable": "CC",
            }
        },
        faults=STATUTORY,
        caveats=(
            *STATUTORY_CAVEATS,
            "The first return holds every rank record in force; later returns the records begun "
            "or ended in the month.",
        ),
    ),
    Plan(
        dataset="hodh-hr-abstraction",
        agency=AGENCY,
        render=abstractions,
        headers={
            "pay_number": "Employee Number",
            "abstraction_type": "Absence Type",
            "start_date": "Absence Start",
            "end_date": "Absence End",
            "hours_lost": "Hours Lost",
            "days_lost": "Days Lost",
            "assault_on_duty_flag": "AOD",
        },
        local_codes={
            "abstraction_type": {
                "sickness": "SICK",
                "maternity": "MAT",
                "paternity": "PAT",
                "adoption": "ADOP",
                "career_break": "CB",
                "special_leave": "SPL",
                "other": "OTH",
            }
        },
        faults=STATUTORY,
        caveats=(
            *STATUTORY_CAVEATS,
            "Absences begun in the month, and earlier ones that ended in it; hours and days lost "
            "to sickness up to the month's end. Other absences are mostly training courses.",
        ),
    ),
    Plan(
        dataset="hodh-hr-assignment",
        agency=AGENCY,
        render=assignments,
        headers={
            "pay_number": "Pay Number",
            "bcu": "BCU",
            "post": "Post Title",
            "start_date": "Assignment Start Date",
            "end_date": "Assignment End Date",
            "secondment_flag": "Seconded",
        },
        faults=STATUTORY,
        caveats=(
            *STATUTORY_CAVEATS,
            "The first return holds every assignment in force; later returns the assignments "
            "begun or ended in the month.",
        ),
    ),
    Plan(
        dataset="hodh-applicant",
        agency=AGENCY,
        render=applicants,
        headers={
            "applicant_reference": "Candidate ID",
            "application_type": "Campaign",
            "date_received": "Application Date",
            "special_flag": "Specials",
            "graduate_flag": "Degree Holder",
            "location_postcode": "Postcode",
            "application_status": "Stage",
            "status_date": "Stage Date",
        },
        faults=STATUTORY,
        caveats=(
            *STATUTORY_CAVEATS,
            "Applications received in the month, with their stage at the month's end.",
        ),
    ),
]
