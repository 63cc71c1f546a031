"""The command line: `csphub …`."""

import os

# The hub does no linear algebra: one OpenBLAS thread is enough. Otherwise NumPy starts a
# thread per core that spins for a tenth of a second of CPU on every command's start-up, taken
# from whatever else runs. Set before anything imports NumPy; a value the user set is kept.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from csphub.cli.app import app, main, run

__all__ = ["app", "main", "run"]
