"""Shared fixtures: a real throwaway PostgreSQL server, hubs on either backend, file helpers.

The PostgreSQL server is Debian's, started once per test session in a temporary folder,
listening only on a Unix socket there. Each test that asks for it gets a fresh database. As
root (CI), the server runs as the ``postgres`` system user, because PostgreSQL refuses root.
"""

from __future__ import annotations

import glob
import itertools
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg
import pytest

from csphub.catalogue import AgencyType
from csphub.hub import Hub
from csphub.settings import Settings

REPO = Path(__file__).resolve().parents[1]
REFERENCE = REPO.parent / "shared" / "reference-data"
POLICE_UK = REFERENCE / "police-uk"


def _pg_bin() -> Path:
    found = shutil.which("pg_ctl")
    if found:
        return Path(found).resolve().parent
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    if not candidates:
        pytest.fail(
            "PostgreSQL server not installed: run `make test`, which installs Debian's package."
        )
    return Path(candidates[-1]).parent


def _as_server_user(command: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return command
    return ["runuser", "-u", "postgres", "--", *command]


class PostgresServer:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.data = root / "data"
        self.socket = root
        self.bin = _pg_bin()
        self._names = itertools.count(1)

    def start(self) -> None:
        if os.geteuid() == 0:
            shutil.chown(self.root, "postgres", "postgres")
        subprocess.run(
            _as_server_user(
                [
                    str(self.bin / "initdb"),
                    "-D",
                    str(self.data),
                    "-U",
                    "csphub",
                    "-A",
                    "trust",
                    "--no-sync",
                    "-E",
                    "UTF8",
                    "--locale=C",
                ]
            ),
            check=True,
            capture_output=True,
        )
        options = (
            f"-c listen_addresses='' -k {self.socket} -c fsync=off -c synchronous_commit=off "
            "-c full_page_writes=off -c max_connections=50"
        )
        subprocess.run(
            _as_server_user(
                [
                    str(self.bin / "pg_ctl"),
                    "-D",
                    str(self.data),
                    "-o",
                    options,
                    "-w",
                    "-l",
                    str(self.root / "server.log"),
                    "start",
                ]
            ),
            check=True,
            capture_output=True,
        )

    def stop(self) -> None:
        subprocess.run(
            _as_server_user(
                [str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop"]
            ),
            check=False,
            capture_output=True,
        )

    def _admin(self) -> psycopg.Connection:
        return psycopg.connect(
            host=str(self.socket), user="csphub", dbname="postgres", autocommit=True
        )

    def new_database(self) -> str:
        name = f"t{os.getpid()}_{next(self._names)}"
        with self._admin() as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        return name

    def drop_database(self, name: str) -> None:
        with self._admin() as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def url(self, name: str) -> str:
        return f"postgresql+psycopg://csphub@/{name}?host={self.socket}"


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    root = Path(tempfile.mkdtemp(prefix="csphub-pg-"))
    server = PostgresServer(root)
    server.start()
    try:
        yield server
    finally:
        server.stop()
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def postgres_url(postgres_server: PostgresServer) -> Iterator[str]:
    name = postgres_server.new_database()
    try:
        yield postgres_server.url(name)
    finally:
        postgres_server.drop_database(name)


@pytest.fixture(params=["sqlite", "postgresql"])
def archive_url(request: pytest.FixtureRequest) -> str | None:
    """None (the embedded SQLite default in the home) or a fresh PostgreSQL database."""
    if request.param == "sqlite":
        return None
    return request.getfixturevalue("postgres_url")


@pytest.fixture
def settings(tmp_path: Path, archive_url: str | None) -> Settings:
    return Settings(home=tmp_path / "home", database_url=archive_url)


@pytest.fixture
def sqlite_settings(tmp_path: Path) -> Settings:
    return Settings(home=tmp_path / "home")


@pytest.fixture
def hub(settings: Settings) -> Iterator[Hub]:
    """An initialised hub (on each backend) with one agency of each type, id ``<type>-1``."""
    with Hub.initialise(settings) as opened:
        for agency_type in AgencyType:
            opened.archive.add_agency(f"{agency_type}-1", f"Test {agency_type}", str(agency_type))
        yield opened


@pytest.fixture
def sqlite_hub(sqlite_settings: Settings) -> Iterator[Hub]:
    with Hub.initialise(sqlite_settings) as opened:
        for agency_type in AgencyType:
            opened.archive.add_agency(f"{agency_type}-1", f"Test {agency_type}", str(agency_type))
        yield opened


def csv_text(
    header: list[str], rows: list[list[str]], delimiter: str = ",", newline: str = "\r\n"
) -> str:
    lines = [delimiter.join(header), *(delimiter.join(row) for row in rows)]
    return newline.join(lines) + newline


@pytest.fixture
def write_file(tmp_path: Path) -> Callable[..., Path]:
    """Write bytes or text to a file in the test's folder and return its path."""

    def write(name: str, content: str | bytes, encoding: str = "utf-8") -> Path:
        path = tmp_path / "files" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode(encoding))
        return path

    return write
