"""Crime and incidents on public transport: BTP, the Metro and the buses, ingested with the counts
the generator expects, in each supplier's house style, and shaped as such incidents are."""

from __future__ import annotations

import dataclasses
import re
from typing import Any

import fastexcel
import numpy as np
import polars as pl
import pytest
from harness import Ingested, make_and_ingest, plans_of

from csphub.synth.datasets import transport
from csphub.synth.world import Cluster, World

PEOPLE = 20_000
DATASETS = ("btp-crimes", "local-rail-incidents", "bus-incidents")
RENDER = {
    "btp-crimes": transport.btp_crimes,
    "local-rail-incidents": transport.local_rail_incidents,
    "bus-incidents": transport.bus_incidents,
}


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Ingested:
    return make_and_ingest(
        tmp_path_factory.mktemp("transport"),
        plans=plans_of("transport"),
        people=PEOPLE,
        months=3,
    )


@pytest.fixture(scope="module")
def year() -> tuple[World, dict[str, pl.DataFrame]]:
    """A year of true records, straight from the renderers."""
    world = World.build(7, PEOPLE, 12)
    frames = {
        name: pl.concat([render(world, month) for month in world.months])
        for name, render in RENDER.items()
    }
    return world, frames


def _supplies(run: Ingested, dataset: str) -> list[dict[str, Any]]:
    return [s for s in run.made.manifest["supplies"] if s["dataset"] == dataset]


def _nearest(east: np.ndarray, north: np.ndarray, places: pl.DataFrame) -> np.ndarray:
    """Distance from each point to the nearest of the places."""
    px = places["easting"].to_numpy().astype(float)
    py = places["northing"].to_numpy().astype(float)
    return np.hypot(east[:, None] - px[None, :], north[:, None] - py[None, :]).min(axis=1)


def _share(flags: pl.Series) -> float:
    """The share of true values."""
    return float(np.mean(flags.cast(pl.Float64).to_numpy()))


def _anchors(world: World, dataset: str) -> pl.DataFrame:
    """The station or the stops a dataset's incidents must be near."""
    if dataset == "btp-crimes":
        return world.places.filter(pl.col("kind") == "station").select("easting", "northing")
    kind = "rail" if dataset == "local-rail-incidents" else "bus"
    return world.geography.stops.filter(pl.col("kind") == kind).select("easting", "northing")


# --------------------------------------------------------------------------- into the hub


def test_every_supply_ingests_as_expected(run: Ingested) -> None:
    assert run.mismatches == [], "\n\n".join(run.mismatches)
    for dataset in DATASETS:
        periods = {s["period"] for s in _supplies(run, dataset)}
        assert periods == {"2025-01", "2025-02", "2025-03"}, dataset
        stored = run.hub.archive.read_records(run.hub.dataset(dataset))
        assert stored.height > 0
        # one record a crime reference: duplicates sent twice were quarantined
        assert stored["crime_reference"].n_unique() == stored.height, dataset


def test_stored_coordinates_lie_at_the_station_or_a_stop(run: Ingested) -> None:
    world = World.build(7, PEOPLE, 1)  # the same area as the run's (same seed and people)
    for dataset in DATASETS:
        stored = run.hub.archive.read_records(run.hub.dataset(dataset)).drop_nulls(
            ["easting", "northing"]
        )
        distance = _nearest(
            stored["easting"].to_numpy(), stored["northing"].to_numpy(), _anchors(world, dataset)
        )
        assert stored.height > 0
        assert distance.max() <= 300, dataset


def test_btp_sends_a_workbook_with_iso_dates(run: Ingested) -> None:
    iso_date = re.compile(r"^\d{4}-\d{2}-\d{2}$")
    clock = re.compile(r"^\d{2}:\d{2}:\d{2}$")
    for supply in _supplies(run, "btp-crimes"):
        path = run.made.folder / supply["file"]
        assert path.suffix == ".xlsx"
        data = path.read_bytes()
        assert data[:2] == b"PK"  # an Office Open XML workbook is a zip
        workbook = fastexcel.read_excel(data)
        assert workbook.sheet_names == ["Data"]
        sheet = workbook.load_sheet("Data", dtypes="string").to_polars()
        assert sheet.columns[:4] == [
            "Crime Reference",
            "HO Offence Code",
            "Offence Date",
            "Offence Time",
        ]
        dates = sheet["Offence Date"].drop_nulls().to_list()
        assert sum(bool(iso_date.match(d)) for d in dates) >= 0.8 * len(dates)
        assert all(clock.match(t) for t in sheet["Offence Time"].drop_nulls().to_list())
        references = sheet["Crime Reference"].drop_nulls().to_list()
        assert all(re.match(r"^C/\d{6}/25$", r) for r in references)
        outcome = run.outcomes[supply["file"]]
        assert outcome.supply.file_format == "xlsx"


