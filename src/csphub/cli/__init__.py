"""The command line: `csphub …`."""

from csphub.cli.app import app, main, run

__all__ = ["app", "main", "run"]
