"""Geocoding during ingestion: a synthetic partnership's supplies taken into a hub with its
geography loaded, checked against the partnership's ground truth; without geography; and a
record table made before the hub geocoded."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polars as pl
import pytest
from geo_support import MATCHER_WARNING, geography_file, partnership, read_text_csv
from sqlalchemy import Index, MetaData, Table, insert, inspect, select

from conftest import csv_text
from csphub.geo.service import load_boundaries, load_postcodes, load_properties
from csphub.hub import Hub
from csphub.ingest import SupplyOutcome, SupplyRequest, SupplyStatus, ingest_supply
from csphub.store import records as rec
from csphub.synth.demo import register
from csphub.synth.partnership import Made

LEVELS = ("oa", "lsoa", "msoa", "ward", "la")


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Made:
    return partnership(tmp_path_factory)


def supply_of(made: Made, dataset: str) -> dict[str, Any]:
    return next(s for s in made.manifest["supplies"] if s["dataset"] == dataset)


def ingest(hub: Hub, made: Made, dataset: str, path: Path | None = None) -> SupplyOutcome:
    supply = supply_of(made, dataset)
    request = SupplyRequest(
        path or made.folder / supply["file"],
        dataset,
        supply["agency"],
        made.folder / supply["metadata"],
    )
    return ingest_supply(hub, request)


def load_geography(hub: Hub, made: Made, *, properties: bool = True) -> None:
    load_postcodes(hub, geography_file(made, "onspd.csv"))
    if properties:
        load_properties(hub, geography_file(made, "gazetteer.csv"))
    for level in LEVELS:
        load_boundaries(hub, geography_file(made, f"boundaries/{level}.geojson"), level)


def truth(made: Made, dataset: str) -> pl.DataFrame:
    """The truth file of a supply, with each row's true LSOA (given, or that of its true
    property's postcode)."""
    supply = supply_of(made, dataset)
    month = supply["file"].split("/")[1]
    stem = Path(supply["file"]).name.rsplit("-", 2)[0]
    found = read_text_csv(made.folder / "truth" / "records" / month / f"{stem}.csv")
    gazetteer = read_text_csv(geography_file(made, "gazetteer.csv")).select(
        pl.col("UPRN").alias("uprn"), pl.col("POSTCODE_LOCATOR").alias("true_postcode")
    )
    onspd = read_text_csv(geography_file(made, "onspd.csv")).select(
        pl.col("pcds").alias("true_postcode"), pl.col("lsoa21").alias("postcode_lsoa")
    )
    found = found.join(gazetteer, on="uprn", how="left").join(onspd, on="true_postcode", how="left")
    true_lsoa = pl.col("lsoa") if "lsoa" in found.columns else pl.col("postcode_lsoa")
    return found.select(
        pl.col("row").cast(pl.Int64).alias("_row"),
        pl.col("uprn").cast(pl.Int64).alias("true_uprn"),
        true_lsoa.alias("true_lsoa"),
        "true_postcode",
    )


def records_with_truth(hub: Hub, made: Made, dataset: str) -> pl.DataFrame:
    records = hub.archive.read_records(hub.dataset(dataset))
    joined = records.join(truth(made, dataset), on="_row", how="left")
    assert joined.height == records.height > 0
    return joined


def geocoding_notes(outcome: SupplyOutcome) -> list[tuple[str, str, str]]:
    notes = outcome.issues.filter(pl.col("rule") == "geocoding")
    return list(notes.select("severity", "field", "message").iter_rows())


def located_note(records: pl.DataFrame, place: str) -> str:
    """The report's line for a place, from the stored records' methods."""
    text = {
        "uprn": "by UPRN",
        "address": "by address (to a UPRN)",
        "supplied": "by their own coordinates",
        "postcode": "by postcode",
        "street": "by street",
        "area": "by area code",
        "none": "not located",
    }
    counts = dict(records[f"_geo_{place}_method"].value_counts().iter_rows())
    return "records located: " + ", ".join(
        f"{counts[method]:,} {words}" for method, words in text.items() if counts.get(method)
    )


