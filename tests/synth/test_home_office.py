"""The Home Office Data Hub returns: the reduced crime requirement and the HR requirement, each
ingested with the counts the generator expects, and the force's workforce behind them."""

from __future__ import annotations

import dataclasses
import itertools
from pathlib import Path

import polars as pl
import pytest
from harness import make_and_ingest, plans_of

from csphub.synth import vocabulary as v
from csphub.synth.crime import crimes
from csphub.synth.datasets import home_office
from csphub.synth.supply import Faults
from csphub.synth.workforce import OFFICER, PCSO, RANKS, STAFF, workforce
from csphub.synth.world import World

DATASETS = {
    "hodh-crime",
    "hodh-hr-employee",
    "hodh-hr-rank",
    "hodh-hr-abstraction",
    "hodh-hr-assignment",
    "hodh-applicant",
}


@pytest.fixture(scope="module")
def world() -> World:
    """A year of a 20,000-person Eastbrook (a force of about 77)."""
    return World.build(11, 20_000, 12)


def test_all_six_returns_ingest_as_expected(tmp_path: Path) -> None:
    run = make_and_ingest(tmp_path, plans=plans_of("home_office"), people=20_000, months=4)
    assert run.mismatches == [], "\n\n".join(run.mismatches)
    supplies = run.made.manifest["supplies"]
    months: dict[str, set[str]] = {}
    for supply in supplies:
        months.setdefault(supply["dataset"], set()).add(supply["period"])
    assert set(months) == DATASETS
    assert all(len(m) >= 2 for m in months.values()), months
    # the employee snapshot is keyed on pay number: sent again, most rows are unchanged (a
    # return rejected for a rare hard fault stores nothing)
    later = [
        o.supply
        for f, o in run.outcomes.items()
        if "hodh-hr-employee" in f and not f.endswith("2025-01.csv") and o.supply.rows_rejected == 0
    ]
    assert later and all(s.rows_unchanged / s.rows_read > 0.85 for s in later)
    employees = run.hub.archive.read_records(run.hub.dataset("hodh-hr-employee"))
    assert employees["pay_number"].n_unique() == employees.filter(pl.col("_version") == 1).height


def test_one_chief_constable_and_a_rank_pyramid_every_month(world: World) -> None:
    force = workforce(world)
    for month in world.months:
        on = force.on(month.last)
        officers = on.filter(pl.col("staff_type") == OFFICER)
        counts = [officers.filter(pl.col("rank") == r).height for r in RANKS]
        assert counts[RANKS.index("chief_constable")] == 1
        assert counts[RANKS.index("deputy_chief_constable")] == 1
        assert 1 <= counts[RANKS.index("assistant_chief_constable")] <= 2
        assert counts[0] / officers.height > 0.55  # constables, the large majority
        assert all(above <= below for below, above in itertools.pairwise(counts))
        # about 2.1 officers, 1.5 staff and 0.25 PCSOs per 1,000 residents
        per_1000 = {
            t: on.filter(pl.col("staff_type") == t).height / world.people_count * 1000
            for t in (OFFICER, STAFF, PCSO)
        }
        assert 1.8 <= per_1000[OFFICER] <= 2.3, per_1000
        assert 1.2 <= per_1000[STAFF] <= 1.7, per_1000
        assert 0.15 <= per_1000[PCSO] <= 0.35, per_1000


def test_employee_records_are_consistent_and_plausible(world: World) -> None:
    force = workforce(world)
    frames = [home_office.employees(world, m) for m in world.months]
    for month, frame in zip(world.months, frames, strict=True):
        assert frame["pay_number"].is_unique().all()
        # 6+1 follows from 16+1 for every employee
        expected = frame["ethnicity"].replace_strict(v.ETHNICITY_6_OF_16)
        assert (frame["ethnicity_6"] == expected).all()
        assert (frame["date_left"].drop_nulls() <= month.last).all()
        assert (frame["date_joined"] <= month.last).all()
        assert frame["leaving_reason"].is_null().eq(frame["date_left"].is_null()).all()
        officers = frame.filter(pl.col("staff_type") == OFFICER)
        # officers joined in the last two years (not transferees) are probationers
        recent = officers.filter(
            (pl.col("date_joined") > pl.lit(month.last).dt.offset_by("-2y"))
            & ~pl.col("transfer_flag")
        )
        assert recent["probationer_flag"].all()
        assert 0.05 <= officers["probationer_flag"].mean() <= 0.40  # type: ignore[operator]
        ages = (month.last - frame["date_of_birth"]).dt.total_days() / 365.25
        assert ages.min() >= 18 and ages.max() <= 70  # type: ignore[operator]
        assert set(frame["working_pattern"]) <= {"full_time", "part_time"}
        part_time = frame.filter(pl.col("working_pattern") == "part_time")
        assert (part_time["hours_per_week"] < 37).all()
    # a year of comings and goings: leavers with reasons, joiners with new pay numbers
    members = force.members
    leavers = members.filter(pl.col("date_left").is_not_null())
    assert 0.04 <= leavers.height / frames[0].height <= 0.25  # a year's wastage
    assert leavers["leaving_reason"].is_not_null().all()
    joiners = members.filter(pl.col("date_joined") >= world.months[0].first)
    assert joiners.height >= 1
    first_pay = frames[0]["pay_number"].cast(pl.Int64).max()
    assert (joiners["pay_number"].cast(pl.Int64) > first_pay).all()
    female = frames[0].group_by("staff_type").agg((pl.col("gender") == "F").mean().alias("f"))
    share = dict(female.iter_rows())
    assert 0.2 <= share[OFFICER] <= 0.5 and 0.45 <= share[STAFF] <= 0.8


