"""The police's other supplies and the data.police.uk files: ingested with the counts the generator
expects, and shaped like the real thing (volumes, times, people, places, the course of crimes)."""

from __future__ import annotations

import hashlib
import itertools
import re
from typing import Any

import numpy as np
import polars as pl
import pytest
from harness import Ingested, make_and_ingest, plans_of, truth_faults

from csphub.synth import police_events as events
from csphub.synth.crime import crimes
from csphub.synth.datasets import police
from csphub.synth.world import Cluster, Month, World

SEED = 7
PEOPLE = 10_000
MONTHS = 3
DATASETS = {
    "police-incidents",
    "police-stop-search",
    "police-drug-tests",
    "police-detections",
    "ppo",
    "policeuk-street",
    "policeuk-outcomes",
    "policeuk-stop-search",
}
# The header of a real data.police.uk street file.
STREET_HEADER = (
    "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,"
    "Crime type,Last outcome category,Context"
)


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Ingested:
    return make_and_ingest(
        tmp_path_factory.mktemp("police"),
        plans=plans_of("police"),
        people=PEOPLE,
        months=MONTHS,
        seed=SEED,
    )


@pytest.fixture(scope="module")
def world() -> World:
    """The generator's own world of the ingested run: the same seed, people and months."""
    return World.build(SEED, PEOPLE, MONTHS)


@pytest.fixture(scope="module")
def year() -> World:
    """A bigger town over a whole year, for shares and seasons."""
    return World.build(11, 20_000, 12)


def _supplies(run: Ingested, dataset: str) -> list[dict[str, Any]]:
    return sorted(
        (s for s in run.made.manifest["supplies"] if s["dataset"] == dataset),
        key=lambda s: s["period"],
    )


def _truth(run: Ingested, supply: dict[str, Any]) -> pl.DataFrame:
    """The ground truth of a supply's rows (truth columns lose their "__")."""
    name = f"{supply['agency']}-{supply['dataset']}.csv"
    return pl.read_csv(
        run.made.folder / "truth" / "records" / supply["period"] / name, infer_schema=False
    )


def _records(run: Ingested, dataset: str) -> pl.DataFrame:
    return run.hub.archive.read_records(run.hub.dataset(dataset))


def _each_month(year: World, render: Any) -> pl.DataFrame:
    return pl.concat(
        [render(year, m).with_columns(pl.lit(m.label).alias("__month")) for m in year.months],
        how="diagonal_relaxed",
    )


# --------------------------------------------------------------------------- ingest


def test_every_dataset_ingests_as_expected(run: Ingested) -> None:
    assert run.mismatches == [], "\n\n".join(run.mismatches)
    assert {s["dataset"] for s in run.made.manifest["supplies"]} == DATASETS
    for dataset in DATASETS:
        assert len(_supplies(run, dataset)) >= 2, dataset
    # the police's own files carry faults, police.uk's machine-made files none
    for supply in run.made.manifest["supplies"]:
        if supply["agency"] == "policeuk":
            assert supply["faults"] == 0 and supply["expect"]["rows_quarantined"] == 0
    force = [s for s in run.made.manifest["supplies"] if s["agency"] == "eastbrook-police"]
    assert sum(s["faults"] for s in force) > 0


def test_keys_are_unique_in_every_month(year: World) -> None:
    keys = {
        police.police_incidents: "incident_reference",
        police.police_stop_search: "search_reference",
        police.police_detections: "crime_reference",
        police.ppo: "offender_reference",
    }
    for month in year.months[:4]:
        for render, key in keys.items():
            frame = render(year, month)
            assert frame[key].n_unique() == frame.height, (render.__name__, month.label)


def test_the_same_seed_gives_the_same_records() -> None:
    first, second = World.build(3, 3_000, 2), World.build(3, 3_000, 2)
    for plan in police.PLANS:
        for month in first.months:
            assert plan.render(first, month).equals(plan.render(second, month)), plan.dataset


# --------------------------------------------------------------------------- incidents


def test_incidents_volume_types_and_times(run: Ingested) -> None:
    incidents = _records(run, "police-incidents")
    per_1000_month = incidents.height / MONTHS / (PEOPLE / 1000)
    assert 7 <= per_1000_month <= 13  # about 10, a little under in winter
    types = set(incidents["incident_type"].drop_nulls())
    for wanted in ("Rowdy", "Street Drinking", "Vehicle Nuisance", "Hoax Call", "Domestic"):
        assert any(wanted in t for t in types), wanted
    dated = incidents.drop_nulls(["incident_date", "incident_time"])
    evening = dated.filter(pl.col("incident_time").dt.hour() >= 16).height / dated.height
    assert evening > 0.45  # a third of the day holds about half the calls
    friday_saturday = dated.filter(pl.col("incident_date").dt.weekday().is_in([5, 6]))
    assert friday_saturday.height / dated.height > 0.30  # 2/7 = 0.29 if flat


