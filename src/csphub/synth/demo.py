"""The demo: a small fictional partnership's supplies, taken in from scratch.

`csphub demo` builds (or reuses) a hub in ``$CSPHUB_HOME/demo``, registers the sample
agencies with their column and code maps, takes in every bundled sample supply, and returns a
summary of the archive. Running it again reuses the home: the same files are recognised and
refused as duplicates, which is itself part of what it shows.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import polars as pl

from csphub import access
from csphub.catalogue import AgencyType
from csphub.errors import DuplicateSupply
from csphub.hub import Hub
from csphub.ingest import Progress, SupplyOutcome, SupplyRequest, ingest_supply
from csphub.settings import Settings


def samples() -> Traversable:
    return resources.files("csphub.synth").joinpath("samples")


def manifest() -> dict[str, Any]:
    return json.loads(samples().joinpath("manifest.json").read_text("utf-8"))


@dataclass(frozen=True)
class DatasetSummary:
    dataset_id: str
    supplies: int
    rows_read: int
    rows_stored: int
    rows_unchanged: int
    rows_quarantined: int
    records_current: int
    reasons: dict[str, int]  # "rule field" → rows


@dataclass
class DemoRun:
    home: Path
    outcomes: list[SupplyOutcome] = field(default_factory=list)
    already_taken: list[str] = field(default_factory=list)
    datasets: list[DatasetSummary] = field(default_factory=list)


def demo_settings(settings: Settings) -> Settings:
    return settings.model_copy(
        update={
            "home": settings.resolved_home / "demo",
            "database_url": None,
            "master_key_file": None,
        }
    )


def _register(hub: Hub, plan: dict[str, Any]) -> None:
    known = {a.id for a in hub.archive.agencies()}
    for agency in plan["agencies"]:
        if agency["id"] not in known:
            access.register_agency(hub, agency["id"], agency["name"], AgencyType(agency["type"]))
    for entry in plan["column_maps"]:
        access.map_column(hub, entry["agency"], entry["dataset"], entry["column"], entry["field"])
    for entry in plan["code_maps"]:
        access.map_codes(hub, entry["agency"], entry["dataset"], entry["field"], entry["codes"])


def summarise(hub: Hub) -> list[DatasetSummary]:
    """Per dataset with supplies: counts, and quarantine reasons by rule and field."""
    result = []
    by_dataset: dict[str, list[Any]] = {}
    for supply in hub.archive.supplies():
        by_dataset.setdefault(supply.dataset_id, []).append(supply)
    for dataset_id, supplies in sorted(by_dataset.items()):
        dataset = hub.dataset(dataset_id)
        reasons: dict[str, int] = {}
        for supply in supplies:
            issues = hub.archive.supply_issues(supply.id).filter(pl.col("severity") == "error")
            for rule, fld, count in issues.group_by("rule", "field").len().iter_rows():
                key = f"{rule} {fld or ''}".strip()
                reasons[key] = reasons.get(key, 0) + count
        _, current = hub.archive.record_counts(dataset)
        result.append(
            DatasetSummary(
                dataset_id,
                len(supplies),
                sum(s.rows_read for s in supplies),
                sum(s.rows_stored for s in supplies),
                sum(s.rows_unchanged for s in supplies),
                sum(s.rows_quarantined for s in supplies),
                current,
                dict(sorted(reasons.items(), key=lambda kv: (-kv[1], kv[0]))),
            )
        )
    return result


def run_demo(settings: Settings, progress: Progress | None = None) -> DemoRun:
    settings = demo_settings(settings)
    plan = manifest()
    run = DemoRun(settings.resolved_home)
    with Hub.initialise(settings) as hub, resources.as_file(samples()) as folder:
        _register(hub, plan)
        for supply in plan["supplies"]:
            request = SupplyRequest(
                path=folder / supply["file"],
                dataset_id=supply["dataset"],
                agency_id=supply["agency"],
                metadata_path=folder / supply["metadata"] if "metadata" in supply else None,
                period=supply.get("period"),
            )
            try:
                run.outcomes.append(ingest_supply(hub, request, progress))
            except DuplicateSupply:
                run.already_taken.append(supply["file"])
        run.datasets = summarise(hub)
    return run
