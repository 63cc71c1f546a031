"""Run `csphub` in a process that kills itself (SIGKILL) once a reference edition's rows are
written, before its transaction commits. Used by test_editions.py; not a test module itself."""

import os
import signal
import sys

from csphub.cli import main
from csphub.store import records

_original = records.bulk_insert


def _insert_then_die(connection, table, frame, progress=None, staging_dir=None):  # type: ignore[no-untyped-def]
    stages = _original(connection, table, frame, progress, staging_dir)
    if table.name.startswith("geo_"):
        os.kill(os.getpid(), signal.SIGKILL)
    return stages


records.bulk_insert = _insert_then_die
sys.exit(main(sys.argv[1:]))
