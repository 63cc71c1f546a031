"""`csphub geo`: reference geography (load, status) and geocoding any spreadsheet."""

from __future__ import annotations

from pathlib import Path

import typer

from csphub.cli._context import state
from csphub.cli._output import RichProgress, err, out, print_json, table
from csphub.geo import projection
from csphub.geo.assign import Columns, assign_file
from csphub.geo.boundaries import LEVELS
from csphub.geo.service import (
    LoadOutcome,
    edition_json,
    load_boundaries,
    load_postcodes,
    load_properties,
)

app = typer.Typer(
    help="Reference geography (postcode directories, property gazetteers, boundaries) and "
    "geocoding.",
    no_args_is_help=True,
)
load_app = typer.Typer(
    help="Load reference geography. Each load is a new edition that replaces the current one "
    "only when it is completely loaded.",
    no_args_is_help=True,
)
app.add_typer(load_app, name="load")

_EDITION = typer.Option(
    None, "--edition", help="The edition, YYYY-MM (default: from the file name, else its date)."
)
_JSON = typer.Option(False, "--json", help="Print the outcome as JSON.")


def _show(outcome: LoadOutcome, as_json: bool) -> None:
    if as_json:
        print_json(outcome.as_json())
    else:
        out.print(outcome.as_text(), markup=False)


@load_app.command("postcodes")
def load_postcodes_command(
    ctx: typer.Context,
    file: Path = typer.Argument(
        ...,
        metavar="FILE",
        help="ONSPD or NSPL CSV (with its header), OS Code-Point Open CSV (no header), a folder "
        "of them, or the ZIP as published.",
    ),
    edition: str = _EDITION,
    as_json: bool = _JSON,
) -> None:
    """Load a postcode directory: centroids and the areas of every postcode."""
    with RichProgress() as progress:
        outcome = load_postcodes(state(ctx).hub(), file, edition=edition, progress=progress)
    _show(outcome, as_json)


@load_app.command("properties")
def load_properties_command(
    ctx: typer.Context,
    file: Path = typer.Argument(
        ...,
        metavar="FILE",
        help="LLPG or AddressBase-style CSV with a header: UPRN, address parts, postcode, X, Y.",
    ),
    edition: str = _EDITION,
    as_json: bool = _JSON,
) -> None:
    """Load a property gazetteer: every UPRN with its address and coordinates."""
    with RichProgress() as progress:
        outcome = load_properties(state(ctx).hub(), file, edition=edition, progress=progress)
    _show(outcome, as_json)


@load_app.command("boundaries")
def load_boundaries_command(
    ctx: typer.Context,
    file: Path = typer.Argument(
        ..., metavar="FILE", help="GeoJSON, GeoPackage or Shapefile (or a ZIP of a Shapefile)."
    ),
    level: str = typer.Option(..., "--level", help=f"One of {', '.join(LEVELS)}."),
    code_col: str = typer.Option(
        None, "--code-col", help="The areas' code column (default: found, e.g. LSOA21CD)."
    ),
    name_col: str = typer.Option(
        None, "--name-col", help="The areas' name column (default: found, e.g. LSOA21NM)."
    ),
    crs: str = typer.Option(
        None, "--crs", help="The file's projection when it does not say, e.g. EPSG:27700."
    ),
    layer: str = typer.Option(None, "--layer", help="The layer to read from a GeoPackage."),
    edition: str = _EDITION,
    as_json: bool = _JSON,
) -> None:
    """Load the boundaries of one level of areas, reprojected to the National Grid."""
    with RichProgress() as progress:
        outcome = load_boundaries(
            state(ctx).hub(),
            file,
            level,
            code_column=code_col,
            name_column=name_col,
            crs=crs,
            layer=layer,
            edition=edition,
            progress=progress,
        )
    _show(outcome, as_json)


