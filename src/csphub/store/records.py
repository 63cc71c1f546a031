"""Record tables: one typed table per dataset, generated from its descriptor.

A record table holds every version of every record ever accepted. Besides the dataset's own
fields it has system columns, all starting with ``_``:

``_record_id``  surrogate key
``_supply_id``  the supply that brought this version
``_agency_id``  the agency that supplied it (reference numbers are only unique within one)
``_row``        where it was in the supply file
``_key``        the dataset's primary key as text (null for datasets without one)
``_version``    1 for a new record, then 2, 3… for each correction; rows are never updated
``_geo_<place>_<part>``  the hub's geocode of each place the record describes (see
                :mod:`csphub.geo.geocoder`): UPRN, coordinates, areas, method, precision, flags

The current version of a keyed record is the one with the highest ``_version``.
"""

from __future__ import annotations

import io
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import polars as pl
from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Connection,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    SmallInteger,
    String,
    Table,
    Text,
    Time,
    and_,
    cast,
    func,
    inspect,
    select,
)
from sqlalchemy.types import TypeEngine

from csphub.catalogue import Dataset, FieldType
from csphub.errors import HomeNotReady
from csphub.frames import per_distinct

SYSTEM_COLUMNS = ("_record_id", "_supply_id", "_agency_id", "_row", "_key", "_version")
BATCH_ROWS = 50_000

_SQL_TYPES: dict[FieldType, Callable[[], TypeEngine]] = {
    FieldType.STRING: Text,
    FieldType.INTEGER: BigInteger,
    FieldType.NUMBER: Float,
    FieldType.BOOLEAN: Boolean,
    FieldType.DATE: Date,
    FieldType.TIME: Time,
    FieldType.DATETIME: DateTime,
    FieldType.YEARMONTH: lambda: String(7),
}

# The geocode kept for each place a record describes, column by column.
GEO_PARTS: dict[str, Callable[[], TypeEngine]] = {
    "uprn": BigInteger,
    "easting": Float,
    "northing": Float,
    "lat": Float,
    "lon": Float,
    "oa": lambda: String(12),
    "lsoa": lambda: String(12),
    "msoa": lambda: String(12),
    "ward": lambda: String(12),
    "la": lambda: String(12),
    "year": SmallInteger,
    "method": lambda: String(16),
    "precision": lambda: String(16),
    "flags": Text,
}


def geo_column(place: str, part: str) -> str:
    return f"_geo_{place}_{part}"


def geo_columns(dataset: Dataset) -> list[str]:
    return [geo_column(p.name, part) for p in dataset.locations for part in GEO_PARTS]


POLARS_TYPES: dict[FieldType, pl.DataType] = {
    FieldType.STRING: pl.String(),
    FieldType.INTEGER: pl.Int64(),
    FieldType.NUMBER: pl.Float64(),
    FieldType.BOOLEAN: pl.Boolean(),
    FieldType.DATE: pl.Date(),
    FieldType.TIME: pl.Time(),
    FieldType.DATETIME: pl.Datetime("us"),
    FieldType.YEARMONTH: pl.String(),
}

Progress = Callable[[int], None]


def record_table(dataset: Dataset, metadata: MetaData) -> Table:
    """The SQLAlchemy table for a dataset's records (defined on ``metadata``, not created)."""
    name = dataset.table_name
    if name in metadata.tables:
        return metadata.tables[name]
    return Table(
        name,
        metadata,
        Column(
            "_record_id",
            BigInteger().with_variant(Integer, "sqlite"),
            primary_key=True,
            autoincrement=True,
        ),
        Column("_supply_id", Integer, ForeignKey("supplies.id"), nullable=False),
        Column("_agency_id", String(64), nullable=False),
        Column("_row", Integer, nullable=False),
        Column("_key", Text),
        Column("_version", Integer, nullable=False),
        *(Column(f.name, _SQL_TYPES[f.type]()) for f in dataset.fields),
        *(
            Column(geo_column(place.name, part), sql_type())
            for place in dataset.locations
            for part, sql_type in GEO_PARTS.items()
        ),
        Index(f"uq_{name}_version", "_agency_id", "_key", "_version", unique=True),
        Index(f"ix_{name}_supply", "_supply_id"),
    )


