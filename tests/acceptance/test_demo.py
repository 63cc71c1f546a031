"""`csphub demo` (what `make demo` runs): a synthetic partnership made and taken in, every supply
with the counts its manifest promises; a second run reuses it and recognises every file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from csphub.cli import main
from csphub.settings import Settings
from csphub.synth import run_demo


def test_every_supply_gives_its_expected_counts(tmp_path: Path) -> None:
    run = run_demo(Settings(home=tmp_path / "home"), people=3_000, months=2)
    assert run.made_now and run.already_taken == []
    manifest = json.loads((run.partnership / "manifest.json").read_text())
    expected = {Path(s["file"]).name: s["expect"] for s in manifest["supplies"]}
    assert len(run.outcomes) == len(expected) > 0
    for outcome in run.outcomes:
        supply = outcome.supply
        got = {
            "rows_read": supply.rows_read,
            "rows_quarantined": supply.rows_quarantined + supply.rows_rejected,
        }
        assert got == expected[supply.file_name], supply.file_name
        assert supply.rows_read == (
            supply.rows_new
            + supply.rows_revised
            + supply.rows_unchanged
            + supply.rows_quarantined
            + supply.rows_rejected
        )
    assert run.home == (tmp_path / "home" / "demo").resolve()
    # its geography loaded, and the records placed by it: most by their addresses
    assert {g.edition.level or g.edition.kind for g in run.geography} == {
        "postcodes",
        "properties",
        "oa",
        "lsoa",
        "msoa",
        "ward",
        "la",
    }
    total = sum(run.located.values())
    assert total > 0 and run.located["address"] / total > 0.3
    assert run.located.get("none", 0) / total < 0.1


def test_the_demo_command_summarises_and_is_rerunnable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("CSPHUB_HOME", str(tmp_path / "home"))
    assert main(["demo", "--people", "2000", "--months", "2"]) == 0
    first = capsys.readouterr().out
    assert "Archive summary" in first and "police-crime-offence" in first and "made now" in first
    assert "Loaded its geography: " in first and "How the records' places were located: " in first
    assert main(["demo", "--no-serve", "--people", "2000", "--months", "2"]) == 0
    second = capsys.readouterr().out
    assert (
        "reused" in second
        and "Took in 0 supplies" in second
        and "were already in the archive" in second
        and "Its geography was already loaded." in second
    )
