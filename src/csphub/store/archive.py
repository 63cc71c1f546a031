"""The archive: the one object through which the hub's services read and write storage."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, fields
from importlib import resources
from pathlib import Path
from typing import Any

import polars as pl
from sqlalchemy import Connection, Engine, MetaData, Table, func, insert, select, text, update
from sqlalchemy.exc import IntegrityError, OperationalError, ProgrammingError

from csphub.catalogue import Dataset, Location
from csphub.errors import AlreadyExists, DuplicateSupply, HomeNotReady, NotFound
from csphub.settings import Environment, Settings
from csphub.store import records as rec
from csphub.store import schema as s
from csphub.store.engine import create_archive_engine
from csphub.store.geography import GeoStore
from csphub.store.landing import Landing, create_key_file, read_key_file


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


@dataclass(frozen=True)
class AgencyRow:
    id: str
    name: str
    type: str
    created_at: dt.datetime


@dataclass(frozen=True)
class SupplyRow:
    id: int
    dataset_id: str
    agency_id: str
    file_name: str
    sha256: str
    size_bytes: int
    file_format: str
    encoding: str | None
    delimiter: str | None
    sheet: str | None
    period_start: dt.date | None
    period_end: dt.date | None
    received_at: dt.datetime
    status: str
    rows_read: int
    rows_new: int
    rows_revised: int
    rows_unchanged: int
    rows_quarantined: int
    rows_rejected: int
    blank_rows: int
    supply_metadata: dict[str, Any] | None
    landing_file: str

    @property
    def rows_stored(self) -> int:
        return self.rows_new + self.rows_revised


_SUPPLY_FIELDS = [f.name for f in fields(SupplyRow)]


@contextmanager
def _reaching(engine: Engine, settings: Settings) -> Iterator[None]:
    """A database that cannot be reached is the user's to fix: say so, without the URL's
    password or the driver's message (which may quote it)."""
    try:
        yield
    except OperationalError as error:
        engine.dispose()
        raise HomeNotReady(
            f"Cannot reach the archive database {settings.redacted_url()}: "
            f"{error.orig.__class__.__name__}."
        ) from None