def test_buses_send_windows_1252_with_two_digit_years(run: Ingested) -> None:
    short_date = re.compile(r"^\d{2}/\d{2}/\d{2}$")
    for supply in _supplies(run, "bus-incidents"):
        data = (run.made.folder / supply["file"]).read_bytes()
        with pytest.raises(UnicodeDecodeError):
            data.decode("utf-8")
        assert b"\x96" in data  # the en dash of "ASB \u2013 youths", as Windows-1252 writes it
        text = data.decode("cp1252")
        assert "ASB \u2013 youths" in text
        table = pl.read_csv(data, encoding="cp1252", infer_schema=False)
        dates = table["Date"].drop_nulls().to_list()
        assert sum(bool(short_date.match(d)) for d in dates) >= 0.8 * len(dates)
        assert all(re.match(r"^\d{4}$", t) for t in table["Time"].drop_nulls().to_list())
        assert run.outcomes[supply["file"]].supply.encoding == "windows-1252"
    # two-digit years read back into the supply's century
    stored = run.hub.archive.read_records(run.hub.dataset("bus-incidents"))
    assert stored["incident_date"].dt.year().unique().to_list() == [2025]


def test_the_metro_writes_genders_in_its_own_words(run: Ingested) -> None:
    maps = [m for m in run.made.manifest["code_maps"] if m["agency"] == transport.METRO]
    assert {m["field"] for m in maps} == {"offender_gender", "victim_gender"}
    for supply in _supplies(run, "local-rail-incidents"):
        data = (run.made.folder / supply["file"]).read_bytes()
        data.decode("utf-8")
        table = pl.read_csv(data, infer_schema=False)
        for column in ("Offender Sex", "Victim Sex"):
            assert set(table[column].drop_nulls().to_list()) <= {
                "Male",
                "Female",
                "Other",
                "Unknown",
                "ZZ",
            }
        dates = table["Date"].drop_nulls().to_list()
        assert sum(bool(re.match(r"^\d{2}/\d{2}/\d{4}$", d)) for d in dates) >= 0.8 * len(dates)
    stored = run.hub.archive.read_records(run.hub.dataset("local-rail-incidents"))
    assert set(stored["victim_gender"].drop_nulls().to_list()) <= {"M", "F", "X", "U"}
    assert stored["victim_gender"].drop_nulls().len() > 0


# --------------------------------------------------------------------------- the true records


def test_volumes_per_thousand_people(year: tuple[World, dict[str, pl.DataFrame]]) -> None:
    world, frames = year
    per_thousand = {
        name: frame.height / (PEOPLE / 1000) / len(world.months) for name, frame in frames.items()
    }
    assert 0.1 <= per_thousand["btp-crimes"] <= 0.4  # about 0.22: a few a month at 20,000
    assert 0.25 <= per_thousand["local-rail-incidents"] <= 0.6  # about 0.4
    assert 0.5 <= per_thousand["bus-incidents"] <= 1.1  # about 0.73


def test_keys_are_unique_and_dates_in_their_month() -> None:
    world = World.build(11, 8_000, 4)
    for render in RENDER.values():
        for month in world.months:
            frame = render(world, month)
            if frame.height == 0:
                continue
            assert frame["crime_reference"].n_unique() == frame.height
            outside = frame.filter(~pl.col("incident_date").is_between(month.first, month.last))
            assert outside.height == 0


def test_every_place_is_within_300m_of_its_station_or_stops(
    year: tuple[World, dict[str, pl.DataFrame]],
) -> None:
    world, frames = year
    for name, frame in frames.items():
        distance = _nearest(
            frame["easting"].to_numpy(), frame["northing"].to_numpy(), _anchors(world, name)
        )
        assert distance.max() <= 300, name
    btp = frames["btp-crimes"]
    on_trains = btp.filter(pl.col("location_address").str.starts_with("Train between Eastbrook"))
    assert 0.25 <= on_trains.height / btp.height <= 0.65  # about 0.45 on trains
    assert on_trains["location_postcode"].null_count() == on_trains.height
    buses = frames["bus-incidents"]
    assert buses["location_address"].str.contains(r"^Route \d+, |Eastbrook Bus Station").all()


