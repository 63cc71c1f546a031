"""`csphub geo`: loading reference geography, its status, and geocoding any spreadsheet, as a
user runs them (in process, through `csphub.cli.main`)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import polars as pl
import pytest

from csphub.cli import main
from csphub.geo.assign import OUTPUT_COLUMNS
from csphub.synth.partnership import Made, generate

# uk-address-matcher's own use of a deprecated importlib.resources call (see tests/geo).
MATCHER_WARNING = pytest.mark.filterwarnings(
    "ignore:path is deprecated. Use files\\(\\) instead:DeprecationWarning"
)


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Made:
    return generate(tmp_path_factory.mktemp("partnership"), seed=5, people=3_000, months=1)


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "home"
    monkeypatch.setenv("CSPHUB_HOME", str(folder))
    monkeypatch.delenv("CSPHUB_DATABASE_URL", raising=False)
    monkeypatch.delenv("CSPHUB_PROJ_GRID_DIR", raising=False)
    assert main(["init"]) == 0
    return folder


def run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main([str(a) for a in argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def refused(code: int, err: str, *words: str) -> str:
    """A user error: exit code 2, one paragraph, no traceback, naming what is wrong."""
    assert code == 2, err
    message = err.strip()
    assert message.startswith("Error:"), message
    assert "\n" not in message, message
    assert "Traceback" not in err and "Internal error" not in err
    for word in words:
        assert word in message, message
    return message


def geography(made: Made, name: str) -> Path:
    return made.folder / "geography" / name


def onspd(made: Made) -> pl.DataFrame:
    return pl.read_csv(geography(made, "onspd.csv"), infer_schema=False)


def load_lsoas(capsys: pytest.CaptureFixture[str], made: Made) -> str:
    """``geo load boundaries`` of the LSOAs; what it printed."""
    lsoas = geography(made, "boundaries/lsoa.geojson")
    code, out, err = run(capsys, "geo", "load", "boundaries", lsoas, "--level", "lsoa")
    assert code == 0, err
    return out


def load_postcodes_and_lsoas(capsys: pytest.CaptureFixture[str], made: Made) -> None:
    code, _, err = run(capsys, "geo", "load", "postcodes", geography(made, "onspd.csv"))
    assert code == 0, err
    load_lsoas(capsys, made)


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def test_load_and_status(
    home: Path, made: Made, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "geo", "status")
    assert code == 0 and "No reference geography is loaded" in out
    assert "about 2 m" in out and "OSTN15" in out

    directory = onspd(made)
    ended = directory.filter(pl.col("doterm") != "").height
    code, out, err = run(
        capsys, "geo", "load", "postcodes", geography(made, "onspd.csv"), "--edition", "2025-01"
    )
    assert code == 0, err
    assert (
        f"Loaded {directory.height:,} postcodes from onspd.csv (onspd), edition 2025-01 "
        "(from the given), 2021 areas." in out
    )
    assert f"{ended:,} of them are terminated postcodes" in out

    code, out, err = run(
        capsys, "geo", "load", "properties", geography(made, "gazetteer.csv"), "--json"
    )
    assert code == 0, err
    loaded = json.loads(out)
    gazetteer_rows = made.manifest["geography"]["counts"]["properties"]
    assert (loaded["kind"], loaded["format"], loaded["rows"]) == (
        "properties",
        "bs7666",
        gazetteer_rows,
    )

    lsoas = made.manifest["geography"]["counts"]["lsoa"]
    out = load_lsoas(capsys, made)
    assert f"Loaded {lsoas:,} LSOAs from lsoa.geojson (GeoJSON)" in out and "2021 areas" in out

    code, out, _ = run(capsys, "geo", "status", "--json")
    status = json.loads(out)
    assert code == 0
    assert [(e["kind"], e["level"], e["status"]) for e in status["editions"]] == [
        ("postcodes", None, "current"),
        ("properties", None, "current"),
        ("boundaries", "lsoa", "current"),
    ]
    assert status["editions"][0]["rows"] == directory.height
    assert status["editions"][0]["terminated"] == ended
    assert status["transformation"]["accuracy_m"] == 2.0
    assert status["transformation"]["ostn15"] is False

    # A later edition replaces the current one; the history keeps both.
    later = tmp_path / "ONSPD_MAY_2025_UK.csv"
    later.write_bytes(
        geography(made, "onspd.csv").read_bytes().rstrip(b"\r\n").rsplit(b"\r\n", 5)[0]
    )
    code, out, err = run(capsys, "geo", "load", "postcodes", later)
    assert code == 0, err
    assert "edition 2025-05 (from the file name)" in out
    assert "It replaces edition 2025-01 (onspd.csv)" in out
    code, out, _ = run(capsys, "geo", "status", "--history", "--json")
    history = [(e["file"], e["edition"], e["status"]) for e in json.loads(out)["editions"]]
    assert ("onspd.csv", "2025-01", "replaced") in history
    assert ("ONSPD_MAY_2025_UK.csv", "2025-05", "current") in history
    assert len(history) == 4
    code, out, _ = run(capsys, "geo", "status")
    assert code == 0 and "ONSPD_MAY_2025_UK.csv" in out and "onspd.csv" not in out
    code, out, _ = run(capsys, "geo", "status", "--history")
    assert code == 0 and "replaced" in out and "onspd.csv" in out

    code, _, err = run(capsys, "geo", "load", "postcodes", later)
    refused(code, err, "ONSPD_MAY_2025_UK.csv", "already the current", "nothing was changed")


def test_assign_finds_the_columns_itself(
    home: Path, made: Made, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    load_postcodes_and_lsoas(capsys, made)
    directory = onspd(made)
    first, second = directory.row(0, named=True), directory.row(1, named=True)
    source = write_csv(
        tmp_path / "cases.csv",
        ["Ref", "Postcode", "lsoa", "Notes"],
        [
            ["C1", first["pcds"], "E01000000", "kept as given"],
            ["C2", "EB9 9ZZ", "", ""],
            ["C3", "", "", ""],
            ["C4", second["pcds"].lower().replace(" ", ""), "", ""],
        ],
    )
    out_file = tmp_path / "out" / "cases-geo.csv"

    code, out, err = run(capsys, "geo", "assign", source, "--out", out_file)

    assert code == 0, err
    assert "Geocoded 4 rows (postcode from 'Postcode')" in out
    assert "postcode 2" in out and "none 2" in out and "unknown-postcode 1" in out
    assert "'lsoa' is written as 'lsoa_input'" in err
    result = pl.read_csv(out_file, infer_schema=False)
    assert result.columns == ["Ref", "Postcode", "lsoa_input", "Notes", *OUTPUT_COLUMNS]
    assert result["Ref"].to_list() == ["C1", "C2", "C3", "C4"]
    assert result["lsoa_input"].to_list() == ["E01000000", None, None, None]
    assert result["geo_method"].to_list() == ["postcode", "none", "none", "postcode"]
    assert result["geo_precision"].to_list() == ["postcode", "none", "none", "postcode"]
    assert result["lsoa"].to_list() == [first["lsoa21"], None, None, second["lsoa21"]]
    assert result["oa"].to_list() == [first["oa21"], None, None, second["oa21"]]
    assert result["easting"][0] is not None
    assert float(result["easting"][0]) == float(first["oseast1m"])
    assert result["geo_flags"].to_list() == [None, "unknown-postcode", None, None]


def test_assign_on_its_own_output(
    home: Path, made: Made, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    load_postcodes_and_lsoas(capsys, made)
    first = onspd(made).row(0, named=True)
    source = write_csv(
        tmp_path / "cases.csv", ["Ref", "Postcode", "lsoa"], [["C1", first["pcds"], "E01000000"]]
    )
    code, _, err = run(capsys, "geo", "assign", source, "--out", tmp_path / "once.csv")
    assert code == 0, err

    # An analyst geocodes the result again (after loading a new edition, say).
    code, _, err = run(
        capsys, "geo", "assign", tmp_path / "once.csv", "--out", tmp_path / "twice.csv"
    )

    assert code == 0, err
    twice = pl.read_csv(tmp_path / "twice.csv", infer_schema=False)
    assert twice["Ref"].to_list() == ["C1"]
    assert twice["lsoa"].to_list() == [first["lsoa21"]]
    assert twice.columns[-len(OUTPUT_COLUMNS) :] == list(OUTPUT_COLUMNS)
    assert len(set(twice.columns)) == len(twice.columns)


def test_assign_with_columns_named(
    home: Path, made: Made, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    load_postcodes_and_lsoas(capsys, made)
    directory = onspd(made)
    first = directory.row(0, named=True)
    east, north = float(first["oseast1m"]), float(first["osnrth1m"])
    source = write_csv(
        tmp_path / "points.csv",
        ["Id", "Home PC", "Grid E", "Grid N", "Lat WGS84", "Lon WGS84"],
        [
            ["1", first["pcds"], "", "", "", ""],
            ["2", "", f"{east + 20:.0f}", f"{north + 20:.0f}", "", ""],
            ["3", "", "", "", first["lat"], first["long"]],
        ],
    )

    code, _, err = run(
        capsys,
        "geo",
        "assign",
        source,
        "--out",
        tmp_path / "by-postcode.xlsx",
        "--postcode-col",
        "Home PC",
    )
    assert code == 0, err
    result = pl.read_excel(tmp_path / "by-postcode.xlsx")
    assert result.columns == ["Id", "Home PC", "Grid E", "Grid N", "Lat WGS84", "Lon WGS84",
                              *OUTPUT_COLUMNS]  # fmt: skip
    assert result["geo_method"].to_list() == ["postcode", "none", "none"]

    code, _, err = run(
        capsys,
        "geo",
        "assign",
        source,
        "--out",
        tmp_path / "by-grid.csv",
        "--easting-col",
        "Grid E",
        "--northing-col",
        "Grid N",
    )
    assert code == 0, err
    by_grid = pl.read_csv(tmp_path / "by-grid.csv", infer_schema=False)
    assert by_grid["geo_method"].to_list() == ["none", "supplied", "none"]
    assert float(by_grid["easting"][1]) == east + 20
    assert by_grid["lsoa"][1] == first["lsoa21"]

    code, _, err = run(
        capsys,
        "geo",
        "assign",
        source,
        "--out",
        tmp_path / "by-degrees.csv",
        "--lat-col",
        "Lat WGS84",
        "--lon-col",
        "Lon WGS84",
    )
    assert code == 0, err
    by_degrees = pl.read_csv(tmp_path / "by-degrees.csv", infer_schema=False)
    assert by_degrees["geo_method"].to_list() == ["none", "none", "supplied"]
    assert float(by_degrees["easting"][2]) == pytest.approx(east, abs=1.0)
    assert float(by_degrees["northing"][2]) == pytest.approx(north, abs=1.0)
    assert by_degrees["lsoa"][2] == first["lsoa21"]


@MATCHER_WARNING
def test_assign_addresses_over_several_columns(
    home: Path, made: Made, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    load_postcodes_and_lsoas(capsys, made)
    code, _, err = run(capsys, "geo", "load", "properties", geography(made, "gazetteer.csv"))
    assert code == 0, err
    gazetteer = pl.read_csv(geography(made, "gazetteer.csv"), infer_schema=False)
    houses = gazetteer.filter(
        (pl.col("PAO_START_NUMBER") != "") & (pl.col("SAO_TEXT") == "") & (pl.col("PAO_TEXT") == "")
    )
    one, other = houses.row(0, named=True), houses.row(houses.height // 2, named=True)
    source = write_csv(
        tmp_path / "addresses.csv",
        ["Ref", "Line 1", "Town", "PC"],
        [
            [
                "A1",
                f"{one['PAO_START_NUMBER']} {one['STREET_DESCRIPTION'].title()}",
                one["TOWN_NAME"].title(),
                one["POSTCODE_LOCATOR"],
            ],
            [
                "A2",
                f"{other['PAO_START_NUMBER']} {other['STREET_DESCRIPTION']}",
                f"{other['LOCALITY']}, {other['TOWN_NAME']}",
                other["POSTCODE_LOCATOR"],
            ],
        ],
    )

    code, out, err = run(
        capsys,
        "geo",
        "assign",
        source,
        "--out",
        tmp_path / "matched.csv",
        "--address-col",
        "Line 1",
        "--address-col",
        "Town",
        "--postcode-col",
        "PC",
    )

    assert code == 0, err
    assert "address from 'Line 1, Town'" in out
    result = pl.read_csv(tmp_path / "matched.csv", infer_schema=False)
    assert result["Ref"].to_list() == ["A1", "A2"]
    assert result["geo_method"].to_list() == ["address", "address"]
    assert result["geo_precision"].to_list() == ["uprn", "uprn"]
    assert result["geo_uprn"].to_list() == [one["UPRN"], other["UPRN"]]
    assert [float(e) for e in result["easting"]] == [
        float(one["X_COORDINATE"]),
        float(other["X_COORDINATE"]),
    ]


def test_assign_refusals(
    home: Path, made: Made, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write_csv(
        tmp_path / "cases.csv",
        ["Ref", "Postcode", "X", "Y"],
        [["C1", "EB1 0AA", "430000", "260000"]],
    )
    out_file = tmp_path / "out.csv"

    code, _, err = run(capsys, "geo", "assign", source, "--out", out_file)
    refused(code, err, "No reference geography is loaded", "csphub geo load")

    load_postcodes_and_lsoas(capsys, made)
    code, _, err = run(
        capsys, "geo", "assign", source, "--out", out_file, "--postcode-col", "Home Postcode"
    )
    message = refused(code, err, str(source), "'Home Postcode'", "Ref, Postcode, X, Y")
    assert "EB1 0AA" not in message
    code, _, err = run(capsys, "geo", "assign", source, "--out", out_file, "--easting-col", "X")
    refused(code, err, "--easting-col and --northing-col together")
    code, _, err = run(capsys, "geo", "assign", source, "--out", out_file, "--lat-col", "Y")
    refused(code, err, "--lat-col and --lon-col together")
    code, _, err = run(capsys, "geo", "assign", source, "--out", source)
    refused(code, err, "--out", "not the input")
    code, _, err = run(capsys, "geo", "assign", source, "--out", tmp_path / "out.parquet")
    refused(code, err, ".csv", ".xlsx")
    unknown = write_csv(tmp_path / "unknown.csv", ["Ref", "Amount"], [["C1", "3"]])
    code, _, err = run(capsys, "geo", "assign", unknown, "--out", out_file)
    refused(code, err, str(unknown), "--postcode-col")
    code, _, err = run(capsys, "geo", "assign", tmp_path / "nowhere.csv", "--out", out_file)
    refused(code, err, "nowhere.csv")
    assert not out_file.exists()
    assert source.read_text().startswith("Ref,Postcode,X,Y")


def test_bad_reference_files_exit_2_without_a_traceback(
    home: Path, made: Made, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    binary = tmp_path / "onspd.csv"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    headerless = tmp_path / "ID32_Class_Records.csv"
    headerless.write_text("910000000001,91000001,1,DOVER ROAD,EB1 0AA,430014,260021\r\n")
    damaged = tmp_path / "lsoa.geojson"
    damaged.write_text('{"type": "FeatureCollection", "features": [')
    kml = tmp_path / "lsoa.kml"
    kml.write_text("<kml/>")

    cases = [
        (["geo", "load", "postcodes", binary], [str(binary), "not a text"]),
        (["geo", "load", "postcodes", empty], [str(empty), "empty"]),
        (["geo", "load", "postcodes", tmp_path / "nowhere.csv"], ["nowhere.csv", "not exist"]),
        (["geo", "load", "postcodes", geography(made, "onspd.csv"), "--edition", "May 2025"],
         ["May 2025", "YYYY-MM"]),
        (["geo", "load", "properties", headerless], [str(headerless), "header"]),
        (["geo", "load", "properties", geography(made, "onspd.csv")],
         ["onspd.csv", "UPRN"]),
        (["geo", "load", "boundaries", damaged, "--level", "lsoa"], [str(damaged), "opened"]),
        (["geo", "load", "boundaries", kml, "--level", "lsoa"], [str(kml), ".kml"]),
        (["geo", "load", "boundaries", geography(made, "boundaries/lsoa.geojson"),
          "--level", "msoa"], ["lsoa.geojson", "MSOA"]),
        (["geo", "load", "boundaries", geography(made, "boundaries/lsoa.geojson"),
          "--level", "county"], ["county"]),
    ]  # fmt: skip
    for argv, words in cases:
        code, out, err = run(capsys, *argv)
        message = refused(code, err, *words)
        assert "DOVER" not in message and out == ""

    code, out, _ = run(capsys, "geo", "status", "--json")
    assert json.loads(out)["editions"] == []