@app.command("status")
def status(
    ctx: typer.Context,
    history: bool = typer.Option(False, "--history", help="List every edition ever loaded."),
    as_json: bool = typer.Option(False, "--json", help="Print as JSON."),
) -> None:
    """What reference geography is loaded, and how coordinates are converted."""
    store = state(ctx).hub().archive.geography
    editions = store.editions() if history else store.current_all()
    used = projection.transformation()
    if as_json:
        print_json(
            {
                "editions": [edition_json(e) for e in editions],
                "transformation": {
                    "description": used.description,
                    "accuracy_m": used.accuracy_m,
                    "ostn15": used.ostn15,
                },
            }
        )
        return
    if not editions:
        out.print(
            "No reference geography is loaded. Load it with `csphub geo load postcodes FILE`, "
            "`… properties FILE` and `… boundaries FILE --level LEVEL`."
        )
    else:
        shown = table("id", "kind", "level", "edition", "year", "rows", "file", "status")
        for e in editions:
            shown.add_row(
                str(e.id),
                e.kind,
                e.level or "",
                e.edition,
                str(e.year or ""),
                f"{e.rows:,}",
                e.file_name,
                e.status,
            )
        out.print(shown)
    accuracy = f"about {used.accuracy_m:g} m" if used.accuracy_m else "unknown accuracy"
    out.print(f"National Grid ↔ latitude/longitude: {used.description} ({accuracy}).")
    if not used.ostn15:
        out.print(
            "The OSTN15 grid (uk_os_OSTN15_NTv2_OSGBtoETRS.tif) is not installed; put it in a "
            "folder named by CSPHUB_PROJ_GRID_DIR for about 0.1 m."
        )


@app.command("assign")
def assign(
    ctx: typer.Context,
    file: Path = typer.Argument(..., metavar="FILE", help="Any CSV, XLSX or JSON file."),
    out_file: Path = typer.Option(..., "--out", help="Where to write the result (.csv or .xlsx)."),
    postcode_col: str = typer.Option(None, "--postcode-col", help="The postcode column."),
    address_col: list[str] = typer.Option(
        None,
        "--address-col",
        help="The address column; repeat it for addresses spread over several columns.",
    ),
    easting_col: str = typer.Option(None, "--easting-col", help="Eastings (EPSG:27700)."),
    northing_col: str = typer.Option(None, "--northing-col", help="Northings (EPSG:27700)."),
    lat_col: str = typer.Option(None, "--lat-col", help="Latitudes (EPSG:4326)."),
    lon_col: str = typer.Option(None, "--lon-col", help="Longitudes (EPSG:4326)."),
    uprn_col: str = typer.Option(None, "--uprn-col", help="UPRNs."),
    sheet: str = typer.Option(None, "--sheet", help="Worksheet of a workbook (default: first)."),
    as_json: bool = typer.Option(False, "--json", help="Print the summary as JSON."),
) -> None:
    """Attach coordinates, areas and how they were found to every row of a spreadsheet."""
    hub = state(ctx).hub()
    given = Columns(
        postcode=postcode_col,
        address=tuple(address_col or ()),
        easting=easting_col,
        northing=northing_col,
        lat=lat_col,
        lon=lon_col,
        uprn=uprn_col,
    )
    with RichProgress() as progress:
        progress.stage("Geocoding")
        done = assign_file(
            hub.geography(),
            file,
            out_file,
            given,
            tolerance_m=hub.settings.geo_tolerance_m,
            sheet=sheet,
        )
    summary = {
        "rows": done.rows,
        "out": str(done.out),
        "columns": done.columns,
        "methods": done.methods,
        "flags": done.flags,
        "renamed": done.renamed,
    }
    if as_json:
        print_json(summary)
        return
    read = ", ".join(f"{part} from {column!r}" for part, column in done.columns.items())
    out.print(f"Geocoded {done.rows:,} rows ({read}) into {done.out}.")
    out.print("By method: " + ", ".join(f"{m} {c:,}" for m, c in done.methods.items()) + ".")
    if done.flags:
        out.print("Flagged: " + ", ".join(f"{f} {c:,}" for f, c in done.flags.items()) + ".")
    for old, new in done.renamed.items():
        err.print(f"The file's own column {old!r} is written as {new!r}.", markup=False)
