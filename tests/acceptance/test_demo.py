"""`csphub demo` (what `make demo` runs): every bundled sample supply gives the counts its
manifest promises, and a second run recognises every file."""

from __future__ import annotations

from pathlib import Path

import pytest

from csphub.cli import main
from csphub.settings import Settings
from csphub.synth import manifest, run_demo


def test_every_sample_supply_gives_its_expected_counts(tmp_path: Path) -> None:
    run = run_demo(Settings(home=tmp_path / "home"))
    plan = {s["file"]: s["expect"] for s in manifest()["supplies"]}
    assert len(run.outcomes) == len(plan) == 7 and run.already_taken == []
    for outcome in run.outcomes:
        supply = outcome.supply
        expected = plan[supply.file_name]
        actual = {key: getattr(supply, key) for key in expected}
        assert actual == expected, supply.file_name
        assert supply.rows_read == (
            supply.rows_new
            + supply.rows_revised
            + supply.rows_unchanged
            + supply.rows_quarantined
            + supply.rows_rejected
        )
    formats = {o.supply.file_format for o in run.outcomes}
    encodings = {o.supply.encoding for o in run.outcomes}
    assert formats == {"csv", "xlsx", "json"} and {"utf-8-sig", "windows-1252"} <= encodings
    assert run.home == (tmp_path / "home" / "demo").resolve()


def test_the_demo_command_summarises_and_is_rerunnable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("CSPHUB_HOME", str(tmp_path / "home"))
    assert main(["demo"]) == 0
    first = capsys.readouterr().out
    assert "Archive summary" in first and "police-crime-offence" in first
    assert "Why rows were quarantined" in first and "pattern offence_code: 1" in first
    assert main(["demo", "--no-serve"]) == 0
    second = capsys.readouterr().out
    assert second.count("already in the archive") == 7