def test_records_located_by_postcode_get_the_right_areas(hub: Hub, made: Made) -> None:
    register(hub, made.manifest)
    load_geography(hub, made, properties=False)

    for dataset in ("hodh-applicant", "drug-treatment-adults", "probation-oasys"):
        outcome = ingest(hub, made, dataset)

        records = records_with_truth(hub, made, dataset)
        assert records.height == outcome.supply.rows_new, outcome.as_text()
        by_postcode = records.filter(pl.col("_geo_home_method") == "postcode")
        assert by_postcode.height == records.height, dataset
        assert (by_postcode["_geo_home_precision"] == "postcode").all()
        assert by_postcode["_geo_home_lsoa"].to_list() == by_postcode["true_lsoa"].to_list()
        assert by_postcode["_geo_home_year"].to_list() == [2021] * by_postcode.height
        for level in LEVELS:
            assert by_postcode[f"_geo_home_{level}"].null_count() == 0, (dataset, level)
        assert by_postcode["_geo_home_easting"].null_count() == 0
        assert by_postcode["_geo_home_lat"].null_count() == 0
        assert ("info", "home", located_note(records, "home")) in geocoding_notes(outcome)


def test_police_uk_street_points_and_the_lsoa_agreement_rate(hub: Hub, made: Made) -> None:
    register(hub, made.manifest)
    load_geography(hub, made, properties=False)

    outcome = ingest(hub, made, "policeuk-street")

    records = records_with_truth(hub, made, "policeuk-street")
    located = records.filter(pl.col("latitude").is_not_null())
    assert located.height > 0
    assert (located["_geo_offence_method"] == "supplied").all()
    assert (located["_geo_offence_precision"] == "point").all()
    assert located["_geo_offence_easting"].null_count() == 0
    unlocated = records.filter(pl.col("latitude").is_null())
    assert (unlocated["_geo_offence_method"] == "none").all()
    # The stored LSOA is where the point lies; police.uk's own code is checked against it.
    both = located.filter(pl.col("lsoa_code").is_not_null())
    agree = int((both["_geo_offence_lsoa"] == both["lsoa_code"]).sum())
    assert agree / both.height > 0.9
    notes = geocoding_notes(outcome)
    assert ("info", "offence", located_note(records, "offence")) in notes
    rate = (
        f"supplied area codes agree with the loaded boundaries for {agree / both.height:.1%} "
        f"({agree:,} of {both.height:,}) of the records that have both"
    )
    assert ("info", "offence", rate) in notes


def test_an_msoa_code_locates_to_the_msoa(hub: Hub, made: Made) -> None:
    register(hub, made.manifest)
    load_geography(hub, made, properties=False)

    outcome = ingest(hub, made, "hodh-crime")

    records = hub.archive.read_records(hub.dataset("hodh-crime"))
    assert (records["_geo_offence_method"] == "area").all()
    assert records["_geo_offence_msoa"].to_list() == records["msoa_code"].to_list()
    assert records["_geo_offence_lsoa"].null_count() == records.height
    assert records["_geo_offence_oa"].null_count() == records.height
    assert records["_geo_offence_la"].null_count() == 0
    assert ("info", "offence", located_note(records, "offence")) in geocoding_notes(outcome)


@MATCHER_WARNING
def test_addresses_are_matched_to_the_right_property(sqlite_hub: Hub, made: Made) -> None:
    hub = sqlite_hub
    register(hub, made.manifest)
    load_geography(hub, made)

    outcome = ingest(hub, made, "police-crime-offence")

    assert outcome.status == SupplyStatus.STORED, outcome.as_text()
    records = records_with_truth(hub, made, "police-crime-offence")
    methods = set(records["_geo_offence_method"])
    assert "address" in methods, methods
    by_property = records.filter(pl.col("_geo_offence_precision") == "uprn")
    with_truth = by_property.filter(pl.col("true_uprn").is_not_null())
    assert with_truth.height > 0
    right = with_truth.filter(pl.col("_geo_offence_uprn") == pl.col("true_uprn")).height
    assert right / with_truth.height >= 0.99
    placed = records.filter(pl.col("_geo_offence_precision").is_in(["uprn", "postcode"]))
    assert placed["_geo_offence_lsoa"].to_list() == placed["true_lsoa"].to_list()
    assert ("info", "offence", located_note(records, "offence")) in geocoding_notes(outcome)


def test_without_geography_records_still_store_with_a_note(hub: Hub, made: Made) -> None:
    register(hub, made.manifest)

    applicants = ingest(hub, made, "hodh-applicant")
    street = ingest(hub, made, "policeuk-street")

    for outcome in (applicants, street):
        assert outcome.status == SupplyStatus.STORED
        assert any(
            severity == "info" and "no reference geography is loaded" in message
            for severity, _, message in geocoding_notes(outcome)
        ), geocoding_notes(outcome)
    records = hub.archive.read_records(hub.dataset("hodh-applicant"))
    assert records.height == applicants.supply.rows_read
    assert (records["_geo_home_method"] == "none").all()
    crimes = hub.archive.read_records(hub.dataset("policeuk-street"))
    located = crimes.filter(pl.col("latitude").is_not_null())
    # Their own coordinates still place them; no boundaries, so no areas.
    assert (located["_geo_offence_method"] == "supplied").all()
    assert located["_geo_offence_easting"].null_count() == 0
    assert located["_geo_offence_lsoa"].null_count() == located.height


