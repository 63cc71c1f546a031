"""Reading the files reference data comes in: a CSV, a folder of CSVs, or a ZIP of them as
published (the ONSPD and Code-Point Open come zipped with their documentation), and the
edition a file is."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from csphub.errors import BadInput

_MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")
# Folders of the published ZIPs that hold documentation and look-ups, not data.
_NOT_DATA = re.compile(r"(^|/)(doc|docs|documents|user guide[^/]*|multi_csv)/", re.IGNORECASE)


@dataclass(frozen=True)
class Source:
    """One CSV's bytes and where they came from (``archive.zip:Data/file.csv``)."""

    name: str
    data: bytes


def check_file(path: Path) -> None:
    if not path.exists():
        raise BadInput(str(path), "does not exist.")
    if not (path.is_file() or path.is_dir()):
        raise BadInput(str(path), "is not a file or a folder.")


def csv_sources(path: Path) -> list[Source]:
    """The data CSVs in ``path``: the file itself, a folder's ``*.csv`` files, or a ZIP's data
    CSVs (documentation folders and the ONSPD's per-area copies are left out)."""
    check_file(path)
    if path.is_dir():
        found = sorted(
            p
            for p in path.rglob("*")
            if p.suffix.lower() == ".csv"
            and p.is_file()
            and not _NOT_DATA.search(p.relative_to(path).as_posix())
        )
        sources = [Source(str(p), p.read_bytes()) for p in found]
    elif zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            members = [
                m
                for m in archive.namelist()
                if m.lower().endswith(".csv") and not _NOT_DATA.search(m)
            ]
            sources = [Source(f"{path}:{m}", archive.read(m)) for m in sorted(members)]
    else:
        data = path.read_bytes()
        if not data.strip():
            raise BadInput(str(path), "is empty.")
        if b"\x00" in data[:4096]:
            raise BadInput(str(path), "is not a text (CSV) file.")
        return [Source(str(path), data)]
    if not sources:
        raise BadInput(str(path), "holds no CSV files.")
    return sources


def edition_of(path: Path, given: str | None) -> tuple[str, str]:
    """The edition (``YYYY-MM``) of a reference file, and how it was found: given with
    ``--edition``, read from the file name (``ONSPD_MAY_2025_UK``, ``…2025-05…``), or, failing
    both, the month the file was last changed."""
    if given:
        if not re.fullmatch(r"[0-9]{4}-(0[1-9]|1[0-2])", given):
            raise BadInput(str(path), f"the edition {given!r} is not a month (YYYY-MM).")
        return given, "given"
    name = path.name.upper()
    named = re.search(r"(?<![A-Z])(" + "|".join(_MONTHS) + r")[A-Z]*[_\- ]?([0-9]{4})", name)
    if named:
        return f"{named.group(2)}-{_MONTHS.index(named.group(1)) + 1:02d}", "file name"
    numeric = re.search(r"(?<![0-9])(20[0-9]{2})[_\-]?(0[1-9]|1[0-2])(?![0-9])", name)
    if numeric:
        return f"{numeric.group(1)}-{numeric.group(2)}", "file name"
    changed = dt.datetime.fromtimestamp(path.stat().st_mtime)
    return changed.strftime("%Y-%m"), "file date"
