"""The synthetic partnership as a whole: deterministic, realistic, complete."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import polars as pl
import pytest
from harness import make_and_ingest
from shapely.geometry import shape

from csphub.catalogue import Catalogue
from csphub.synth.crime import crimes
from csphub.synth.datasets import all_plans
from csphub.synth.partnership import generate
from csphub.synth.world import World


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def test_the_same_seed_makes_the_same_bytes(tmp_path: Path) -> None:
    first = generate(tmp_path / "a", seed=11, people=1_500, months=2)
    second = generate(tmp_path / "b", seed=11, people=1_500, months=2)
    a, b = _tree(first.folder), _tree(second.folder)
    assert sorted(a) == sorted(b)
    assert [name for name in a if a[name] != b[name]] == []
    other = generate(tmp_path / "c", seed=12, people=1_500, months=2)
    c = _tree(other.folder)
    assert a["geography/gazetteer.csv"] != c["geography/gazetteer.csv"]


def test_separate_processes_with_different_hash_seeds_write_the_same_bytes(tmp_path: Path) -> None:
    """Python randomises string hashing per process; nothing written may depend on it."""
    import os
    import subprocess
    import sys

    folders = []
    for hash_seed in ("1", "2"):
        folder = tmp_path / f"run{hash_seed}"
        environment = {**os.environ, "PYTHONHASHSEED": hash_seed}
        command = [
            sys.executable,
            "-m",
            "csphub",
            "synth",
            "--out",
            str(folder),
            "--people",
            "1500",
            "--months",
            "2",
            "--seed",
            "4",
        ]
        done = subprocess.run(command, env=environment, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
        folders.append(_tree(folder))
    first, second = folders
    assert sorted(first) == sorted(second)
    assert [name for name in first if first[name] != second[name]] == []


@pytest.fixture(scope="module")
def town() -> World:
    return World.build(seed=5, people=30_000, months=12)


def test_postcodes_hold_1_to_60_properties_some_under_four(town: World) -> None:
    live = town.geography.postcodes.filter(pl.col("properties") > 0)["properties"]
    assert live.min() >= 1 and live.max() <= 60
    assert 8 <= live.median() <= 20
    assert 0.03 <= (live < 4).mean() <= 0.25
    terminated = town.geography.postcodes.filter(pl.col("doterm") != "")
    assert terminated.height > 0 and terminated["properties"].sum() == 0


def test_areas_have_realistic_populations(town: World) -> None:
    people = town.population.people
    households_per_oa = people.group_by("oa").agg(pl.col("household").n_unique())["household"]
    people_per_lsoa = people.group_by("lsoa").len()["len"]
    people_per_msoa = people.group_by("msoa").len()["len"]
    assert 100 <= households_per_oa.median() <= 150
    assert 1_200 <= people_per_lsoa.median() <= 1_900
    assert people_per_msoa.min() >= 5_000
    kinds = set(town.geography.properties["kind"].unique())
    assert {
        "licensed",
        "shop",
        "school",
        "hospital",
        "station",
        "bus_station",
        "flat",
        "block",
    } <= kinds


def test_a_small_prolific_group_commits_much_of_the_crime(town: World) -> None:
    year = pl.concat([crimes(town, m) for m in town.months])
    per_offender = (
        year.select("offender_ids")
        .explode("offender_ids")
        .drop_nulls()
        .group_by("offender_ids")
        .len()
    )
    counts = per_offender.sort("len", descending=True)["len"]
    top_tenth = counts.head(max(1, counts.len() // 10)).sum() / counts.sum()
    assert 0.35 <= top_tenth <= 0.65
    per_victim = (
        year.select("victim_ids").explode("victim_ids").drop_nulls().group_by("victim_ids").len()
    )
    assert 0.04 <= (per_victim["len"] > 1).mean() <= 0.25  # repeat victims
    per_1000 = year.height / town.people_count * 1000
    assert 70 <= per_1000 <= 110  # recorded crime a year per 1,000 residents
    cluster = town.clusters[0]
    planted = year.filter(pl.col("cluster") == cluster.id)
    assert planted["recorded"].min() >= cluster.start.first
    assert planted.height == cluster.per_month * sum(1 for m in town.months if cluster.active(m))


def test_people_look_like_a_town(town: World) -> None:
    people = town.population.people
    assert 0.60 <= (people["ethnicity"] == "W1").mean() <= 0.88
    assert people["ethnicity_6"].null_count() == 0
    register = town.population.electoral_register()
    assert (
        register["age"].min() >= 18 and 0.8 <= register.height / (people["age"] >= 18).sum() <= 0.95
    )
    assert 0.0003 <= people["ppo"].mean() <= 0.001
    assert town.population.relationships.height > 0


def test_geography_files_are_in_the_published_layouts(tmp_path: Path) -> None:
    made = generate(tmp_path / "p", seed=3, people=4_000, months=1, plans=[])
    folder = made.folder / "geography"
    with (folder / "onspd.csv").open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert {
        "pcd",
        "pcd2",
        "pcds",
        "dointr",
        "doterm",
        "usertype",
        "oseast1m",
        "osnrth1m",
        "osgrdind",
        "oa21",
        "lsoa21",
        "msoa21",
        "osward",
        "oslaua",
        "lat",
        "long",
    } <= set(rows[0])
    raw = (folder / "onspd.csv").read_text()
    assert raw.splitlines()[1].startswith('"')  # every field quoted, as the ONS files are
    first = rows[0]
    assert len(first["pcd"]) == 7 and len(first["pcd2"]) == 8 and len(first["osnrth1m"]) == 7
    assert any(r["doterm"] for r in rows)
    gazetteer = pl.read_csv(folder / "gazetteer.csv", infer_schema=False)
    assert (
        gazetteer.columns[:2] == ["UPRN", "USRN"]
        and gazetteer.height == made.manifest["geography"]["counts"]["properties"]
    )
    lsoas = json.loads((folder / "boundaries" / "lsoa.geojson").read_text())
    assert lsoas["crs"]["properties"]["name"].endswith("27700")
    lsoa_shapes = {f["properties"]["LSOA21CD"]: shape(f["geometry"]) for f in lsoas["features"]}
    oas = json.loads((folder / "boundaries" / "oa.geojson").read_text())["features"]
    for oa in oas:
        assert lsoa_shapes[oa["properties"]["LSOA21CD"]].buffer(1).contains(shape(oa["geometry"]))
    wards = json.loads((folder / "boundaries" / "ward.geojson").read_text())["features"]
    assert all(shape(w["geometry"]).is_valid for w in wards)
    register = pl.read_csv(made.folder / "public" / "electoral-register.csv", infer_schema=False)
    assert register.columns == ["Elector Name", "Address", "Postcode"] and register.height > 2_000


def test_every_catalogue_dataset_is_supplied_and_taken_in_as_expected(tmp_path: Path) -> None:
    # A small town over a year: the rarest datasets (young people in drug treatment, YOI
    # releases, illegal waste sites) have a handful of records a year at this size.
    run = make_and_ingest(tmp_path, plans=all_plans(), people=20_000, months=12, seed=21)
    assert run.mismatches == [], "\n\n".join(run.mismatches)
    supplied = {s["dataset"] for s in run.made.manifest["supplies"]}
    assert supplied == {d.id for d in Catalogue.builtin()}
    truth = run.made.folder / "truth"
    assert (truth / "people.csv").exists() and (truth / "clusters.json").exists()
    faults = pl.concat(
        [pl.read_csv(p, infer_schema=False) for p in (truth / "faults").rglob("*.csv")]
    )
    assert {"typo", "invalid_code", "duplicate_row"} <= set(faults["fault"])
    assert any(f.startswith("address:") for f in faults["fault"])
    assert dt.date.fromisoformat(run.made.manifest["parameters"]["start"]) == dt.date(2025, 1, 1)