def _migrate(connection: Connection) -> None:
    """Bring the archive's own tables to the current revision (Alembic, imported only here)."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option(
        "script_location", str(resources.files("csphub.store").joinpath("migrations"))
    )
    config.attributes["connection"] = connection
    command.upgrade(config, "head")


def _current_revision(connection: Connection) -> str | None:
    try:
        return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except (OperationalError, ProgrammingError):  # no such table: never initialised
        connection.rollback()
        return None


class Archive:
    """Storage of one hub: the database and the landing folder."""

    def __init__(self, settings: Settings, engine: Engine, landing: Landing) -> None:
        self.settings = settings
        self.engine = engine
        self.landing = landing
        self._records_metadata = MetaData()
        s.metadata.tables["supplies"].to_metadata(self._records_metadata)
        home = settings.resolved_home
        self.geography = GeoStore(engine, home / "geo", home / "tmp")

    # ------------------------------------------------------------------ lifecycle

    @classmethod
    def initialise(cls, settings: Settings) -> Archive:
        """Create the home (folders, master key) if needed and bring the database up to date.
        Safe to run again: nothing existing is replaced."""
        _check_production(settings)
        home = settings.resolved_home
        home.mkdir(parents=True, exist_ok=True)
        settings.landing_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        if not settings.key_file.exists():
            if settings.environment == Environment.PRODUCTION:
                raise HomeNotReady(
                    f"The master key file {settings.key_file} does not exist, and in production "
                    "the hub does not make one up.",
                    hint="Create 32 random bytes readable only by the hub (for example "
                    "`head -c 32 /dev/urandom > FILE && chmod 600 FILE`), keep a copy in your "
                    "key escrow, and point CSPHUB_MASTER_KEY_FILE at it.",
                )
            create_key_file(settings.key_file)
        engine = create_archive_engine(settings.archive_url)
        with _reaching(engine, settings), engine.connect() as connection, connection.begin():
            _migrate(connection)
        return cls(
            settings, engine, Landing(settings.landing_dir, read_key_file(settings.key_file))
        )

    @classmethod
    def open(cls, settings: Settings) -> Archive:
        """Open an existing, up-to-date archive, or say how to make one."""
        _check_production(settings)
        home = settings.resolved_home
        if settings.database_url is None and not (home / "csphub.db").exists():
            raise HomeNotReady(f"There is no CSP Hub home at {home}.", hint="Run `csphub init`.")
        engine = create_archive_engine(settings.archive_url)
        with _reaching(engine, settings), engine.connect() as connection:
            current = _current_revision(connection)
        if current != s.SCHEMA_REVISION:
            engine.dispose()
            raise HomeNotReady(
                f"The archive at {settings.redacted_url()} is not at the current schema "
                f"(it is at {current or 'nothing'}).",
                hint="Run `csphub init` to bring it up to date.",
            )
        return cls(
            settings, engine, Landing(settings.landing_dir, read_key_file(settings.key_file))
        )

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    # ------------------------------------------------------------------ agencies

    def add_agency(self, agency_id: str, name: str, agency_type: str) -> AgencyRow:
        row = AgencyRow(agency_id, name, agency_type, utcnow())
        with self.engine.begin() as connection:
            if connection.execute(
                select(s.agencies.c.id).where(s.agencies.c.id == agency_id)
            ).first():
                raise AlreadyExists(f"Agency {agency_id} is already registered.")
            connection.execute(insert(s.agencies).values(**row.__dict__))
        return row

    def agency(self, agency_id: str) -> AgencyRow | None:
        with self.engine.connect() as connection:
            found = connection.execute(
                select(s.agencies).where(s.agencies.c.id == agency_id)
            ).first()
        return AgencyRow(**found._mapping) if found else None

    def agencies(self) -> list[AgencyRow]:
        with self.engine.connect() as connection:
            rows = connection.execute(select(s.agencies).order_by(s.agencies.c.id)).all()
        return [AgencyRow(**r._mapping) for r in rows]

    def set_column_map(self, agency_id: str, dataset_id: str, source: str, field: str) -> None:
        table = s.agency_column_maps
        key = (
            (table.c.agency_id == agency_id)
            & (table.c.dataset_id == dataset_id)
            & (table.c.source == source)
        )
        with self.engine.begin() as connection:
            connection.execute(table.delete().where(key))
            connection.execute(
                insert(table).values(
                    agency_id=agency_id, dataset_id=dataset_id, source=source, field=field
                )
            )

    def column_map(self, agency_id: str, dataset_id: str) -> dict[str, str]:
        table = s.agency_column_maps
        with self.engine.connect() as connection:
            rows = connection.execute(
                select(table.c.source, table.c.field).where(
                    table.c.agency_id == agency_id, table.c.dataset_id == dataset_id
                )
            ).all()
        return {source: field for source, field in rows}

    def set_code_map(
        self, agency_id: str, dataset_id: str, field: str, entries: dict[str, str]
    ) -> None:
        table = s.agency_code_maps
        with self.engine.begin() as connection:
            for local, code in entries.items():
                connection.execute(
                    table.delete().where(
                        (table.c.agency_id == agency_id)
                        & (table.c.dataset_id == dataset_id)
                        & (table.c.field == field)
                        & (table.c.local_code == local)
                    )
                )
                connection.execute(
                    insert(table).values(
                        agency_id=agency_id,
                        dataset_id=dataset_id,
                        field=field,
                        local_code=local,
                        code=code,
                    )
                )

    def code_maps(self, agency_id: str, dataset_id: str) -> dict[str, dict[str, str]]:
        table = s.agency_code_maps
        with self.engine.connect() as connection:
            rows = connection.execute(
                select(table.c.field, table.c.local_code, table.c.code).where(
                    table.c.agency_id == agency_id, table.c.dataset_id == dataset_id
                )
            ).all()
        maps: dict[str, dict[str, str]] = {}
        for field, local, code in rows:
            maps.setdefault(field, {})[local] = code
        return maps

    # ------------------------------------------------------------------ registered datasets

    def register_dataset(self, dataset_id: str, descriptor: dict[str, Any]) -> None:
        table = s.registered_datasets
        with self.engine.begin() as connection:
            if connection.execute(select(table.c.id).where(table.c.id == dataset_id)).first():
                raise AlreadyExists(f"Dataset {dataset_id} is already registered.")
            connection.execute(
                insert(table).values(id=dataset_id, descriptor=descriptor, registered_at=utcnow())
            )

    def registered_descriptors(self) -> list[dict[str, Any]]:
        table = s.registered_datasets
        with self.engine.connect() as connection:
            return [
                r[0] for r in connection.execute(select(table.c.descriptor).order_by(table.c.id))
            ]

    # ------------------------------------------------------------------ supplies

    def accepted_supply_with_hash(self, sha256: str) -> SupplyRow | None:
        with self.engine.connect() as connection:
            return _accepted_with_hash(connection, sha256)

    def supply(self, supply_id: int) -> SupplyRow:
        with self.engine.connect() as connection:
            found = connection.execute(
                select(s.supplies).where(s.supplies.c.id == supply_id)
            ).first()
        if found is None:
            raise NotFound(
                f"There is no supply {supply_id}.", hint="Run `csphub supplies` to list them."
            )
        return SupplyRow(**found._mapping)

    def supplies(
        self, dataset_id: str | None = None, agency_id: str | None = None
    ) -> list[SupplyRow]:
        query = select(s.supplies).order_by(s.supplies.c.id)
        if dataset_id:
            query = query.where(s.supplies.c.dataset_id == dataset_id)
        if agency_id:
            query = query.where(s.supplies.c.agency_id == agency_id)
        with self.engine.connect() as connection:
            return [SupplyRow(**r._mapping) for r in connection.execute(query)]

    def supply_issues(self, supply_id: int) -> pl.DataFrame:
        table = s.supply_issues
        query = (
            select(
                table.c.row_number, table.c.field, table.c.rule, table.c.severity, table.c.message
            )
            .where(table.c.supply_id == supply_id)
            .order_by(table.c.id)
        )
        with self.engine.connect() as connection:
            rows = connection.execute(query).all()
        return pl.DataFrame(rows, schema=ISSUE_SCHEMA, orient="row")

    def quarantined(self, supply_id: int) -> list[tuple[int, dict[str, Any]]]:
        """Quarantined rows of a supply: row number and the row's values as the file had them."""
        table = s.quarantine
        query = (
            select(table.c.row_number, table.c.raw_values)
            .where(table.c.supply_id == supply_id)
            .order_by(table.c.row_number)
        )
        with self.engine.connect() as connection:
            return [(int(number), values) for number, values in connection.execute(query)]

    # ------------------------------------------------------------------ records

    def record_table(self, dataset: Dataset) -> Table:
        return rec.record_table(dataset, self._records_metadata)

    def record_versions(self, dataset: Dataset, agency_id: str, key: str) -> pl.DataFrame:
        table = self.record_table(dataset)
        with self.engine.connect() as connection:
            if not connection.dialect.has_table(connection, table.name):
                return pl.DataFrame()
            return rec.versions_of(connection, table, dataset, agency_id, key)

    def record_counts(self, dataset: Dataset) -> tuple[int, int]:
        """(rows held, current records) for a dataset; keyless records are all current."""
        table = self.record_table(dataset)
        with self.engine.connect() as connection:
            if not connection.dialect.has_table(connection, table.name):
                return 0, 0
            total = connection.execute(select(func.count()).select_from(table)).scalar_one()
            superseded = connection.execute(
                select(func.count()).select_from(table).where(table.c._version > 1)
            ).scalar_one()
        return total, total - superseded

    def known_homes(
        self, agency_id: str, homes: Sequence[tuple[Dataset, Location]], references: pl.Series
    ) -> pl.DataFrame:
        """``reference`` and ``uprn``: the properties the agency's stored records placed each
        person of ``references`` at, in any of ``homes`` (a dataset and the place in it that is
        the home of the person its reference names). Empty when none."""
        found = [pl.DataFrame(schema={"reference": pl.String(), "uprn": pl.Int64()})]
        with self.engine.connect() as connection:
            for dataset, place in homes:
                table = self.record_table(dataset)
                uprn = rec.geo_column(place.name, "uprn")
                if place.resident is None or not rec.has_columns(
                    connection, table.name, (place.resident, uprn)
                ):
                    continue  # nothing stored, or stored before the hub geocoded
                found.append(
                    rec.homes_of(connection, table, place.resident, uprn, agency_id, references)
                )
        return pl.concat(found).unique(maintain_order=True)

    def read_records(self, dataset: Dataset, *, current_only: bool = False) -> pl.DataFrame:
        """Every stored row of a dataset (system columns and fields), for tests and exports."""
        table = self.record_table(dataset)
        schema = {
            "_record_id": pl.Int64(),
            "_supply_id": pl.Int64(),
            "_agency_id": pl.String(),
            "_row": pl.Int64(),
            "_key": pl.String(),
            "_version": pl.Int64(),
            **rec.polars_schema(dataset),
            **rec.geo_polars_schema(dataset),
        }
        with self.engine.connect() as connection:
            if not connection.dialect.has_table(connection, table.name):
                return pl.DataFrame(schema=schema)
            rows = connection.execute(
                select(*(table.c[name] for name in schema)).order_by(table.c._record_id)
            ).all()
        frame = pl.DataFrame(rows, schema=schema, orient="row")
        if current_only:
            latest = pl.col("_version") == pl.col("_version").max().over("_agency_id", "_key")
            frame = frame.filter(pl.col("_key").is_null() | latest)
        return frame

    # ------------------------------------------------------------------ writing a supply

    @contextmanager
    def supply_transaction(self, dataset: Dataset) -> Iterator[SupplyWrite]:
        """One transaction for everything a supply writes. On any exception, or if the process
        dies, none of it is kept.

        On SQLite the transaction runs without foreign-key enforcement: SQLite would otherwise
        look the supply up again for each of a million records (a tenth of the time their copy
        takes). Every row the transaction writes refers to the supply it starts, which
        :class:`SupplyWrite` sets itself, and :meth:`SupplyWrite.start` checks the supply's
        agency, so the references hold by construction; nothing the hub deletes could break
        them. PostgreSQL checks them as usual."""
        table = self.record_table(dataset)
        staging = self.settings.resolved_home / "tmp"
        rec.remove_stale_stages(staging)
        with self.engine.connect().execution_options(write=True) as connection:
            write = SupplyWrite(connection, table, dataset, staging)
            sqlite = connection.dialect.name == "sqlite"
            if sqlite:  # outside any transaction, where SQLite takes this pragma
                rec.raw_connection(connection).execute("PRAGMA foreign_keys=OFF")
            try:
                with connection.begin():
                    rec.ensure_table(connection, table, dataset)
                    if connection.dialect.name == "postgresql":
                        # One writer per dataset at a time, so versions are numbered without gaps.
                        locked = connection.dialect.identifier_preparer.format_table(table)
                        connection.exec_driver_sql(
                            f"LOCK TABLE {locked} IN SHARE ROW EXCLUSIVE MODE"
                        )
                    yield write
            finally:
                rec.release_stages(connection, write.stages)
                if sqlite:
                    rec.raw_connection(connection).execute("PRAGMA foreign_keys=ON")


