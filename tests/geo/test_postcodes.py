"""Postcode directories as published: the ONSPD, the NSPL and OS Code-Point Open, as CSV, as a
folder and as the ZIPs they come in; their editions; and the files the loader must refuse."""

from __future__ import annotations

import datetime as dt
import os
import zipfile
from pathlib import Path

import numpy as np
import polars as pl
import pytest
from geo_support import geography_file, partnership, quoted_csv, read_text_csv

from csphub.errors import BadInput
from csphub.geo import projection
from csphub.geo.postcodes import PostcodeDirectory, read_postcode_directory
from csphub.geo.service import load_postcodes
from csphub.geo.sources import csv_sources, edition_of
from csphub.hub import Hub
from csphub.synth.partnership import Made


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Made:
    return partnership(tmp_path_factory)


@pytest.fixture(scope="module")
def onspd(made: Made) -> pl.DataFrame:
    """The synth's ONSPD, every field as text, as the file has it."""
    return read_text_csv(geography_file(made, "onspd.csv"))


def read(path: Path) -> PostcodeDirectory:
    return read_postcode_directory(csv_sources(path))


def expected_areas(onspd: pl.DataFrame, year: str = "21") -> pl.DataFrame:
    return onspd.select(
        pl.col("pcds").alias("postcode"),
        pl.col("oseast1m").cast(pl.Int32).alias("easting"),
        pl.col("osnrth1m").cast(pl.Int32).alias("northing"),
        pl.col(f"oa{year}").alias("oa"),
        pl.col(f"lsoa{year}").alias("lsoa"),
        pl.col(f"msoa{year}").alias("msoa"),
        pl.col("osward").alias("ward"),
        pl.col("oslaua").alias("la"),
    )


def test_onspd_layout_is_read_whole(made: Made, onspd: pl.DataFrame) -> None:
    raw = geography_file(made, "onspd.csv").read_bytes()
    assert raw.startswith(b'"pcd","pcd2","pcds"') and b'"0260' in raw  # quoted, zero-padded

    directory = read(geography_file(made, "onspd.csv"))

    assert directory.format == "onspd" and directory.year == 2021
    assert directory.columns["lsoa"] == "lsoa21" and directory.columns["ward"] == "osward"
    assert directory.frame.height == onspd.height and directory.skipped == {}
    got = directory.frame.select(expected_areas(onspd).columns)
    assert got.equals(expected_areas(onspd))
    first = directory.frame.row(0, named=True)
    source = onspd.row(0, named=True)
    assert first["northing"] == int(source["osnrth1m"]) and source["osnrth1m"].startswith("0")
    assert first["lat"] == pytest.approx(float(source["lat"]))
    assert first["lon"] == pytest.approx(float(source["long"]))
    assert first["introduced"] == f"{source['dointr'][:4]}-{source['dointr'][4:]}"


def test_terminated_postcodes_are_kept_and_counted(made: Made, onspd: pl.DataFrame) -> None:
    ended = onspd.filter(pl.col("doterm") != "")
    assert ended.height > 0  # the synth has some

    directory = read(geography_file(made, "onspd.csv"))

    assert directory.terminated == ended.height
    kept = directory.frame.filter(pl.col("terminated").is_not_null())
    assert sorted(kept["postcode"]) == sorted(ended["pcds"])
    one = ended.row(0, named=True)
    row = kept.filter(pl.col("postcode") == one["pcds"]).row(0, named=True)
    assert row["terminated"] == f"{one['doterm'][:4]}-{one['doterm'][4:]}"
    assert row["easting"] == int(one["oseast1m"])  # still located


def nspl(onspd: pl.DataFrame, year: str) -> pl.DataFrame:
    """The same postcodes in the NSPL's layout: ``laua`` and ``ward``, census columns of one
    year."""
    frame = onspd.rename({"oslaua": "laua", "osward": "ward"}).drop("oscty", "oshlthau")
    if year == "11":
        frame = frame.drop("oa11", "lsoa11", "msoa11").rename(
            {"oa21": "oa11", "lsoa21": "lsoa11", "msoa21": "msoa11"}
        )
    return frame


