"""The 待办 model filled from lists grouped on the thread that computed them."""

from __future__ import annotations

import gc

from tests.conftest import TODAY
from tests.helpers import desk_over
from wrc_desktop.desk.due import due_list
from wrc_desktop.gui.models import long_lived
from wrc_desktop.gui.models.due_model import DueModel, group_due
from wrc_desktop.rules.due import URGENCIES


def _rows(model: DueModel) -> list[object]:
    return [model.item_at(row) or model.group_at(row) for row in range(model.rowCount())]


def test_grouped_elsewhere_shows_the_rows_a_load_here_would(demo_register, qtbot):
    due = due_list(desk_over(demo_register, TODAY))
    assert due.shown  # the demo register has warnings in several groups
    here, grouped_there = DueModel(), DueModel()
    here.load(due, show_hidden=True)
    grouped = group_due(due)
    assert list(grouped.groups) == list(URGENCIES)
    assert sum(len(items) for items in grouped.groups.values()) == len(due.shown)
    grouped_there.load(due, show_hidden=True, grouped=grouped)
    assert _rows(grouped_there) == _rows(here)
    assert grouped_there.counts() == here.counts()
    # Grouped for another list (one replaced meanwhile): the model groups the list it is given.
    other = DueModel()
    other.load(due, show_hidden=True, grouped=group_due(due_list(desk_over(demo_register, TODAY))))
    assert _rows(other) == _rows(here)


def _walked(thing: object) -> bool:
    """Whether the cycle collector's passes walk ``thing`` (frozen objects are left out)."""
    return any(candidate is thing for candidate in gc.get_objects())


def test_start_objects_are_kept_out_of_collections_once_per_arrival():
    arrival = f"a test's arrival {id(object())}"  # a name no start has used
    made_before = [object()]
    assert _walked(made_before)
    try:
        assert long_lived.keep_out_of_collections(arrival)
        assert not _walked(made_before)  # frozen: no full pass walks it again
        made_after = [object()]
        assert not long_lived.keep_out_of_collections(arrival)  # once per arrival, not again
        assert _walked(made_after)
    finally:
        gc.unfreeze()  # the next tests start as a process does
