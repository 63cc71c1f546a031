"""Health supplies: A & E attendances after assault, drug and alcohol admissions, drug treatment
for adults and young people, ambulance calls. Ingested with the counts the generator expects,
and checked for their links to crimes and to one another."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from harness import make_and_ingest, plans_of

from csphub.synth.crime import crimes
from csphub.synth.datasets import health
from csphub.synth.world import Cluster, Month, World

SEED = 7
PEOPLE = 60_000  # big enough that young people's treatment (rare) is supplied most months
MONTHS = 4
DATASETS = {
    "ae-assaults",
    "hospital-drug-alcohol-admissions",
    "drug-treatment-adults",
    "drug-treatment-young-people",
    "ambulance-calls",
}


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return make_and_ingest(
        tmp_path_factory.mktemp("health"),
        plans=plans_of("health"),
        people=PEOPLE,
        months=MONTHS,
        seed=SEED,
    )


@pytest.fixture(scope="module")
def world() -> World:
    return World.build(SEED, PEOPLE, MONTHS)


@pytest.fixture(scope="module")
def rendered(world: World) -> dict[str, list[pl.DataFrame]]:
    """Each dataset's true records, month by month (as the supplies were made from)."""
    return {
        plan.dataset: [plan.render(world, month) for month in world.months] for plan in health.PLANS
    }


def _per_1000_a_month(frames: list[pl.DataFrame]) -> float:
    return sum(f.height for f in frames) / len(frames) / PEOPLE * 1000


def _stored(run: Any, dataset: str) -> pl.DataFrame:
    return run.hub.archive.read_records(run.hub.dataset(dataset))


def _truth(run: Any, dataset: str) -> pl.DataFrame:
    """The truth of every supplied row of a dataset, with its supply file's month."""
    frames = []
    for supply in run.made.manifest["supplies"]:
        if supply["dataset"] == dataset:
            month = supply["file"].split("/")[1]
            path = (
                run.made.folder / "truth" / "records" / month / f"{supply['agency']}-{dataset}.csv"
            )
            frames.append(
                pl.read_csv(path, infer_schema=False).with_columns(pl.lit(month).alias("month"))
            )
    return pl.concat(frames, how="diagonal")


def test_every_health_dataset_ingests_as_expected(run: Any) -> None:
    assert run.mismatches == [], "\n\n".join(run.mismatches)
    supplies = run.made.manifest["supplies"]
    assert {s["dataset"] for s in supplies} == DATASETS
    for dataset in DATASETS:  # every dataset over at least two months
        assert len({s["period"] for s in supplies if s["dataset"] == dataset}) >= 2, dataset


def test_keys_are_unique_and_dates_in_the_month(
    world: World, rendered: dict[str, list[pl.DataFrame]]
) -> None:
    keys = {
        "ae-assaults": (["patient_reference", "attendance_date"], "attendance_date"),
        "hospital-drug-alcohol-admissions": (
            ["patient_reference", "admission_date"],
            "admission_date",
        ),
        "drug-treatment-adults": (
            ["client_reference", "treatment_start_date"],
            "treatment_start_date",
        ),
        "drug-treatment-young-people": (
            ["client_reference", "treatment_start_date"],
            "treatment_start_date",
        ),
        "ambulance-calls": (["call_reference"], "incident_date"),
    }
    for dataset, (key, period) in keys.items():
        for month, frame in zip(world.months, rendered[dataset], strict=True):
            assert not frame.select(key).is_duplicated().any(), dataset
            assert frame[period].is_between(month.first, month.last).all(), dataset
    # call references are unique across months too
    calls = pl.concat(rendered["ambulance-calls"])["call_reference"]
    assert calls.n_unique() == calls.len()


def test_volumes_per_1000_people_a_month(rendered: dict[str, list[pl.DataFrame]]) -> None:
    # A & E after assault: a quarter of the victims of violence with injury and robbery (about
    # 1.1 crimes a month per 1,000 people) and as many again never reported: about 0.57
    assert 0.3 < _per_1000_a_month(rendered["ae-assaults"]) < 0.9
    # alcohol-specific and drug-related admissions: England has about 0.6 a month per 1,000
    assert 0.4 < _per_1000_a_month(rendered["hospital-drug-alcohol-admissions"]) < 1.0
    # ambulance calls where a patient was seen: about 9 a month per 1,000
    assert 7 < _per_1000_a_month(rendered["ambulance-calls"]) < 11.5
    # new drug treatment journeys: adults about 0.17 a month per 1,000 residents, under-18s rare
    assert 0.08 < _per_1000_a_month(rendered["drug-treatment-adults"]) < 0.35
    assert 0 < _per_1000_a_month(rendered["drug-treatment-young-people"]) < 0.06


