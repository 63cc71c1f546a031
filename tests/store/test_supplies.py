"""Supplies into the archive, on SQLite and PostgreSQL: every row accounted for, atomic,
idempotent, versioned."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import polars as pl
import pytest

from conftest import csv_text
from csphub.errors import DuplicateSupply, NotFound
from csphub.hub import Hub
from csphub.ingest import SupplyRequest, SupplyStatus, ingest_supply
from csphub.store import ISSUE_SCHEMA, SupplyWrite
from csphub.store import schema as s

OFFENCE = "police-crime-offence"
HEADER = [
    "Crime Ref",
    "HO Code",
    "Date From",
    "Time From",
    "Address",
    "Postcode",
    "X",
    "Y",
    "Domestic",
]


def offence_rows(count: int, start: int = 1) -> list[list[str]]:
    return [
        [
            f"CR{n:05d}",
            "028/01",
            f"{(n % 28) + 1:02d}/01/2026",
            "2145",
            f"{n} High Street",
            "EB1 2AB",
            str(451000 + n),
            str(210000 + n),
            "Y" if n % 2 else "N",
        ]
        for n in range(start, start + count)
    ]


def ingest(
    hub: Hub, path: Path, dataset: str = OFFENCE, agency: str = "police-1", period: str = "2026-01"
):
    return ingest_supply(hub, SupplyRequest(path, dataset, agency, period=period))


def table_counts(hub: Hub) -> dict[str, int]:
    """Rows in every table the archive has, record tables included."""
    counts = {}
    with hub.archive.engine.connect() as connection:
        from sqlalchemy import func, inspect, select, table

        for name in sorted(inspect(connection).get_table_names()):
            counts[name] = connection.execute(
                select(func.count()).select_from(table(name))
            ).scalar_one()
    return counts


def accounted(outcome) -> int:
    supply = outcome.supply
    return (
        supply.rows_new
        + supply.rows_revised
        + supply.rows_unchanged
        + supply.rows_quarantined
        + supply.rows_rejected
    )


def test_a_clean_supply_is_stored_typed(hub: Hub, write_file: Callable[..., Path]) -> None:
    path = write_file("offences.csv", csv_text(HEADER, offence_rows(30)))
    outcome = ingest(hub, path)
    assert outcome.status == SupplyStatus.STORED
    assert (outcome.supply.rows_read, outcome.supply.rows_new, outcome.supply.rows_quarantined) == (
        30,
        30,
        0,
    )
    records = hub.archive.read_records(hub.dataset(OFFENCE))
    assert records.height == 30
    first = records.filter(pl.col("crime_reference") == "CR00001").row(0, named=True)
    assert first["committed_from_date"] == dt.date(2026, 1, 2)
    assert first["committed_from_time"] == dt.time(21, 45)
    assert first["easting"] == 451001.0
    assert first["domestic_flag"] is True
    assert first["_version"] == 1 and first["_row"] == 2 and first["_agency_id"] == "police-1"


def test_every_row_ends_stored_or_quarantined_with_reasons(
    hub: Hub, write_file: Callable[..., Path]
) -> None:
    rows = offence_rows(20)
    rows[3][1] = "BURGLARY"  # pattern
    rows[5][2] = "31/02/2026"  # not a date
    rows[7][2] = ""  # required
    rows[9][0] = rows[8][0]  # repeated reference
    rows[11][2] = "03/02/2026"  # outside the period
    rows[13][5] = "EB1 2CB"  # not a postcode
    outcome = ingest(hub, write_file("mixed.csv", csv_text(HEADER, rows)))
    supply = outcome.supply
    assert outcome.status == SupplyStatus.PARTIAL
    assert supply.rows_read == 20 == accounted(outcome)
    assert (supply.rows_new, supply.rows_quarantined) == (14, 6)

    quarantined = hub.archive.quarantined(supply.id)
    assert [number for number, _ in quarantined] == [5, 7, 9, 11, 13, 15]
    assert quarantined[0][1]["HO Code"] == "BURGLARY"  # kept exactly as the file had it
    issues = hub.archive.supply_issues(supply.id).filter(pl.col("row_number").is_not_null())
    assert sorted(issues.select("row_number", "field", "rule").rows()) == [
        (5, "offence_code", "pattern"),
        (7, "committed_from_date", "type"),
        (9, "committed_from_date", "required"),
        (11, "crime_reference", "duplicate"),
        (13, "committed_from_date", "period"),
        (15, "location_postcode", "type"),
    ]
    repeat = issues.filter(pl.col("rule") == "duplicate")["message"].to_list()
    assert repeat == ["repeats the crime_reference of row 10 in this supply"]
    stored_rows = set(hub.archive.read_records(hub.dataset(OFFENCE))["_row"].to_list())
    assert stored_rows.isdisjoint({5, 7, 9, 11, 13, 15}) and len(stored_rows) == 14


def test_the_supply_records_how_its_file_was_read(
    hub: Hub, write_file: Callable[..., Path]
) -> None:
    rows = offence_rows(3)
    rows[0][4] = "1 Café Row"  # é as Windows-1252 writes it
    text = csv_text(HEADER, rows, delimiter=";").replace("\r\n", "\r\n;;\r\n ; \r\n", 1)
    supply = ingest(hub, write_file("blanks.csv", text.encode("cp1252"))).supply
    assert (supply.file_format, supply.encoding, supply.delimiter, supply.sheet) == (
        "csv", "windows-1252", ";", None,
    )  # fmt: skip
    assert (supply.rows_read, supply.blank_rows, supply.rows_new) == (3, 2, 3)


def test_reject_policy_stores_nothing_but_keeps_the_report(
    hub: Hub, write_file: Callable[..., Path]
) -> None:
    header = [
        "CRIS Number",
        "Date Recorded",
        "Classification Code",
        "Crimsec Code",
        "Status",
        "Prefix",
    ]
    rows = [
        [f"CRIS{n}", "05/01/2026", "BURG", "028/01", "detected", "substantive"] for n in range(10)
    ]
    rows[4][4] = "solved"  # not a status code
    before = table_counts(hub)
    outcome = ingest(hub, write_file("hodh.csv", csv_text(header, rows)), dataset="hodh-crime")
    assert outcome.status == SupplyStatus.REJECTED and not outcome.accepted
    assert (outcome.supply.rows_read, outcome.supply.rows_rejected) == (10, 10) and accounted(
        outcome
    ) == 10
    after = table_counts(hub)
    assert after.get("rec_hodh_crime", 0) == 0
    assert after["quarantine"] == before["quarantine"]
    assert after["supplies"] == before["supplies"] + 1
    assert hub.archive.supply_issues(outcome.supply.id).filter(pl.col("rule") == "enum")[
        "row_number"
    ].to_list() == [6]
    rows[4][4] = "detected"
    fixed = ingest(hub, write_file("hodh-fixed.csv", csv_text(header, rows)), dataset="hodh-crime")
    assert fixed.status == SupplyStatus.STORED and fixed.supply.rows_new == 10


def test_the_same_file_again_is_refused_and_changes_nothing(
    hub: Hub, write_file: Callable[..., Path]
) -> None:
    path = write_file("offences.csv", csv_text(HEADER, offence_rows(5)))
    first = ingest(hub, path)
    before = table_counts(hub)
    with pytest.raises(DuplicateSupply) as refused:
        ingest(hub, path)
    assert f"supply {first.supply.id}" in str(refused.value) and "offences.csv" in str(
        refused.value
    )
    copy = write_file("renamed-copy.csv", path.read_bytes())
    with pytest.raises(DuplicateSupply):
        ingest(hub, copy)
    assert table_counts(hub) == before


def test_corrections_make_new_versions_and_history_stays(
    hub: Hub, write_file: Callable[..., Path]
) -> None:
    dataset = hub.dataset(OFFENCE)
    ingest(hub, write_file("jan.csv", csv_text(HEADER, offence_rows(10))))
    resupply = offence_rows(10)[:6] + offence_rows(2, start=11)
    resupply[0][1] = "030/01"  # reclassified
    resupply[1][4] = "2A High Street"  # address corrected
    outcome = ingest(hub, write_file("jan-resupply.csv", csv_text(HEADER, resupply)))
    supply = outcome.supply
    assert (supply.rows_new, supply.rows_revised, supply.rows_unchanged) == (2, 2, 4)
    assert accounted(outcome) == supply.rows_read == 8

    records = hub.archive.read_records(dataset)
    assert records.height == 14  # 10 + 2 revisions + 2 new; nothing overwritten
    versions = hub.archive.record_versions(dataset, "police-1", "CR00001")
    assert versions["_version"].to_list() == [1, 2]
    assert versions["offence_code"].to_list() == ["028/01", "030/01"]
    current = hub.archive.read_records(dataset, current_only=True)
    assert current.height == 12
    assert current.filter(pl.col("crime_reference") == "CR00001")["offence_code"].item() == "030/01"

    third = offence_rows(1)
    third[0][1] = "045/00"
    ingest(hub, write_file("jan-third.csv", csv_text(HEADER, third)))
    assert hub.archive.record_versions(dataset, "police-1", "CR00001")["_version"].to_list() == [
        1,
        2,
        3,
    ]


def test_references_are_scoped_to_the_supplying_agency(
    hub: Hub, write_file: Callable[..., Path]
) -> None:
    hub.archive.add_agency("police-2", "Neighbouring force", "police")
    ingest(hub, write_file("a.csv", csv_text(HEADER, offence_rows(3))))
    other = ingest(
        hub, write_file("b.csv", csv_text(HEADER, offence_rows(3)) + "\r\n"), agency="police-2"
    )
    assert (other.supply.rows_new, other.supply.rows_revised) == (3, 0)


def test_an_error_midway_leaves_nothing_of_the_supply(
    hub: Hub, write_file: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    ingest(hub, write_file("first.csv", csv_text(HEADER, offence_rows(5))))
    before = table_counts(hub)
    rows = offence_rows(40, start=100)
    rows[2][1] = "BAD"

    def fail(self: SupplyWrite, frame: pl.DataFrame) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(SupplyWrite, "add_quarantine", fail)  # after the records are written
    with pytest.raises(OSError):
        ingest(hub, write_file("second.csv", csv_text(HEADER, rows)))
    assert table_counts(hub) == before
    monkeypatch.undo()
    retried = ingest(hub, write_file("second.csv", csv_text(HEADER, rows)))
    assert (retried.supply.rows_new, retried.supply.rows_quarantined) == (39, 1)
    assert foreign_keys_enforced(hub)  # back on after the failed supply as after the good one


def foreign_keys_enforced(hub: Hub) -> bool:
    """Whether the archive's connections check foreign keys (always, on PostgreSQL)."""
    with hub.archive.engine.connect() as connection:
        if connection.dialect.name != "sqlite":
            return True
        return connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_every_row_a_supply_writes_refers_to_that_supply(
    hub: Hub, write_file: Callable[..., Path]
) -> None:
    first = ingest(hub, write_file("first.csv", csv_text(HEADER, offence_rows(5)))).supply
    rows = offence_rows(30, start=50)
    rows[4][1] = "BAD"
    second = ingest(hub, write_file("second.csv", csv_text(HEADER, rows))).supply
    assert foreign_keys_enforced(hub)
    records = hub.archive.read_records(hub.dataset(OFFENCE))
    assert records.group_by("_supply_id").len().sort("_supply_id").rows() == [
        (first.id, 5),
        (second.id, 29),
    ]
    with hub.archive.engine.connect() as connection:
        quarantined = connection.execute(
            s.quarantine.select().with_only_columns(s.quarantine.c.supply_id)
        ).scalars()
        issued = connection.execute(
            s.supply_issues.select().with_only_columns(s.supply_issues.c.supply_id)
        ).scalars()
        assert set(quarantined) == {second.id}
        assert set(issued) == {first.id, second.id}