def ensure_table(connection: Connection, table: Table, dataset: Dataset) -> None:
    """Create the record table if it is missing; add geocode columns to a table made before
    the hub geocoded (their values stay empty for the records it holds); refuse a table whose
    columns otherwise differ."""
    inspector = inspect(connection)
    if not inspector.has_table(table.name):
        table.create(connection)
        return
    existing = [c["name"] for c in inspector.get_columns(table.name)]
    expected = [*SYSTEM_COLUMNS, *dataset.field_names, *geo_columns(dataset)]
    missing_geo = [c for c in geo_columns(dataset) if c not in existing]
    if missing_geo and sorted([*existing, *missing_geo]) == sorted(expected):
        target = connection.dialect.identifier_preparer.format_table(table)
        for name in missing_geo:
            column = table.c[name]
            kind = column.type.compile(dialect=connection.dialect)
            connection.exec_driver_sql(
                f"ALTER TABLE {target} ADD COLUMN "
                f"{connection.dialect.identifier_preparer.quote(name)} {kind}"
            )
        return
    if sorted(existing) != sorted(expected):
        raise HomeNotReady(
            f"The archive's table for {dataset.id} has columns that differ from the dataset's "
            "descriptor; the archive needs a migration before this dataset can take supplies."
        )


# --------------------------------------------------------------------------- bulk loading


def _sqlite_ready(frame: pl.DataFrame) -> pl.DataFrame:
    """Values SQLite binds directly, in the text forms SQLAlchemy reads back."""
    conversions = []
    for name, dtype in frame.schema.items():
        if dtype == pl.Date:
            conversions.append(_as_text(frame[name], "%Y-%m-%d"))
        elif dtype == pl.Time:
            conversions.append(_as_text(frame[name], "%H:%M:%S"))
        elif isinstance(dtype, pl.Datetime):
            conversions.append(_as_text(frame[name], "%Y-%m-%d %H:%M:%S.%6f"))
        elif dtype == pl.Boolean:
            conversions.append(frame[name].cast(pl.Int8))
    return frame.with_columns(conversions) if conversions else frame


def _as_text(values: pl.Series, form: str) -> pl.Series:
    """Dates and times as text. A month's records share a few dozen dates and times: each
    distinct one is formatted once (three to four times faster than formatting every row)."""
    return per_distinct(lambda distinct: distinct.dt.strftime(form), values)


def _quoted(connection: Connection, names: Sequence[str]) -> str:
    prepare = connection.dialect.identifier_preparer.quote
    return ", ".join(prepare(n) for n in names)


# Frames at least this long go to SQLite through staging files (see _sqlite_staged), in
# pieces of 1, 2, 3, 4, 5, 5, 5 twenty-fifths of the rows: seven files, each attached while the
# transaction lasts (SQLite allows ten). The first is small so that copying starts soon.
STAGE_MIN_ROWS = 20_000
STAGE_PIECES = (1, 2, 3, 4, 5, 5, 5)
STAGE_WRITERS = 2  # staging threads (each its own file) beside the copying connection
STAGE_SCHEMA = "csphub_stage"


Fill = Callable[[pl.DataFrame], pl.DataFrame]


def bulk_insert(
    connection: Connection,
    table: Table,
    frame: pl.DataFrame,
    progress: Progress | None = None,
    staging_dir: Path | None = None,
    fill: Fill | None = None,
) -> list[Path]:
    """Insert every row of ``frame`` (columns named as the table's) inside the caller's
    transaction, in batches, reporting rows done to ``progress``. Returns the staging files
    used, if any, which the caller must :func:`release_stages` once the transaction ends.

    ``fill``, if given, computes columns of a batch from its other columns (returning just
    those, which take the place of any of the same name); where batches are staged, it runs in
    the staging threads, beside the copying.
    """
    if frame.height == 0:
        return []
    if connection.dialect.name == "sqlite" and staging_dir and frame.height >= STAGE_MIN_ROWS:
        frame = _without_empty_columns(table, frame)
        return _sqlite_staged(connection, table, frame, progress, staging_dir, fill)
    frame = _without_empty_columns(table, _filled(frame, fill) if fill else frame)
    if connection.dialect.name == "postgresql":
        _postgres_copy(connection, table, frame, progress)
    else:
        _sqlite_executemany(connection, table, frame, progress)
    return []


def _filled(batch: pl.DataFrame, fill: Fill) -> pl.DataFrame:
    return batch.with_columns(fill(batch).get_columns())


