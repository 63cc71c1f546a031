"""`csphub init` and `csphub settings`."""

from __future__ import annotations

import typer

from csphub.cli._context import state
from csphub.cli._output import out, table
from csphub.hub import Hub
from csphub.settings import settings_reference


def init(ctx: typer.Context) -> None:
    """Create the hub's home (folders, master key, database) or bring it up to date."""
    settings = state(ctx).settings
    with Hub.initialise(settings):
        pass
    out.print(f"CSP Hub home ready at {settings.resolved_home}")
    out.print(f"Archive: {settings.redacted_url()}")


def show_settings(
    ctx: typer.Context,
    markdown: bool = typer.Option(
        False, "--markdown", help="Print the settings reference in Markdown."
    ),
) -> None:
    """Show the settings in effect (or, with --markdown, the reference of every setting)."""
    if markdown:
        out.out(settings_reference(), end="")
        return
    settings = state(ctx).settings
    shown = table("setting", "value")
    for name in type(settings).model_fields:
        value = settings.redacted_url() if name == "database_url" else getattr(settings, name)
        shown.add_row(f"CSPHUB_{name.upper()}", "unset" if value is None else str(value))
    out.print(shown)
