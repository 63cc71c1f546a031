"""Security property: no personal value from a supply ever appears in standard output, standard
error, an exception message or a stored report — whatever the command and whatever fails."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import csv_text
from csphub.cli import main
from csphub.hub import Hub
from csphub.settings import Settings

# Distinctive values that cannot appear in any message by accident.
NAME, ADDRESS, BIRTH = "Zebedee Quixotic", "17 Quince Mews Eastbrook", "03/04/1971"
SECRETS = ("Zebedee", "Quixotic", "Quince", "1971", "Pumpernickel", "Xylophone", "QQ9")
HEADER = [
    "Offender Ref",
    "Name",
    "Gender",
    "DOB",
    "Ethnicity",
    "Occupation",
    "Address",
    "Postcode",
    "Age",
]
ROWS = [
    ["PPO1", NAME, "M", BIRTH, "W1", "Pumpernickel baker", ADDRESS, "EB1 2AB", "54"],
    [
        "PPO2",
        NAME,
        "Zebedee",
        "Quixotic",
        "Xylophone",
        "Pumpernickel",
        ADDRESS,
        "QQ9 ZZZZ",
        "Quince",
    ],
    ["PPO2", NAME, "F", BIRTH, "W9", "", ADDRESS, "EB1 2AB", "1971"],
]


def _everything_printed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> str:
    monkeypatch.setenv("CSPHUB_HOME", str(tmp_path / "home"))
    supply = tmp_path / "ppo.csv"
    supply.write_text(csv_text(HEADER, ROWS))
    outputs = []
    commands = [
        ["init"],
        ["agencies", "add", "eb-police", "--name", "Eastbrook", "--type", "police"],
        ["ingest", str(supply), "--dataset", "ppo", "--agency", "eb-police"],
        ["supplies"],
        ["supplies", "--json"],
        ["supplies", "report", "1", "--all"],
        ["supplies", "report", "1", "--json", "--all"],
        ["records", "history", "ppo", "PPO1", "--agency", "eb-police"],
        ["records", "history", "ppo", "PPO1", "--agency", "eb-police", "--json"],
        ["ingest", str(supply), "--dataset", "ppo", "--agency", "eb-police", "--json"],  # duplicate
    ]
    for argv in commands:
        main(argv)
        captured = capsys.readouterr()
        outputs += [captured.out, captured.err]
    return "\n".join(outputs)


def test_no_personal_value_in_any_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    printed = _everything_printed(tmp_path, monkeypatch, capsys)
    assert "quarantined 2" in printed  # the failures really were reported
    for secret in SECRETS:
        assert secret not in printed, secret


def test_no_personal_value_in_the_stored_report(tmp_path: Path, monkeypatch, capsys) -> None:
    _everything_printed(tmp_path, monkeypatch, capsys)
    with Hub.open(Settings(home=tmp_path / "home")) as hub:
        issues = hub.archive.supply_issues(1)
        assert issues.height >= 6
        stored = json.dumps(issues.to_dicts())
        for secret in SECRETS:
            assert secret not in stored, secret
        # ...while the quarantine itself keeps the row exactly, for the supplier to correct.
        assert any(values["Name"] == NAME for _, values in hub.archive.quarantined(1))


def test_an_internal_error_does_not_repeat_its_message(tmp_path: Path, monkeypatch, capsys) -> None:
    """Libraries quote the values they fail on; the hub withholds such messages."""
    import csphub.ingest.service as service

    monkeypatch.setenv("CSPHUB_HOME", str(tmp_path / "home"))
    assert main(["init"]) == 0
    assert main(["agencies", "add", "eb-police", "--name", "Eastbrook", "--type", "police"]) == 0
    supply = tmp_path / "ppo.csv"
    supply.write_text(csv_text(HEADER, ROWS[:1]))

    def explode(*args: object, **kwargs: object) -> None:
        raise ValueError(f"could not parse {NAME!r} at {ADDRESS}")

    monkeypatch.setattr(service, "check_rows", explode)
    capsys.readouterr()
    assert main(["ingest", str(supply), "--dataset", "ppo", "--agency", "eb-police"]) == 1
    captured = capsys.readouterr()
    assert "Internal error (ValueError)" in captured.err and "Traceback" not in captured.err
    for secret in SECRETS:
        assert secret not in captured.err + captured.out


@pytest.mark.filterwarnings("ignore:path is deprecated. Use files\\(\\) instead:DeprecationWarning")
def test_no_personal_value_when_geocoding(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys, caplog: pytest.LogCaptureFixture
) -> None:
    """Addresses go through uk-address-matcher, Splink and DuckDB: nothing of them comes back
    out, on the hub's streams or in any library's log records."""
    from csphub.synth.partnership import generate

    made = generate(tmp_path / "p", seed=3, people=600, months=1)
    geography = made.folder / "geography"
    supply = tmp_path / "ppo.csv"
    supply.write_text(csv_text(HEADER, ROWS))
    monkeypatch.setenv("CSPHUB_HOME", str(tmp_path / "home"))
    caplog.set_level("DEBUG")
    outputs = []
    for argv in (
        ["init"],
        ["geo", "load", "postcodes", str(geography / "onspd.csv")],
        ["geo", "load", "properties", str(geography / "gazetteer.csv")],
        ["agencies", "add", "eb-police", "--name", "Eastbrook", "--type", "police"],
        ["ingest", str(supply), "--dataset", "ppo", "--agency", "eb-police", "--json"],
        ["supplies", "report", "1", "--all"],
        ["geo", "assign", str(supply), "--out", str(tmp_path / "located.csv")],
        ["geo", "assign", str(supply), "--out", str(tmp_path / "located2.csv"), "--json"],
    ):
        assert main(argv) == 0, argv
        captured = capsys.readouterr()
        outputs += [captured.out, captured.err]
    printed = "\n".join(outputs)
    assert "address" in printed.lower()  # the geocoding really was reported
    logged = "\n".join(record.getMessage() for record in caplog.records)
    for secret in SECRETS:
        assert secret not in printed, secret
        assert secret not in logged, secret
