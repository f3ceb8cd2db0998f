"""设置 → 共享登记册: the server's fields are saved without the password, which goes to keyring."""

from __future__ import annotations

import json

from tests.conftest import TODAY
from tests.helpers import desk_over
from wrc_desktop import paths
from wrc_desktop.gui.doors.operations import RegisterOps
from wrc_desktop.gui.settings.shared_register import SharedRegisterTab
from wrc_desktop.store import engines, server_settings
from wrc_desktop.store.db import open_configured


def _tab(register, qtbot) -> SharedRegisterTab:
    tab = SharedRegisterTab(RegisterOps(desk_over(register, TODAY)))
    qtbot.addWidget(tab)
    return tab


def test_saving_keeps_the_password_out_of_every_file(register, qtbot, monkeypatch):
    kept = {}
    monkeypatch.setattr(engines, "store_password", lambda url, pw: kept.update({str(url): pw}))
    tab = _tab(register, qtbot)
    tab.enabled.setChecked(True)
    tab.host.setText("192.168.1.10")
    tab.database.setText("wrc")
    tab.user.setText("zhangsan")
    tab.password.setText("Secret-123")
    tab.sslmode.setCurrentIndex(tab.sslmode.findData("require"))
    tab.clerk.setText("张三")
    assert tab.save()

    text = (paths.data_dir() / server_settings.FILENAME).read_text(encoding="utf-8")
    assert "Secret-123" not in text
    assert json.loads(text)["sslmode"] == "require"
    assert list(kept.values()) == ["Secret-123"]
    assert tab.password.text() == ""
    assert engines.configured_url() == (
        "postgresql+psycopg://zhangsan@192.168.1.10:5432/wrc?sslmode=require"
    )
    assert engines.chosen_clerk() == "张三"  # the name the register's rows will carry


def test_missing_fields_are_named(register, qtbot):
    tab = _tab(register, qtbot)
    tab.enabled.setChecked(True)
    tab.database.setText("")
    assert not tab.save()
    assert tab.status.text() == "请填写服务器、数据库、用户"
    assert engines.configured_url() is None


def test_test_connection_reaches_the_server(register, qtbot, pg_url):
    parsed = engines.normalise(pg_url)
    tab = _tab(register, qtbot)
    tab.host.setText(parsed.host)
    tab.port.setValue(parsed.port)
    tab.database.setText(parsed.database)
    tab.user.setText(parsed.username)
    tab.sslmode.setCurrentIndex(tab.sslmode.findData("disable"))
    tab.test_connection()
    qtbot.waitUntil(lambda: "连接成功" in tab.status.text(), timeout=15_000)
    assert parsed.username in tab.status.text()


def test_the_saved_server_is_the_register_at_the_next_start(register, qtbot, pg_url):
    parsed = engines.normalise(pg_url)
    server_settings.save(
        server_settings.ServerSettings(
            host=parsed.host,
            port=parsed.port,
            database=parsed.database,
            user=parsed.username,
            sslmode="disable",
            enabled=True,
        )
    )
    opened = open_configured()
    try:
        assert opened.shared and opened.location.endswith(f"/{parsed.database}?sslmode=disable")
    finally:
        opened.close()
