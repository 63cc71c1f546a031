"""Loading reference geography into a hub: read the file, check it, and make it the current
edition in one transaction (or change nothing)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

from csphub.geo.boundaries import LEVEL_NAMES, read_boundaries
from csphub.geo.postcodes import read_postcode_directory
from csphub.geo.properties import read_property_list
from csphub.geo.sources import check_file, csv_sources, edition_of
from csphub.hub import Hub
from csphub.progress import SILENT, Progress
from csphub.store import EditionRow


def edition_json(e: EditionRow) -> dict[str, object]:
    """An edition as ``geo load --json`` and ``geo status --json`` print it."""
    return {
        "edition_id": e.id,
        "kind": e.kind,
        "level": e.level,
        "format": e.format,
        "file": e.file_name,
        "edition": e.edition,
        "edition_from": e.edition_source,
        "year": e.year,
        "rows": e.rows,
        "terminated": e.terminated,
        "status": e.status,
        "loaded_at": e.loaded_at.isoformat(timespec="seconds") + "Z",
    }


@dataclass(frozen=True)
class LoadOutcome:
    edition: EditionRow
    replaced: EditionRow | None
    skipped: dict[str, int]
    notes: tuple[str, ...]

    def as_json(self) -> dict[str, object]:
        return {
            **edition_json(self.edition),
            "skipped": self.skipped,
            "notes": list(self.notes),
            "replaced_edition_id": self.replaced.id if self.replaced else None,
        }

    def as_text(self) -> str:
        e = self.edition
        what = {
            "postcodes": "postcodes",
            "properties": "properties",
            "boundaries": LEVEL_NAMES.get(e.level or "", "areas"),
        }[e.kind]
        lines = [
            f"Loaded {e.rows:,} {what} from {e.file_name} ({e.format}), edition {e.edition} "
            f"(from the {e.edition_source})" + (f", {e.year} areas" if e.year else "") + "."
        ]
        if e.kind == "postcodes":
            lines.append(f"{e.terminated:,} of them are terminated postcodes, kept and flagged.")
        for reason, count in self.skipped.items():
            lines.append(f"Left out: {count:,} rows ({reason}).")
        lines += [f"Note: {note}." for note in self.notes]
        if self.replaced is not None:
            lines.append(
                f"It replaces edition {self.replaced.edition} ({self.replaced.file_name}), "
                "which stays in the history."
            )
        return "\n".join(lines)


def file_hash(path: Path) -> str:
    """SHA-256 of a file, or of a folder's files (names and bytes, in order)."""
    digest = hashlib.sha256()
    files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    for file in files:
        if path.is_dir():
            digest.update(file.relative_to(path).as_posix().encode() + b"\0")
        with file.open("rb") as handle:
            while chunk := handle.read(1 << 20):
                digest.update(chunk)
    return digest.hexdigest()


def _edition_values(path: Path, edition: str | None) -> dict[str, object]:
    month, source = edition_of(path, edition)
    return {
        "file_name": path.name,
        "sha256": file_hash(path),
        "edition": month,
        "edition_source": source,
    }


def _store(
    hub: Hub,
    kind: str,
    level: str | None,
    frame: pl.DataFrame,
    progress: Progress,
    path: Path,
    edition: str | None,
    notes: tuple[str, ...],
    skipped: dict[str, int],
    **values: Any,
) -> LoadOutcome:
    """The loaded frame as the new current edition of its kind (and level), in one
    transaction; the hub's cached geography is dropped so the next supply sees it."""
    store = hub.archive.geography
    before = store.current(kind, level)
    progress.stage("Storing", total=frame.height)
    loaded = store.replace(
        kind, level, frame, progress.advance, **values, **_edition_values(path, edition)
    )
    hub.forget_geography()
    return LoadOutcome(loaded, before, skipped, notes)


def load_postcodes(
    hub: Hub, path: Path, *, edition: str | None = None, progress: Progress | None = None
) -> LoadOutcome:
    progress = progress or SILENT
    check_file(path)
    progress.stage("Reading the postcode directory")
    directory = read_postcode_directory(csv_sources(path))
    return _store(
        hub,
        "postcodes",
        None,
        directory.frame,
        progress,
        path,
        edition,
        (),
        directory.skipped,
        format=directory.format,
        year=directory.year,
        terminated=directory.terminated,
        details={"columns": directory.columns, "skipped": directory.skipped},
    )


def load_properties(
    hub: Hub, path: Path, *, edition: str | None = None, progress: Progress | None = None
) -> LoadOutcome:
    progress = progress or SILENT
    check_file(path)
    progress.stage("Reading the property list")
    listed = read_property_list(csv_sources(path))
    return _store(
        hub,
        "properties",
        None,
        listed.frame,
        progress,
        path,
        edition,
        listed.notes,
        listed.skipped,
        format=listed.format,
        year=None,
        details={"columns": listed.columns, "skipped": listed.skipped, "notes": list(listed.notes)},
    )


def load_boundaries(
    hub: Hub,
    path: Path,
    level: str,
    *,
    code_column: str | None = None,
    name_column: str | None = None,
    crs: str | None = None,
    layer: str | None = None,
    edition: str | None = None,
    progress: Progress | None = None,
) -> LoadOutcome:
    progress = progress or SILENT
    progress.stage("Reading the boundaries")
    areas = read_boundaries(
        path, level, code_column=code_column, name_column=name_column, crs=crs, layer=layer
    )
    return _store(
        hub,
        "boundaries",
        level,
        areas.frame,
        progress,
        path,
        edition,
        areas.notes,
        {},
        format=areas.format,
        year=areas.year,
        details={
            "code_column": areas.code_column,
            "name_column": areas.name_column,
            "source_crs": areas.source_crs,
            "notes": list(areas.notes),
        },
    )