def test_a_supply_cannot_write_rows_before_it_is_started_or_name_an_unknown_agency(
    hub: Hub,
) -> None:
    dataset = hub.dataset(OFFENCE)
    before = table_counts(hub)
    issues = pl.DataFrame(schema=ISSUE_SCHEMA)
    with (
        pytest.raises(RuntimeError, match="after the supply is started"),
        hub.archive.supply_transaction(dataset) as write,
    ):
        write.add_issues(issues)
    with (
        pytest.raises(NotFound, match="no agency 'nobody'"),
        hub.archive.supply_transaction(dataset) as write,
    ):
        write.start(
            dataset_id=OFFENCE,
            agency_id="nobody",
            file_name="x.csv",
            sha256="0" * 64,
            size_bytes=1,
            file_format="csv",
            received_at=dt.datetime(2026, 1, 1),
            rows_read=0,
        )
    assert table_counts(hub) == before
    assert foreign_keys_enforced(hub)


def test_raw_bytes_land_encrypted_under_their_hash(
    hub: Hub, write_file: Callable[..., Path]
) -> None:
    text = csv_text(HEADER, offence_rows(3))
    outcome = ingest(hub, write_file("offences.csv", text))
    stored = hub.archive.landing.path_for(outcome.supply.sha256)
    assert stored.name == outcome.supply.landing_file
    assert b"High Street" not in stored.read_bytes()
    assert hub.archive.landing.get(outcome.supply.sha256) == text.encode()