def test_a_record_table_from_before_geocoding_gets_the_columns_and_keeps_its_rows(
    hub: Hub, made: Made, tmp_path: Path
) -> None:
    register(hub, made.manifest)
    dataset = hub.dataset("hodh-applicant")
    geo_columns = set(rec.geo_columns(dataset))
    assert "_geo_home_lsoa" in geo_columns
    first = ingest(hub, made, "hodh-applicant")
    old_columns = [
        c for c in hub.archive.record_table(dataset).columns if c.name not in geo_columns
    ]
    engine = hub.archive.engine
    # Make the table again as the hub made it before it geocoded, with the same rows.
    with engine.begin() as connection:
        table = hub.archive.record_table(dataset)
        kept = connection.execute(select(*(table.c[c.name] for c in old_columns))).all()
        table.drop(connection)
        metadata = MetaData()
        Table("supplies", metadata, autoload_with=connection)
        old = Table(
            table.name,
            metadata,
            *(c._copy() for c in old_columns),
            Index(f"uq_{table.name}_version", "_agency_id", "_key", "_version", unique=True),
        )
        old.create(connection)
        # The rows get new ids from the table's own sequence, as they did when first stored.
        connection.execute(
            insert(old),
            [{k: v for k, v in row._asdict().items() if k != "_record_id"} for row in kept],
        )
    with engine.connect() as connection:
        before = {c["name"] for c in inspect(connection).get_columns(table.name)}
    assert before.isdisjoint(geo_columns) and len(kept) == first.supply.rows_read

    load_postcodes(hub, geography_file(made, "onspd.csv"))
    source = made.folder / supply_of(made, "hodh-applicant")["file"]
    later = tmp_path / source.name.replace("2025-01", "2025-01-resent")
    later.write_bytes(source.read_bytes().replace(b"APP-", b"APQ-"))
    second = ingest(hub, made, "hodh-applicant", later)

    assert second.status == SupplyStatus.STORED, second.as_text()
    with engine.connect() as connection:
        after = {c["name"] for c in inspect(connection).get_columns(table.name)}
    assert geo_columns <= after
    records = hub.archive.read_records(dataset)
    assert records.height == 2 * len(kept)
    earlier = records.filter(pl.col("_supply_id") == first.supply.id)
    newer = records.filter(pl.col("_supply_id") == second.supply.id)
    assert earlier.height == newer.height == len(kept)
    assert earlier["_geo_home_method"].null_count() == earlier.height  # never geocoded
    assert (newer["_geo_home_method"] == "postcode").all()
    assert newer["_geo_home_lsoa"].null_count() == 0


OFFENDER_HEADER = ["Crime Ref", "Offender Ref", "Home Address", "Home Postcode"]
PPO_HEADER = ["Offender Ref", "Home Address", "Home Postcode"]


def wesley_road(tmp_path: Path) -> Path:
    """A gazetteer of two flats at 3 Wesley Road and the house at 5."""
    path = tmp_path / "llpg.csv"
    path.write_text(
        "UPRN,SAO_TEXT,PAO_START_NUMBER,STREET_DESCRIPTION,POSTCODE_LOCATOR,X_COORDINATE,"
        "Y_COORDINATE\r\n"
        "30,FLAT A,3,WESLEY ROAD,EB2 1AG,440400,250400\r\n"
        "31,FLAT B,3,WESLEY ROAD,EB2 1AG,440400,250400\r\n"
        "32,,5,WESLEY ROAD,EB2 1AG,440420,250400\r\n"
    )
    return path


