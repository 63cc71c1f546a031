"""Database engines: SQLite (embedded, WAL) by default, PostgreSQL by URL."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, create_engine, event

_SQLITE_BUSY_TIMEOUT_MS = 30_000
SQLITE_PAGE_SIZE = 16_384


def _configure_sqlite(engine: Engine) -> None:
    """Real transactions on SQLite.

    Python's sqlite3 module opens transactions lazily and commits on its own before DDL; hand
    control to SQLAlchemy instead (the recipe in SQLAlchemy's SQLite dialect documentation), so
    that a supply, DDL included, is one transaction. A connection opened with the execution
    option ``write=True`` begins with ``BEGIN IMMEDIATE``: it takes the write lock first, so the
    versions it reads cannot change before it writes.
    """

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        # 16 KiB pages for a new archive (an existing file keeps the size it was made with):
        # a million-record supply went in and committed 20% faster than with 4 KiB pages.
        cursor.execute(f"PRAGMA page_size={SQLITE_PAGE_SIZE}")
        cursor.execute("PRAGMA journal_mode=WAL")
        # FULL: a committed supply survives a power cut, not only a crash. In WAL mode this is
        # one extra fsync per commit, which measured nothing at a million rows.
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={_SQLITE_BUSY_TIMEOUT_MS}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        immediate = connection.get_execution_options().get("write", False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def create_archive_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url)
        _configure_sqlite(engine)
        return engine
    return create_engine(url, pool_pre_ping=True)