def test_supply_metadata_is_kept(hub: Hub, write_file: Callable[..., Path]) -> None:
    import json

    meta = write_file(
        "m.json",
        json.dumps(
            {
                "agency": "police-1",
                "dataset": OFFENCE,
                "period": "2026-01",
                "records_supplied": 7,
                "supplier": {"name": "Data Team", "email": "data@example.org"},
                "caveats": "Times are approximate",
                "fields": HEADER,
                "geocoding_method": "force gazetteer",
            }
        ),
    )
    outcome = ingest_supply(
        hub,
        SupplyRequest(
            write_file("o.csv", csv_text(HEADER, offence_rows(6))),
            OFFENCE,
            "police-1",
            metadata_path=meta,
        ),
    )
    kept = hub.archive.supply(outcome.supply.id).supply_metadata
    assert (
        kept["caveats"] == ["Times are approximate"]
        and kept["geocoding_method"] == "force gazetteer"
    )
    assert (outcome.supply.period_start, outcome.supply.period_end) == (
        dt.date(2026, 1, 1),
        dt.date(2026, 1, 31),
    )
    warnings = outcome.issues.filter(pl.col("rule") == "metadata")["message"].to_list()
    assert warnings == [
        "the metadata declares 7 records but the file has 6; the file may be incomplete"
    ]


