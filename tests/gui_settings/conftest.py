"""Fixtures for the settings page and the first-run wizard: settings in the test's data folder, pages over a register."""

from __future__ import annotations

import pytest

from tests.conftest import TODAY
from tests.gui.conftest import demo_window, on_modal, window  # noqa: F401 - fixtures shared with the window tests
from tests.helpers import desk_over


@pytest.fixture
def settings(isolated_data_dir, qapp):
    from wrc_desktop.gui.settings import Settings, configure_location

    configure_location()
    return Settings()


@pytest.fixture
def overrides(isolated_data_dir):
    from wrc_desktop import paths

    return paths.overrides_dir()


def _page(register, settings, overrides, qtbot):
    from wrc_desktop.gui.doors.operations import RegisterOps
    from wrc_desktop.gui.settings.page import SettingsPage

    ops = RegisterOps(desk_over(register, TODAY))
    page = SettingsPage(ops, settings, overrides=overrides, today=lambda: TODAY)
    qtbot.addWidget(page)
    page.resize(1100, 720)
    page.show()
    assert page.ops.wait()  # the tabs fill when the register's answers arrive
    # Tests never open a file manager or a native file dialog.
    page.folders.open_folder = lambda folder: None
    return page


@pytest.fixture
def page(register, settings, overrides, qtbot):
    return _page(register, settings, overrides, qtbot)


@pytest.fixture
def demo_page(demo_register, settings, overrides, qtbot):
    return _page(demo_register, settings, overrides, qtbot)