def _without_empty_columns(table: Table, frame: pl.DataFrame) -> pl.DataFrame:
    """Leave out columns with no value at all (the geocode's area codes before any boundary
    is loaded, say) whose table column is NULL by default anyway: less to stage and copy."""
    empty = [
        name
        for name in frame.columns
        if frame[name].null_count() == frame.height
        and name in table.c
        and table.c[name].nullable
        and table.c[name].default is None
        and table.c[name].server_default is None
    ]
    return frame.drop(empty) if 0 < len(empty) < frame.width else frame


def raw_connection(connection: Connection) -> Any:
    """The driver's own connection under ``connection``."""
    raw = connection.connection.dbapi_connection
    assert raw is not None
    return raw


def _postgres_copy(
    connection: Connection, table: Table, frame: pl.DataFrame, progress: Progress | None
) -> None:
    target = connection.dialect.identifier_preparer.format_table(table)
    statement = f"COPY {target} ({_quoted(connection, frame.columns)}) FROM STDIN WITH (FORMAT csv)"
    with raw_connection(connection).cursor() as cursor:
        for batch in frame.iter_slices(BATCH_ROWS):
            buffer = io.BytesIO()
            batch.write_csv(
                buffer,
                include_header=False,
                datetime_format="%Y-%m-%d %H:%M:%S%.6f",
                time_format="%H:%M:%S",
            )
            with cursor.copy(statement) as copy:
                copy.write(buffer.getvalue())
            if progress:
                progress(batch.height)


def _sqlite_executemany(
    connection: Connection, table: Table, frame: pl.DataFrame, progress: Progress | None
) -> None:
    target = connection.dialect.identifier_preparer.format_table(table)
    marks = ", ".join("?" for _ in frame.columns)
    statement = f"INSERT INTO {target} ({_quoted(connection, frame.columns)}) VALUES ({marks})"
    cursor = raw_connection(connection).cursor()
    try:
        for batch in _sqlite_ready(frame).iter_slices(BATCH_ROWS):
            cursor.executemany(statement, batch.iter_rows())
            if progress:
                progress(batch.height)
    finally:
        cursor.close()


def _write_stage(
    batch: pl.DataFrame, path: Path, columns: list[str], fill: Fill | None = None
) -> Path:
    """One piece (its ``columns``, once filled) into a staging file, through the ADBC SQLite
    driver's low-level interface: the frame goes over as an Arrow C stream, so Arrow's own
    Python library is never needed."""
    import adbc_driver_manager as adbc
    import adbc_driver_sqlite

    batch = _sqlite_ready((_filled(batch, fill) if fill else batch).select(columns))
    with adbc_driver_sqlite.connect(str(path)) as database, adbc.AdbcConnection(database) as stage:
        # A throwaway file: no journal, no fsync.
        for pragma in ("PRAGMA journal_mode=OFF", "PRAGMA synchronous=OFF"):
            with adbc.AdbcStatement(stage) as statement:
                statement.set_sql_query(pragma)
                statement.execute_update()
        with adbc.AdbcStatement(stage) as statement:
            statement.set_options(
                **{
                    adbc.INGEST_OPTION_TARGET_TABLE: "rows",
                    adbc.INGEST_OPTION_MODE: adbc.INGEST_OPTION_MODE_CREATE,
                }
            )
            statement.bind_stream(batch.__arrow_c_stream__())
            statement.execute_update()
    return path