def _check_production(settings: Settings) -> None:
    if (
        settings.environment == Environment.PRODUCTION
        and settings.archive_url.startswith("sqlite")
        and not settings.allow_sqlite_in_production
    ):
        raise HomeNotReady(
            "A production hub needs a PostgreSQL archive (CSPHUB_DATABASE_URL); the embedded "
            "SQLite archive serves one user at a time.",
            hint="Set CSPHUB_ALLOW_SQLITE_IN_PRODUCTION=true to run on SQLite anyway.",
        )


ISSUE_SCHEMA = {
    "row_number": pl.Int64(),
    "field": pl.String(),
    "rule": pl.String(),
    "severity": pl.String(),
    "message": pl.String(),
}


def _accepted_with_hash(connection: Connection, sha256: str) -> SupplyRow | None:
    found = connection.execute(
        select(s.supplies).where(
            s.supplies.c.sha256 == sha256, s.supplies.c.status.in_(s.ACCEPTED_STATUSES)
        )
    ).first()
    return SupplyRow(**found._mapping) if found else None


class SupplyWrite:
    """What may be written inside one supply's transaction: the supply (:meth:`start`), then
    its records, quarantined rows and issues, each row tied to that supply here."""

    def __init__(
        self, connection: Connection, table: Table, dataset: Dataset, staging_dir: Path
    ) -> None:
        self._connection = connection
        self._table = table
        self._dataset = dataset
        self._staging_dir = staging_dir
        self._file_name = ""
        self._supply_id: int | None = None
        self.stages: list[Path] = []  # staging files to release when the transaction ends

    def start(self, **values: Any) -> int:
        """Record the supply (status ``loading`` until :meth:`finish`) and return its id.
        Refuses bytes already accepted, now that this transaction holds the write lock."""
        self._file_name = values["file_name"]
        earlier = _accepted_with_hash(self._connection, values["sha256"])
        if earlier is not None:
            raise duplicate_supply_error(self._file_name, earlier)
        unknown = set(values) - set(_SUPPLY_FIELDS)
        assert not unknown, unknown
        agency = select(s.agencies.c.id).where(s.agencies.c.id == values["agency_id"])
        if self._connection.execute(agency).first() is None:
            raise NotFound(f"There is no agency {values['agency_id']!r}.")
        result = self._connection.execute(insert(s.supplies).values(status="loading", **values))
        key = result.inserted_primary_key
        assert key is not None
        self._supply_id = int(key[0])
        return self._supply_id

    def _of_this_supply(self, frame: pl.DataFrame, column: str) -> pl.DataFrame:
        if self._supply_id is None:
            raise RuntimeError("a supply's rows are written after the supply is started")
        return frame.select(pl.lit(self._supply_id, dtype=pl.Int64).alias(column), pl.all())

    def current_versions(self, agency_id: str, keys: pl.Series) -> pl.DataFrame:
        return rec.current_versions(self._connection, self._table, self._dataset, agency_id, keys)

    def add_records(
        self,
        frame: pl.DataFrame,
        progress: rec.Progress | None = None,
        fill: rec.Fill | None = None,
    ) -> None:
        """``frame``: the record table's columns but ``_supply_id``. ``fill``: columns computed
        batch by batch as the records are stored (see
        :func:`csphub.store.records.bulk_insert`)."""
        self.stages += rec.bulk_insert(
            self._connection,
            self._table,
            self._of_this_supply(frame, "_supply_id"),
            progress,
            self._staging_dir,
            fill,
        )

    def add_quarantine(self, frame: pl.DataFrame) -> None:
        """``frame``: row_number, raw_values (a JSON object as text)."""
        rec.bulk_insert(self._connection, s.quarantine, self._of_this_supply(frame, "supply_id"))

    def add_issues(self, frame: pl.DataFrame) -> None:
        """``frame``: the columns of :data:`ISSUE_SCHEMA`."""
        rec.bulk_insert(self._connection, s.supply_issues, self._of_this_supply(frame, "supply_id"))

    def finish(self, supply_id: int, status: str, **counts: int) -> None:
        try:
            self._connection.execute(
                update(s.supplies)
                .where(s.supplies.c.id == supply_id)
                .values(status=status, **counts)
            )
        except IntegrityError:
            raise DuplicateSupply(
                self._file_name, "was accepted by another ingest while this one ran."
            ) from None


def duplicate_supply_error(file_name: str, earlier: SupplyRow) -> DuplicateSupply:
    when = earlier.received_at.strftime("%Y-%m-%d %H:%M")
    return DuplicateSupply(
        file_name,
        f"is identical (same SHA-256) to supply {earlier.id}, {earlier.file_name}, accepted on "
        f"{when} UTC for {earlier.dataset_id} from {earlier.agency_id}; it is not taken in again.",
        hint="To correct records, send a new file with the corrected rows.",
    )