def test_rank_assignment_and_abstraction_records(world: World) -> None:
    force = workforce(world)
    first = world.months[0]
    employed = home_office.employees(world, first)
    ranks = home_office.ranks(world, first)
    posts = home_office.assignments(world, first)
    # the first return: every rank record and assignment in force, one current for everyone
    assert set(ranks["pay_number"]) == set(employed["pay_number"])
    assert set(posts["pay_number"]) == set(employed["pay_number"])
    staff = ranks.join(employed.select("pay_number", "staff_type"), on="pay_number")
    assert staff.filter(pl.col("staff_type") == OFFICER)["rank"].is_not_null().all()
    assert staff.filter(pl.col("staff_type") == OFFICER)["grade"].is_null().all()
    assert staff.filter(pl.col("staff_type") != OFFICER)["grade"].is_not_null().all()
    promoted = 0
    for month in world.months:
        for frame in (
            home_office.ranks(world, month),
            home_office.assignments(world, month),
        ):
            assert not frame.select("pay_number", "start_date").is_duplicated().any()
            ended = frame.filter(pl.col("end_date").is_not_null())
            assert (ended["end_date"] >= ended["start_date"]).all()
            assert (ended["end_date"] <= month.last).all()
        if month != first:
            records = home_office.ranks(world, month)
            new = records.filter(pl.col("start_date") >= month.first)
            existing = force.members.filter(pl.col("date_joined") < month.first)["pay_number"]
            promoted += new.filter(pl.col("pay_number").is_in(existing.implode())).height
        absences = home_office.abstractions(world, month)
        assert (
            not absences.select("pay_number", "abstraction_type", "start_date")
            .is_duplicated()
            .any()
        )
        sick = absences.filter(pl.col("abstraction_type") == "sickness")
        other = absences.filter(pl.col("abstraction_type") != "sickness")
        assert sick["days_lost"].is_not_null().all() and (sick["hours_lost"] > 0).all()
        assert other["hours_lost"].is_null().all() and other["assault_on_duty_flag"].is_null().all()
    assert promoted >= 1  # a year brings promotions
    # about 9 days' sickness an employee a year, a few per cent after an assault on duty
    sickness = force.absences.filter(pl.col("abstraction_type") == "sickness")
    days = sickness.select(
        pl.business_day_count("start_date", pl.col("end_date").dt.offset_by("1d")).clip(1)
    ).to_series()
    assert 4 <= days.sum() / employed.height <= 16
    assert 0.01 <= sickness["assault_on_duty_flag"].mean() <= 0.12  # type: ignore[operator]


