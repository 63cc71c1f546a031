"""The real data.police.uk files (Thames Valley, January 2022) go in as given: blank Crime IDs
(anti-social behaviour) and missing locations are features of the data, not errors."""

from __future__ import annotations

import polars as pl
import pytest

from conftest import POLICE_UK
from csphub.hub import Hub
from csphub.ingest import SupplyRequest, SupplyStatus, ingest_supply

FILES = {
    "policeuk-street": ("2022-01-thames-valley-street.csv", 15_691),
    "policeuk-outcomes": ("2022-01-thames-valley-outcomes.csv", 15_107),
    "policeuk-stop-search": ("2022-01-thames-valley-stop-and-search.csv", 84),
}


@pytest.mark.parametrize("dataset_id", sorted(FILES))
def test_real_police_uk_files_go_in_whole(hub: Hub, dataset_id: str) -> None:
    name, rows = FILES[dataset_id]
    outcome = ingest_supply(
        hub, SupplyRequest(POLICE_UK / name, dataset_id, "police-1", period="2022-01")
    )
    supply = outcome.supply
    assert outcome.status == SupplyStatus.STORED, outcome.as_text()
    assert (supply.rows_read, supply.rows_new, supply.rows_quarantined) == (rows, rows, 0)
    assert outcome.issues.filter(pl.col("severity") == "error").height == 0
    assert supply.encoding == "utf-8" and supply.delimiter == ","
    records = hub.archive.read_records(hub.dataset(dataset_id))
    assert records.height == rows


def test_street_file_keeps_blank_ids_and_missing_locations(hub: Hub) -> None:
    name, _ = FILES["policeuk-street"]
    ingest_supply(
        hub, SupplyRequest(POLICE_UK / name, "policeuk-street", "police-1", period="2022-01")
    )
    records = hub.archive.read_records(hub.dataset("policeuk-street"))
    asb = records.filter(pl.col("crime_type") == "Anti-social behaviour")
    assert asb.height == 1_456 and asb["crime_id"].null_count() == 1_456
    assert records["crime_id"].null_count() == 1_456
    assert records["lsoa_code"].null_count() == 750
    unlocated = records.filter(pl.col("latitude").is_null())
    assert unlocated.height == 750 and unlocated["longitude"].null_count() == 750
    assert set(unlocated["location"].unique()) == {"No Location"}  # the street file's own spelling
    assert set(records["month"].unique()) == {"2022-01"}
    assert (
        records["_key"].null_count() == records.height
    )  # no reference key: appended, not versioned


def test_stop_search_date_times_are_read_in_utc(hub: Hub) -> None:
    name, _ = FILES["policeuk-stop-search"]
    ingest_supply(
        hub, SupplyRequest(POLICE_UK / name, "policeuk-stop-search", "police-1", period="2022-01")
    )
    records = hub.archive.read_records(hub.dataset("policeuk-stop-search"))
    assert records["date"].null_count() == 0
    assert records["date"].min().year == 2022 and records["date"].min().month == 1
    assert set(records["part_of_a_policing_operation"].unique().to_list()) == {True, False}
