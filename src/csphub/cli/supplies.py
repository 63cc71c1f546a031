"""`csphub ingest`, `csphub supplies` and `csphub records`."""

from __future__ import annotations

from pathlib import Path

import typer

from csphub.cli._context import state
from csphub.cli._output import RichProgress, out, print_json, table
from csphub.ingest import SupplyOutcome, SupplyRequest, ingest_supply, outcome_of
from csphub.ingest.history import record_history

REJECTED_EXIT = 3

supplies_app = typer.Typer(help="Supplies taken in, with their status, counts and reports.")
records_app = typer.Typer(help="Records in the archive.")


def _show_outcome(outcome: SupplyOutcome, as_json: bool, limit: int | None) -> None:
    if as_json:
        print_json(outcome.as_json(issue_limit=limit))
    else:
        out.print(outcome.as_text(issue_limit=limit), markup=False, highlight=False)


def ingest(
    ctx: typer.Context,
    file: Path = typer.Argument(..., metavar="FILE", help="CSV, XLSX or JSON supply file."),
    dataset_id: str = typer.Option(..., "--dataset", help="Catalogue id of the dataset supplied."),
    agency_id: str = typer.Option(..., "--agency", help="Id of the supplying agency."),
    metadata: Path = typer.Option(
        None, "--metadata", help="The supply's metadata (guidance §3.4), JSON."
    ),
    period: str = typer.Option(
        None, "--period", help="Period covered: 2026-01, or 2026-01-01..2026-03-31."
    ),
    sheet: str = typer.Option(
        None, "--sheet", help="Worksheet to read from a workbook (default: the first)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the outcome as JSON."),
    limit: int = typer.Option(50, "--limit", help="Failing rows to list (the full list is kept)."),
) -> None:
    """Take in one supply: validate, clean and store it, all or nothing."""
    hub = state(ctx).hub()
    request = SupplyRequest(file, dataset_id, agency_id, metadata, period, sheet)
    with RichProgress() as progress:
        outcome = ingest_supply(hub, request, progress)
    _show_outcome(outcome, as_json, limit)
    if not outcome.accepted:
        raise typer.Exit(REJECTED_EXIT)


@supplies_app.callback(invoke_without_command=True)
def list_supplies(
    ctx: typer.Context,
    dataset_id: str = typer.Option(None, "--dataset", help="Only this dataset."),
    agency_id: str = typer.Option(None, "--agency", help="Only this agency."),
    as_json: bool = typer.Option(False, "--json", help="Print as JSON."),
) -> None:
    """List supplies with their status and counts."""
    if ctx.invoked_subcommand is not None:
        return
    rows = state(ctx).hub().archive.supplies(dataset_id=dataset_id, agency_id=agency_id)
    if as_json:
        print_json(
            [
                {
                    "supply_id": s.id,
                    "dataset": s.dataset_id,
                    "agency": s.agency_id,
                    "file": s.file_name,
                    "received_at": s.received_at.isoformat(timespec="seconds") + "Z",
                    "status": s.status,
                    "rows_read": s.rows_read,
                    "rows_stored": s.rows_stored,
                    "rows_unchanged": s.rows_unchanged,
                    "rows_quarantined": s.rows_quarantined,
                    "rows_rejected": s.rows_rejected,
                }
                for s in rows
            ]
        )
        return
    if not rows:
        out.print(
            "No supplies yet. Take one in with `csphub ingest FILE --dataset ID --agency ID`."
        )
        return
    shown = table(
        "id",
        "received (UTC)",
        "dataset",
        "agency",
        "file",
        "status",
        "read",
        "stored",
        "unchanged",
        "quarantined",
        "rejected",
    )
    for s in rows:
        shown.add_row(
            str(s.id),
            f"{s.received_at:%Y-%m-%d %H:%M}",
            s.dataset_id,
            s.agency_id,
            s.file_name,
            s.status,
            f"{s.rows_read:,}",
            f"{s.rows_stored:,}",
            f"{s.rows_unchanged:,}",
            f"{s.rows_quarantined:,}",
            f"{s.rows_rejected:,}",
        )
    out.print(shown)


@supplies_app.command("report")
def report(
    ctx: typer.Context,
    supply_id: int = typer.Argument(..., metavar="ID", help="The supply's number."),
    as_json: bool = typer.Option(False, "--json", help="Print as JSON."),
    show_all: bool = typer.Option(False, "--all", help="List every failing row."),
    limit: int = typer.Option(50, "--limit", help="Failing rows to list."),
) -> None:
    """A supply's validation report: counts per rule and each failing row and field."""
    outcome = outcome_of(state(ctx).hub(), supply_id)
    _show_outcome(outcome, as_json, None if show_all else limit)


@records_app.command("history")
def history(
    ctx: typer.Context,
    dataset_id: str = typer.Argument(..., metavar="DATASET", help="The dataset's id."),
    key: list[str] = typer.Argument(
        ..., metavar="KEY...", help="The record's key values, in key order."
    ),
    agency_id: str = typer.Option(..., "--agency", help="The supplying agency."),
    as_json: bool = typer.Option(False, "--json", help="Print as JSON."),
) -> None:
    """Every version of one record: which supply brought it and which fields it changed.
    Values are not shown."""
    versions = record_history(state(ctx).hub(), dataset_id, agency_id, key)
    if as_json:
        print_json(
            [
                {
                    "version": v.version,
                    "supply_id": v.supply_id,
                    "file": v.file_name,
                    "received_at": v.received_at.isoformat(timespec="seconds") + "Z",
                    "row": v.row,
                    "changed_fields": list(v.changed),
                }
                for v in versions
            ]
        )
        return
    shown = table("version", "supply", "file", "received (UTC)", "row", "changed fields")
    for v in versions:
        shown.add_row(
            str(v.version),
            str(v.supply_id),
            v.file_name,
            f"{v.received_at:%Y-%m-%d %H:%M}",
            str(v.row),
            ", ".join(v.changed) if v.version > 1 else "(first version)",
        )
    out.print(shown)
