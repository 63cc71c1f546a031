"""`csphub demo`: make (or reuse) the synthetic partnership, take it in, summarise the archive."""

from __future__ import annotations

import typer

from csphub.cli._context import state
from csphub.cli._output import RichProgress, out, table
from csphub.synth import run_demo
from csphub.synth.demo import DEMO_MONTHS, DEMO_PEOPLE


def demo(
    ctx: typer.Context,
    no_serve: bool = typer.Option(
        True,
        "--no-serve/--serve",
        help="Stop after the summary. (There is no web application to serve yet.)",
    ),
    people: int = typer.Option(DEMO_PEOPLE, "--people", help="Residents of the demo partnership."),
    months: int = typer.Option(DEMO_MONTHS, "--months", help="Months of supplies."),
) -> None:
    """Make (or reuse) a small synthetic partnership in $CSPHUB_HOME/demo, take in every supply
    and summarise the archive."""
    with RichProgress() as progress:
        run = run_demo(state(ctx).settings, progress, people=people, months=months)
    out.print(f"Demo hub: {run.home}")
    made = "made now" if run.made_now else "reused"
    out.print(f"Partnership ({made}): {run.partnership}; its ground truth is in truth/.")
    if run.geography:
        out.print(
            "Loaded its geography: "
            + "; ".join(
                f"{g.edition.rows:,} {g.edition.level or g.edition.kind}" for g in run.geography
            )
            + "."
        )
    else:
        out.print("Its geography was already loaded.")
    accepted = sum(1 for o in run.outcomes if o.accepted)
    out.print(
        f"Took in {len(run.outcomes):,} supplies ({accepted:,} accepted, "
        f"{len(run.outcomes) - accepted:,} rejected by their dataset's policy); "
        f"{len(run.already_taken):,} were already in the archive (same SHA-256) and were not "
        "taken in again."
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
    if run.located:
        total = sum(run.located.values())
        out.print(
            "\nHow the records' places were located: "
            + ", ".join(f"{m} {c / total:.1%}" for m, c in run.located.items())
            + f" (of {total:,} places)."
        )
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
