"""Property gazetteers: the LLPG's BS 7666 shape and AddressBase Plus's delivery-point shape,
the one-line address built from them, coordinates in the wrong units or the wrong place."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from geo_support import geography_file, partnership, read_text_csv

from csphub.errors import BadInput
from csphub.geo import projection
from csphub.geo.properties import PropertyList, read_property_list
from csphub.geo.sources import csv_sources
from csphub.synth.partnership import Made


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Made:
    return partnership(tmp_path_factory)


def read(path: Path) -> PropertyList:
    return read_property_list(csv_sources(path))


def write(tmp_path: Path, name: str, lines: list[str]) -> Path:
    path = tmp_path / name
    path.write_text("\r\n".join(lines) + "\r\n")
    return path


def by_uprn(listed: PropertyList) -> dict[int, dict[str, object]]:
    return {row["uprn"]: row for row in listed.frame.iter_rows(named=True)}


def test_the_synth_gazetteer(made: Made) -> None:
    source = read_text_csv(geography_file(made, "gazetteer.csv"))

    listed = read(geography_file(made, "gazetteer.csv"))

    assert listed.format == "bs7666" and listed.skipped == {} and listed.notes == ()
    frame = listed.frame
    assert frame.height == source.height
    assert frame["uprn"].to_list() == [int(u) for u in source["UPRN"]]
    assert frame["easting"].to_list() == [float(x) for x in source["X_COORDINATE"]]
    assert frame["northing"].to_list() == [float(y) for y in source["Y_COORDINATE"]]
    assert frame["postcode"].to_list() == source["POSTCODE_LOCATOR"].to_list()
    assert frame["usrn"].to_list() == [int(u) for u in source["USRN"]]
    # A shop with a name and a number, and a flat in it.
    shop, flat = source.row(0, named=True), source.row(1, named=True)
    rows = by_uprn(listed)
    assert rows[int(shop["UPRN"])]["address"] == (
        f"{shop['PAO_TEXT']}, {shop['PAO_START_NUMBER']} {shop['STREET_DESCRIPTION']}, "
        f"{shop['LOCALITY']}, {shop['TOWN_NAME']}"
    )
    assert flat["PARENT_UPRN"] == shop["UPRN"]
    assert rows[int(flat["UPRN"])]["parent_uprn"] == int(shop["UPRN"])
    assert rows[int(flat["UPRN"])]["address"] == (
        f"{flat['SAO_TEXT']}, {flat['PAO_START_NUMBER']} {flat['STREET_DESCRIPTION']}, "
        f"{flat['LOCALITY']}, {flat['TOWN_NAME']}"
    )
    assert rows[int(flat["UPRN"])]["sao"] == flat["SAO_TEXT"]


DELIVERY_POINT = (
    "UPRN,SUB_BUILDING_NAME,BUILDING_NAME,BUILDING_NUMBER,THOROUGHFARE,DEPENDENT_LOCALITY,"
    "POST_TOWN,POSTCODE,X_COORDINATE,Y_COORDINATE"
)


def test_addressbase_delivery_point_header(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "addressbase-plus.csv",
        [
            DELIVERY_POINT,
            "100,FLAT 2,ROSE COURT,12,HIGH STREET,NORTHTOWN,EASTBROOK,eb1 0aa,430100.00,260100.00",
            "101,,,14,HIGH STREET,,EASTBROOK,EB10AA,430120.00,260100.00",
        ],
    )

    listed = read(path)

    assert listed.format == "delivery-point"
    assert listed.columns["street"] == "THOROUGHFARE" and listed.columns["town"] == "POST_TOWN"
    rows = by_uprn(listed)
    assert rows[100]["address"] == "FLAT 2, ROSE COURT, 12 HIGH STREET, NORTHTOWN, EASTBROOK"
    assert rows[100]["sao"] == "FLAT 2" and rows[100]["pao"] == "ROSE COURT 12"
    assert rows[101]["address"] == "14 HIGH STREET, EASTBROOK"
    assert rows[100]["postcode"] == rows[101]["postcode"] == "EB1 0AA"
    assert (rows[100]["easting"], rows[100]["northing"]) == (430100.0, 260100.0)


def test_a_building_name_without_a_number_stands_apart_from_the_street(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "addressbase-plus.csv",
        [DELIVERY_POINT, "102,,MILL HOUSE,,HIGH STREET,,EASTBROOK,EB1 0AA,430140,260100"],
    )

    assert by_uprn(read(path))[102]["address"] == "MILL HOUSE, HIGH STREET, EASTBROOK"


BS7666 = (
    "UPRN,SAO_START_NUMBER,SAO_START_SUFFIX,SAO_END_NUMBER,SAO_END_SUFFIX,SAO_TEXT,"
    "PAO_START_NUMBER,PAO_START_SUFFIX,PAO_END_NUMBER,PAO_END_SUFFIX,PAO_TEXT,"
    "STREET_DESCRIPTION,LOCALITY,TOWN_NAME,POSTCODE_LOCATOR,X_COORDINATE,Y_COORDINATE"
)


def test_sao_and_pao_ranges_and_suffixes(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "llpg.csv",
        [
            BS7666,
            "200,,,,,,12,,14,,,HIGH STREET,,EASTBROOK,EB1 0AA,430100,260100",
            "201,,,,,,3,A,,,,HIGH STREET,,EASTBROOK,EB1 0AA,430110,260100",
            "202,,,,,,12,A,12,C,ROSE COURT,HIGH STREET,,EASTBROOK,EB1 0AA,430120,260100",
            "203,2,,,,,12,A,12,C,ROSE COURT,HIGH STREET,,EASTBROOK,EB1 0AA,430120,260100",
            "204,1,,3,,UNITS,5,,,,,MARKET PLACE,OLDMARKET,EASTBROOK,EB1 0AB,430130,260100",
        ],
    )

    listed = read(path)

    assert listed.format == "bs7666"
    rows = by_uprn(listed)
    assert rows[200]["pao"] == "12-14" and rows[200]["address"] == "12-14 HIGH STREET, EASTBROOK"
    assert rows[201]["pao"] == "3A" and rows[201]["address"] == "3A HIGH STREET, EASTBROOK"
    assert rows[202]["address"] == "ROSE COURT, 12A-12C HIGH STREET, EASTBROOK"
    assert rows[203]["sao"] == "2"
    assert rows[203]["address"] == "2, ROSE COURT, 12A-12C HIGH STREET, EASTBROOK"
    assert rows[204]["sao"] == "1-3 UNITS"
    assert rows[204]["address"] == "1-3 UNITS, 5 MARKET PLACE, OLDMARKET, EASTBROOK"


def test_longitude_and_latitude_in_x_and_y_are_converted_with_a_note(tmp_path: Path) -> None:
    lat, lon = projection.to_lat_lon(np.array([430100.0, 430500.0]), np.array([260100.0, 260700.0]))
    path = write(
        tmp_path,
        "wgs84.csv",
        [
            "UPRN,STREET_DESCRIPTION,POSTCODE_LOCATOR,X_COORDINATE,Y_COORDINATE",
            f"300,HIGH STREET,EB1 0AA,{lon[0]:.7f},{lat[0]:.7f}",
            f"301,HIGH STREET,EB1 0AA,{lon[1]:.7f},{lat[1]:.7f}",
        ],
    )

    listed = read(path)

    assert any("longitude and latitude" in note for note in listed.notes), listed.notes
    assert listed.frame["easting"].to_list() == pytest.approx([430100.0, 430500.0], abs=0.05)
    assert listed.frame["northing"].to_list() == pytest.approx([260100.0, 260700.0], abs=0.05)


def test_a_file_without_its_header_row_is_refused_saying_so(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "ID32_Class_Records.csv",
        [
            "910000000001,91000001,,,1,,DOVER ROAD,OLDMARKET,EASTBROOK,EB1 0AA,430014,260021",
            "910000000002,91000001,,,2,,DOVER ROAD,OLDMARKET,EASTBROOK,EB1 0AA,430034,260021",
        ],
    )

    with pytest.raises(BadInput) as refused:
        read(path)

    message = str(refused.value)
    assert str(path) in message and "header" in message
    assert "DOVER" not in message and "910000000001" not in message


@pytest.mark.parametrize(
    ("header", "missing"),
    [
        ("ID,STREET_DESCRIPTION,POSTCODE,X_COORDINATE,Y_COORDINATE", "UPRN"),
        ("UPRN,STREET_DESCRIPTION,POSTCODE,X_COORDINATE", "coordinates"),
        ("UPRN,POSTCODE,X_COORDINATE,Y_COORDINATE", "address"),
    ],
)
def test_missing_columns_are_named(tmp_path: Path, header: str, missing: str) -> None:
    row = ",".join(["1", "HIGH STREET", "EB1 0AA", "430000", "260000"][: header.count(",") + 1])
    path = write(tmp_path, "gazetteer.csv", [header, row])

    with pytest.raises(BadInput) as refused:
        read(path)

    message = str(refused.value)
    assert str(path) in message and missing in message
    assert "Its columns are: " + header.replace(",", ", ") in message
    assert "HIGH STREET" not in message and "430000" not in message


@pytest.mark.parametrize(
    "coordinates",
    [
        # Eastings and northings swapped (properties in Shetland: northings over 1,100 km).
        [("1141000", "447000"), ("1141200", "447100"), ("1141400", "447200")],
        # Web Mercator metres given as if they were the National Grid.
        [("-173000", "6840000"), ("-173100", "6840100"), ("-173200", "6840200")],
    ],
    ids=["swapped", "web-mercator"],
)
def test_coordinates_outside_great_britain_are_refused(
    tmp_path: Path, coordinates: list[tuple[str, str]]
) -> None:
    lines = ["UPRN,STREET_DESCRIPTION,POSTCODE,X_COORDINATE,Y_COORDINATE"]
    lines += [
        f"{400 + n},COMMERCIAL STREET,ZE1 0AA,{x},{y}" for n, (x, y) in enumerate(coordinates)
    ]
    path = write(tmp_path, "gazetteer.csv", lines)

    with pytest.raises(BadInput) as refused:
        read(path)

    message = str(refused.value)
    assert str(path) in message
    assert "3 of its 3 properties" in message and "outside Great Britain" in message
    assert "COMMERCIAL" not in message


def test_rows_without_uprn_or_coordinates_are_left_out_and_counted(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "gazetteer.csv",
        [
            "UPRN,STREET_DESCRIPTION,POSTCODE,X_COORDINATE,Y_COORDINATE",
            "500,HIGH STREET,EB1 0AA,430000,260000",
            ",HIGH STREET,EB1 0AA,430010,260000",
            "501,HIGH STREET,EB1 0AA,,",
            "500,HIGH STREET,EB1 0AA,430020,260000",
        ],
    )

    listed = read(path)

    assert listed.frame["uprn"].to_list() == [500]
    assert listed.frame["easting"].to_list() == [430000.0]
    assert listed.skipped == {"no UPRN": 1, "no coordinates": 1, "UPRN listed twice": 1}
