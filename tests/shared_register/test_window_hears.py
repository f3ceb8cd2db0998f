"""A change saved in one clerk's window reaches the other clerk's open window, without a reload."""

from __future__ import annotations

from tests.helpers import holder_data, id_number, unit_data
from wrc_desktop.desk import Changes
from wrc_desktop.desk import holders as desk_holders
from wrc_desktop.gui.doors.operations import RegisterOps
from wrc_desktop.store import holder_records, unit_records


def test_a_save_in_one_window_refreshes_the_other(qtbot, two_desks):
    zhang, li = two_desks
    with zhang._session() as session:
        unit_id = unit_records.create_unit(session, data=unit_data()).id
    zhang_ops, li_ops = RegisterOps(zhang), RegisterOps(li)
    heard_by_zhang: list[Changes] = []
    zhang_ops.changed.connect(lambda changes, _by: heard_by_zhang.append(changes))

    created: list[int] = []
    with qtbot.waitSignal(li_ops.changed, timeout=10_000) as li_heard:
        zhang_ops.write(
            lambda desk: desk_holders.create_holder(
                desk,
                unit_id=unit_id,
                holder=holder_data(id_number=id_number(sequence="321")),
                permit=None,
                family=[],
            ),
            success=created.append,
        )
    assert li_heard.args == [
        Changes.of_holders(created),
        None,
    ]  # typed, not "everything"; no page asked
    with li._session() as session:  # and 李四's core reads the new holder
        assert holder_records.get_holder(session, created[0]).id_number == id_number(sequence="321")
    qtbot.wait(1500)  # 张三's own window heard its write once, locally, not again from the server
    assert heard_by_zhang == [Changes.of_holders(created)]
