"""Opening the register file: migrations, backups before migrating, corrupt files left alone."""

from __future__ import annotations

import sqlite3
from contextlib import closing

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlmodel import SQLModel

from wrc_desktop.store import backup, migrations
from wrc_desktop.store.db import DatabaseUnavailable, open_register

# The SQLite file itself (its backups, header and integrity check).
pytestmark = pytest.mark.sqlite_only


def test_migration_from_an_empty_file(tmp_path):
    path = tmp_path / "wrc.sqlite3"
    path.touch()
    register = open_register(path, tmp_path / "backups")
    try:
        assert migrations.current_revision(register.engine) == migrations.head_revision()
        with register.engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    finally:
        register.close()
    assert backup.list_backups(tmp_path / "backups") == []  # nothing to save in an empty file


def test_migrations_match_the_models(register):
    with register.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), SQLModel.metadata)
    assert differences == [], "the models changed without a migration in db/migrations/versions"


def test_an_existing_file_is_backed_up_before_migrating(tmp_path):
    path = tmp_path / "wrc.sqlite3"
    with (
        closing(sqlite3.connect(path)) as connection,
        connection,
    ):  # a register from before the migrations knew it
        connection.execute("CREATE TABLE note (text TEXT)")
        connection.execute("INSERT INTO note VALUES ('keep me')")
    register = open_register(path, tmp_path / "backups")
    register.close()
    saved = backup.list_backups(tmp_path / "backups")
    assert len(saved) == 1 and "pre-migration" in saved[0].name
    with closing(sqlite3.connect(saved[0])) as connection, connection:
        assert connection.execute("SELECT text FROM note").fetchall() == [("keep me",)]


@pytest.mark.parametrize(
    "content", [b"this is not a database" * 100, b"SQLite format 3\x00" + b"\xff" * 5000]
)
def test_a_corrupt_file_is_never_overwritten(tmp_path, content):
    path = tmp_path / "wrc.sqlite3"
    path.write_bytes(content)
    with pytest.raises(DatabaseUnavailable) as error:
        open_register(path, tmp_path / "backups")
    assert path.read_bytes() == content
    assert str(tmp_path / "backups") in str(error.value)
    assert "不会被覆盖" in str(error.value)


def test_a_truncated_database_is_detected(tmp_path, register):
    from tests.helpers import unit_data
    from wrc_desktop.store import unit_records

    with register.session() as session:
        unit_records.create_unit(session, data=unit_data())
    register.close()
    source = register.path
    with closing(sqlite3.connect(source)) as connection, connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    truncated = tmp_path / "truncated.sqlite3"
    data = source.read_bytes()
    truncated.write_bytes(data[: len(data) // 2])
    with pytest.raises(DatabaseUnavailable):
        open_register(truncated, tmp_path / "backups")
    assert truncated.read_bytes() == data[: len(data) // 2]


def test_the_fast_start_knows_the_newest_migration():
    assert migrations.head_revision() == migrations.SCHEMA_HEAD, (
        "update SCHEMA_HEAD in store/migrations.py"
    )
