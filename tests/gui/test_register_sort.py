"""The register's sort by buckets of equal keys gives what one stable sort of every row gives."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from tests.conftest import TODAY
from tests.helpers import desk_over
from wrc_desktop.desk.holders import snapshot
from wrc_desktop.gui.models.register_model import Column, RegisterFilter, RegisterModel


@pytest.mark.parametrize("order", [Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder])
def test_every_column_sorts_as_one_stable_sort_with_blanks_last(demo_register, order):
    model = RegisterModel()
    model.load(snapshot(desk_over(demo_register, TODAY)))
    model.set_filter(RegisterFilter(show_left=True))
    descending = order == Qt.SortOrder.DescendingOrder
    for column in Column:
        before = [row.holder_id for row in model._rows]
        keys = model._sort_keys(column)
        present = [i for i, key in enumerate(keys) if key is not None]
        expected = sorted(present, key=keys.__getitem__, reverse=descending)
        expected += [i for i, key in enumerate(keys) if key is None]
        model.sort(column, order)
        assert [row.holder_id for row in model._rows] == [before[i] for i in expected], column
    assert len({row.holder_id for row in model._rows}) == model.total_count == 200
