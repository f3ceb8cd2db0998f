"""The self-check checks the register this copy uses: the shared server when one is configured."""

from __future__ import annotations

from wrc_desktop import paths
from wrc_desktop.selfcheck import _database
from wrc_desktop.store import engines, migrations


def test_the_self_check_reaches_the_configured_server(pg_url, monkeypatch):
    monkeypatch.setenv(engines.ENV_DATABASE_URL, pg_url)
    line = _database()
    assert line.startswith(f"共享登记册 {engines.masked(pg_url)}（以用户 ")
    assert f"结构版本 {migrations.SCHEMA_HEAD}，0 名持证人" in line
    assert not paths.database_path().exists()  # no local file was made on the way


def test_the_self_check_opens_the_data_folders_file_otherwise():
    assert _database() == f"{paths.database_path()}，结构版本 {migrations.SCHEMA_HEAD}，0 名持证人"
