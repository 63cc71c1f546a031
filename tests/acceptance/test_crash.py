"""A killed process leaves nothing of its supply (ARCHITECTURE §8), on both backends."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from conftest import csv_text
from csphub.cli import main
from csphub.hub import Hub
from csphub.settings import Settings

HEADER = ["Crime Ref", "HO Code", "Date From"]


def test_a_supply_killed_before_commit_leaves_no_trace(
    tmp_path: Path, archive_url: str | None, monkeypatch
) -> None:
    home = tmp_path / "home"
    environment = {**os.environ, "CSPHUB_HOME": str(home)}
    monkeypatch.setenv("CSPHUB_HOME", str(home))
    if archive_url:
        environment["CSPHUB_DATABASE_URL"] = archive_url
        monkeypatch.setenv("CSPHUB_DATABASE_URL", archive_url)
    assert main(["init"]) == 0
    assert main(["agencies", "add", "eb-police", "--name", "Eastbrook", "--type", "police"]) == 0
    rows = [[f"CR{n}", "028/01", "05/01/2026"] for n in range(120_000)]
    supply = tmp_path / "offences.csv"
    supply.write_text(csv_text(HEADER, rows))
    command = [
        sys.executable,
        str(Path(__file__).parents[1] / "crash_after_insert.py"),
        "rec_",
        "ingest",
        str(supply),
        "--dataset",
        "police-crime-offence",
        "--agency",
        "eb-police",
        "--period",
        "2026-01",
    ]

    killed = subprocess.run(command, env=environment, capture_output=True, timeout=300)
    assert killed.returncode == -signal.SIGKILL

    settings = Settings(home=home, database_url=archive_url)
    with Hub.open(settings) as hub:
        assert hub.archive.supplies() == []
        assert hub.archive.record_counts(hub.dataset("police-crime-offence")) == (0, 0)
    # The file was never accepted, so it is not a duplicate: the same supply goes in whole.
    assert (
        main(
            [
                "ingest",
                str(supply),
                "--dataset",
                "police-crime-offence",
                "--agency",
                "eb-police",
                "--period",
                "2026-01",
                "--json",
            ]
        )
        == 0
    )
    with Hub.open(settings) as hub:
        assert [s.rows_new for s in hub.archive.supplies()] == [120_000]
