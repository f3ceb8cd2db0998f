"""``wrc db status / upgrade / copy`` on both engines, and the URL never showing a password."""

from __future__ import annotations

import json

import pytest

from wrc_desktop.cli import main
from wrc_desktop.store import engines


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_status_names_the_register_and_its_revision(capsys, register, database_engine):
    from wrc_desktop.store.migrations import SCHEMA_HEAD

    code, out, _ = run(capsys, "db", "status", "--json")
    assert code == 0
    status = json.loads(out)
    assert status["revision"] == SCHEMA_HEAD
    assert status["engine"].startswith(
        "PostgreSQL" if database_engine == "postgresql" else "SQLite"
    )
    if database_engine == "postgresql":
        assert status["location"].startswith("postgresql+psycopg://")
        assert status["clerk"] == engines.normalise(status["location"]).username


def test_upgrade_on_an_up_to_date_register_says_so(capsys, register):
    code, out, _ = run(capsys, "db", "upgrade")
    assert code == 0
    assert "0" in out and register.location in out


def test_a_password_in_the_url_is_never_shown(capsys, database_engine):
    url = "postgresql://clerk:s3cret-pw@127.0.0.1:1/nowhere?connect_timeout=1"
    code, out, err = run(capsys, "--database-url", url, "db", "status")
    assert code == 2
    assert "s3cret-pw" not in out + err
    assert "clerk:***@" in err and "无法连接共享登记册" in err
    assert err.count("\n") == 1


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("postgresql://a:b@h/d", "postgresql://a:***@h/d"),
        ("postgres://a:pa%40ss@h:5433/d", "postgresql://a:***@h:5433/d"),
        ("connect to postgresql+psycopg://x:y@host/db failed", "x:***@host"),
    ],
)
def test_masking(text, shown):
    assert shown in (engines.masked(text) if " " not in text else engines.mask_urls(text))
    assert ":b@" not in engines.masked(text)


def test_a_bad_url_is_one_chinese_line(capsys):
    code, _, err = run(capsys, "--database-url", "mysql://a@b/c", "db", "status")
    assert code == 2 and "不是 PostgreSQL 服务器" in err and err.count("\n") == 1


def test_the_log_never_holds_a_database_password():
    import logging

    from wrc_desktop.logging_setup import MaskingFormatter

    record = logging.LogRecord(
        "wrc.store",
        logging.ERROR,
        __file__,
        1,
        "cannot reach %s",
        ("postgresql://li:pw9@h/d",),
        None,
    )
    assert MaskingFormatter("%(message)s").format(record) == "cannot reach postgresql://li:***@h/d"


def test_without_postgresql_the_fixture_says_why(monkeypatch):
    from tests import pg_fixture

    monkeypatch.setattr(pg_fixture.shutil, "which", lambda name: None)
    monkeypatch.setattr(pg_fixture.glob, "glob", lambda pattern: [])
    with pytest.raises(pg_fixture.Unavailable, match="initdb not found"):
        pg_fixture._binary("initdb")
