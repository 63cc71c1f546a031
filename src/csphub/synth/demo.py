"""The demo: a small synthetic partnership, made (or reused) and taken in from scratch.

`csphub demo` builds a hub in ``$CSPHUB_HOME/demo``, makes the Eastbrook partnership in its
``partnership`` folder (or reuses the one there when it was made with the same parameters),
registers the agencies with their column and code maps, loads its geography (postcode
directory, gazetteer, boundaries), takes in every supply, geocoding it, and summarises the
archive. Running it again reuses everything: the same files are recognised and refused as
duplicates, which is itself part of what it shows.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from csphub import access
from csphub.catalogue import AgencyType
from csphub.errors import AlreadyExists, DuplicateSupply
from csphub.geo.service import LoadOutcome, load_boundaries, load_postcodes, load_properties
from csphub.hub import Hub
from csphub.ingest import Progress, SupplyOutcome, SupplyRequest, ingest_supply
from csphub.settings import Settings
from csphub.synth.partnership import generate

DEMO_SEED = 1
DEMO_PEOPLE = 20_000  # a small town: big enough for every dataset to have records in a year
DEMO_MONTHS = 12


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
    partnership: Path
    made_now: bool
    outcomes: list[SupplyOutcome] = field(default_factory=list)
    already_taken: list[str] = field(default_factory=list)
    datasets: list[DatasetSummary] = field(default_factory=list)
    geography: list[LoadOutcome] = field(default_factory=list)  # loaded now (empty: reused)
    located: dict[str, int] = field(default_factory=dict)  # geocoding method → places


def demo_settings(settings: Settings) -> Settings:
    return settings.model_copy(
        update={
            "home": settings.resolved_home / "demo",
            "database_url": None,
            "master_key_file": None,
        }
    )


def register(hub: Hub, plan: dict[str, Any]) -> None:
    """Register a manifest's agencies and set up their column and code maps."""
    known = {a.id for a in hub.archive.agencies()}
    for agency in plan["agencies"]:
        if agency["id"] not in known:
            access.register_agency(hub, agency["id"], agency["name"], AgencyType(agency["type"]))
    for entry in plan["column_maps"]:
        access.map_column(hub, entry["agency"], entry["dataset"], entry["column"], entry["field"])
    for entry in plan["code_maps"]:
        access.map_codes(hub, entry["agency"], entry["dataset"], entry["field"], entry["codes"])


def load_geography(hub: Hub, folder: Path, plan: dict[str, Any]) -> list[LoadOutcome]:
    """Load a partnership's geography files, skipping those already current."""
    files = plan["geography"]
    edition = str(plan["parameters"]["start"])[:7]
    loads = [
        lambda: load_postcodes(hub, folder / files["postcodes"], edition=edition),
        lambda: load_properties(hub, folder / files["gazetteer"], edition=edition),
        *(
            (
                lambda level=level, path=path: load_boundaries(
                    hub, folder / path, level, edition=edition
                )
            )
            for level, path in sorted(files["boundaries"].items())
        ),
    ]
    loaded = []
    for load in loads:
        try:
            loaded.append(load())
        except AlreadyExists:
            continue
    return loaded


def located(hub: Hub) -> dict[str, int]:
    """How the archive's current records were located: geocoding method → places."""
    counts: dict[str, int] = {}
    for dataset_id in sorted({s.dataset_id for s in hub.archive.supplies()}):
        dataset = hub.dataset(dataset_id)
        records = hub.archive.read_records(dataset, current_only=True)
        for place in dataset.locations:
            column = f"_geo_{place.name}_method"
            for method, count in records[column].drop_nulls().value_counts().iter_rows():
                counts[method] = counts.get(method, 0) + count
    return dict(sorted(counts.items(), key=lambda kv: -kv[1]))


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
                sum(s.rows_quarantined + s.rows_rejected for s in supplies),
                current,
                dict(sorted(reasons.items(), key=lambda kv: (-kv[1], kv[0]))),
            )
        )
    return result


def _partnership(
    folder: Path, seed: int, people: int, months: int, progress: Progress | None
) -> tuple[dict[str, Any], bool]:
    """The manifest of the partnership in ``folder``, made now unless one with the same
    parameters is already there."""
    manifest = folder / "manifest.json"
    if manifest.exists():
        plan = json.loads(manifest.read_text())
        if plan.get("parameters", {}) | {"start": None} == {
            "seed": seed,
            "people": people,
            "months": months,
            "start": None,
        }:
            return plan, False
        shutil.rmtree(folder)
    return generate(
        folder, seed=seed, people=people, months=months, progress=progress
    ).manifest, True


def run_demo(
    settings: Settings,
    progress: Progress | None = None,
    *,
    people: int = DEMO_PEOPLE,
    months: int = DEMO_MONTHS,
    seed: int = DEMO_SEED,
) -> DemoRun:
    settings = demo_settings(settings)
    with Hub.initialise(settings) as hub:
        folder = settings.resolved_home / "partnership"
        plan, made_now = _partnership(folder, seed, people, months, progress)
        run = DemoRun(settings.resolved_home, folder, made_now)
        register(hub, plan)
        if progress is not None:
            progress.stage("Loading the geography")
        run.geography = load_geography(hub, folder, plan)
        if progress is not None:
            progress.stage("Taking in supplies", total=len(plan["supplies"]))
        for supply in plan["supplies"]:
            request = SupplyRequest(
                path=folder / supply["file"],
                dataset_id=supply["dataset"],
                agency_id=supply["agency"],
                metadata_path=folder / supply["metadata"],
            )
            try:
                run.outcomes.append(ingest_supply(hub, request))
            except DuplicateSupply:
                run.already_taken.append(supply["file"])
            if progress is not None:
                progress.advance(1)
        run.datasets = summarise(hub)
        run.located = located(hub)
    return run