@pytest.mark.parametrize("year", ["21", "11"])
def test_nspl_layout(tmp_path: Path, onspd: pl.DataFrame, year: str) -> None:
    path = tmp_path / f"NSPL{year}_FEB_2025_UK.csv"
    path.write_bytes(quoted_csv(nspl(onspd, year)))

    directory = read(path)

    assert directory.format == "nspl"
    assert directory.year == 2000 + int(year)
    assert directory.columns["la"] == "laua" and directory.columns["ward"] == "ward"
    assert directory.columns["lsoa"] == f"lsoa{year}"
    got = directory.frame.select(expected_areas(onspd).columns)
    assert got.equals(expected_areas(onspd))


def codepoint_rows(onspd: pl.DataFrame) -> pl.DataFrame:
    """Code-Point Open's ten columns (no header): postcode, positional quality, eastings,
    northings, country, NHS regional HA, NHS HA, county, district, ward."""
    return onspd.select(
        pl.col("pcd"),
        pl.lit("10").alias("pqi"),
        pl.col("oseast1m").str.strip_chars_start("0"),
        pl.col("osnrth1m").str.strip_chars_start("0"),
        pl.col("ctry"),
        pl.lit("E40000010").alias("nhs_region"),
        pl.lit("E18000009").alias("nhs_ha"),
        pl.lit("").alias("county"),
        pl.col("oslaua"),
        pl.col("osward"),
    )


def test_codepoint_open_without_header(tmp_path: Path, onspd: pl.DataFrame) -> None:
    rows = codepoint_rows(onspd)
    # A postcode Code-Point places nowhere: positional quality 90, no grid reference.
    unplaced = pl.DataFrame(
        [["EB9 9ZZ", "90", "0", "0", "E92000001", "", "", "", "E06000999", "E05900001"]],
        schema=rows.columns,
        orient="row",
    )
    path = tmp_path / "eb.csv"
    path.write_bytes(quoted_csv(pl.concat([rows, unplaced]), header=False))

    directory = read(path)

    assert directory.format == "codepoint" and directory.year is None
    frame = directory.frame
    assert frame.height == onspd.height + 1
    assert frame["postcode"].head(onspd.height).to_list() == onspd["pcds"].to_list()
    assert frame["la"].head(onspd.height).to_list() == onspd["oslaua"].to_list()
    assert frame["ward"].head(onspd.height).to_list() == onspd["osward"].to_list()
    for part in ("oa", "lsoa", "msoa"):
        assert frame[part].null_count() == frame.height  # Code-Point has no census areas
    assert frame["easting"].head(onspd.height).to_list() == [
        int(e) for e in onspd["oseast1m"].to_list()
    ]
    # Latitude and longitude come from the grid.
    assert frame["lat"].head(1).item() == pytest.approx(float(onspd["lat"][0]), abs=1e-4)
    last = frame.row(-1, named=True)
    assert last["postcode"] == "EB9 9ZZ" and last["quality"] == 90
    assert last["easting"] is None and last["northing"] is None and last["lat"] is None


def test_onspd_zip_as_published_reads_only_its_data(tmp_path: Path, made: Made) -> None:
    data = geography_file(made, "onspd.csv").read_bytes()
    path = tmp_path / "ONSPD_MAY_2025_UK.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("Data/ONSPD_MAY_2025_UK.csv", data)
        archive.writestr("Data/multi_csv/ONSPD_MAY_2025_UK_EB.csv", data)
        archive.writestr(
            "Documents/LA_UA names and codes UK as at 04_25.csv",
            "LAD25CD,LAD25NM\r\nE06000999,Eastbrook\r\n",
        )
        archive.writestr("User Guide/ONSPD User Guide May 2025.csv", "Field,Description\r\n")

    sources = csv_sources(path)

    assert [s.name for s in sources] == [f"{path}:Data/ONSPD_MAY_2025_UK.csv"]
    directory = read_postcode_directory(sources)
    assert directory.frame.height == data.count(b"\r\n") - 1
    assert directory.skipped == {}
    assert edition_of(path, None) == ("2025-05", "file name")