def test_incidents_are_heavier_in_summer(year: World) -> None:
    january = events.incidents(year, year.months[0]).height
    july = events.incidents(year, year.months[6]).height
    assert july / january > 1.15


def test_domestic_incidents_are_at_the_victims_home_and_not_always_crimes(year: World) -> None:
    frame = _each_month(year, police.police_incidents).filter(pl.col("domestic_flag"))
    assert frame.height > 100
    victims = year.population.relationships["victim_id"].implode()
    assert frame["__person_id"].is_in(victims).all()
    homes = year.population.people.select(pl.col("person_id").alias("__person_id"), "uprn")
    at_home = frame.join(homes, on="__person_id")
    assert (at_home["__uprn"] == at_home["uprn"]).all()
    crime_share = frame["__crime_reference"].is_not_null().mean()
    assert crime_share is not None and 0.25 <= float(crime_share) <= 0.75
    # and those that are crimes are the month's domestic crimes
    month = year.months[2]
    linked = police.police_incidents(year, month)["__crime_reference"].drop_nulls()
    domestic = crimes(year, month).filter(pl.col("scenario") == "domestic")
    assert set(linked) <= set(domestic["crime_reference"])
    assert len(linked) >= 0.75 * domestic.height


def test_a_planted_incident_or_search_cluster_appears_from_its_month() -> None:
    town = World.build(5, 4_000, 3)
    centre = town.places.filter(pl.col("residential")).row(100, named=True)
    planted_kinds = (
        ("police-incidents", "ASB - Street Drinking"),
        ("police-stop-search", "Offensive weapons"),
    )
    for dataset, kind in planted_kinds:
        town.clusters.append(
            Cluster(
                id=f"T-{dataset}",
                dataset=dataset,
                kind=kind,
                lsoa=centre["lsoa"],
                easting=centre["easting"],
                northing=centre["northing"],
                radius_m=200,
                start=town.months[1],
                end=town.months[2],
                per_month=6,
            )
        )
    for month in town.months:
        for render, kind_field in (
            (police.police_incidents, "incident_type"),
            (police.police_stop_search, "search_reason"),
        ):
            planted = render(town, month).filter(pl.col("__cluster").is_not_null())
            if month == town.months[0]:
                assert planted.height == 0
                continue
            assert planted.height == 6
            assert planted[kind_field].n_unique() == 1
            distance = np.hypot(
                planted["__easting"].to_numpy() - centre["easting"],
                planted["__northing"].to_numpy() - centre["northing"],
            )
            assert (distance <= 200).all()


# --------------------------------------------------------------------------- stop and search


def test_stop_and_search_volume_and_who_is_searched(year: World) -> None:
    searches = _each_month(year, police.police_stop_search)
    per_1000_month = searches.height / len(year.months) / 20
    assert 0.4 <= per_1000_month <= 0.8
    people = year.population.people.select(
        pl.col("person_id").alias("__person_id"), "offending", "area_kind"
    )
    searched = searches.join(people, on="__person_id")
    assert (searched["gender"] == "M").mean() > 0.8
    assert (searched["age"] < 25).mean() > 0.4
    population = year.population.people.filter(pl.col("age").is_between(10, 75))
    offenders_searched = float((searched["offending"] > 0).mean())
    offenders = float((population["offending"] > 0).mean())
    assert offenders_searched > 5 * offenders
    estate_or_centre = pl.col("area_kind").is_in(["estate", "centre"])
    assert (
        searched.select(estate_or_centre.mean()).item()
        > population.select(estate_or_centre.mean()).item() + 0.1
    )
    assert set(searches["search_reason"]) == {
        "Drugs",
        "Offensive weapons",
        "Stolen property",
        "Going equipped",
    }
    assert (searches["search_result"] == "No further action").mean() > 0.5
    assert set(searches["search_result"]) <= set(events.SEARCH_RESULTS)


# --------------------------------------------------------------------------- drug tests


