"""Backups of a register on a server, and a restore that goes into a new database, never over."""

from __future__ import annotations

import shutil

import pytest

from tests.helpers import unit_data, uscc_code
from wrc_desktop.cli import main
from wrc_desktop.store import pg_backup, unit_records
from wrc_desktop.store.db import open_url


def _units(url: str) -> list[str]:
    register = open_url(url)
    try:
        with register.session() as session:
            return [u.name for u in unit_records.list_units(session)]
    finally:
        register.close()


@pytest.mark.parametrize("with_pg_dump", [True, False], ids=["pg_dump", "own-export"])
def test_backup_then_restore_into_a_new_database(
    capsys, pg_url, pg_cluster, monkeypatch, with_pg_dump
):
    if with_pg_dump and not shutil.which("pg_dump"):
        pytest.skip("pg_dump not on PATH")
    if not with_pg_dump:
        real_which = shutil.which
        monkeypatch.setattr(
            pg_backup.shutil,
            "which",
            lambda name: None if name == "pg_dump" else real_which(name),
        )
    register = open_url(pg_url)
    with register.session() as session:
        unit_records.create_unit(session, data=unit_data(name="备份前的单位"))
    register.close()

    assert main(["--database-url", pg_url, "db", "backup"]) == 0
    made = capsys.readouterr().out.split(" → ")[-1].strip()
    assert made.endswith(".dump" if with_pg_dump else ".sqlite3")

    live = open_url(pg_url)
    with live.session() as session:  # changed after the backup: the restore must not show it
        unit_records.create_unit(
            session, data=unit_data(name="备份后的单位", uscc=uscc_code("91110108MA01QQQQ"))
        )
    live.close()

    new_name = f"{pg_url.rsplit('/', 1)[1]}_restored"
    try:
        assert (
            main(["--database-url", pg_url, "db", "restore", made, "--new-database", new_name]) == 0
        )
        out = capsys.readouterr().out
        assert "原数据库未改动" in out
        assert _units(pg_cluster.url(new_name)) == ["备份前的单位"]
        assert sorted(_units(pg_url)) == sorted(["备份前的单位", "备份后的单位"])
        # a second restore into the same, now filled, database is refused
        assert (
            main(["--database-url", pg_url, "db", "restore", made, "--new-database", new_name]) == 2
        )
        assert "不是空的" in capsys.readouterr().err
    finally:
        pg_cluster.drop_database(new_name)


def test_restore_over_the_live_database_is_refused(capsys, pg_url, tmp_path):
    fake = tmp_path / "wrc-20260101-000000-000000-manual.dump"
    fake.write_bytes(b"PGDMP")
    live_name = pg_url.rsplit("/", 1)[1]
    code = main(["--database-url", pg_url, "db", "restore", str(fake), "--new-database", live_name])
    assert code == 2
    assert "不能恢复到正在使用的数据库上" in capsys.readouterr().err
