"""Shared fixtures. Tests run headless: Qt is told to draw offscreen before anything imports it."""

from __future__ import annotations

import datetime as dt
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest

from wrc_desktop import paths

# The day the fixed-date tests and the demo register treat as "today".
TODAY = dt.date(2026, 11, 22)


@pytest.fixture(autouse=True)
def isolated_data_dir(tmp_path, monkeypatch):
    """Every test gets its own data folder; nothing touches the real user's register."""
    folder = tmp_path / "data"
    monkeypatch.setenv(paths.ENV_DATA_DIR, str(folder))
    paths.set_data_dir(None)
    yield folder
    paths.set_data_dir(None)


@pytest.fixture
def register(isolated_data_dir):
    """An empty register in the test's data folder."""
    from wrc_desktop.store.db import open_register

    opened = open_register(paths.database_path(), paths.backups_dir())
    yield opened
    opened.close()


@pytest.fixture
def demo_register(register):
    """The demo register (4 units, 200 holders) dated relative to :data:`TODAY`."""
    from wrc_desktop.store.demo import load_demo

    with register.session() as session:
        load_demo(session, today=TODAY)
    return register