def test_drug_tests_are_of_adults_arrested_for_trigger_offences(year: World) -> None:
    tests = _each_month(year, police.police_drug_tests)
    assert tests.height > 20
    assert set(tests["offence_code"]) <= set(police.TRIGGER_OFFENCES)
    arrested = pl.concat([events.course(year, m) for m in year.months]).filter("detected")
    tested = tests.join(
        arrested.select("crime_reference", "outcome_on", "offender_ids"),
        on="crime_reference",
        how="left",
    )
    assert tested["outcome_on"].is_not_null().all()
    assert (tested["test_date"] == tested["outcome_on"]).all()  # tested on arrest
    assert tested.select(pl.col("offender_ids").list.contains(pl.col("__person_id")).all()).item()
    positive = tests["drug_test_result"] == "Positive"
    assert 0.25 <= float(positive.mean()) <= 0.75
    assert (tests["drug_type"].is_not_null() == positive).all()
    assert set(tests["drug_type"].drop_nulls()) <= {"Opiates", "Cocaine", "Both"}


# --------------------------------------------------------------------------- detections


def test_detections_are_resupplied_and_revised(run: Ingested) -> None:
    supplies = _supplies(run, "police-detections")
    rows = [s["expect"]["rows_read"] for s in supplies]
    assert rows == sorted(rows) and rows[-1] > 2 * rows[0]  # six months build up
    revised = sum(run.outcomes[s["file"]].supply.rows_revised for s in supplies)
    assert revised > 0
    versions = _records(run, "police-detections")
    changed = versions.filter(pl.col("_version") > 1)["crime_reference"]
    history = versions.filter(pl.col("crime_reference").is_in(changed.implode())).sort(
        "crime_reference", "_version"
    )
    first = history.group_by("crime_reference").agg(pl.col("detection_status").first())
    assert (first["detection_status"] == "undetected").mean() > 0.5


def test_a_detection_is_never_undone(year: World) -> None:
    statuses = _each_month(year, police.police_detections)
    assert set(statuses["detection_status"]) <= set(police.DETECTION_CODES)
    by_crime = (
        statuses.sort("crime_reference", "__month")
        .group_by("crime_reference")
        .agg(pl.col("detection_status"))
    )
    for history in by_crime["detection_status"]:
        detected = [s != "undetected" for s in history]
        assert detected == sorted(detected)
    # about the share of crimes detected nationally, once investigations are done
    done = statuses.filter(pl.col("__month") == year.months[-1].label)
    assert 0.08 <= (done["detection_status"] != "undetected").mean() <= 0.4


# --------------------------------------------------------------------------- PPOs


def test_ppo_cohort_is_listed_every_month(run: Ingested) -> None:
    people = pl.read_csv(run.made.folder / "truth" / "people.csv", infer_schema=False)
    size = people.filter(pl.col("ppo") == "true").height
    assert 0.0003 * PEOPLE <= size <= 0.001 * PEOPLE
    for supply in _supplies(run, "ppo"):
        truth = _truth(run, supply)
        assert truth["person_id"].n_unique() == size
    current = _records(run, "ppo").filter(
        pl.col("_version") == pl.col("_version").max().over("_key")
    )
    assert current.height == size
    assert current["offences_committed"].is_not_null().mean() > 0.5


def test_ppo_status_changes_for_a_few_each_month(year: World) -> None:
    lists = [police.ppo(year, m).sort("offender_reference") for m in year.months]
    changed = [
        float((a["current_status"] != b["current_status"]).mean())
        for a, b in itertools.pairwise(lists)
    ]
    assert 0.02 <= sum(changed) / len(changed) <= 0.4
    assert set(lists[0]["current_status"]) <= set(police.PPO_STATUSES)


# --------------------------------------------------------------------------- police.uk


