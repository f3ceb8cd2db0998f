"""The one writer: writes run off the UI thread, in order, and report back on the UI thread.

Nothing here measures time (the machine running the tests is shared): each test holds the
work on an event that only the UI thread can release, so a blocked event loop shows as a
write that never finishes, and order is asserted from what ran, not from when.
"""

from __future__ import annotations

import threading

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QMessageBox, QPushButton
from sqlmodel import select

from tests.conftest import TODAY
from tests.helpers import desk_over, unit_data, uscc_code
from wrc_desktop.desk import Changes
from wrc_desktop.desk import units as desk_units
from wrc_desktop.gui.dialogs.unit_dialog import UnitDialog
from wrc_desktop.gui.doors.operations import RegisterOps
from wrc_desktop.rules.errors import WrcError
from wrc_desktop.store import unit_records
from wrc_desktop.store.models import Unit

HELD = 10.0  # seconds a held write waits at most for the UI thread to release it


def _unit_names(register) -> list[str]:
    with register.session() as session:
        return [unit.name for unit in session.exec(select(Unit).order_by(Unit.id))]


def _create(name: str, uscc: str | None = None):
    """A write that adds a unit and says so."""

    def op(desk) -> tuple[int, Changes]:
        data = unit_data(name=name, **({"uscc": uscc} if uscc else {}))
        unit_id = desk._run(lambda session: unit_records.create_unit(session, data=data).id)
        return unit_id, Changes(units=True)

    return op


def test_a_write_runs_on_another_thread_and_reports_back_on_the_ui_thread(register, qtbot):
    ops = RegisterOps(desk_over(register, TODAY))
    ui_thread = threading.get_ident()
    seen: dict[str, int] = {}
    make = _create("乙公司")

    def op(desk) -> tuple[int, Changes]:
        seen["op"] = threading.get_ident()
        return make(desk)

    with qtbot.waitSignal(ops.changed, timeout=5_000) as heard:
        assert ops.write(
            op, success=lambda _unit_id: seen.setdefault("success", threading.get_ident())
        )
    assert seen["op"] != ui_thread
    assert seen["success"] == ui_thread
    assert heard.args == [Changes(units=True), None]  # what changed, and no page asked
    assert _unit_names(register) == ["乙公司"]


def test_a_held_write_leaves_the_event_loop_running_and_a_query_is_not_delayed(register, qtbot):
    """The write waits for an event only a UI-thread timer sets: it can finish only if the event
    loop keeps turning; a query asked meanwhile is answered while the write is still held."""
    ops = RegisterOps(desk_over(register, TODAY))
    release, events = threading.Event(), []
    make = _create("慢公司")

    def held(desk) -> tuple[int, Changes]:
        events.append("write started")
        assert release.wait(HELD), "the UI thread never released the write"
        events.append("write finished")
        return make(desk)

    ops.write(held, success=lambda _id: events.append("write reported"))
    events.append("write queued")  # write() returned at once, before the work ran to its end
    ops.query(
        desk_units.has_units,
        success=lambda has: (events.append(f"query answered ({has})"), release.set()),
    )
    QTimer.singleShot(0, lambda: events.append("timer fired"))
    assert ops.wait(int(HELD * 2000))
    assert events.index("write queued") < events.index("write finished")
    assert events.index("timer fired") < events.index("write finished")
    assert events.index("query answered (False)") < events.index("write finished")
    assert events[-1] == "write reported"
    assert _unit_names(register) == ["慢公司"]


def test_two_writes_submitted_in_a_row_run_and_report_in_order(register, qtbot):
    ops = RegisterOps(desk_over(register, TODAY))
    ran: list[str] = []
    reported: list[str] = []
    second_queued = threading.Event()
    first, second = _create("第一"), _create("第二", uscc_code("91110101MA02XY8"))

    def held_first(desk) -> tuple[int, Changes]:
        assert second_queued.wait(HELD)  # the second is queued before this one ends
        ran.append("第一")
        return first(desk)

    def then_second(desk) -> tuple[int, Changes]:
        ran.append("第二")
        _id, changes = second(desk)
        return len(desk_units.choices(desk)[0]), changes

    ops.write(held_first, success=lambda _r: reported.append("第一"))
    ops.write(then_second, success=lambda count: reported.append(f"第二（共 {count} 个单位）"))
    assert ops.pending == 2
    second_queued.set()
    assert ops.wait(int(HELD * 2000))
    assert ran == ["第一", "第二"]
    assert reported == ["第一", "第二（共 2 个单位）"]
    assert _unit_names(register) == ["第一", "第二"]


