"""Bad input: a clear one-paragraph message naming the file, exit code 2, no traceback, and an
archive left exactly as it was (on SQLite and PostgreSQL)."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
import xlsxwriter

from conftest import csv_text
from csphub.cli import main
from csphub.hub import Hub
from csphub.settings import Settings

HEADER = ["Crime Ref", "HO Code", "Date From", "Offender Name"]
GOOD = [
    ["CR1", "028/01", "05/01/2026", "Zebedee Quixotic"],
    ["CR2", "030/01", "06/01/2026", "Ottoline Vexley"],
]
OTHER = csv_text(
    HEADER, [*GOOD, ["CR3", "045/00", "07/01/2026", "Zebedee Quixotic"]]
).encode()  # not yet supplied


def _xlsx_bytes() -> bytes:
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer)
    sheet = workbook.add_worksheet()
    for r, row in enumerate([HEADER, *GOOD * 200]):
        sheet.write_row(r, 0, row)
    workbook.close()
    return buffer.getvalue()


CASES: dict[str, tuple[bytes, list[str], str]] = {
    # name: (file bytes, extra CLI arguments, what the message must say)
    "empty": (b"", [], "is empty"),
    "blank": (b"  \r\n\r\n", [], "is empty"),
    "header-only": (b"Crime Ref,HO Code,Date From\r\n", [], "has a header but no rows"),
    "unknown-dataset": (OTHER, ["--dataset", "police-crimes"], "no dataset 'police-crimes'"),
    "unknown-agency": (OTHER, ["--agency", "nowhere-police"], "no agency 'nowhere-police'"),
    "wrong-agency-type": (OTHER, ["--agency", "council-1"], "is a council agency"),
    "missing-required-columns": (
        csv_text(["Crime Ref", "Offender Name"], [["CR1", "Zebedee Quixotic"]]).encode(),
        [],
        "lacks required columns for police-crime-offence: offence_code",
    ),
    "binary": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), [], "is a binary file"),
    "not-text": (
        b"Crime Ref,HO Code\r\nCR1,\x81\x8d\x8f\x90\x9d\r\n",
        [],
        "neither UTF-8 nor Windows-1252",
    ),
    "truncated-csv": (csv_text(HEADER, GOOD).encode() + b"CR3,028/0", [], "is truncated"),
    "unclosed-quote": (
        csv_text(HEADER, GOOD).encode() + b'CR3,"028/01,05/01/2026,x\r\n',
        [],
        "quoted field is never closed",
    ),
    "truncated-xlsx": (_xlsx_bytes()[:3000], [], "not a readable Excel workbook"),
    "period-disagrees": (
        OTHER,
        ["--period", "2025-06"],
        "declares the period 2025-06-01 to 2025-06-30",
    ),
}


@pytest.fixture
def cli(
    hub: Hub, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> Callable[..., tuple[int, str, str]]:
    monkeypatch.setenv("CSPHUB_HOME", str(settings.home))
    if settings.database_url:
        monkeypatch.setenv("CSPHUB_DATABASE_URL", settings.database_url)

    def run(*argv: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
        code = main(list(argv))
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return run


def snapshot(hub: Hub, settings: Settings) -> tuple[object, ...]:
    """Everything a supply could change: supplies, records, reports, quarantine, landing."""
    archive = hub.archive
    supplies = [(s.id, s.status, s.rows_read) for s in archive.supplies()]
    records = archive.record_counts(hub.dataset("police-crime-offence"))
    issues = [archive.supply_issues(s.id).height for s in archive.supplies()]
    quarantine = [len(archive.quarantined(s.id)) for s in archive.supplies()]
    landing = sorted(p.name for p in settings.landing_dir.rglob("*") if p.is_file())
    return supplies, records, issues, quarantine, landing


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_is_refused_clearly_and_changes_nothing(
    case: str, cli, hub: Hub, settings: Settings, write_file, capsys: pytest.CaptureFixture[str]
) -> None:
    good = write_file("earlier.csv", csv_text(HEADER, GOOD))
    assert (
        cli(
            "ingest",
            str(good),
            "--dataset",
            "police-crime-offence",
            "--agency",
            "police-1",
            "--period",
            "2026-01",
            capsys=capsys,
        )[0]
        == 0
    )
    before = snapshot(hub, settings)
    content, extra, expected = CASES[case]
    name = "supply.xlsx" if case == "truncated-xlsx" else "supply.csv"
    path = write_file(name, content)
    arguments = {"--dataset": "police-crime-offence", "--agency": "police-1", "--period": "2026-01"}
    for option, value in zip(extra[::2], extra[1::2], strict=True):
        arguments[option] = value
    flat = [item for pair in arguments.items() for item in pair]

    code, out, err = cli("ingest", str(path), *flat, capsys=capsys)

    assert code == 2, (out, err)
    assert str(path) in err and expected in err
    assert "Traceback" not in err + out and out == ""
    assert len(err.strip().splitlines()) == 1  # one paragraph
    assert "Zebedee" not in err and "Ottoline" not in err
    assert snapshot(hub, settings) == before


def test_a_duplicate_supply_is_refused_naming_the_first(
    cli, hub: Hub, settings: Settings, write_file, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_file("offences.csv", csv_text(HEADER, GOOD))
    arguments = ["--dataset", "police-crime-offence", "--agency", "police-1", "--period", "2026-01"]
    assert cli("ingest", str(path), *arguments, capsys=capsys)[0] == 0
    before = snapshot(hub, settings)
    code, out, err = cli("ingest", str(path), *arguments, capsys=capsys)
    assert code == 2 and str(path) in err and "identical (same SHA-256) to supply 1" in err
    assert len(err.strip().splitlines()) == 1 and out == ""
    assert snapshot(hub, settings) == before


def test_a_file_over_the_size_limit_is_refused_unread(
    cli, hub: Hub, settings: Settings, write_file, capsys: pytest.CaptureFixture[str], monkeypatch
) -> None:
    monkeypatch.setenv("CSPHUB_MAX_SUPPLY_MB", "1")
    big = write_file("big.csv", csv_text(HEADER, GOOD * 20_000))
    before = snapshot(hub, settings)
    code, _, err = cli(
        "ingest",
        str(big),
        "--dataset",
        "police-crime-offence",
        "--agency",
        "police-1",
        capsys=capsys,
    )
    assert code == 2 and str(big) in err and "over the supply size limit of 1 MiB" in err
    assert snapshot(hub, settings) == before


@pytest.mark.parametrize(
    ("metadata", "expected"),
    [
        ({"agency": "police-2"}, "its metadata names agency police-2"),
        ({"dataset": "council-asb"}, "its metadata names dataset council-asb"),
        ({"records_supplied": "many"}, "records_supplied: Input should be a valid integer"),
        ({"period": "2025-06"}, "differs from its metadata's"),
    ],
)
def test_metadata_that_disagrees_is_refused(
    metadata: dict,
    expected: str,
    cli,
    hub: Hub,
    settings: Settings,
    write_file,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = write_file("offences.csv", csv_text(HEADER, GOOD))
    meta = write_file("offences.meta.json", json.dumps(metadata))
    before = snapshot(hub, settings)
    code, _, err = cli(
        "ingest",
        str(path),
        "--dataset",
        "police-crime-offence",
        "--agency",
        "police-1",
        "--period",
        "2026-01",
        "--metadata",
        str(meta),
        capsys=capsys,
    )
    assert code == 2 and expected in err, err
    assert snapshot(hub, settings) == before


def test_a_missing_file_is_named(
    cli, hub: Hub, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = cli(
        "ingest",
        str(tmp_path / "nope.csv"),
        "--dataset",
        "police-crime-offence",
        "--agency",
        "police-1",
        capsys=capsys,
    )
    assert code == 2 and f"{tmp_path / 'nope.csv'}: does not exist." in err


def test_xlsx_truncation_really_is_a_damaged_zip() -> None:
    with pytest.raises(zipfile.BadZipFile):
        zipfile.ZipFile(io.BytesIO(_xlsx_bytes()[:3000]))