def test_bus_asb_peaks_after_school_and_in_the_evening(
    year: tuple[World, dict[str, pl.DataFrame]],
) -> None:
    _, frames = year
    asb = frames["bus-incidents"].filter(pl.col("offence_type") == transport.BUS_ASB)
    hour = asb["incident_time"].dt.hour()
    share = _share((hour >= 15) & (hour < 23))
    assert asb.height > 40
    assert share >= 0.75  # about 0.88


def test_btp_thefts_at_commuter_peaks_and_violence_late(
    year: tuple[World, dict[str, pl.DataFrame]],
) -> None:
    _, frames = year
    btp = frames["btp-crimes"].with_columns(
        (
            pl.col("incident_time").dt.hour().cast(pl.Int32) * 60
            + pl.col("incident_time").dt.minute().cast(pl.Int32)
        ).alias("m")
    )
    thefts = btp.filter(
        pl.col("offence_type").is_in(["49", "39", "49A"])
        & (pl.col("incident_date").dt.weekday() <= 5)
    )
    peak = thefts["m"].is_between(7 * 60, 9 * 60 + 30) | thefts["m"].is_between(
        16 * 60 + 30, 19 * 60
    )
    assert thefts.height > 10
    assert _share(peak) >= 0.55  # about 0.8
    violence = btp.filter(pl.col("offence_type").is_in(["105A", "8N", "9A"]))
    late = (violence["m"] >= 21 * 60) | (violence["m"] < 60)
    assert _share(late) >= 0.35  # about 0.6
    theft_share = _share(btp["offence_type"].is_in(["49", "39", "44"]))
    assert 0.25 <= theft_share <= 0.6  # about 0.41


def test_missiles_at_buses_rise_around_bonfire_night() -> None:
    world = World.build(3, 100_000, 12)
    counts = [
        transport.bus_incidents(world, month)
        .filter(pl.col("offence_type") == "Missile thrown at bus")
        .height
        for month in world.months
    ]
    autumn = np.mean(counts[9:11])  # October and November
    rest = np.mean(counts[:9] + counts[11:])
    assert autumn >= 1.5 * rest  # about 2.4 times


def test_offenders_are_young_local_people_who_offend(
    year: tuple[World, dict[str, pl.DataFrame]],
) -> None:
    world, frames = year
    people = world.population.people.join(
        world.places.select(
            "uprn", pl.col("easting").alias("home_e"), pl.col("northing").alias("home_n")
        ),
        on="uprn",
    )
    offenders = people.filter(pl.col("offending") > 0)
    for name, frame in frames.items():
        # every incident has its true offender, someone who offends
        assert frame["__offender_id"].null_count() == 0
        joined = frame.join(
            people.rename({"person_id": "__offender_id"}), on="__offender_id", how="left"
        )
        assert (joined["offending"] > 0).all(), name
        # supplied only when identified, and then from the person
        shown = frame.filter(pl.col("offender_gender").is_not_null())
        assert shown.height == frame["__offender_identified"].sum()
        assert 0.15 <= shown.height / frame.height <= 0.55, name  # about a third
        if name == "btp-crimes":
            continue
        # near the route: closer to home than offenders in general
        near = np.hypot(
            joined["home_e"].to_numpy() - frame["__easting"].to_numpy(),
            joined["home_n"].to_numpy() - frame["__northing"].to_numpy(),
        )
        anyone = offenders.sample(n=frame.height, seed=1, with_replacement=True)
        baseline = np.hypot(
            anyone["home_e"].to_numpy() - frame["__easting"].to_numpy(),
            anyone["home_n"].to_numpy() - frame["__northing"].to_numpy(),
        )
        assert np.median(near) <= 0.85 * np.median(baseline), name  # about 0.7
    asb = frames["bus-incidents"].filter(pl.col("offence_type") == transport.BUS_ASB)
    ages = asb.join(
        people.select(pl.col("person_id").alias("__offender_id"), "date_of_birth"),
        on="__offender_id",
    ).select(
        ((pl.col("incident_date") - pl.col("date_of_birth")).dt.total_days() / 365.25).alias("age")
    )["age"]
    assert 12 <= float(np.median(ages.to_numpy())) <= 21  # about 18
    assert _share(ages < 25) >= 0.75


