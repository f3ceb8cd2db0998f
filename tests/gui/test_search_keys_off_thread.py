"""The register's search keys are made off the UI thread once the rows are shown, and keys
made from rows that have changed since are not taken."""

from __future__ import annotations

import threading

from PySide6.QtCore import Qt

from tests.conftest import TODAY
from tests.helpers import desk_over
from wrc_desktop.desk.holders import snapshot
from wrc_desktop.gui.models import register_model
from wrc_desktop.gui.models.register_model import Column, RegisterFilter, RegisterModel
from wrc_desktop.gui.models.search import search_keys_of
from wrc_desktop.gui.shell.main_window import SECTIONS, MainWindow


def test_the_keys_are_made_on_a_worker_when_the_page_is_first_looked_at(
    demo_register, qtbot, monkeypatch
):
    made_on: list[str] = []

    def watched(rows):
        if rows:  # (the empty register the page is built with sorts by name: no keys to make)
            made_on.append(threading.current_thread().name)
        return search_keys_of(rows)

    monkeypatch.setattr(register_model, "search_keys_of", watched)
    window = MainWindow(desk_over(demo_register, TODAY))
    qtbot.addWidget(window)
    window.show()
    assert window.ops.wait()
    assert window.nav.currentRow() == SECTIONS.index("待办")  # the start goes to 待办 ...
    assert made_on == []  # ... and makes no keys (their pinyin dictionary is 50 MiB)
    window.show_section("登记册")
    window.show_section("待办")
    window.show_section("登记册")  # shown again before they came: asked for once
    assert window.ops.wait()
    assert made_on == []  # ... once the table has painted, not while it first paints
    window.page.view.viewport().repaint()
    qtbot.waitUntil(lambda: bool(made_on))
    assert window.ops.wait()
    model = window.page.model
    assert len(made_on) == 1 and made_on[0] != threading.main_thread().name
    assert (model._keys, model._pinyin) == search_keys_of(model._rows)
    window.page.search.setText("zs")  # searching makes none on the UI thread
    window.page.apply_filter()
    assert len(made_on) == 1


def _loaded(register) -> RegisterModel:
    model = RegisterModel()
    model.load(snapshot(desk_over(register, TODAY)))
    return model


def test_keys_of_rows_sorted_or_edited_since_are_not_taken(demo_register):
    model = _loaded(demo_register)
    work = model.search_keys_work()
    assert work is not None
    model.sort(Column.EXPIRY, Qt.SortOrder.DescendingOrder)  # a new order: other rows' keys
    assert not model.take_search_keys(work())
    assert model._keys is None

    model = _loaded(demo_register)
    work = model.search_keys_work()
    assert work is not None
    first = model.holder_id_at(0)
    model.update_rows(frozenset({first}), snapshot(desk_over(demo_register, TODAY), [first]))
    assert not model.take_search_keys(work())  # made before the edit


def test_keys_still_of_the_rows_are_taken_and_searched(demo_register):
    model = _loaded(demo_register)
    work = model.search_keys_work()
    assert work is not None
    assert model.take_search_keys(work())
    assert model.search_keys_work() is None  # nothing left to make
    name = model.row_at(0).name
    model.set_filter(RegisterFilter(text=name))
    assert name in {model.row_at(row).name for row in range(model.rowCount())}