def test_street_file_is_the_months_crimes_and_asb(run: Ingested, world: World) -> None:
    for supply in _supplies(run, "policeuk-street"):
        month = Month(*map(int, supply["period"].split("-")))
        offences = crimes(world, month).height
        asb = events.incidents(world, month).filter(pl.col("asb")).height
        assert supply["expect"]["rows_read"] == offences + asb
        text = (run.made.folder / supply["file"]).read_text(encoding="utf-8")
        assert text.splitlines()[0] == STREET_HEADER
    street = _records(run, "policeuk-street")
    asb_rows = street.filter(pl.col("crime_type") == "Anti-social behaviour")
    assert asb_rows.height > 0 and asb_rows["crime_id"].is_null().all()
    assert asb_rows["last_outcome_category"].is_null().all()
    crime_rows = street.filter(pl.col("crime_type") != "Anti-social behaviour")
    assert crime_rows["crime_id"].str.contains("^[0-9a-f]{64}$").all()
    assert crime_rows["last_outcome_category"].is_not_null().all()
    assert (crime_rows["last_outcome_category"] == "Under investigation").mean() > 0.3
    truth = pl.concat([_truth(run, s) for s in _supplies(run, "policeuk-street")])
    references = truth["crime_reference"].drop_nulls()
    ids = {hashlib.sha256(r.encode()).hexdigest() for r in references}
    assert ids == set(crime_rows["crime_id"])
    # anonymised places: a map point on or near a street, or no location at all
    located = street.filter(pl.col("location") != "No Location")
    assert located["location"].str.starts_with("On or near ").all()
    assert located["lsoa_name"].str.contains(r"^Eastbrook \d{3}[A-Z]+$").all()
    assert located["longitude"].is_not_null().all()
    hidden = street.filter(pl.col("location") == "No Location")
    assert 0.005 <= hidden.height / street.height <= 0.1
    assert hidden["latitude"].is_null().all() and hidden["lsoa_code"].is_null().all()
    assert (street["reported_by"] == "Eastbrook Constabulary").all()
    # fewer map points than places: records share them
    assert located.select(pl.struct("latitude", "longitude").n_unique()).item() < located.height


def test_the_vehicle_crime_spate_shows_in_the_street_file_from_its_month(
    run: Ingested, world: World
) -> None:
    spate = next(c for c in world.clusters if c.dataset == "police-crime-offence")
    for supply in _supplies(run, "policeuk-street"):
        month = Month(*map(int, supply["period"].split("-")))
        planted = _truth(run, supply).filter(pl.col("cluster") == spate.id)
        assert planted.height == (spate.per_month if spate.active(month) else 0)


def test_outcomes_are_for_crimes_published_this_month_or_before(
    run: Ingested, world: World
) -> None:
    published: set[str] = set()
    for street, outcomes in zip(
        _supplies(run, "policeuk-street"), _supplies(run, "policeuk-outcomes"), strict=True
    ):
        assert street["period"] == outcomes["period"]
        published |= set(_truth(run, street)["crime_reference"].drop_nulls())
        truth = _truth(run, outcomes)
        assert set(truth["crime_reference"]) <= published
        month = Month(*map(int, outcomes["period"].split("-")))
        reached = events.recent_crimes(world, month).filter(
            pl.col("outcome_on").is_between(month.first, month.last)
        )
        assert outcomes["expect"]["rows_read"] == reached.height
    rows = _records(run, "policeuk-outcomes")
    assert set(rows["outcome_type"]) <= {
        "Suspect charged",
        "Offender given a caution",
        "Offender given penalty notice",
        "Local resolution",
        "Suspect charged as part of another case",
        "Investigation complete; no suspect identified",
        "Unable to prosecute suspect",
    }
    placed = rows["location"].str.starts_with("On or near ") | (rows["location"] == "No location")
    assert placed.all()


def test_police_uk_searches_are_the_forces_searches(run: Ingested, world: World) -> None:
    force = _supplies(run, "police-stop-search")
    public = _supplies(run, "policeuk-stop-search")
    for ours, theirs in zip(force, public, strict=True):
        month = Month(*map(int, ours["period"].split("-")))
        count = events.searches(world, month).height
        duplicates = [
            f for f in truth_faults(run.made, ours["file"]) if f["fault"] == "duplicate_row"
        ]
        assert ours["expect"]["rows_read"] - len(duplicates) == count
        assert theirs["expect"]["rows_read"] == count
        lines = (run.made.folder / theirs["file"]).read_text(encoding="utf-8").splitlines()
        dates = [line.split(",")[1] for line in lines[1:]]
        assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+00:00", d) for d in dates)
    rows = _records(run, "policeuk-stop-search")
    assert set(rows["gender"].drop_nulls()) <= {"Male", "Female", "Other"}
    assert rows.filter(pl.col("type") == "Vehicle search")["gender"].is_null().all()
    people = rows.filter(pl.col("type") != "Vehicle search")
    assert set(people["self_defined_ethnicity"].drop_nulls()) <= set(police.SELF_DEFINED.values())
    officer_defined = set(people["officer_defined_ethnicity"].drop_nulls())
    assert officer_defined <= {"White", "Black", "Asian", "Other"}
    assert set(people["age_range"].drop_nulls()) <= {"10-17", "18-24", "25-34", "over 34"}
    nothing_found = rows.filter(pl.col("outcome") == "A no further action disposal")
    assert nothing_found["outcome_linked_to_object_of_search"].is_null().all()
