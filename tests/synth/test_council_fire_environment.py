"""Council ASB, school exclusions, fire incidents and the Environment Agency's two datasets:
ingested with the counts the generator expects, and realistic in volume, season and place."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import polars as pl
import pytest
from harness import Ingested, make_and_ingest, plans_of

from csphub.synth.datasets import council, environment, fire
from csphub.synth.partnership import generate
from csphub.synth.world import Cluster, Month, World

PEOPLE = 20_000
MONTHS = 12
SEED = 7  # the harness's seed: the world below is the one the supplies were made from
DATASETS = {
    "council-asb",
    "school-exclusions",
    "fire-incidents",
    "ea-illegal-dumping",
    "ea-illegal-waste-sites",
}


def _plans() -> list:
    return plans_of("council") + plans_of("fire") + plans_of("environment")


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Ingested:
    return make_and_ingest(
        tmp_path_factory.mktemp("cfe"), plans=_plans(), people=PEOPLE, months=MONTHS, seed=SEED
    )


@pytest.fixture(scope="module")
def world() -> World:
    return World.build(SEED, PEOPLE, MONTHS)


def _frames(world: World, render) -> pl.DataFrame:
    return pl.concat(
        [render(world, m).with_columns(pl.lit(m.label).alias("month")) for m in world.months]
    )


def _records(run: Ingested, dataset: str) -> pl.DataFrame:
    return run.hub.archive.read_records(run.hub.dataset(dataset))


def _value(frame: pl.DataFrame, expr: pl.Expr) -> float:
    return float(frame.select(expr).item())


def _cluster(world: World, dataset: str) -> Cluster:
    return next(c for c in world.clusters if c.dataset == dataset)


def _within(cluster: Cluster, easting: str, northing: str) -> pl.Expr:
    return (
        (pl.col(easting) - cluster.easting) ** 2 + (pl.col(northing) - cluster.northing) ** 2
    ) <= (cluster.radius_m**2)


# --------------------------------------------------------------------------- ingestion


def test_every_dataset_ingests_with_the_expected_counts(run: Ingested) -> None:
    assert run.mismatches == [], "\n\n".join(run.mismatches)
    supplies = run.made.manifest["supplies"]
    assert {s["dataset"] for s in supplies} == DATASETS
    for dataset in DATASETS:
        assert sum(s["dataset"] == dataset for s in supplies) >= 2, dataset
    # hard faults were injected and quarantined somewhere (the counts above agreed on them)
    assert sum(s["expect"]["rows_quarantined"] for s in supplies) > 0
    # the council's case-type codes and the schools' exclusion categories come with code maps
    assert {(m["dataset"], m["field"]) for m in run.made.manifest["code_maps"]} == {
        ("council-asb", "incident_type"),
        ("school-exclusions", "exclusion_type"),
    }


def test_keys_unique_and_the_same_seed_gives_the_same_bytes(world: World, tmp_path: Path) -> None:
    for render, key in (
        (council.asb, "incident_reference"),
        (fire.incidents, "incident_reference"),
        (environment.dumping, "incident_reference"),
        (environment.waste_sites, "site_reference"),
    ):
        frame = _frames(world, render)
        assert frame[key].n_unique() == frame.height, key  # unique across months, too
    made = [
        generate(tmp_path / name, seed=3, people=3_000, months=2, plans=_plans())
        for name in ("a", "b")
    ]
    files = sorted(p.relative_to(made[0].folder) for p in made[0].folder.rglob("*") if p.is_file())
    assert files
    for name in files:
        assert (made[0].folder / name).read_bytes() == (made[1].folder / name).read_bytes(), name


# --------------------------------------------------------------------------- council ASB


def test_council_files_are_windows_1252_with_semicolons(run: Ingested) -> None:
    files = [s["file"] for s in run.made.manifest["supplies"] if s["dataset"] == "council-asb"]
    assert len(files) == MONTHS
    codes = set(council.ASB_CODES.values())
    for name in files:
        data = (run.made.folder / name).read_bytes()
        with pytest.raises(UnicodeDecodeError):
            data.decode("utf-8")  # the £ in the damage column's header is one byte, 0xA3
        text = data.decode("cp1252")
        assert text.split("\r\n", 1)[0].split(";")[4] == "Est. Damage £"
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
        assert all(len(r) == 15 for r in rows)
        types = {r[1] for r in rows[1:]}
        assert types <= codes | {"N/A"}  # the council's own codes; N/A where left out
        outcome = run.outcomes[name]
        assert (outcome.supply.encoding, outcome.supply.delimiter) == ("windows-1252", ";")
    # the code map turns the codes back into readable types
    stored = _records(run, "council-asb")["incident_type"].drop_nulls().unique().to_list()
    assert set(stored) <= set(council.ASB_CODES)
    assert len(stored) == len(council.ASB_CODES)


def test_council_asb_volume_fields_and_seasonality(world: World, run: Ingested) -> None:
    frame = _frames(world, council.asb)
    ordinary = frame.filter(pl.col("__cluster").is_null())
    per_thousand = ordinary.height / MONTHS / (PEOPLE / 1000)
    assert 3.0 <= per_thousand <= 5.0  # about 4 per 1,000 people a month
    # each type's own details, and only its own
    kinds = pl.col("incident_type")
    damaged = kinds.is_in(["Graffiti", "Vandalism"])
    assert (
        frame.filter(~damaged)["property_damage_value"].null_count()
        == frame.filter(~damaged).height
    )
    values = frame.filter(damaged)["property_damage_value"].drop_nulls()
    assert values.len() > 0.7 * frame.filter(damaged).height
    assert 50 <= _value(values.to_frame(), pl.all().median()) <= 500
    flytips = frame.filter(kinds == "Flytipping")
    assert flytips["waste_size"].null_count() == 0
    assert set(flytips["waste_size"]) <= {s for s, _ in council.WASTE_SIZES}
    vehicles = frame.filter(kinds == "Abandoned vehicle")
    assert vehicles.height > 10 and vehicles["vehicle_make"].null_count() == 0
    traced = vehicles["__registered_uprn"].drop_nulls()
    assert 0.4 <= traced.len() / vehicles.height <= 0.8
    assert traced.is_in(world.places["uprn"].implode()).all()  # keepers live at real addresses
    others = frame.filter(kinds != "Abandoned vehicle")
    assert others["vehicle_registered_address"].null_count() == others.height
    # the rates: noise and youth nuisance half as much again in July as in January
    july, january = (council.asb_expected(world, Month(2025, m)) for m in (7, 1))
    for kind in ("Neighbour noise", "Nuisance from young people"):
        assert july[kind] >= 1.5 * january[kind]
    # and what was made: summer (June to August) well above winter (December to February)
    summer_months = {"2025-06", "2025-07", "2025-08"}
    winter_months = {"2025-01", "2025-02", "2025-12"}
    noisy = ordinary.filter(kinds.is_in(["Neighbour noise", "Nuisance from young people"]))
    summer = noisy.filter(pl.col("month").is_in(summer_months))
    winter = noisy.filter(pl.col("month").is_in(winter_months))
    assert summer.height >= 1.3 * winter.height
    # summer's are in the evening more than winter's (rates: about 0.62 of them against 0.42)
    evening = pl.col("incident_time").dt.hour() >= 19
    assert summer.filter(evening).height / summer.height >= (
        winter.filter(evening).height / winter.height + 0.05
    )
    # and in the hub: July's supply holds more incidents than January's
    stored = _records(run, "council-asb").with_columns(
        pl.col("incident_date").dt.month().alias("m")
    )
    assert stored.filter(pl.col("m") == 7).height > stored.filter(pl.col("m") == 1).height


def test_clusters_appear_from_their_start_months_within_their_radius(
    world: World, run: Ingested
) -> None:
    for dataset, render, (east, north) in (
        ("council-asb", council.asb, ("incident_easting", "incident_northing")),
        ("fire-incidents", fire.incidents, ("easting", "northing")),
    ):
        cluster = _cluster(world, dataset)
        assert world.months[0] < cluster.start <= world.months[-1]
        for month in world.months:
            planted = render(world, month).filter(pl.col("__cluster") == cluster.id)
            assert planted.height == (cluster.per_month if cluster.active(month) else 0)
            assert (planted["incident_type"] == cluster.kind).all()
            assert planted.filter(_within(cluster, "__easting", "__northing")).height == (
                planted.height
            )
            assert planted.filter(_within(cluster, east, north)).height == planted.height
        # in the hub, the kind's incidents near the spot jump from the start month
        stored = _records(run, dataset).filter(
            (pl.col("incident_type") == cluster.kind) & _within(cluster, east, north)
        )
        starts = pl.col("incident_date") >= cluster.start.first
        before = stored.filter(~starts).height / world.months.index(cluster.start)
        after = stored.filter(starts).height / (MONTHS - world.months.index(cluster.start))
        assert before < 2 and after >= before + 0.8 * cluster.per_month


# --------------------------------------------------------------------------- school exclusions


def test_school_exclusions(world: World, run: Ingested) -> None:
    assert not [
        s
        for s in run.made.manifest["supplies"]
        if s["dataset"] == "school-exclusions" and s["period"].endswith("-08")
    ]
    stored = _records(run, "school-exclusions")
    assert stored.filter(pl.col("exclusion_date").dt.month() == 8).height == 0
    frame = _frames(world, council.exclusions)
    assert frame.filter(pl.col("exclusion_date").dt.month() == 8).height == 0
    assert _value(frame, pl.col("exclusion_date").dt.weekday().max()) <= 5  # school days only
    assert frame.filter(pl.col("exclusion_date").dt.strftime("%Y-%m") != pl.col("month")).is_empty()
    assert frame["age"].is_between(5, 16).all()
    # far more fixed-term than permanent, about 1 in 8 pupils a year (England: about 1 in 10)
    assert _value(frame, (pl.col("exclusion_type") == "fixed_term").mean()) >= 0.9
    pupils = council.pupils(world, Month(2025, 3)).height
    assert 0.05 <= frame.height / pupils <= 0.25
    # mostly at secondary schools, which are the academies; boys more than girls
    secondary = frame["school_name"].str.contains("Academy")
    assert (frame["__phase"] == "secondary").to_list() == secondary.to_list()
    assert _value(secondary.to_frame(), pl.all().mean()) >= 0.6
    assert _value(frame, (pl.col("gender") == "M").mean()) >= 0.55
    # the school's own coordinates, and a school near the pupil's home
    schools = world.places.filter(pl.col("kind") == "school")
    at_school = frame.join(
        schools.select(pl.col("uprn").alias("__school_uprn"), "pao_text", "easting", "northing"),
        on="__school_uprn",
    )
    assert at_school.height == frame.height
    assert (at_school["school_name"] == at_school["pao_text"]).all()
    assert (at_school["easting"] == at_school["easting_right"].cast(pl.Float64)).all()
    homes = world.places.select("uprn", "easting", "northing")
    distance = (
        frame.join(homes.rename({"uprn": "__home_uprn"}), on="__home_uprn")
        .join(homes.rename({"uprn": "__school_uprn"}), on="__school_uprn", suffix="_school")
        .select(
            (
                (pl.col("easting_right") - pl.col("easting_school")) ** 2
                + (pl.col("northing_right") - pl.col("northing_school")) ** 2
            ).sqrt()
        )
        .to_series()
    )
    assert _value(distance.to_frame(), pl.all().median()) < 1_500


# --------------------------------------------------------------------------- fire


def test_fire_incidents(world: World) -> None:
    frame = _frames(world, fire.incidents)
    ordinary = frame.filter(pl.col("__cluster").is_null())
    per_thousand = ordinary.height / MONTHS / (PEOPLE / 1000)
    assert 0.35 <= per_thousand <= 0.75  # about 0.5 per 1,000 people a month
    shares = ordinary["incident_type"].value_counts(normalize=True)
    share = dict(zip(shares["incident_type"], shares["proportion"], strict=True))
    assert set(share) == {t.title for t in fire.FIRE_TYPES}
    assert share["Deliberate secondary fire"] == max(share.values())
    # casualties: not relevant to false alarms, mostly none otherwise
    alarms = frame.filter(pl.col("incident_type") == "Malicious false alarm")
    assert alarms["casualties"].null_count() == alarms.height
    counted = frame.filter(pl.col("incident_type") != "Malicious false alarm")["casualties"]
    assert counted.null_count() == 0
    assert _value(counted.to_frame(), (pl.all() == 0).mean()) >= 0.85
    # weighted to the estates: more incidents per household there than in the suburbs
    households = dict(
        world.geography.oas.group_by("kind").agg(pl.col("households").sum()).iter_rows()
    )
    per_household = ordinary.group_by("__area_kind").len()
    rate = {k: n / households[k] for k, n in per_household.iter_rows() if k in households}
    assert rate["estate"] >= 1.5 * rate["suburb"]  # weighted 4 to 1 per property
    # secondary fires: the dry spring well above the winter
    secondary = ordinary.filter(pl.col("incident_type") == "Deliberate secondary fire")
    spring = secondary.filter(pl.col("month").is_in(["2025-03", "2025-04", "2025-05"])).height
    winter = secondary.filter(pl.col("month").is_in(["2025-01", "2025-02", "2025-12"])).height
    assert spring >= 1.5 * winter


# --------------------------------------------------------------------------- Environment Agency


def test_illegal_dumping(world: World) -> None:
    frame = _frames(world, environment.dumping)
    per_month = frame.height / MONTHS
    assert 1.5 <= per_month <= 6  # a few a month in a town of 20,000
    start = pl.col("committed_from_date").dt.combine(
        pl.col("committed_from_time").fill_null(dt.time(0))
    )
    end = pl.col("committed_to_date").dt.combine(pl.col("committed_to_time"))
    assert frame.filter(end <= start).is_empty()  # found after it was dumped
    assert frame.filter(
        pl.col("committed_from_date").dt.strftime("%Y-%m") != pl.col("month")
    ).is_empty()
    late = frame.filter(
        pl.col("committed_to_date") > pl.col("committed_from_date").dt.month_end() + dt.timedelta(4)
    )
    assert late.is_empty()  # found in time for the month's supply
    assert set(frame["incident_type"]) <= {t for t, _ in environment.DUMP_TYPES}
    # at the edges of town: further from the centre than homes are
    hub = world.places.filter(pl.col("kind").is_in(["station", "bus_station", "police_station"]))
    x, y = _value(hub, pl.col("easting").mean()), _value(hub, pl.col("northing").mean())

    def distance(e: str, n: str) -> pl.Expr:
        return ((pl.col(e) - x) ** 2 + (pl.col(n) - y) ** 2).sqrt().mean()

    homes = world.places.filter(pl.col("residential")).select(distance("easting", "northing"))
    assert frame.select(distance("__easting", "__northing")).item() > 1.2 * homes.item()


def test_illegal_waste_sites(world: World) -> None:
    plan = next(p for p in plans_of("environment") if p.dataset == "ea-illegal-waste-sites")
    assert plan.monthly  # sites identified in the month: the date identified is the period
    frame = _frames(world, environment.waste_sites)
    assert 1 <= frame.height <= 15  # a handful a year in a town of 20,000
    assert frame.filter(
        pl.col("date_identified").dt.strftime("%Y-%m") != pl.col("month")
    ).is_empty()
    people = world.population.people.select(
        pl.col("person_id").alias("__person_id"),
        (pl.col("given_name") + " " + pl.col("surname")).alias("name"),
        "age",
    )
    owners = frame.join(people, on="__person_id")
    assert owners.height == frame.height
    assert (owners["owner_name"] == owners["name"]).all()
    assert (owners["age"] >= 18).all()
    places = world.places.select(pl.col("uprn").alias("__uprn"), "address", "postcode")
    sited = frame.join(places, on="__uprn")
    assert sited.height == frame.height
    assert (sited["location_address"] == sited["address"]).all()
    assert (sited["location_postcode"] == sited["postcode"]).all()