def test_crime_return_is_the_months_crimes_without_postcodes_or_people(world: World) -> None:
    personal = {"postcode", "age", "gender", "ethnicity", "easting", "northing", "address"}
    for month in world.months[:3]:
        month_crimes = crimes(world, month)
        frame = home_office.crime_return(world, month)
        assert frame.height == month_crimes.height
        assert frame["cris_number"].is_unique().all()
        supplied = [c for c in frame.columns if not c.startswith("__")]
        assert not any(word in c for c in supplied for word in personal)
        assert frame["date_recorded"].is_between(month.first, month.last).all()
        assert set(frame["msoa_code"]) <= set(world.geography.properties["msoa"])
        detected = frame.filter(pl.col("status") == "detected")
        assert detected.height == month_crimes["detected"].sum()
        assert detected["date_cleared_up"].is_not_null().all()
        assert (detected["date_cleared_up"] >= detected["date_recorded"]).all()
        assert frame.filter(pl.col("status") != "detected")["accused_references"].is_null().all()
        assert detected["accused_references"].is_not_null().mean() > 0.95  # type: ignore[operator]
        assert (frame["prefix"] == "substantive").mean() > 0.9  # type: ignore[operator]
        knives = frame.filter(pl.col("crimsec_code") == "010/01")
        assert (knives["knife_feature_code"] == home_office.KNIFE_POSSESSED).all()
    plan = next(p for p in home_office.PLANS if p.dataset == "hodh-crime")
    assert not any(word in h.lower() for h in plan.headers.values() for word in personal)
    # the accused are the offenders the force's own offender file names
    month = world.months[0]
    from csphub.synth.datasets.police_crime import offenders

    named = set(offenders(world, month)["offender_reference"])
    accused = home_office.crime_return(world, month)["accused_references"].drop_nulls()
    refs = {r for text in accused for r in text.split(";")}
    assert refs and refs <= named
    # the CRIS number is derived from the local crime reference, one for one
    frame = home_office.crime_return(world, month)
    assert frame.select("cris_number", "__crime_reference").n_unique() == frame.height
    assert frame["cris_number"].str.contains(r"^[0-9]{8}/[0-9]{2}$").all()


def test_applicants_are_received_in_the_month_from_eastbrook(world: World) -> None:
    frames = [home_office.applicants(world, m) for m in world.months]
    total = sum(f.height for f in frames)
    per_month = total / len(frames)
    assert 3 <= per_month <= 12  # about 0.08 an employee a month, a force of about 77
    postcodes = set(world.places["postcode"])
    for month, frame in zip(world.months, frames, strict=True):
        if frame.height == 0:
            continue
        assert frame["applicant_reference"].is_unique().all()
        assert frame["date_received"].is_between(month.first, month.last).all()
        assert (frame["status_date"] >= frame["date_received"]).all()
        assert (frame["status_date"] <= month.last).all()
        assert set(frame["location_postcode"]) <= postcodes
        specials = frame.filter(pl.col("application_type") == "Special Constable")
        assert specials["special_flag"].all()
    both = pl.concat(frames)
    assert (both["application_status"] == "appointed").sum() == 0  # too soon to be appointed
    assert both["application_status"].n_unique() >= 3


def test_one_hard_fault_rejects_the_whole_return(tmp_path: Path) -> None:
    crime_plan = next(p for p in plans_of("home_office") if p.dataset == "hodh-crime")
    careless = dataclasses.replace(crime_plan, faults=Faults(invalid_code=0.03, bad_date=0.005))
    run = make_and_ingest(tmp_path, plans=[careless], people=6_000, months=3)
    assert run.mismatches == [], "\n\n".join(run.mismatches)
    rejected = [
        s
        for s in run.made.manifest["supplies"]
        if s["expect"]["rows_quarantined"] == s["expect"]["rows_read"] > 0
    ]
    assert rejected, "expected a rejected supply"
    for supply in rejected:
        outcome = run.outcomes[supply["file"]].supply
        assert outcome.rows_rejected == outcome.rows_read == supply["expect"]["rows_read"]
        assert outcome.rows_new == 0


def test_the_workforce_is_the_same_for_the_same_seed() -> None:
    one = workforce(World.build(5, 6_000, 3))
    two = workforce(World.build(5, 6_000, 3))
    assert one.members.equals(two.members) and one.ranks.equals(two.ranks)
    assert one.posts.equals(two.posts) and one.absences.equals(two.absences)
    # each month follows from the last: a longer run has the same first months
    longer = workforce(World.build(5, 6_000, 5))
    cut = World.build(5, 6_000, 3).months[-1].last
    for short, long in ((one.ranks, longer.ranks), (one.absences, longer.absences)):
        key = [c for c in short.columns if c in ("pay_number", "rank", "grade", "start_date")]
        key += [c for c in short.columns if c == "abstraction_type"]
        assert (
            short.filter(pl.col("start_date") <= cut)
            .select(key)
            .equals(long.filter(pl.col("start_date") <= cut).select(key))
        )


def test_the_vehicle_crime_spate_reaches_the_return_from_its_month(world: World) -> None:
    spate = next(c for c in world.clusters if c.kind == "045/00")
    for month in world.months:
        frame = home_office.crime_return(world, month)
        planted = frame.filter(pl.col("__cluster") == spate.id)
        if spate.active(month):
            assert planted.height == spate.per_month
            assert (planted["crimsec_code"] == "045/00").all()
            assert planted["msoa_code"].n_unique() <= 2  # one place, so one MSOA (or a border)
        else:
            assert planted.height == 0
