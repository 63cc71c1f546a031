"""Making a whole synthetic partnership: ``csphub synth --out DIR``.

The output folder::

    manifest.json          what was made: parameters, agencies, their column and code maps,
                           every supply with the counts the hub should report for it
    geography/             gazetteer.csv, onspd.csv, boundaries/{oa,lsoa,msoa,ward,la}.geojson
    public/                electoral-register.csv: a public list of names and addresses
    supplies/YYYY-MM/      each agency's files for the month, each with its .meta.json
    truth/                 kept apart: people, relationships, clusters, and for every supply
                           the true person and place behind each row and every fault injected

Byte-for-byte the same for the same seed and parameters.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from csphub.catalogue import Catalogue
from csphub.progress import SILENT, Progress
from csphub.synth.addresses import AddressErrors
from csphub.synth.agencies import AGENCIES, BY_ID
from csphub.synth.datasets import all_plans
from csphub.synth.geography_files import write_boundaries, write_gazetteer, write_postcode_directory
from csphub.synth.supply import Plan, SupplyFile, code_maps, column_maps, write_supply
from csphub.synth.world import DEFAULT_START, World

MANIFEST_VERSION = 1


@dataclass
class Made:
    folder: Path
    manifest: dict[str, Any]
    supplies: list[SupplyFile] = field(default_factory=list)

    @property
    def records(self) -> int:
        return sum(s.rows for s in self.supplies)


def _write_truth_people(world: World, truth: Path) -> None:
    truth.mkdir(parents=True, exist_ok=True)
    world.population.people.drop("offending", "victimisation").write_csv(truth / "people.csv")
    world.population.relationships.write_csv(truth / "relationships.csv")
    (truth / "clusters.json").write_text(
        json.dumps([c.as_json() for c in world.clusters], indent=2, sort_keys=True) + "\n"
    )


def _write_register(world: World, public: Path) -> int:
    public.mkdir(parents=True, exist_ok=True)
    register = (
        world.population.electoral_register()
        .join(world.places.select("uprn", "address", "postcode"), on="uprn", how="left")
        .select(
            (pl.col("given_name") + " " + pl.col("surname")).alias("Elector Name"),
            pl.col("address").alias("Address"),
            pl.col("postcode").alias("Postcode"),
        )
        .sort("Postcode", "Address", "Elector Name")
    )
    register.write_csv(public / "electoral-register.csv")
    return register.height


def generate(
    out: Path,
    *,
    seed: int = 1,
    people: int = 20_000,
    months: int = 12,
    start: dt.date = DEFAULT_START,
    progress: Progress | None = None,
    plans: list[Plan] | None = None,
) -> Made:
    progress = progress or SILENT
    progress.stage("Building the area and its people")
    world = World.build(seed, people, months, start)
    out.mkdir(parents=True, exist_ok=True)
    geography = out / "geography"
    geography.mkdir(exist_ok=True)
    write_gazetteer(world.geography, geography / "gazetteer.csv")
    write_postcode_directory(world.geography, geography / "onspd.csv")
    boundaries = write_boundaries(world.geography, geography / "boundaries")
    electors = _write_register(world, out / "public")
    truth = out / "truth"
    _write_truth_people(world, truth)

    catalogue = Catalogue.builtin()
    plans = plans if plans is not None else all_plans()
    addresses: dict[str, AddressErrors] = {}
    made = Made(out, {})
    progress.stage("Writing monthly supplies", total=len(world.months) * len(plans))
    for month in world.months:
        folder = out / "supplies" / month.label
        folder.mkdir(parents=True, exist_ok=True)
        for plan in plans:
            if plan.monthly or month == world.months[0]:
                agency = BY_ID[plan.agency]
                if plan.address_fields and plan.agency not in addresses:
                    addresses[plan.agency] = AddressErrors(
                        world.geography.properties,
                        seed * 1000 + len(addresses),
                        agency.address_style,
                    )
                written = write_supply(
                    world,
                    plan,
                    plan.style or agency.style,
                    month,
                    folder,
                    truth,
                    catalogue,
                    addresses.get(plan.agency),
                )
                if written is not None:
                    made.supplies.append(written)
            progress.advance(1)
        world.forget(month)
    made.manifest = _manifest(
        world, out, plans, catalogue, made.supplies, boundaries, electors, start
    )
    (out / "manifest.json").write_text(json.dumps(made.manifest, indent=2, sort_keys=True) + "\n")
    return made


def _manifest(
    world: World,
    out: Path,
    plans: list[Plan],
    catalogue: Catalogue,
    supplies: list[SupplyFile],
    boundaries: dict[str, int],
    electors: int,
    start: dt.date,
) -> dict[str, Any]:
    used = sorted({p.agency for p in plans})
    return {
        "version": MANIFEST_VERSION,
        "description": (
            "Fictional Eastbrook partnership (postcode area EB): synthetic supplies, ground truth."
        ),
        "parameters": {
            "seed": world.seed,
            "people": world.people_count,
            "months": len(world.months),
            "start": start.isoformat(),
        },
        "geography": {
            "gazetteer": "geography/gazetteer.csv",
            "postcodes": "geography/onspd.csv",
            "boundaries": {level: f"geography/boundaries/{level}.geojson" for level in boundaries},
            "counts": {
                "properties": world.geography.properties.height,
                "postcodes": world.geography.postcodes.height,
                **boundaries,
            },
        },
        "public": {"electoral_register": "public/electoral-register.csv", "electors": electors},
        "truth": "truth",
        "agencies": [
            {"id": a.id, "name": a.name, "type": a.type} for a in AGENCIES if a.id in used
        ],
        "column_maps": [m for p in plans for m in column_maps(p, catalogue)],
        "code_maps": [m for p in plans for m in code_maps(p)],
        "supplies": [
            {
                "file": str(s.path.relative_to(out)),
                "metadata": str(s.metadata.relative_to(out)),
                "dataset": s.dataset,
                "agency": s.agency,
                "period": s.month,
                "expect": {"rows_read": s.rows, "rows_quarantined": s.expected_quarantined},
                "faults": s.faults,
            }
            for s in supplies
        ],
        "records": sum(s.rows for s in supplies),
    }
