"""Shared fixtures. Tests run headless: Qt is told to draw offscreen before anything imports it."""

from __future__ import annotations

import datetime as dt
import faulthandler
import os
import sys
from pathlib import Path

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


# Tests here run on SQLite and on PostgreSQL (the store, the core, the command line);
# the windows' tests stay on SQLite.
BOTH_ENGINES_FOLDERS = {"store"}
TESTS_DIR = Path(__file__).parent


def _on_both_engines(path: Path, fixtures: list[str]) -> bool:
    """Command-line tests, and store tests that use a register (not the pure parsers)."""
    relative = path.relative_to(TESTS_DIR)
    if relative.name.startswith("test_cli"):
        return True
    return relative.parts[0] in BOTH_ENGINES_FOLDERS and "register" in fixtures


def pytest_generate_tests(metafunc):
    if "database_engine" not in metafunc.fixturenames:
        return
    if not _on_both_engines(Path(metafunc.definition.path), metafunc.fixturenames):
        return
    if metafunc.definition.get_closest_marker("sqlite_only"):
        return
    if metafunc.definition.get_closest_marker("postgresql_only"):
        metafunc.parametrize("database_engine", ["postgresql"], indirect=True)
        return
    metafunc.parametrize("database_engine", ["sqlite", "postgresql"], indirect=True)


@pytest.fixture(scope="session")
def pg_cluster():
    """A throwaway PostgreSQL server for this test run (tests/pg_fixture.py)."""
    from tests.pg_fixture import Unavailable, start_cluster

    try:
        cluster = start_cluster()
    except Unavailable as error:
        cluster = error
    except Exception as error:  # noqa: BLE001 - e.g. a server that would not start in time
        cluster = Unavailable(f"{type(error).__name__}: {error}")
    yield cluster
    if not isinstance(cluster, Unavailable):
        for stop in cluster.stop:
            stop()


def fresh_pg_database(request) -> str:
    """A new, migrated database on the test server; its URL. Skips (saying why) without one."""
    from tests.pg_fixture import Unavailable

    cluster = request.getfixturevalue("pg_cluster")
    if isinstance(cluster, Unavailable):
        if os.environ.get("WRC_REQUIRE_POSTGRESQL") == "1":  # CI: never lose these tests quietly
            pytest.fail(f"PostgreSQL not available: {cluster}")
        pytest.skip(f"PostgreSQL not available: {cluster}")
    name = cluster.create_database()
    request.addfinalizer(lambda: cluster.drop_database(name))
    return cluster.url(name)


@pytest.fixture
def pg_url(request) -> str:
    """A fresh, migrated database on the test server (tests of the shared register only)."""
    return fresh_pg_database(request)


@pytest.fixture(autouse=True)
def database_engine(request, monkeypatch):
    """Which engine the register is on: "sqlite" (the data folder's file) or "postgresql"
    (a fresh database, given to the app as ``WRC_DATABASE_URL``)."""
    from wrc_desktop.store import engines

    engine = getattr(request, "param", "sqlite")
    monkeypatch.delenv(engines.ENV_DATABASE_URL, raising=False)
    engines.set_database_url(None)
    if engine == "postgresql":
        monkeypatch.setenv(engines.ENV_DATABASE_URL, fresh_pg_database(request))
    yield engine
    engines.set_database_url(None)


@pytest.fixture
def register(isolated_data_dir, database_engine):
    """An empty register: the data folder's file, or a fresh PostgreSQL database."""
    from wrc_desktop.store.db import open_configured

    opened = open_configured()
    yield opened
    opened.close()


@pytest.fixture
def demo_register(register):
    """The demo register (4 units, 200 holders) dated relative to :data:`TODAY`."""
    from wrc_desktop.store.demo import load_demo

    with register.session() as session:
        load_demo(session, today=TODAY)
    return register


_crash_report_fd: int | None = None


def pytest_configure(config):
    """Where a hard crash's stacks go when a test has turned faulthandler off."""
    global _crash_report_fd
    _crash_report_fd = os.dup(sys.__stderr__.fileno())


@pytest.fixture(autouse=True)
def crash_stacks_stay_on():
    """A hard crash prints every thread's stack here, also after a test that started the app:
    its main() sends faulthandler to that test's data folder (logs/faults.log), or turns it off
    when logging stops, so a later segfault printed nothing at all."""
    yield
    if _crash_report_fd is not None:
        faulthandler.enable(file=_crash_report_fd, all_threads=True)


@pytest.fixture(autouse=True)
def collections_on_the_ui_thread(request):
    """A test with Qt collects cyclic garbage on the UI thread only, as the app does
    (wrc_desktop/gui/doors/ui_collections.py): a collection started on a worker finalised the
    widgets of earlier tests there, and their timers later crashed the process. A test without
    Qt gets Python's automatic collection back (after one collection on this thread)."""
    uses_qt = "qapp" in request.fixturenames or "qtbot" in request.fixturenames
    if not uses_qt and "wrc_desktop.gui.doors.ui_collections" not in sys.modules:
        yield  # no Qt in this process yet: nothing to hand over
        return
    from wrc_desktop.gui.doors import ui_collections

    if not uses_qt:
        ui_collections.collect_automatically()
        yield
        return
    request.getfixturevalue("qapp")
    ui_collections.collect_on_ui_thread()  # also after a test that turned collection on
    yield
    ui_collections.collect_due()  # a test that runs no event loop leaves no pile behind


@pytest.hookimpl(hookwrapper=True, tryfirst=True)
def pytest_runtest_teardown(item):
    """Windows a test leaves open with typed edits close without the discard question.

    pytest-qt closes the test's widgets before the fixtures end; a form still holding edits
    would ask "放弃未保存的修改？" and wait for an answer nobody gives. The tests of that
    question answer it themselves (tests/gui/test_unsaved_edits.py)."""
    if "PySide6.QtWidgets" in sys.modules:
        from PySide6.QtWidgets import QApplication

        from wrc_desktop.gui.widgets.unsaved import UnsavedGuard

        for (
            widget
        ) in QApplication.topLevelWidgets():  # the dialogs (a tab's edits ask nothing on close)
            guard = getattr(widget, "unsaved", None)
            if isinstance(guard, UnsavedGuard):
                guard.forget()
    yield
