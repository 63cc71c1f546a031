"""`csphub synth`: make a synthetic partnership."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import typer

from csphub.cli._output import RichProgress, out, print_json
from csphub.errors import UserError
from csphub.synth.partnership import generate
from csphub.synth.world import DEFAULT_START


def synth(
    folder: Path = typer.Option(
        ..., "--out", help="Folder to write the partnership into (created if missing)."
    ),
    seed: int = typer.Option(
        1, "--seed", help="The same seed gives byte-for-byte the same partnership."
    ),
    people: int = typer.Option(
        20_000, "--people", help="Residents of the area (about 0.7 records a person a year)."
    ),
    months: int = typer.Option(12, "--months", help="Months of supplies."),
    start: str = typer.Option(
        DEFAULT_START.strftime("%Y-%m"), "--start", help="First month, YYYY-MM."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the manifest's summary as JSON."),
) -> None:
    """Make the fictional Eastbrook partnership: its geography, people, every agency's monthly
    supplies in its own habits, and the ground truth kept apart."""
    if people < 200:
        raise UserError("A partnership needs at least 200 people (--people).")
    if not 1 <= months <= 240:
        raise UserError("--months must be between 1 and 240.")
    try:
        first = dt.datetime.strptime(start, "%Y-%m").date()
    except ValueError:
        raise UserError(f"--start {start!r} is not a month such as 2025-01.") from None
    if folder.exists() and any(folder.iterdir()):
        raise UserError(f"{folder} is not empty; give an empty or new folder (--out).")
    with RichProgress() as progress:
        made = generate(
            folder, seed=seed, people=people, months=months, start=first, progress=progress
        )
    summary = {
        "folder": str(folder),
        "seed": seed,
        "people": people,
        "months": months,
        "supplies": len(made.supplies),
        "records": made.records,
        "datasets": len({s.dataset for s in made.supplies}),
        "agencies": len(made.manifest["agencies"]),
    }
    if as_json:
        print_json(summary)
        return
    out.print(f"Made Eastbrook in {folder}: {people:,} people, {months} months, seed {seed}.")
    out.print(
        f"{summary['supplies']:,} supplies of {summary['datasets']} datasets from "
        f"{summary['agencies']} agencies, {made.records:,} records."
    )
    out.print(
        "Ground truth is in truth/; the manifest (manifest.json) lists every supply and the counts "
        "the hub should report for it."
    )