def test_victims_are_passengers_or_staff(year: tuple[World, dict[str, pl.DataFrame]]) -> None:
    world, frames = year
    people = world.population.people.select(
        pl.col("person_id").alias("__victim_id"), "occupation", "gender"
    )
    btp = frames["btp-crimes"]
    fare_and_damage = btp.filter(pl.col("offence_type").is_in(["49A", "61", "58B", "58D"]))
    assert fare_and_damage["victim_gender"].null_count() == fare_and_damage.height
    assert (
        fare_and_damage.filter(pl.col("offence_type").is_in(transport.FARE_CODES))[
            "offender_gender"
        ].null_count()
        == 0
    )  # fare dodgers are caught at the gateline or by the guard
    sexual = btp.filter(pl.col("offence_type").is_in(["20A", "88E"]))
    assert set(sexual["victim_gender"].to_list()) <= {"F"}
    assert set(sexual["offender_gender"].drop_nulls().to_list()) <= {"M"}
    drivers = frames["bus-incidents"].filter(pl.col("offence_type") == "Assault on driver")
    staff = drivers.join(people, on="__victim_id")
    assert drivers.height > 5
    assert (staff["occupation"] == "Driver").all()
    metro_staff = (
        frames["local-rail-incidents"]
        .filter(pl.col("offence_type") == "Assault on Staff")
        .join(people, on="__victim_id")
    )
    assert metro_staff["occupation"].is_in(transport.STAFF_OCCUPATIONS).all()
    damage = frames["local-rail-incidents"].filter(
        pl.col("offence_type").is_in(["Criminal Damage", "Trespass"])
    )
    assert damage["__victim_id"].null_count() == damage.height
    for frame in frames.values():
        assert (frame["__victim_id"] != frame["__offender_id"]).all()
    # BTP knows dates of birth; the operators give ages only
    assert btp.filter(pl.col("victim_age").is_not_null())["victim_date_of_birth"].null_count() == 0
    assert (
        frames["bus-incidents"]["victim_date_of_birth"].null_count()
        == frames["bus-incidents"].height
    )


def test_a_planted_cluster_appears_from_its_month() -> None:
    world = World.build(5, PEOPLE, 6)
    stops = world.geography.stops.filter((pl.col("kind") == "bus") & (pl.col("seq") > 3))
    stop = stops.row(0, named=True)
    cluster = Cluster(
        id="T1-bus-asb",
        dataset="bus-incidents",
        kind=transport.BUS_ASB,
        lsoa="",
        easting=int(stop["easting"]),
        northing=int(stop["northing"]),
        radius_m=150,
        start=world.months[3],
        end=world.months[-1],
        per_month=6,
    )
    world = dataclasses.replace(world, clusters=[*world.clusters, cluster])
    for number, month in enumerate(world.months):
        frame = transport.bus_incidents(world, month)
        planted = frame.filter(pl.col("__cluster") == cluster.id)
        if number < 3:
            assert planted.height == 0
            continue
        assert planted.height == cluster.per_month
        assert (planted["offence_type"] == transport.BUS_ASB).all()
        distance = np.hypot(
            planted["easting"].to_numpy() - cluster.easting,
            planted["northing"].to_numpy() - cluster.northing,
        )
        assert distance.max() <= cluster.radius_m


def test_the_same_seed_gives_the_same_records() -> None:
    first = World.build(9, 6_000, 2)
    second = World.build(9, 6_000, 2)
    for render in RENDER.values():
        for month in first.months:
            assert render(first, month).equals(render(second, month))


def test_files_need_a_column_map_for_some_headers_only(run: Ingested) -> None:
    maps = run.made.manifest["column_maps"]
    for agency in (transport.BTP, transport.METRO, transport.BUSES):
        plan = next(p for p in plans_of("transport") if p.agency == agency)
        mapped = {m["column"] for m in maps if m["agency"] == agency}
        assert mapped, agency  # some headers are the agency's own words
        assert mapped < set(plan.headers.values()), agency  # others match the catalogue
