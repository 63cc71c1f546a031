"""Offender management: OASys, ASSET, prison and YOI releases, ingested with the counts the
generator expects, and realistic in their volumes, risks, people and links to crime."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import numpy as np
import polars as pl
import pytest
from harness import make_and_ingest, plans_of

from csphub.synth.crime import crimes
from csphub.synth.datasets import justice
from csphub.synth.world import World

PEOPLE = 40_000
MONTHS = 12


@cache
def rendered() -> dict[str, pl.DataFrame]:
    """A year of each dataset's true records for a town of 40,000, with the month's detected
    offenders alongside (rendered straight from the world, without files or a hub)."""
    world = World.build(11, PEOPLE, MONTHS)
    parts: dict[str, list[pl.DataFrame]] = {k: [] for k in ("oasys", "yos", "prison", "yoi")}
    detected = []
    for month in world.months:
        for name, render in (
            ("oasys", justice.oasys),
            ("yos", justice.yos),
            ("prison", justice.prison_releases),
            ("yoi", justice.yoi_releases),
        ):
            parts[name].append(render(world, month).with_columns(pl.lit(month.label).alias("m")))
        detected.append(
            crimes(world, month)
            .filter(pl.col("detected"))
            .select(pl.col("offender_ids").alias("person_id"))
            .explode("person_id")
            .drop_nulls()
            .unique()
            .with_columns(pl.lit(month.label).alias("m"))
        )
        world.forget(month)
    frames = {k: pl.concat(v, how="diagonal_relaxed") for k, v in parts.items()}
    frames["detected"] = pl.concat(detected)
    frames["people"] = world.population.people
    frames["premises"] = pl.DataFrame({"uprn": [justice.approved_premises(world)]})
    return frames


def per_1000_month(frame: pl.DataFrame) -> float:
    return frame.height / (PEOPLE / 1000) / MONTHS


# --------------------------------------------------------------------------- ingestion


def test_all_four_supplies_ingest_as_expected_and_reassessments_are_new_records(
    tmp_path: Path,
) -> None:
    run = make_and_ingest(tmp_path, plans=plans_of("justice"), people=30_000, months=7)
    assert run.mismatches == [], "\n\n".join(run.mismatches)
    datasets = {s["dataset"] for s in run.made.manifest["supplies"]}
    assert datasets == {"probation-oasys", "yos-assessments", "prison-releases", "yoi-releases"}
    oasys = run.hub.archive.read_records(run.hub.dataset("probation-oasys"))
    assert oasys.height > 7 * 15  # about 24 a month expected at 30,000 people
    # a client assessed again in a later month: a new record (a new key, version 1), not a
    # revision of the earlier assessment
    months = oasys.with_columns(pl.col("assessment_date").dt.strftime("%Y-%m").alias("month"))
    again = months.group_by("client_reference").agg(
        pl.col("month").n_unique().alias("months"), pl.len().alias("records")
    )
    reassessed = again.filter(pl.col("months") >= 2)
    assert reassessed.height >= 5
    repeat = oasys.join(reassessed.select("client_reference"), on="client_reference")
    assert (repeat["_version"] == 1).all()
    assert repeat["_key"].n_unique() == repeat.height
    # the reference is the person's: the same CRN, one home postcode (bar recording slips)
    postcodes = repeat.group_by("client_reference").agg(pl.col("location_postcode").n_unique())
    assert (postcodes["location_postcode"] == 1).mean() > 0.8
    # risk of harm arrives in nDelius register codes and is read through the code map
    assert {m["field"] for m in run.made.manifest["code_maps"]} == {
        "risk_of_harm",
        "risk_of_serious_harm",
        "vulnerability",
    }
    assert set(oasys["risk_of_harm"].drop_nulls()) <= {"low", "medium", "high", "very_high"}


def test_release_files_are_in_capitals(tmp_path: Path) -> None:
    run = make_and_ingest(tmp_path, plans=plans_of("justice"), people=20_000, months=2)
    assert run.mismatches == [], "\n\n".join(run.mismatches)
    supply = next(s for s in run.made.manifest["supplies"] if s["dataset"] == "prison-releases")
    lines = (run.made.folder / supply["file"]).read_text().splitlines()
    assert lines[0].startswith("Name,Sex,Date of Birth")
    names = [line.split(",")[0] for line in lines[1:]]
    assert names and all(name == name.upper() for name in names)


# --------------------------------------------------------------------------- volumes and keys


def test_volumes_per_1000_people_a_month() -> None:
    data = rendered()
    # at 20,000 people: 10-25 OASys, 3-8 ASSETs, 2-6 prison and 0-2 YOI releases a month
    assert 0.5 <= per_1000_month(data["oasys"]) <= 1.25
    assert 0.15 <= per_1000_month(data["yos"]) <= 0.4
    assert 0.1 <= per_1000_month(data["prison"]) <= 0.3
    assert 0.01 <= per_1000_month(data["yoi"]) <= 0.1


def test_assessment_keys_unique_and_dates_in_their_month() -> None:
    data = rendered()
    for name in ("oasys", "yos"):
        frame = data[name]
        assert frame.select("client_reference", "assessment_date").is_unique().all()
        assert (frame["assessment_date"].dt.strftime("%Y-%m") == frame["m"]).all()
        assert (frame["assessment_date"].dt.weekday() <= 5).all()  # offices work weekdays
    for name in ("prison", "yoi"):
        frame = data[name]
        assert (frame["release_date"].dt.strftime("%Y-%m") == frame["m"]).all()


def test_renderers_are_deterministic() -> None:
    first, second = World.build(5, 8_000, 2), World.build(5, 8_000, 2)
    for render in (justice.oasys, justice.yos, justice.prison_releases, justice.yoi_releases):
        for month in first.months:
            assert render(first, month).equals(render(second, month))


# --------------------------------------------------------------------------- OASys


def test_oasys_clients_are_adults_who_offend_more_often_those_just_caught() -> None:
    data = rendered()
    oasys, people = data["oasys"], data["people"]
    clients = oasys.join(people, left_on="__person_id", right_on="person_id")
    assert clients.height == oasys.height
    assert (clients["offending"] > 0).all()
    assert (oasys["age"] >= 18).all()
    assert 26 <= oasys["age"].median() <= 38  # probation caseloads: median age early thirties
    # one reference a person, one person a reference
    pairs = oasys.select("client_reference", "__person_id").unique()
    assert pairs["client_reference"].n_unique() == pairs["__person_id"].n_unique() == pairs.height
    # people with a detected crime in the month are far more often assessed that month
    adults = people.filter((pl.col("offending") > 0) & (pl.col("age") >= 18))
    detected = data["detected"]
    base = detected.join(adults, on="person_id", how="semi").height / (adults.height * MONTHS)
    assessed = oasys.select(pl.col("__person_id").alias("person_id"), "m")
    caught = assessed.join(detected, on=["person_id", "m"], how="semi").height / assessed.height
    assert caught > 3 * base


def test_oasys_needs_and_risks_are_realistic_and_hang_together() -> None:
    oasys = rendered()["oasys"]
    # link-to-offending prevalences within 10 points of the stated ones
    for name, share in zip(justice.LTO_FIELDS, justice.LTO_PREVALENCE, strict=True):
        assert abs(oasys[name].mean() - share) < 0.10, name
    lto = oasys.select(pl.sum_horizontal(justice.LTO_FIELDS).alias("needs"), "risk_of_reconviction")
    means = dict(lto.group_by("risk_of_reconviction").agg(pl.col("needs").mean()).iter_rows())
    # risk of reconviction rises with the number of needs: at least one need more per band
    assert means["low"] + 1 < means["medium"] < means["high"] - 1
    shares = oasys["risk_of_reconviction"].value_counts(normalize=True)
    ror = dict(shares.iter_rows())
    assert 0.3 <= ror["low"] <= 0.5 and 0.15 <= ror["high"] <= 0.35
    rosh = dict(oasys["risk_of_harm"].value_counts(normalize=True).iter_rows())
    assert 0.45 <= rosh["medium"] <= 0.7 and 0.08 <= rosh["high"] <= 0.25
    assert rosh.get("very_high", 0) < 0.05
    assert oasys["months_supervision"].is_between(6, 36).all()
    # each period of supervision is assessed at its start, its reviews and its end
    kinds = dict(oasys["__assessment"].value_counts(normalize=True).iter_rows())
    assert {"start", "review", "termination", "new offence"} <= set(kinds)
    assert 0.15 <= kinds["start"] <= 0.35


# --------------------------------------------------------------------------- ASSET


def test_yos_clients_are_children_with_correlated_ratings() -> None:
    data = rendered()
    yos, people = data["yos"], data["people"]
    assert yos["age"].is_between(10, 17).all()
    clients = yos.join(people, left_on="__person_id", right_on="person_id")
    assert clients.height == yos.height and (clients["offending"] > 0).all()
    ratings = yos.select(justice.ASSET_FIELDS).to_numpy()
    assert ratings.min() >= 0 and ratings.max() <= 4
    correlation = np.corrcoef(ratings, rowvar=False)
    off_diagonal = correlation[~np.eye(len(justice.ASSET_FIELDS), dtype=bool)]
    assert np.nanmean(off_diagonal) > 0.2  # one child's needs hang together
    # thinking and behaviour the commonest need, physical health the rarest
    means = yos.select(justice.ASSET_FIELDS).mean().row(0)
    assert max(means) == means[justice.ASSET_FIELDS.index("thinking_and_behaviour_rating")]
    assert min(means) == means[justice.ASSET_FIELDS.index("physical_health_rating")]
    # the persistent-offender flag marks the most frequent offenders
    flagged = clients.group_by("persistent_offender_flag").agg(pl.col("offending").min())
    by_flag = dict(flagged.iter_rows())
    assert 0.1 <= yos["persistent_offender_flag"].mean() <= 0.6
    assert by_flag[True] > by_flag[False]
    levels = {"low", "medium", "high", "very_high"}
    assert set(yos["risk_of_serious_harm"]) <= levels and set(yos["vulnerability"]) <= levels
    assert (yos["risk_of_serious_harm"] == "low").mean() > 0.4


# --------------------------------------------------------------------------- releases


@pytest.mark.parametrize("name", ["prison", "yoi"])
def test_released_people_live_here_and_offend(name: str) -> None:
    data = rendered()
    released, people = data[name], data["people"]
    joined = released.join(people, left_on="__person_id", right_on="person_id")
    assert joined.height == released.height
    assert (joined["offending"] > 0).all()
    assert (joined["date_of_birth"] == joined["date_of_birth_right"]).all()
    # released to their home, or (some adults) to the approved premises
    premises = data["premises"]["uprn"][0]
    home = joined["__uprn"] == joined["uprn"]
    assert (home | (joined["__uprn"] == premises)).all()
    assert (joined["easting"] == joined["__easting"].cast(pl.Float64)).all()
    age = joined.select(
        (pl.col("release_date") - pl.col("date_of_birth")).dt.total_days() / 365.25
    ).to_series()
    if name == "yoi":
        assert age.is_between(15, 21).all() and (age.floor() <= 20).all()
        assert home.mean() > 0.85
    else:
        assert (age >= 18).all() and 25 <= age.median() <= 40
        assert 0.02 <= (~home).mean() <= 0.25


def test_prison_releases_favour_prolific_offenders_and_short_sentences() -> None:
    data = rendered()
    released, people = data["prison"], data["people"]
    adults = people.filter((pl.col("offending") > 0) & (pl.col("age") >= 18))
    ppo_share_of_offenders = adults["ppo"].mean()
    assert released["__ppo"].mean() > 5 * ppo_share_of_offenders
    median_offending = released.join(people, left_on="__person_id", right_on="person_id")[
        "offending"
    ].median()
    assert median_offending > 1.5 * adults["offending"].median()
    assert (released["gender"] == "M").mean() > 0.85
    # about half of releases follow a sentence of under 12 months; some of several years
    terms = released["sentence_length"]
    short = terms.str.contains(r"days|weeks") | terms.is_in(
        ["6 months", "8 months", "9 months", "10 months"]
    )
    assert 0.35 <= short.mean() <= 0.65
    assert terms.str.contains("years").mean() > 0.1
