"""Shared by the synth tests: make a small partnership and take every supply into a fresh hub,
checking each against the counts the generator expects. Not a test module itself."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from csphub.hub import Hub
from csphub.ingest import SupplyRequest, ingest_supply
from csphub.settings import Settings
from csphub.synth.datasets import all_plans
from csphub.synth.demo import register
from csphub.synth.partnership import Made, generate
from csphub.synth.supply import Plan


@dataclass
class Ingested:
    made: Made
    hub: Hub
    outcomes: dict[str, Any]  # supply file → outcome
    mismatches: list[str]


def plans_of(module: str) -> list[Plan]:
    """The plans of one dataset module, e.g. ``plans_of("police_crime")``."""
    import importlib

    return list(importlib.import_module(f"csphub.synth.datasets.{module}").PLANS)


def make_and_ingest(
    folder: Path,
    *,
    plans: list[Plan] | None = None,
    people: int = 4_000,
    months: int = 3,
    seed: int = 7,
) -> Ingested:
    made = generate(
        folder / "partnership",
        seed=seed,
        people=people,
        months=months,
        plans=plans if plans is not None else all_plans(),
    )
    hub = Hub.initialise(Settings(home=folder / "home"))
    register(hub, made.manifest)
    outcomes, mismatches = {}, []
    for supply in made.manifest["supplies"]:
        request = SupplyRequest(
            made.folder / supply["file"],
            supply["dataset"],
            supply["agency"],
            made.folder / supply["metadata"],
        )
        outcome = ingest_supply(hub, request)
        outcomes[supply["file"]] = outcome
        got = {
            "rows_read": outcome.supply.rows_read,
            "rows_quarantined": outcome.supply.rows_quarantined + outcome.supply.rows_rejected,
        }
        if got != supply["expect"]:
            mismatches.append(
                f"{supply['file']}: expected {supply['expect']}, got {got}\n"
                + outcome.as_text(issue_limit=10)
            )
    return Ingested(made, hub, outcomes, mismatches)


def truth_faults(made: Made, supply_file: str) -> list[dict[str, str]]:
    """The faults recorded for one supply file."""
    import polars as pl

    month = supply_file.split("/")[1]
    stem = Path(supply_file).name.rsplit("-", 2)[0]
    path = made.folder / "truth" / "faults" / month / f"{stem}.csv"
    return pl.read_csv(path, infer_schema=False).to_dicts() if path.exists() else []


def manifest(made: Made) -> dict[str, Any]:
    return json.loads((made.folder / "manifest.json").read_text())