def test_an_error_reaches_failure_on_the_ui_thread_and_nothing_is_half_written(register, qtbot):
    ops = RegisterOps(desk_over(register, TODAY))
    ui_thread = threading.get_ident()
    failures: list[tuple[str, int]] = []
    button = QPushButton("保存")
    qtbot.addWidget(button)

    def half(session) -> None:
        unit_records.create_unit(session, data=unit_data(name="写了一半"))
        session.flush()  # the row is in the transaction…
        raise WrcError("第二步失败")  # …and must go with it

    ops.write(
        lambda d: (d._run(half), Changes(units=True))[1],
        failure=lambda error: failures.append((str(error), threading.get_ident())),
        busy=button,
    )
    assert not button.isEnabled()  # no second click while the first save is under way
    assert ops.wait(5_000)
    assert failures == [("第二步失败", ui_thread)]
    assert button.isEnabled()
    assert _unit_names(register) == []


def test_an_unexpected_error_is_shown_and_rolled_back(register, qtbot, monkeypatch):
    ops = RegisterOps(desk_over(register, TODAY))
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _parent, _title, text: shown.append(text))
    changed: list[bool] = []
    ops.changed.connect(lambda: changed.append(True))

    def broken(session) -> None:
        unit_records.create_unit(session, data=unit_data(name="不该留下"))
        session.flush()
        raise RuntimeError("磁盘出错")

    ops.write(
        lambda d: (d._run(broken), Changes(units=True))[1],
        failure=lambda error: shown.append("failure 不应收到意外错误"),
    )
    assert ops.wait(5_000)
    # The clerk reads what happened in Chinese; the raw error (which may carry SQL parameters) goes to the log.
    assert len(shown) == 1 and "数据未作任何修改" in shown[0] and "磁盘出错" not in shown[0]
    assert changed == [] and _unit_names(register) == []


def test_a_dialog_stays_open_while_its_save_waits_and_closes_when_written(register, qtbot):
    ops = RegisterOps(desk_over(register, TODAY))
    dialog = UnitDialog(ops)
    assert dialog.ops.wait()  # the dialog fills when the register's answer arrives
    qtbot.addWidget(dialog)
    dialog.show()
    release = threading.Event()
    ops.write(lambda _desk: (release.wait(HELD), Changes())[1])  # an earlier write, held
    ui = dialog.ui
    ui.nameEdit.setText("丙公司")
    ui.usccEdit.setText(uscc_code())
    ui.districtCombo.setCurrentIndex(ui.districtCombo.findData("haidian"))
    dialog.save()
    assert not ui.buttonBox.isEnabled()
    dialog.reject()  # Esc while saving: ignored, the clerk must see how it ended
    assert dialog.isVisible()
    release.set()
    assert ops.wait(int(HELD * 1000))
    assert dialog.result() == dialog.DialogCode.Accepted and not dialog.isVisible()
    assert _unit_names(register) == ["丙公司"]


def test_views_of_one_register_share_its_one_writer(register, qapp):
    first, second = RegisterOps(desk_over(register, TODAY)), RegisterOps(desk_over(register, TODAY))
    assert first.writer is second.writer
    assert first.long_worker is second.long_worker and first.long_worker is not first.writer


def test_at_quit_queued_writes_are_finished_before_the_register_closes(register, qapp):
    ops = RegisterOps(desk_over(register, TODAY))
    started = threading.Event()
    make = _create("退出前保存")

    def slow(desk) -> tuple[int, Changes]:
        started.set()
        return make(desk)

    ops.write(slow)
    ops._drain()  # what aboutToQuit runs: blocks until the writer thread is done
    assert started.is_set() and _unit_names(register) == ["退出前保存"]
    assert ops.wait(5_000)