def test_codepoint_zip_as_published(tmp_path: Path, onspd: pl.DataFrame) -> None:
    rows = codepoint_rows(onspd)
    half = rows.height // 2
    path = tmp_path / "codepo_gb.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("Data/CSV/eb.csv", quoted_csv(rows.head(half), header=False))
        archive.writestr("Data/CSV/ec.csv", quoted_csv(rows.tail(-half), header=False))
        archive.writestr(
            "Doc/Code-Point_Open_Column_Headers.csv",
            "PC,PQ,EA,NO,CY,RH,LH,CC,DC,WC\r\nPostcode,Positional_quality_indicator,"
            "Eastings,Northings,Country_code,NHS_regional_HA_code,NHS_HA_code,"
            "Admin_county_code,Admin_district_code,Admin_ward_code\r\n",
        )
        archive.writestr("Doc/licence.txt", "Open Government Licence")

    directory = read(path)

    assert directory.format == "codepoint"
    assert directory.frame["postcode"].to_list() == onspd["pcds"].to_list()


def test_a_folder_of_csvs(tmp_path: Path, onspd: pl.DataFrame) -> None:
    folder = tmp_path / "onspd"
    (folder / "Documents").mkdir(parents=True)
    half = onspd.height // 2
    (folder / "part1.csv").write_bytes(quoted_csv(onspd.head(half)))
    (folder / "part2.csv").write_bytes(quoted_csv(onspd.tail(-half)))
    (folder / "Documents" / "codes.csv").write_text("LAD25CD,LAD25NM\r\nE06000999,Eastbrook\r\n")

    directory = read(folder)

    assert directory.frame["postcode"].to_list() == onspd["pcds"].to_list()
    assert directory.skipped == {}


def test_no_grid_reference_means_no_coordinates(tmp_path: Path, onspd: pl.DataFrame) -> None:
    # The ONSPD's way of saying "no grid reference": osgrdind 9, blank grid, lat 99.999999.
    first = onspd.head(1).with_columns(
        pl.lit("9").alias("osgrdind"),
        pl.lit("").alias("oseast1m"),
        pl.lit("").alias("osnrth1m"),
        pl.lit("99.999999").alias("lat"),
        pl.lit("0.000000").alias("long"),
    )
    path = tmp_path / "onspd.csv"
    path.write_bytes(quoted_csv(pl.concat([first, onspd.tail(-1)])))

    frame = read(path).frame

    row = frame.row(0, named=True)
    assert row["quality"] == 9
    assert (row["easting"], row["northing"], row["lat"], row["lon"]) == (None,) * 4
    assert row["lsoa"] == onspd["lsoa21"][0]  # its areas are still known
    assert frame["easting"].null_count() == 1


def test_northern_ireland_grid_comes_from_latitude_and_longitude(
    tmp_path: Path, onspd: pl.DataFrame
) -> None:
    # Belfast: the ONSPD gives Northern Ireland's postcodes on the Irish Grid.
    belfast = onspd.head(1).with_columns(
        pl.lit("BT1 5GS").alias("pcds"),
        pl.lit("BT1 5GS").alias("pcd"),
        pl.lit("N92000002").alias("ctry"),
        pl.lit("146216").alias("oseast1m"),
        pl.lit("0530000").alias("osnrth1m"),
        pl.lit("54.597301").alias("lat"),
        pl.lit("-5.930120").alias("long"),
    )
    path = tmp_path / "onspd.csv"
    path.write_bytes(quoted_csv(pl.concat([onspd, belfast])))

    row = read(path).frame.filter(pl.col("postcode") == "BT1 5GS").row(0, named=True)

    easting, northing = projection.to_grid(np.array([54.597301]), np.array([-5.930120]))
    assert row["easting"] == round(easting[0]) and row["northing"] == round(northing[0])
    assert row["easting"] != 146216
    assert row["lat"] == pytest.approx(54.597301)


def test_edition_given_named_or_dated(tmp_path: Path) -> None:
    plain = tmp_path / "postcodes.csv"
    plain.write_text("pcds\r\n")
    when = dt.datetime(2023, 7, 15, 12, 0).timestamp()
    os.utime(plain, (when, when))

    assert edition_of(plain, "2024-11") == ("2024-11", "given")
    assert edition_of(tmp_path / "ONSPD_MAY_2025_UK.csv", None) == ("2025-05", "file name")
    assert edition_of(tmp_path / "NSPL21_FEB_2025_UK.zip", None) == ("2025-02", "file name")
    assert edition_of(tmp_path / "nspl-2024-08.csv", None) == ("2024-08", "file name")
    assert edition_of(plain, None) == ("2023-07", "file date")
    with pytest.raises(BadInput) as refused:
        edition_of(plain, "2024-13")
    assert "2024-13" in str(refused.value) and "YYYY-MM" in str(refused.value)