def _sqlite_staged(
    connection: Connection,
    table: Table,
    frame: pl.DataFrame,
    progress: Progress | None,
    staging_dir: Path,
    fill: Fill | None = None,
) -> list[Path]:
    """Large frames: Arrow batches are written to private staging files by the ADBC SQLite
    driver (in C, no Python per value), and each is copied into the archive by one
    ``INSERT … SELECT`` inside the caller's transaction. While one piece is copied, the next
    ones are staged in background threads; all of them release the GIL. Much faster than
    binding every value from Python. The columns ``fill`` computes are computed piece by piece
    in the staging threads too.

    The staging files are the only files the ADBC driver's own copy of SQLite ever opens, and
    each is closed before the archive's connection attaches it: two SQLite libraries never
    hold the same file open, which is what SQLite warns corrupts databases. The files are
    detached when the transaction ends (:func:`release_stages`) and deleted.
    """
    from concurrent.futures import ThreadPoolExecutor

    staging_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    attached = {row[1] for row in connection.exec_driver_sql("PRAGMA database_list")}
    if any(name.startswith(STAGE_SCHEMA) for name in attached):
        raise RuntimeError("staging databases are already attached to this connection")
    # The columns ``fill`` makes are staged as they come; the plan is for the others.
    made = [] if fill is None else fill(frame.head(1)).columns
    given = frame.drop([name for name in made if name in frame.columns])
    staged_columns, sources, parameters = _stage_plan(given)
    staged_columns, sources = [*staged_columns, *made], [*sources, *made]
    names = [*given.columns, *made]
    bounds = _piece_bounds(frame.height)
    pieces = [frame.slice(start, end - start) for start, end in bounds]
    paths = [staging_dir / f"stage-{uuid.uuid4().hex}.db" for _ in pieces]
    quote = connection.dialect.identifier_preparer.quote
    target = connection.dialect.identifier_preparer.format_table(table)
    columns = _quoted(connection, names)
    values = ", ".join("?" if source is None else quote(source) for source in sources)
    with ThreadPoolExecutor(max_workers=STAGE_WRITERS, thread_name_prefix="stage") as stager:
        written = [
            stager.submit(_write_stage, piece, path, staged_columns, fill)
            for piece, path in zip(pieces, paths, strict=True)
        ]
        for number, piece in enumerate(pieces):
            schema = f"{STAGE_SCHEMA}_{number}"
            connection.exec_driver_sql(
                f"ATTACH DATABASE ? AS {schema}", (str(written[number].result()),)
            )
            connection.exec_driver_sql(
                f"INSERT INTO {target} ({columns}) SELECT {values} FROM {schema}.rows",
                tuple(parameters),
            )
            if progress:
                progress(piece.height)
    return paths