def test_ae_reported_flag_is_exactly_the_link_to_a_crime(
    world: World, rendered: dict[str, list[pl.DataFrame]]
) -> None:
    shares = []
    for month, frame in zip(world.months, rendered["ae-assaults"], strict=True):
        linked = frame["__crime_reference"].is_not_null()
        assert (frame["reported_to_police"] == linked).all()
        shares.append(linked.sum() / max(1, linked.len()))
        # every patient who reported it is a victim of that crime this month
        victims = (
            crimes(world, month)
            .select("crime_reference", pl.col("victim_ids").alias("__person_id"))
            .explode("__person_id")
            .rename({"crime_reference": "__crime_reference"})
        )
        reported = frame.filter(pl.col("reported_to_police"))
        known = reported.join(victims, on=["__crime_reference", "__person_id"], how="semi")
        assert known.height == reported.height
        # the assault came first, and where it happened follows how it happened
        assert (frame["incident_date"] <= frame["attendance_date"]).all()
        by_scenario = frame.group_by("__scenario").agg(pl.col("__location_type").unique())
        places = dict(zip(*by_scenario.to_dict(as_series=False).values(), strict=True))
        assert places.get("domestic", ["home"]) == ["home"]
        assert set(places.get("nte", [])) <= {
            "licensed_premises_inside",
            "licensed_premises_outside",
        }
    # about half reported: a quarter of victims attend, and as many again never told the police
    assert 0.3 < sum(shares) / len(shares) < 0.7


def test_ae_flags_in_the_hub_match_the_truth(run: Any) -> None:
    """What the hub stored, row by row against the truth: reported to the police exactly when
    the attendance is linked to a crime (faults may blank the flag, never turn it)."""
    months = {
        run.outcomes[s["file"]].supply.id: s["period"]
        for s in run.made.manifest["supplies"]
        if s["dataset"] == "ae-assaults"
    }
    stored = (
        _stored(run, "ae-assaults")
        .select("_row", "_supply_id", "reported_to_police")
        .with_columns(
            pl.col("_supply_id").replace_strict(months, return_dtype=pl.String).alias("month")
        )
    )
    truth = _truth(run, "ae-assaults").with_columns(pl.col("row").cast(pl.Int64).alias("_row"))
    joined = stored.join(truth, on=["month", "_row"]).drop_nulls("reported_to_police")
    assert joined.height > 0.9 * stored.height > 0
    linked = joined["crime_reference"].is_not_null()
    assert (joined["reported_to_police"] == linked).all()
    assert joined["reported_to_police"].mean() == linked.mean()


def test_drug_treatment_ages_and_the_people_behind_it(
    run: Any, world: World, rendered: dict[str, list[pl.DataFrame]]
) -> None:
    young = _stored(run, "drug-treatment-young-people")
    adults = _stored(run, "drug-treatment-adults")
    assert young.height > 0 and adults.height > 0
    assert (young["age"].drop_nulls() < 18).all()
    assert (adults["age"].drop_nulls() >= 18).all()
    people = world.population.people.select(
        pl.col("person_id").alias("__person_id"), "date_of_birth", "offending", "area_kind"
    )
    for dataset, check in (
        ("drug-treatment-young-people", pl.col("true_age") < 18),
        ("drug-treatment-adults", pl.col("true_age") >= 18),
    ):
        frame = pl.concat(rendered[dataset]).join(people, on="__person_id")
        start, born = pl.col("treatment_start_date"), pl.col("date_of_birth")
        before_birthday = (start.dt.month() < born.dt.month()) | (
            (start.dt.month() == born.dt.month()) & (start.dt.day() < born.dt.day())
        )
        true_age = start.dt.year().cast(pl.Int64) - born.dt.year() - before_birthday.cast(pl.Int64)
        assert frame.with_columns(true_age.alias("true_age")).select(check.all()).item(), dataset
        # planned discharge months after the start
        days = (frame["planned_discharge_date"] - frame["treatment_start_date"]).dt.total_days()
        assert (days >= 60).all(), dataset
    treated = pl.concat(rendered["drug-treatment-adults"]).join(people, on="__person_id")
    # a large share of adults starting treatment are people who offend (about 1 in 20 adults)
    assert 0.4 < (treated["offending"] > 0).mean() < 0.9  # type: ignore[operator]
    assert treated["referral_source"].str.starts_with("Criminal Justice").mean() > 0.15  # type: ignore[operator]


def test_admissions_lean_on_people_who_offend_on_the_estates(
    world: World, rendered: dict[str, list[pl.DataFrame]]
) -> None:
    people = world.population.people
    admissions = pl.concat(rendered["hospital-drug-alcohol-admissions"]).join(
        people.select(pl.col("person_id").alias("__person_id"), "offending", "area_kind"),
        on="__person_id",
    )
    offenders = (people["offending"] > 0).mean()
    deprived = people["area_kind"].is_in(["estate", "centre"]).mean()
    assert (admissions["offending"] > 0).mean() > 3 * offenders  # type: ignore[operator]
    assert admissions["area_kind"].is_in(["estate", "centre"]).mean() > deprived  # type: ignore[operator]
    assert admissions["admission_reason"].str.contains(r"^[A-Z]\d\d\.\d ").all()
    alcohol = admissions["admission_reason"].str.contains("alcohol|ethanol").mean()
    assert 0.35 < alcohol < 0.85  # type: ignore[operator]
    # a few patients come back within the month, most do not
    repeats = admissions.group_by(pl.col("admission_date").dt.month(), "__person_id").len()
    assert 0 < (repeats["len"] > 1).mean() < 0.2  # type: ignore[operator]


