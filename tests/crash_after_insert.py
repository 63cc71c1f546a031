"""Run `csphub` in a process that kills itself (SIGKILL) once rows are written to a table
whose name starts with the first argument, before the transaction commits:

    python tests/crash_after_insert.py rec_ ingest FILE …      (a supply's records)
    python tests/crash_after_insert.py geo_ geo load postcodes FILE   (a reference edition)

Used by the crash tests; not a test module itself."""

import os
import signal
import sys

from csphub.cli import main
from csphub.store import records

_original = records.bulk_insert
_PREFIX = sys.argv[1]


def _insert_then_die(connection, table, frame, *args, **kwargs):  # type: ignore[no-untyped-def]
    stages = _original(connection, table, frame, *args, **kwargs)
    if table.name.startswith(_PREFIX):
        os.kill(os.getpid(), signal.SIGKILL)
    return stages


records.bulk_insert = _insert_then_die
sys.exit(main(sys.argv[2:]))