def test_a_persons_home_matched_in_one_record_settles_another(hub: Hub, tmp_path: Path) -> None:
    """The force recorded offender EBN1's home as flat B, 3 Wesley Road. Its list of prolific
    offenders, a later supply, gives only "3 Wesley Road", which fits both flats: EBN1's is
    flat B, flagged. Within one supply too (EBN2). EBN3, never placed, is left unplaced, as is
    EBN1 at the street alone; another force's EBN1 is another person."""
    load_properties(hub, wesley_road(tmp_path))
    hub.archive.add_agency("police-2", "Another force", "police")
    crimes = tmp_path / "offenders.csv"
    crimes.write_text(
        csv_text(OFFENDER_HEADER, [["CR1", "EBN1", '"Flat B, 3 Wesley Road"', "EB2 1AG"]])
    )
    first = ingest_supply(
        hub, SupplyRequest(crimes, "police-crime-offender", "police-1", period="2026-01")
    )
    assert first.status == SupplyStatus.STORED, first.as_text()

    rows = [
        ["EBN1", "3 Wesley Road", "EB2 1AG"],
        ["EBN2", '"Flat A, 3 Wesley Road"', "EB2 1AG"],
        ["EBN2", "3 Wesley Rd", "EB2 1AG"],
        ["EBN3", "3 Wesley Road", "EB2 1AG"],
    ]
    listed = tmp_path / "ppo.csv"
    listed.write_text(csv_text(PPO_HEADER, rows[:1] + rows[3:]))
    ppo = ingest_supply(hub, SupplyRequest(listed, "ppo", "police-1", period="2026-02"))
    again = tmp_path / "ppo-march.csv"
    again.write_text(csv_text(PPO_HEADER, [rows[1]]))
    ingest_supply(hub, SupplyRequest(again, "ppo", "police-1", period="2026-03"))
    within = tmp_path / "offenders-march.csv"
    within.write_text(csv_text(OFFENDER_HEADER, [["CR2", *rows[1]], ["CR3", *rows[2]]]))
    ingest_supply(hub, SupplyRequest(within, "police-crime-offender", "police-1", period="2026-03"))
    other = tmp_path / "ppo-other-force.csv"
    other.write_text(csv_text(PPO_HEADER, rows[:1]))
    elsewhere = ingest_supply(hub, SupplyRequest(other, "ppo", "police-2", period="2026-02"))

    placed = ["_geo_home_method", "_geo_home_uprn", "_geo_home_flags"]
    stored = hub.archive.read_records(hub.dataset("ppo")).sort("_supply_id", "_row")
    assert stored.select("offender_reference", *placed).rows() == [
        ("EBN1", "address", 31, "by-known-home"),
        ("EBN3", "street", None, None),  # no postcode directory loaded
        ("EBN2", "address", 30, None),
        ("EBN1", "street", None, None),  # another force's EBN1
    ]
    crime = hub.archive.read_records(hub.dataset("police-crime-offender")).sort("crime_reference")
    assert crime.select("crime_reference", *placed).rows() == [
        ("CR1", "address", 31, None),
        ("CR2", "address", 30, None),
        ("CR3", "address", 30, "by-known-home"),
    ]
    assert (
        "warning",
        "home",
        "1 records have a home address that fits several properties, one of which the same "
        "person's home was matched to in another record (that one is taken) "
        "(flag by-known-home)",
    ) in geocoding_notes(ppo)
    assert not [n for n in geocoding_notes(elsewhere) if "by-known-home" in n[2]]


def test_the_street_alone_or_two_known_homes_settle_nothing(hub: Hub, tmp_path: Path) -> None:
    """A person placed at both flats (one record each) whose home is later "3 Wesley Road"
    could be at either: left unmatched. "Wesley Road" names no property of theirs."""
    load_properties(hub, wesley_road(tmp_path))
    crimes = tmp_path / "offenders.csv"
    crimes.write_text(
        csv_text(
            OFFENDER_HEADER,
            [
                ["CR1", "EBN1", '"Flat A, 3 Wesley Road"', "EB2 1AG"],
                ["CR2", "EBN1", '"Flat B, 3 Wesley Road"', "EB2 1AG"],
                ["CR3", "EBN4", '"Flat B, 3 Wesley Road"', "EB2 1AG"],
            ],
        )
    )
    ingest_supply(hub, SupplyRequest(crimes, "police-crime-offender", "police-1", period="2026-01"))
    listed = tmp_path / "ppo.csv"
    listed.write_text(
        csv_text(PPO_HEADER, [["EBN1", "3 Wesley Road", "EB2 1AG"], ["EBN4", "Wesley Road", ""]])
    )
    outcome = ingest_supply(hub, SupplyRequest(listed, "ppo", "police-1", period="2026-02"))

    assert outcome.status == SupplyStatus.STORED, outcome.as_text()
    stored = hub.archive.read_records(hub.dataset("ppo")).sort("_row")
    assert stored["_geo_home_uprn"].to_list() == [None, None]
    assert stored["_geo_home_method"].to_list() == ["street", "street"]