def test_ambulance_files_are_json_lists_and_link_to_the_other_datasets(
    run: Any, rendered: dict[str, list[pl.DataFrame]]
) -> None:
    plan = next(p for p in health.PLANS if p.dataset == "ambulance-calls")
    for supply in run.made.manifest["supplies"]:
        if supply["dataset"] == "ambulance-calls":
            records = json.loads((run.made.folder / supply["file"]).read_text("utf-8"))
            assert isinstance(records, list) and records
            assert all(isinstance(r, dict) for r in records)
            assert set().union(*records) <= set(plan.headers.values())
            assert {r.get("Sex") for r in records} <= {
                "Male",
                "Female",
                "Other",
                "Unknown",
                "ZZ",
                None,
            }
    calls = pl.concat(rendered["ambulance-calls"])
    # falls and breathing problems lead; assaults are a few in a hundred
    kinds = calls["incident_type"].value_counts(normalize=True, name="share")
    share = dict(zip(kinds["incident_type"], kinds["share"], strict=True))
    assert share["Fall"] > share["Assault"] and share["Breathing problems"] > share["Assault"]
    assert 0.01 < share["Assault"] < 0.06
    assert calls.filter(pl.col("incident_type") == "Fall")["age"].mean() > calls["age"].mean()  # type: ignore[operator]
    # assault calls are the victims who went to A & E, or of crimes in the month
    assaults = calls.filter(pl.col("incident_type") == "Assault")
    ae = pl.concat(rendered["ae-assaults"])
    went = assaults.join(ae, on="__person_id", how="semi").height
    linked = assaults["__crime_reference"].is_not_null().sum()
    assert went + linked >= assaults.height
    # overdoses come from the same people the hospital admits
    admitted = pl.concat(rendered["hospital-drug-alcohol-admissions"])
    overdoses = calls.filter(pl.col("incident_type") == "Overdose / poisoning")
    assert overdoses.join(admitted, on="__person_id", how="semi").height > 0.3 * overdoses.height


def test_ambulance_calls_peak_in_winter() -> None:
    world = World.build(SEED, PEOPLE, 12)
    calls = {m.month: health.ambulance_calls(world, m).height for m in world.months}
    # winter pressures: December and January about 15% busier than June and July
    assert calls[12] + calls[1] > 1.04 * (calls[6] + calls[7])


def test_a_planted_cluster_appears_from_its_month() -> None:
    world = World.build(SEED, 20_000, 3)
    place = world.places.filter(pl.col("kind") == "licensed").row(0, named=True)
    start = world.months[1]
    for dataset, kind in (
        ("ae-assaults", "licensed_premises_outside"),
        ("ambulance-calls", "Alcohol intoxication"),
    ):
        world.clusters.append(
            Cluster(
                id=f"test-{dataset}",
                dataset=dataset,
                kind=kind,
                lsoa=place["lsoa"],
                easting=place["easting"],
                northing=place["northing"],
                radius_m=200,
                start=start,
                end=world.months[-1],
                per_month=6,
            )
        )
    for month in world.months:
        for render, dataset in (
            (health.ae_assaults, "ae-assaults"),
            (health.ambulance_calls, "ambulance-calls"),
        ):
            planted = render(world, month).filter(pl.col("__cluster") == f"test-{dataset}")
            if month < start:
                assert planted.height == 0
                continue
            assert planted.height >= 4, (dataset, month)  # six, less same-day repeats
            distance = (
                (planted["__easting"] - place["easting"]) ** 2
                + (planted["__northing"] - place["northing"]) ** 2
            ).sqrt()
            assert (distance <= 200).all()


def test_the_same_seed_gives_the_same_records() -> None:
    first, second = World.build(3, 5_000, 1), World.build(3, 5_000, 1)
    month = Month(2025, 1)
    for plan in health.PLANS:
        assert plan.render(first, month).equals(plan.render(second, month)), plan.dataset


def test_local_codes_are_the_agencies_own(run: Any) -> None:
    for supply in run.made.manifest["supplies"]:
        if supply["dataset"] == "ae-assaults":
            lines = Path(run.made.folder / supply["file"]).read_text("utf-8").splitlines()
            column = lines[0].split("|").index("Location Type Code")
            codes = {line.split("|")[column] for line in lines[1:] if line.count("|") > column}
            assert codes <= {"01", "02", "03", "04", "98", "", "ZZ"}
            assert codes & {"02", "03"}
    maps = {(m["dataset"], m["field"]) for m in run.made.manifest["code_maps"]}
    assert ("ae-assaults", "location_type") in maps
    assert ("drug-treatment-adults", "gender") in maps
