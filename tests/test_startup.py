"""The command line's start-up: NumPy's BLAS runs one thread, unless the user says otherwise."""

from __future__ import annotations

import os
import subprocess
import sys

# In a fresh interpreter: the value of OPENBLAS_NUM_THREADS at the moment NumPy is first
# imported (that is when OpenBLAS reads it and starts its threads), importing the CLI.
PROBE = """
import os, sys

class Watch:
    def find_spec(self, name, path=None, target=None):
        if name == "numpy" and "seen" not in Watch.__dict__:
            Watch.seen = os.environ.get("OPENBLAS_NUM_THREADS")
        return None

sys.meta_path.insert(0, Watch())
import csphub.cli
print(Watch.seen)
"""


def _blas_threads_when_numpy_loads(**env: str) -> str:
    environment = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"}
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        env=environment | env,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def test_the_cli_sets_one_blas_thread_before_numpy_loads() -> None:
    assert _blas_threads_when_numpy_loads() == "1"


def test_a_blas_thread_count_the_user_set_is_kept() -> None:
    assert _blas_threads_when_numpy_loads(OPENBLAS_NUM_THREADS="3") == "3"
