"""The command line opens the register with SQLite's quick check: it still refuses a damaged file."""

from __future__ import annotations

import sqlite3
from contextlib import closing

import pytest

from wrc_desktop.store import backup
from wrc_desktop.store.db import DatabaseUnavailable, open_register


def _register_file(tmp_path):
    path = tmp_path / "wrc.sqlite3"
    with closing(sqlite3.connect(path)) as connection, connection:
        connection.execute("CREATE TABLE note (id INTEGER PRIMARY KEY, text TEXT)")
        connection.executemany(
            "INSERT INTO note (text) VALUES (?)", [(f"第 {n} 行" * 20,) for n in range(2000)]
        )
    return path


def test_quick_and_full_checks_agree_on_a_healthy_file(tmp_path):
    path = _register_file(tmp_path)
    assert backup.integrity_problem(path) is None
    assert backup.integrity_problem(path, quick=True) is None


@pytest.mark.parametrize("quick_check", [True, False])
def test_a_truncated_file_is_refused_by_either_check_and_left_alone(tmp_path, quick_check):
    data = _register_file(tmp_path).read_bytes()
    truncated = tmp_path / "truncated.sqlite3"
    truncated.write_bytes(data[: len(data) // 2])
    assert backup.integrity_problem(truncated, quick=True)
    with pytest.raises(DatabaseUnavailable):
        open_register(truncated, tmp_path / "backups", quick_check=quick_check)
    assert truncated.read_bytes() == data[: len(data) // 2]