def _piece_bounds(height: int) -> list[tuple[int, int]]:
    total = sum(STAGE_PIECES)
    ends = [height * sum(STAGE_PIECES[: i + 1]) // total for i in range(len(STAGE_PIECES))]
    starts = [0, *ends[:-1]]
    return [(start, end) for start, end in zip(starts, ends, strict=True) if end > start]


def _stage_plan(frame: pl.DataFrame) -> tuple[list[str], list[str | None], list[Any]]:
    """Which columns need staging. A column with one value throughout (the supply's id, the
    agency, a geocode method every row shares) is bound once as a parameter; a column equal to
    one staged before it (the key and the reference it copies; geocoded coordinates that are
    the supplied ones) is selected from that one. Returns the columns to stage; for each column
    of ``frame``, the staged column it is selected from (``None``: the next parameter); and the
    parameters, as SQLite binds them."""
    staged: list[pl.Series] = []
    sources: list[str | None] = []
    parameters: list[Any] = []
    bindable = _sqlite_ready(frame.head(1)).row(0)
    for position, series in enumerate(frame.iter_columns()):
        first = series[0]
        constant = first is not None and bool((series == first).all(ignore_nulls=False))
        if constant and (staged or position < frame.width - 1):  # a table needs a column
            sources.append(None)
            parameters.append(bindable[position])
            continue
        same = next(
            (
                other.name
                for other in staged
                if other.dtype == series.dtype and other[0] == first and other.equals(series)
            ),
            None,
        )
        if same is None:
            staged.append(series)
        sources.append(same or series.name)
    return [s.name for s in staged], sources, parameters


def release_stages(connection: Connection, paths: list[Path]) -> None:
    """Once the transaction has ended (committed or rolled back): detach and delete.

    Through the driver's own connection, which is in autocommit: a statement through
    SQLAlchemy would open a new transaction, and SQLite cannot detach inside one."""
    if connection.dialect.name == "sqlite":
        raw = raw_connection(connection)
        for row in list(raw.execute("PRAGMA database_list")):
            if row[1].startswith(STAGE_SCHEMA):
                raw.execute(f"DETACH DATABASE {row[1]}")
    for path in paths:
        for suffix in ("", "-journal", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)


def remove_stale_stages(staging_dir: Path, hours: float = 24) -> None:
    """Staging files left by processes killed mid-supply: nothing references them."""
    import time

    if not staging_dir.exists():
        return
    for leftover in staging_dir.glob("stage-*.db*"):
        try:
            if time.time() - leftover.stat().st_mtime > hours * 3600:
                leftover.unlink(missing_ok=True)
        except FileNotFoundError:
            continue


# --------------------------------------------------------------------------- reading


def polars_schema(dataset: Dataset) -> dict[str, pl.DataType]:
    return {f.name: POLARS_TYPES[f.type] for f in dataset.fields}


_NUMERIC_GEO_PARTS: dict[str, pl.DataType] = {
    "uprn": pl.Int64(),
    "easting": pl.Float64(),
    "northing": pl.Float64(),
    "lat": pl.Float64(),
    "lon": pl.Float64(),
    "year": pl.Int16(),
}
# Each part of a geocode as Polars holds it (the rest are text), in GEO_PARTS order.
GEO_POLARS: dict[str, pl.DataType] = {
    part: _NUMERIC_GEO_PARTS.get(part, pl.String()) for part in GEO_PARTS
}


def geo_polars_schema(dataset: Dataset) -> dict[str, pl.DataType]:
    return {
        geo_column(place.name, part): GEO_POLARS[part]
        for place in dataset.locations
        for part in GEO_PARTS
    }


def current_versions(
    connection: Connection, table: Table, dataset: Dataset, agency_id: str, keys: pl.Series
) -> pl.DataFrame:
    """The current version of each record of ``agency_id`` whose key is in ``keys``:
    ``_key``, ``_version`` and the fields. Empty when none exists."""
    schema = {"_key": pl.String(), "_version": pl.Int64(), **polars_schema(dataset)}
    empty = pl.DataFrame(schema=schema)
    has_any = connection.execute(
        select(table.c._record_id).where(table.c._agency_id == agency_id).limit(1)
    ).first()
    if has_any is None or keys.len() == 0:
        return empty
    with _temporary_keys(connection, keys) as incoming:
        latest = (
            select(table.c._key, func.max(table.c._version).label("v"))
            .where(table.c._agency_id == agency_id, table.c._key.in_(select(incoming.c.key)))
            .group_by(table.c._key)
            .subquery()
        )
        query = (
            select(table.c._key, table.c._version, *(table.c[f] for f in dataset.field_names))
            .join(
                latest,
                and_(table.c._key == latest.c._key, table.c._version == latest.c.v),
            )
            .where(table.c._agency_id == agency_id)
        )
        rows = connection.execute(query).all()
    if not rows:
        return empty
    return pl.DataFrame(rows, schema=schema, orient="row")


def has_columns(connection: Connection, table_name: str, columns: Sequence[str]) -> bool:
    """Whether the table exists and has all of ``columns``."""
    if not connection.dialect.has_table(connection, table_name):
        return False
    present = {c["name"] for c in inspect(connection).get_columns(table_name)}
    return set(columns) <= present


def homes_of(
    connection: Connection,
    table: Table,
    person: str,
    uprn_column: str,
    agency_id: str,
    references: pl.Series,
) -> pl.DataFrame:
    """``reference`` and ``uprn``: each property that a stored record of ``agency_id`` placed
    the person in ``person`` (a reference) at, for the references in ``references``; any
    version of the record counts. Empty when there is none."""
    schema = {"reference": pl.String(), "uprn": pl.Int64()}
    references = references.drop_nulls().cast(pl.String)
    if references.len() == 0:
        return pl.DataFrame(schema=schema)
    with _temporary_keys(connection, references) as incoming:
        reference = cast(table.c[person], Text)
        rows = connection.execute(
            select(reference, table.c[uprn_column])
            .where(
                table.c._agency_id == agency_id,
                table.c[uprn_column].is_not(None),
                reference.in_(select(incoming.c.key)),
            )
            .distinct()
        ).all()
    return pl.DataFrame(rows, schema=schema, orient="row")


@contextmanager
def _temporary_keys(connection: Connection, keys: pl.Series) -> Iterator[Table]:
    """A temporary table (``key``) holding the distinct ``keys``, for the length of a query:
    a join with it is quick where a list of a million values in the query would not be."""
    incoming = Table(
        "_incoming_keys",
        MetaData(),
        Column("key", Text, primary_key=True),
        prefixes=["TEMPORARY"],
    )
    incoming.create(connection)
    try:
        bulk_insert(connection, incoming, keys.unique().rename("key").to_frame())
        yield incoming
    finally:
        incoming.drop(connection)


def versions_of(
    connection: Connection, table: Table, dataset: Dataset, agency_id: str, key: str
) -> pl.DataFrame:
    """Every version of one record, oldest first, with the supply that brought each."""
    query = (
        select(
            table.c._version,
            table.c._supply_id,
            table.c._row,
            *(table.c[f] for f in dataset.field_names),
        )
        .where(table.c._agency_id == agency_id, table.c._key == key)
        .order_by(table.c._version)
    )
    schema = {
        "_version": pl.Int64(),
        "_supply_id": pl.Int64(),
        "_row": pl.Int64(),
        **polars_schema(dataset),
    }
    return pl.DataFrame(connection.execute(query).all(), schema=schema, orient="row")