def test_the_edition_loaded_comes_from_the_zip_name(
    tmp_path: Path, made: Made, sqlite_hub: Hub
) -> None:
    path = tmp_path / "ONSPD_MAY_2025_UK.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.write(geography_file(made, "onspd.csv"), "Data/ONSPD_MAY_2025_UK.csv")

    outcome = load_postcodes(sqlite_hub, path)

    edition = outcome.edition
    assert (edition.edition, edition.edition_source) == ("2025-05", "file name")
    assert (edition.kind, edition.format, edition.year) == ("postcodes", "onspd", 2021)
    assert edition.terminated == outcome.edition.terminated > 0
    assert "2025-05" in outcome.as_text() and "terminated" in outcome.as_text()


# --------------------------------------------------------------------------- refused

PEOPLE_ROWS = (
    "Jane Doe,14 Acacia Avenue,Oldmarket,EB1 0AA,07700900123\r\n"
    "John Smith,3 Mill Lane,Oldmarket,EB1 0AB,07700900456\r\n"
)
PERSONAL = ("Jane", "Doe", "Acacia", "Smith", "Mill Lane", "07700900")


def bad_files(tmp_path: Path) -> dict[str, tuple[Path, tuple[str, ...]]]:
    """Name → (file, words its refusal must contain)."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    people = tmp_path / "people.csv"  # not a directory: a list of people, without a header
    people.write_text(PEOPLE_ROWS)
    columns = tmp_path / "wrong-columns.csv"
    columns.write_text("name,address,amount\r\nJane Doe,14 Acacia Avenue,3\r\n")
    unreadable = tmp_path / "unreadable.csv"
    unreadable.write_text(
        "pcds,oseast1m,osnrth1m\r\n"
        + "EB1 0AA,430000,260000\r\n"
        + "".join(f"unknown {n},430000,260000\r\n" for n in range(20))
    )
    binary = tmp_path / "directory.csv"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    return {
        "empty": (empty, ("empty",)),
        "people": (people, ("postcode directory",)),
        "wrong columns": (columns, ("postcode directory", "pcds")),
        "unreadable": (unreadable, ("20", "no readable postcode")),
        "binary": (binary, ("not a text",)),
    }


@pytest.mark.parametrize("case", ["empty", "people", "wrong columns", "unreadable", "binary"])
def test_bad_directories_are_refused_and_change_nothing(
    hub: Hub, tmp_path: Path, made: Made, case: str
) -> None:
    before = load_postcodes(hub, geography_file(made, "onspd.csv"), edition="2025-01").edition
    path, words = bad_files(tmp_path / "bad")[case]

    with pytest.raises(BadInput) as refused:
        load_postcodes(hub, path)

    message = str(refused.value)
    assert str(path) in message
    for word in words:
        assert word in message, message
    for value in PERSONAL:
        assert value not in message, message
    store = hub.archive.geography
    assert [e.id for e in store.editions()] == [before.id]
    assert store.current("postcodes") == before
    assert hub.geography().postcodes is not None
    assert hub.geography().postcodes.height == before.rows


def test_a_missing_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(BadInput) as refused:
        csv_sources(tmp_path / "nowhere.csv")
    assert "nowhere.csv" in str(refused.value) and "does not exist" in str(refused.value)


def test_a_grid_reference_beyond_any_grid_is_not_an_internal_error(tmp_path: Path) -> None:
    path = tmp_path / "onspd.csv"
    path.write_text(
        "pcds,oseast1m,osnrth1m\r\n"
        "EB1 0AA,430000,0260000\r\n"
        "EB1 0AB,99999999999,0260000\r\n"
        "EB1 0AD,430100,0260100\r\n"
    )

    # Refused with a message naming the file, or read with that grid reference left out.
    try:
        frame = read(path).frame
    except BadInput as refused:
        assert str(path) in str(refused)
    else:
        assert frame["postcode"].to_list() == ["EB1 0AA", "EB1 0AB", "EB1 0AD"]
        assert frame["easting"].to_list() == [430000, None, 430100]
