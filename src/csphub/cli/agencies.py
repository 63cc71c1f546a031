"""`csphub agencies`: the partnership's supplying agencies and their column and code maps."""

from __future__ import annotations

from pathlib import Path

import typer

from csphub import access
from csphub.catalogue import AgencyType
from csphub.cli._context import state
from csphub.cli._output import out, print_json, table
from csphub.errors import UserError

app = typer.Typer(help="Agencies that supply data, and how their files map onto the catalogue.")


@app.callback(invoke_without_command=True)
def list_agencies(
    ctx: typer.Context, as_json: bool = typer.Option(False, "--json", help="Print as JSON.")
) -> None:
    """List the registered agencies."""
    if ctx.invoked_subcommand is not None:
        return
    agencies = state(ctx).hub().archive.agencies()
    if as_json:
        print_json([{"id": a.id, "name": a.name, "type": a.type} for a in agencies])
        return
    if not agencies:
        out.print("No agencies yet. Add one with `csphub agencies add ID --name NAME --type TYPE`.")
        return
    shown = table("id", "name", "type")
    for a in agencies:
        shown.add_row(a.id, a.name, a.type)
    out.print(shown)


@app.command("add")
def add(
    ctx: typer.Context,
    agency_id: str = typer.Argument(..., metavar="ID", help="Short id, e.g. eastbrook-police."),
    name: str = typer.Option(..., "--name", help="The agency's full name."),
    agency_type: AgencyType = typer.Option(..., "--type", help="What kind of agency it is."),
) -> None:
    """Register an agency."""
    row = access.register_agency(state(ctx).hub(), agency_id, name, agency_type)
    out.print(f"Registered {row.id} ({row.type}): {row.name}")


@app.command("show")
def show(
    ctx: typer.Context,
    agency_id: str = typer.Argument(..., metavar="ID", help="The agency's id."),
) -> None:
    """Show an agency and its supplies."""
    hub = state(ctx).hub()
    row = access.agency(hub, agency_id)
    out.print(f"{row.id}: {row.name} ({row.type}), registered {row.created_at:%Y-%m-%d}")
    supplies = hub.archive.supplies(agency_id=agency_id)
    out.print(f"{len(supplies)} supplies.")


@app.command("map-column")
def map_column(
    ctx: typer.Context,
    agency_id: str = typer.Argument(..., metavar="AGENCY", help="The supplying agency's id."),
    column: str = typer.Argument(..., help="The column name in the agency's files."),
    field: str = typer.Argument(..., help="The dataset field it holds."),
    dataset_id: str = typer.Option(..., "--dataset", help="The dataset the files supply."),
) -> None:
    """Say which field a column of this agency's files holds."""
    access.map_column(state(ctx).hub(), agency_id, dataset_id, column, field)
    out.print(f"{agency_id}'s column {column!r} in {dataset_id} files now means {field}.")


@app.command("map-codes")
def map_codes(
    ctx: typer.Context,
    agency_id: str = typer.Argument(..., metavar="AGENCY", help="The supplying agency's id."),
    pairs: list[str] = typer.Argument(None, help="LOCAL=CODE pairs."),
    dataset_id: str = typer.Option(..., "--dataset", help="The dataset the codes are for."),
    field: str = typer.Option(..., "--field", help="The field whose codes are translated."),
    from_file: Path = typer.Option(None, "--from", help="A CSV of local code, dataset code."),
) -> None:
    """Translate an agency's local codes (say, a council's own ASB types) to the dataset's."""
    entries = access.parse_code_pairs(pairs or [])
    if from_file is not None:
        entries.update(access.read_code_pairs(from_file))
    if not entries:
        raise UserError("Give LOCAL=CODE pairs or --from FILE.")
    count = access.map_codes(state(ctx).hub(), agency_id, dataset_id, field, entries)
    out.print(f"{count} codes of {agency_id} mapped for {dataset_id}.{field}.")
