"""The `csphub` command: its sub-commands, and how errors become exit codes.

Exit codes: 0 done; 1 internal error (a bug); 2 user error (bad input, unknown name, usage);
3 a supply rejected by its dataset's validation policy.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Sequence

import typer

from csphub import __version__
from csphub.cli import agencies, datasets, demo, geo, home, supplies, synth
from csphub.cli._output import internal_error, user_error
from csphub.errors import UserError

INTERNAL_EXIT = 1

app = typer.Typer(
    name="csphub",
    help="CSP Hub: the information hub of a Community Safety Partnership.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


def _version(value: bool) -> None:
    if value:
        print(f"csphub {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    _version_flag: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version."
    ),
) -> None:
    """Settings come from CSPHUB_* environment variables; see `csphub settings`."""


app.command("init")(home.init)
app.command("settings")(home.show_settings)
app.command("ingest")(supplies.ingest)
app.command("demo")(demo.demo)
app.command("synth")(synth.synth)
app.add_typer(datasets.app, name="datasets")
app.add_typer(agencies.app, name="agencies")
app.add_typer(supplies.supplies_app, name="supplies")
app.add_typer(supplies.records_app, name="records")
app.add_typer(geo.app, name="geo")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI and return its exit code; never lets a traceback reach the user."""
    try:
        # Without standalone mode, an Exit raised by a command comes back as the return value.
        code = app(
            args=list(argv) if argv is not None else None, prog_name="csphub", standalone_mode=False
        )
    except typer.Exit as done:
        return done.exit_code
    except typer.Abort:
        user_error("Aborted.")
        return UserError.exit_code
    except typer.TyperException as usage:  # usage errors: unknown option, missing argument…
        show = getattr(usage, "show", None)
        if callable(show):
            show()
        else:
            user_error(usage.format_message())
        return usage.exit_code
    except UserError as error:
        user_error(str(error))
        return error.exit_code
    except Exception as error:
        internal_error(error)
        return INTERNAL_EXIT
    return code if isinstance(code, int) else 0


def run() -> None:
    code = main()
    # The work is done and everything still alive is about to go with the process: keep the
    # interpreter's last full garbage collection away from it (after a large ingest, that
    # pass over the libraries' objects alone took a quarter of a second).
    gc.freeze()
    sys.exit(code)
