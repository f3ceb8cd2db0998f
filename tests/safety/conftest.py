"""Fixtures for the safety tests: a register with one unit, and a main window over it."""

from __future__ import annotations

import pytest

from tests.gui.conftest import shown_window
from tests.helpers import unit_data
from wrc_desktop.store import unit_records


@pytest.fixture
def unit_register(register):
    """A register holding one unit (the default one), named 甲公司."""
    with register.session() as session:
        unit_records.create_unit(session, data=unit_data(name="甲公司"))
    return register


@pytest.fixture
def main_window(unit_register, qtbot):
    window = shown_window(unit_register, qtbot)
    yield window
    assert window.ops.wait()  # nothing left running against a register the fixture closes
