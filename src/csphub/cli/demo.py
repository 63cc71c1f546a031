"""`csphub demo`: take in the bundled sample partnership and summarise the archive."""

from __future__ import annotations

import typer

from csphub.cli._context import state
from csphub.cli._output import RichProgress, out, table
from csphub.synth import run_demo


def demo(
    ctx: typer.Context,
    no_serve: bool = typer.Option(
        True,
        "--no-serve/--serve",
        help="Stop after the summary. (There is no web application to serve yet.)",
    ),
) -> None:
    """Build a demo hub in $CSPHUB_HOME/demo from the bundled sample supplies and summarise it."""
    with RichProgress() as progress:
        run = run_demo(state(ctx).settings, progress)
    out.print(f"Demo hub: {run.home}")
    for outcome in run.outcomes:
        out.print("  " + outcome.summary_line(), markup=False)
    for name in run.already_taken:
        out.print(
            f"  {name}: already in the archive (same SHA-256), not taken in again.", markup=False
        )
    shown = table(
        "dataset",
        "supplies",
        "read",
        "stored",
        "unchanged",
        "quarantined",
        "current",
        title="\nArchive summary",
    )
    for d in run.datasets:
        shown.add_row(
            d.dataset_id,
            str(d.supplies),
            f"{d.rows_read:,}",
            f"{d.rows_stored:,}",
            f"{d.rows_unchanged:,}",
            f"{d.rows_quarantined:,}",
            f"{d.records_current:,}",
        )
    out.print(shown)
    quarantined = [d for d in run.datasets if d.reasons]
    if quarantined:
        out.print("\nWhy rows were quarantined (rule, field: rows):")
        for d in quarantined:
            reasons = "; ".join(f"{reason}: {count}" for reason, count in d.reasons.items())
            out.print(f"  {d.dataset_id}: {reasons}", markup=False)
    out.print(
        "\nNext: `csphub supplies`, `csphub supplies report ID`, `csphub datasets show ID` "
        f"(with CSPHUB_HOME={run.home})."
    )
