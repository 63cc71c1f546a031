"""Reference geography in the archive: editions of postcode directories, property gazetteers
and boundaries, each replaced whole and atomically.

A load writes the new edition's rows, retires the current edition (its record stays, its rows
go) and makes the new one current, in one transaction: a failed or killed load leaves the
current edition as it was. Geocoding reads an edition's rows often, so a Parquet copy is kept
in the home (``geo/``) keyed by edition and file hash, and rebuilt from the database when it
is missing.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

import polars as pl
from sqlalchemy import Connection, Engine, Table, delete, insert, select, update

from csphub.errors import AlreadyExists
from csphub.store import records as rec
from csphub.store import schema as s

KIND_TABLES: dict[str, Table] = {
    "postcodes": s.geo_postcodes,
    "properties": s.geo_properties,
    "boundaries": s.geo_areas,
}
_INSERT_BATCH = 1_000


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


@dataclass(frozen=True)
class EditionRow:
    id: int
    kind: str
    level: str | None
    format: str
    file_name: str
    sha256: str
    edition: str
    edition_source: str
    year: int | None
    rows: int
    terminated: int
    details: dict[str, Any] | None
    status: str
    loaded_at: dt.datetime
    replaced_at: dt.datetime | None

    @property
    def label(self) -> str:
        what = f"{self.kind} ({self.level})" if self.level else self.kind
        return f"{what} edition {self.edition} from {self.file_name}"


_EDITION_FIELDS = [f.name for f in fields(EditionRow)]


class GeoStore:
    def __init__(self, engine: Engine, cache_dir: Path, staging_dir: Path) -> None:
        self._engine = engine
        self._cache_dir = cache_dir
        self._staging_dir = staging_dir

    # ------------------------------------------------------------------ reading

    def current(self, kind: str, level: str | None = None) -> EditionRow | None:
        with self._engine.connect() as connection:
            return _current(connection, kind, level)

    def current_all(self) -> list[EditionRow]:
        """The current edition of each kind and level."""
        with self._engine.connect() as connection:
            rows = connection.execute(
                select(s.geo_editions)
                .where(s.geo_editions.c.status == "current")
                .order_by(s.geo_editions.c.id)
            ).all()
        return [EditionRow(**r._mapping) for r in rows]

    def editions(self) -> list[EditionRow]:
        """Every edition ever loaded, newest first."""
        with self._engine.connect() as connection:
            rows = connection.execute(
                select(s.geo_editions).order_by(s.geo_editions.c.id.desc())
            ).all()
        return [EditionRow(**r._mapping) for r in rows]

    def rows(self, edition: EditionRow, schema: dict[str, pl.DataType]) -> pl.DataFrame:
        """An edition's rows (``schema``'s columns), from the Parquet copy when there is one."""
        cached = self._cache_path(edition)
        if cached.exists():
            return pl.read_parquet(cached)
        table = KIND_TABLES[edition.kind]
        with self._engine.connect() as connection:
            result = connection.execute(
                select(*(table.c[name] for name in schema)).where(table.c.edition_id == edition.id)
            ).all()
        frame = pl.DataFrame([tuple(r) for r in result], schema=schema, orient="row")
        self._write_cache(edition, frame)
        return frame

    def _cache_path(self, edition: EditionRow) -> Path:
        return self._cache_dir / f"edition-{edition.id}-{edition.sha256[:16]}.parquet"

    def _write_cache(self, edition: EditionRow, frame: pl.DataFrame) -> None:
        self._cache_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        target = self._cache_path(edition)
        partial = target.with_suffix(f".{os.getpid()}.part")
        frame.write_parquet(partial)
        partial.replace(target)

    # ------------------------------------------------------------------ loading

    def replace(
        self,
        kind: str,
        level: str | None,
        frame: pl.DataFrame,
        progress: rec.Progress | None = None,
        **edition: Any,
    ) -> EditionRow:
        """Load ``frame`` as the new current edition of ``kind`` (and ``level``), retiring the
        current one, all in one transaction."""
        table = KIND_TABLES[kind]
        unknown = set(edition) - set(_EDITION_FIELDS)
        assert not unknown, unknown
        stages: list[Path] = []
        with self._engine.connect().execution_options(write=True) as connection:
            try:
                with connection.begin():
                    if connection.dialect.name == "postgresql":
                        connection.exec_driver_sql(
                            "LOCK TABLE geo_editions IN SHARE ROW EXCLUSIVE MODE"
                        )
                    before = _current(connection, kind, level)
                    if before is not None and before.sha256 == edition["sha256"]:
                        raise AlreadyExists(
                            f"{edition['file_name']} is already the current {before.label}, "
                            f"loaded {before.loaded_at:%Y-%m-%d %H:%M} UTC; nothing was changed."
                        )
                    new_id = connection.execute(
                        insert(s.geo_editions).values(
                            kind=kind,
                            level=level,
                            rows=frame.height,
                            status="loading",
                            loaded_at=_utcnow(),
                            **edition,
                        )
                    ).inserted_primary_key
                    assert new_id is not None
                    edition_id = int(new_id[0])
                    rows = frame.select(pl.lit(edition_id).alias("edition_id"), pl.all())
                    stages = self._insert(connection, table, rows, progress)
                    if before is not None:
                        connection.execute(delete(table).where(table.c.edition_id == before.id))
                        connection.execute(
                            update(s.geo_editions)
                            .where(s.geo_editions.c.id == before.id)
                            .values(status="replaced", replaced_at=_utcnow())
                        )
                    connection.execute(
                        update(s.geo_editions)
                        .where(s.geo_editions.c.id == edition_id)
                        .values(status="current")
                    )
                    loaded = _edition(connection, edition_id)
            finally:
                rec.release_stages(connection, stages)
        self._write_cache(loaded, frame)
        if before is not None:
            self._cache_path(before).unlink(missing_ok=True)
        return loaded

    def _insert(
        self,
        connection: Connection,
        table: Table,
        rows: pl.DataFrame,
        progress: rec.Progress | None,
    ) -> list[Path]:
        if any(dtype == pl.Binary for dtype in rows.schema.values()):
            # Boundaries: few rows, large binary values that neither CSV COPY nor the staging
            # path carry; plain batched inserts.
            for batch in rows.iter_slices(_INSERT_BATCH):
                connection.execute(insert(table), batch.to_dicts())
                if progress:
                    progress(batch.height)
            return []
        return rec.bulk_insert(connection, table, rows, progress, self._staging_dir)


def _current(connection: Connection, kind: str, level: str | None) -> EditionRow | None:
    table = s.geo_editions
    found = connection.execute(
        select(table).where(
            table.c.kind == kind,
            table.c.level.is_(None) if level is None else table.c.level == level,
            table.c.status == "current",
        )
    ).first()
    return EditionRow(**found._mapping) if found else None


def _edition(connection: Connection, edition_id: int) -> EditionRow:
    found = connection.execute(
        select(s.geo_editions).where(s.geo_editions.c.id == edition_id)
    ).one()
    return EditionRow(**found._mapping)