def test_supplies_table_refuses_a_second_accepted_copy(
    hub: Hub, write_file: Callable[..., Path]
) -> None:
    """The unique index holds even if two ingests race past the first check."""
    from sqlalchemy import insert
    from sqlalchemy.exc import IntegrityError

    outcome = ingest(hub, write_file("o.csv", csv_text(HEADER, offence_rows(2))))
    values = {c.name: getattr(outcome.supply, c.name) for c in s.supplies.c if c.name != "id"}
    with pytest.raises(IntegrityError), hub.archive.engine.begin() as connection:
        connection.execute(insert(s.supplies).values(**values))


@pytest.mark.parametrize("count", [12, 25_000])
def test_stored_latitudes_and_longitudes_are_those_of_the_stored_points(
    hub: Hub, write_file: Callable[..., Path], count: int
) -> None:
    """They are filled in as the records are stored (on SQLite, for a large supply, in the
    staging threads, piece by piece): every record's must be its own point's."""
    import numpy as np

    from csphub.geo import projection

    outcome = ingest(hub, write_file("offences.csv", csv_text(HEADER, offence_rows(count))))
    assert outcome.supply.rows_new == count
    records = hub.archive.read_records(hub.dataset(OFFENCE)).sort("_row")
    easting, northing = records["_geo_offence_easting"], records["_geo_offence_northing"]
    assert easting.to_list() == [float(451000 + n) for n in range(1, count + 1)]
    lat, lon = projection.to_lat_lon(easting.to_numpy(), northing.to_numpy())
    assert records["_geo_offence_lat"].to_list() == np.round(lat, 6).tolist()
    assert records["_geo_offence_lon"].to_list() == np.round(lon, 6).tolist()


def test_a_resupply_stores_each_changed_record_with_its_own_geocode(
    hub: Hub, write_file: Callable[..., Path]
) -> None:
    """Unchanged rows are not stored again, so the geocodes are matched to the stored rows by
    row number, not by position."""
    first = offence_rows(12)
    ingest(hub, write_file("january.csv", csv_text(HEADER, first)))
    second = [list(row) for row in first] + offence_rows(1, start=13)
    for row in (second[2], second[6]):
        row[6] = str(int(row[6]) + 500)  # moved 500 m east
    outcome = ingest(hub, write_file("january-again.csv", csv_text(HEADER, second)))
    assert (outcome.supply.rows_new, outcome.supply.rows_revised) == (1, 2)
    assert outcome.supply.rows_unchanged == 10

    records = hub.archive.read_records(hub.dataset(OFFENCE))
    latest = records.filter(pl.col("_supply_id") == outcome.supply.id).sort("_row")
    assert latest["crime_reference"].to_list() == ["CR00003", "CR00007", "CR00013"]
    assert latest["_geo_offence_easting"].to_list() == [451503.0, 451507.0, 451013.0]
    assert latest["_geo_offence_easting"].to_list() == latest["easting"].to_list()
    assert latest["_geo_offence_lat"].null_count() == 0
