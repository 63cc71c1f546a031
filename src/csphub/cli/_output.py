"""How the CLI talks: data to standard output, progress and errors to standard error.

Nothing here prints a value from a supply: reports and tables carry counts, names of fields
and codes, and messages written not to quote values.
"""

from __future__ import annotations

import json
import traceback
from typing import Any

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

# Piped output (a file, another program) is not cut to a terminal's 80 columns.
_PIPE_WIDTH = 200
out = Console(highlight=False, soft_wrap=True)
if not out.is_terminal:
    out = Console(highlight=False, soft_wrap=True, width=_PIPE_WIDTH)
err = Console(stderr=True, highlight=False)


def print_json(value: Any) -> None:
    out.out(json.dumps(value, indent=2, default=str), highlight=False)


def table(*columns: str, title: str | None = None) -> Table:
    shown = Table(title=title, title_justify="left", header_style="bold", box=None, pad_edge=False)
    for column in columns:
        shown.add_column(column, overflow="fold")  # wrap long values; never cut them
    return shown


def user_error(message: str) -> None:
    err.print(f"[bold red]Error:[/] {message}", soft_wrap=True, markup=True, highlight=False)


def internal_error(error: BaseException) -> None:
    """Say where an unexpected error happened without repeating its message, which may carry a
    value from the data (libraries quote what they failed to parse)."""
    frames = traceback.extract_tb(error.__traceback__)
    where = [f"  {f.filename}:{f.lineno} in {f.name}" for f in frames[-6:]]
    err.print(
        f"[bold red]Internal error[/] ({type(error).__name__}). This is a bug in CSP Hub; nothing "
        "of the current supply was stored. Its message is withheld because it may quote data. "
        "Where it happened:",
        markup=True,
    )
    for line in where:
        err.print(line, markup=False, highlight=False)


class RichProgress:
    """Stages with a bar, on standard error, only when it is a terminal."""

    def __init__(self) -> None:
        self._progress = Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=err,
            transient=True,
            disable=not err.is_terminal,
        )
        self._task: Any = None

    def __enter__(self) -> RichProgress:
        self._progress.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._progress.stop()

    def stage(self, description: str, total: int | None = None) -> None:
        if self._task is not None:
            self._progress.update(self._task, completed=self._progress.tasks[-1].total or 0)
        self._task = self._progress.add_task(description, total=total)

    def advance(self, amount: int) -> None:
        if self._task is not None:
            self._progress.advance(self._task, amount)
