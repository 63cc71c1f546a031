"""`csphub datasets`: the catalogue of minimum datasets."""

from __future__ import annotations

from pathlib import Path

import typer

from csphub.catalogue import Catalogue, Dataset
from csphub.catalogue.registry import register_dataset
from csphub.cli._context import state
from csphub.cli._output import out, print_json, table

app = typer.Typer(help="The catalogue of minimum datasets.", no_args_is_help=False)


def _catalogue(ctx: typer.Context) -> Catalogue:
    """The hub's catalogue; outside a home, the built-in one."""
    current = state(ctx)
    settings = current.settings
    if settings.database_url is None and not (settings.resolved_home / "csphub.db").exists():
        return Catalogue.builtin()
    return current.hub().catalogue()


@app.callback(invoke_without_command=True)
def list_datasets(
    ctx: typer.Context,
    as_json: bool = typer.Option(False, "--json", help="Print as JSON."),
) -> None:
    """List every dataset in the catalogue."""
    if ctx.invoked_subcommand is not None:
        return
    datasets = list(_catalogue(ctx))
    if as_json:
        print_json([_summary(d) for d in datasets])
        return
    shown = table("id", "title", "supplied by", "tier", "label", "fields", "source")
    for d in datasets:
        shown.add_row(
            d.id,
            d.title,
            ", ".join(d.agency_types),
            d.tier,
            d.label,
            str(len(d.fields)),
            "built-in" if d.builtin else "registered",
        )
    out.print(shown)
    out.print(f"{len(datasets)} datasets. `csphub datasets show ID` for one.")


def _summary(d: Dataset) -> dict[str, object]:
    return {
        "id": d.id,
        "title": d.title,
        "agencyTypes": list(d.agency_types),
        "tier": d.tier,
        "label": d.label,
        "fields": len(d.fields),
        "builtin": d.builtin,
    }


@app.command("show")
def show(
    ctx: typer.Context,
    dataset_id: str = typer.Argument(..., metavar="ID", help="The dataset's id."),
    as_json: bool = typer.Option(False, "--json", help="Print the descriptor as JSON."),
) -> None:
    """Show one dataset: its properties and every field."""
    d = _catalogue(ctx).get(dataset_id)
    if as_json:
        print_json(d.descriptor)
        return
    out.print(f"[bold]{d.id}[/]: {d.title}", markup=True)
    if d.description:
        out.print(d.description)
    out.print(f"Guidance: {d.guidance or '—'}")
    out.print(
        f"Supplied by: {', '.join(d.agency_types)} · tier {d.tier} · label {d.label} · "
        f"invalid rows: {d.on_invalid}"
    )
    out.print(
        f"Key: {', '.join(d.primary_key) or 'none (records are appended)'} · "
        f"period field: {d.period_field or 'none'}"
    )
    shown = table("field", "type", "required", "privacy", "kind", "constraints", "title")
    for f in d.fields:
        c = f.constraints
        limits = []
        if c.enum:
            codes = (
                ", ".join(f"{cat.value}={cat.label}" for cat in f.categories)
                if f.categories
                else ", ".join(c.enum)
            )
            limits.append(f"codes: {codes}")
        if c.pattern:
            limits.append(f"pattern {c.pattern}")
        if c.minimum is not None or c.maximum is not None:
            limits.append(
                "range "
                + ("" if c.minimum is None else str(c.minimum))
                + ".."
                + ("" if c.maximum is None else str(c.maximum))
            )
        if c.max_length:
            limits.append(f"≤ {c.max_length} chars")
        shown.add_row(
            f.name,
            f.type,
            "yes" if f.required else "",
            f.privacy,
            f.kind or "",
            "; ".join(limits),
            f.title,
        )
    out.print(shown)


@app.command("add")
def add(
    ctx: typer.Context,
    file: Path = typer.Argument(..., metavar="FILE", help="A Table Schema JSON descriptor."),
) -> None:
    """Register a partnership's own dataset, after checking its descriptor."""
    dataset = register_dataset(state(ctx).hub(), file)
    out.print(f"Registered {dataset.id} ({len(dataset.fields)} fields).")
