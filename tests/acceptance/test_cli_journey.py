"""A new user's journey through the `csphub` command, in process and as a real subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import csv_text
from csphub.cli import main

HEADER = ["Crime Ref", "HO Code", "Date From", "Time From", "DV"]


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "home"
    monkeypatch.setenv("CSPHUB_HOME", str(folder))
    monkeypatch.delenv("CSPHUB_DATABASE_URL", raising=False)
    return folder


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_the_whole_journey(home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "supplies")
    assert code == 2  # no home yet
    code, out, _ = run(capsys, "init")
    assert (
        code == 0
        and str(home) in out
        and (home / "keys" / "master.key").stat().st_mode & 0o777 == 0o600
    )

    code, out, _ = run(capsys, "datasets", "--json")
    ids = {d["id"] for d in json.loads(out)}
    assert len(ids) == 34 and {"police-crime-offence", "policeuk-street", "hodh-hr-rank"} <= ids
    code, out, _ = run(capsys, "datasets", "show", "police-crime-offence")
    assert code == 0 and "crime_reference" in out and "reference" in out and "028/01" not in out
    code, out, _ = run(capsys, "datasets", "show", "police-crime-offence", "--json")
    assert json.loads(out)["primaryKey"] == ["crime_reference"]
    code, _, err = run(capsys, "datasets", "show", "police-crime-offenses")
    assert code == 2 and "Did you mean police-crime-offence" in err

    assert (
        run(
            capsys,
            "agencies",
            "add",
            "eb-police",
            "--name",
            "Eastbrook Constabulary",
            "--type",
            "police",
        )[0]
        == 0
    )
    code, _, err = run(
        capsys, "agencies", "add", "eb-police", "--name", "Again", "--type", "police"
    )
    assert code == 2 and "already registered" in err
    code, _, err = run(capsys, "agencies", "add", "Bad Id", "--name", "x", "--type", "police")
    assert code == 2 and "cannot be an agency id" in err
    code, _, err = run(capsys, "agencies", "add", "x", "--name", "x", "--type", "navy")
    assert code == 2
    code, out, _ = run(capsys, "agencies", "--json")
    assert json.loads(out) == [
        {"id": "eb-police", "name": "Eastbrook Constabulary", "type": "police"}
    ]
    assert (
        run(
            capsys,
            "agencies",
            "map-column",
            "eb-police",
            "DV",
            "domestic_flag",
            "--dataset",
            "police-crime-offence",
        )[0]
        == 0
    )
    code, _, err = run(
        capsys,
        "agencies",
        "map-column",
        "eb-police",
        "DV",
        "no_such_field",
        "--dataset",
        "police-crime-offence",
    )
    assert code == 2 and "has no field 'no_such_field'" in err

    supply = tmp_path / "jan.csv"
    supply.write_text(
        csv_text(
            HEADER,
            [
                ["CR1", "028/01", "05/01/2026", "2145", "Y"],
                ["CR2", "030/01", "06/01/2026", "0930", "N"],
                ["CR3", "999/99/9", "07/01/2026", "x", "N"],
            ],
        )
    )
    code, out, _ = run(
        capsys,
        "ingest",
        str(supply),
        "--dataset",
        "police-crime-offence",
        "--agency",
        "eb-police",
        "--period",
        "2026-01",
        "--json",
    )
    outcome = json.loads(out)
    assert code == 0
    assert {
        k: outcome[k]
        for k in ("supply_id", "rows_read", "rows_stored", "rows_quarantined", "status")
    } == {
        "supply_id": 1,
        "rows_read": 3,
        "rows_stored": 2,
        "rows_quarantined": 1,
        "status": "partial",
    }
    assert {(i["row"], i["field"], i["rule"]) for i in outcome["issues"]} == {
        (4, "offence_code", "pattern"),
        (4, "committed_from_time", "type"),
    }

    code, out, _ = run(capsys, "supplies", "--json")
    assert [(s["supply_id"], s["status"], s["rows_stored"]) for s in json.loads(out)] == [
        (1, "partial", 2)
    ]
    code, out, _ = run(capsys, "supplies")
    assert code == 0 and "jan.csv" in out and "partial" in out
    code, out, _ = run(capsys, "supplies", "report", "1")
    assert code == 0 and "row       4" in out and "committed_from_time" in out
    code, out, _ = run(capsys, "supplies", "report", "1", "--json")
    assert json.loads(out)["issues_total"] == 2

    correction = tmp_path / "jan-fix.csv"
    correction.write_text(csv_text(HEADER, [["CR1", "030/01", "05/01/2026", "2145", "Y"]]))
    assert (
        run(
            capsys,
            "ingest",
            str(correction),
            "--dataset",
            "police-crime-offence",
            "--agency",
            "eb-police",
        )[0]
        == 0
    )
    code, out, _ = run(
        capsys,
        "records",
        "history",
        "police-crime-offence",
        "CR1",
        "--agency",
        "eb-police",
        "--json",
    )
    history = json.loads(out)
    assert [(v["version"], v["changed_fields"]) for v in history] == [
        (1, []),
        (2, ["offence_code"]),
    ]
    code, _, err = run(
        capsys, "records", "history", "police-crime-offence", "CR9", "--agency", "eb-police"
    )
    assert code == 2 and "has that key" in err


def test_a_rejected_supply_exits_3_and_is_listed(home: Path, tmp_path: Path, capsys) -> None:
    assert run(capsys, "init")[0] == 0
    assert run(capsys, "agencies", "add", "met", "--name", "Met", "--type", "police")[0] == 0
    supply = tmp_path / "hodh.csv"
    supply.write_text(
        csv_text(
            [
                "CRIS Number",
                "Date Recorded",
                "Classification Code",
                "Crimsec Code",
                "Status",
                "Prefix",
            ],
            [["C1", "2026-01-05", "B", "028/01", "solved", "substantive"]],
        )
    )
    code, out, _ = run(capsys, "ingest", str(supply), "--dataset", "hodh-crime", "--agency", "met")
    assert code == 3 and "rejected" in out
    code, out, _ = run(capsys, "supplies", "--json")
    assert json.loads(out)[0]["status"] == "rejected"


def test_registering_a_partnerships_own_dataset(home: Path, tmp_path: Path, capsys) -> None:
    assert run(capsys, "init")[0] == 0
    descriptor = {
        "id": "eastbrook-licensing-visits",
        "title": "Licensing visits",
        "agencyTypes": ["council"],
        "tier": "peripheral",
        "label": "depersonalised",
        "primaryKey": ["visit_reference"],
        "fields": [
            {
                "name": "visit_reference",
                "type": "string",
                "privacy": "reference",
                "constraints": {"required": True},
            },
            {"name": "visit_date", "type": "date", "privacy": "datetime"},
            {
                "name": "outcome",
                "type": "string",
                "privacy": "other",
                "constraints": {"enum": ["ok", "warned"]},
                "categories": [
                    {"value": "ok", "label": "No action"},
                    {"value": "warned", "label": "Warning given"},
                ],
            },
        ],
    }
    path = tmp_path / "visits.json"
    path.write_text(json.dumps(descriptor))
    code, out, _ = run(capsys, "datasets", "add", str(path))
    assert code == 0 and "Registered eastbrook-licensing-visits" in out
    code, _, err = run(capsys, "datasets", "add", str(path))
    assert code == 2 and "already in the catalogue" in err
    bad = tmp_path / "bad.json"
    bad.write_text(
        json.dumps(
            {
                **descriptor,
                "id": "bad-one",
                "fields": [{"name": "x", "type": "strng", "privacy": "other"}],
            }
        )
    )
    code, _, err = run(capsys, "datasets", "add", str(bad))
    assert code == 2 and "not a valid dataset descriptor" in err and "fields/0/type" in err

    assert (
        run(capsys, "agencies", "add", "eb-council", "--name", "Council", "--type", "council")[0]
        == 0
    )
    visits = tmp_path / "visits.csv"
    visits.write_text(
        csv_text(
            ["Visit Reference", "Visit Date", "Outcome"],
            [["V1", "01/02/2026", "Warning given"], ["V2", "02/02/2026", "OK"]],
        )
    )
    code, out, _ = run(
        capsys,
        "ingest",
        str(visits),
        "--dataset",
        "eastbrook-licensing-visits",
        "--agency",
        "eb-council",
        "--json",
    )
    assert code == 0 and json.loads(out)["rows_stored"] == 2


def test_the_installed_command_runs_as_a_new_process(tmp_path: Path) -> None:
    environment = {**os.environ, "CSPHUB_HOME": str(tmp_path / "home")}
    environment.pop("CSPHUB_DATABASE_URL", None)
    command = [str(Path(sys.executable).with_name("csphub"))]
    done = subprocess.run(
        [*command, "init"], env=environment, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    done = subprocess.run(
        [*command, "--version"], env=environment, capture_output=True, text=True, timeout=60
    )
    assert done.stdout.strip() == "csphub 0.1.0"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "csphub",
            "ingest",
            str(tmp_path / "none.csv"),
            "--dataset",
            "police-crime-offence",
            "--agency",
            "x",
        ],
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2 and "Traceback" not in done.stderr


def test_bad_settings_name_the_variable_not_the_value(home: Path, monkeypatch, capsys) -> None:
    monkeypatch.setenv("CSPHUB_DATABASE_URL", "mysql://admin:hunter2@db/x")
    code, _, err = run(capsys, "init")
    assert code == 2 and "CSPHUB_DATABASE_URL" in err and "hunter2" not in err
    monkeypatch.setenv("CSPHUB_DATABASE_URL", "postgresql+psycopg://admin:hunter2@127.0.0.1:9/x")
    code, _, err = run(capsys, "init")
    assert code == 2 and "Cannot reach the archive database" in err and "hunter2" not in err
