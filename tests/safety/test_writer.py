"""The one writer: writes run off the UI thread, in order, and report back on the UI thread."""

from __future__ import annotations

import itertools
import threading
import time

from PySide6.QtCore import QElapsedTimer, QTimer
from PySide6.QtWidgets import QMessageBox, QPushButton
from sqlmodel import select

from tests.conftest import TODAY
from tests.helpers import desk_over, unit_data, uscc_code
from wrc_desktop.gui.dialogs.unit_dialog import UnitDialog
from wrc_desktop.gui.doors.operations import RegisterOps
from wrc_desktop.rules.errors import WrcError
from wrc_desktop.store import unit_records
from wrc_desktop.store.models import Unit


def _unit_names(register) -> list[str]:
    with register.session() as session:
        return [unit.name for unit in session.exec(select(Unit).order_by(Unit.id))]


def test_a_write_runs_on_another_thread_and_reports_back_on_the_ui_thread(register, qtbot):
    ops = RegisterOps(desk_over(register, TODAY))
    ui_thread = threading.get_ident()
    seen: dict[str, int] = {}

    def op(session) -> int:
        seen["op"] = threading.get_ident()
        return unit_records.create_unit(session, data=unit_data(name="乙公司")).id

    with qtbot.waitSignal(ops.changed, timeout=5_000):
        assert ops.write(
            lambda d: d._run(op),
            success=lambda _unit_id: seen.setdefault("success", threading.get_ident()),
        )
    assert seen["op"] != ui_thread
    assert seen["success"] == ui_thread
    assert _unit_names(register) == ["乙公司"]


def test_a_slow_write_never_stops_the_event_loop(register, qtbot):
    """A deliberately slow op (0.6 s): a 10 ms timer keeps firing while it runs."""
    ops = RegisterOps(desk_over(register, TODAY))
    ticks: list[int] = []
    clock = QElapsedTimer()
    clock.start()
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(lambda: ticks.append(clock.elapsed()))
    timer.start()
    done = []

    def slow(session) -> None:
        unit_records.create_unit(session, data=unit_data(name="慢公司"))
        time.sleep(0.6)

    started = time.perf_counter()
    ops.write(lambda d: d._run(slow), success=done.append)
    submit_ms = (time.perf_counter() - started) * 1000
    qtbot.waitUntil(lambda: bool(done), timeout=5_000)
    timer.stop()
    gaps = [later - earlier for earlier, later in itertools.pairwise(ticks)]
    assert submit_ms < 50, f"write() held the UI thread {submit_ms:.0f} ms"
    assert len(ticks) >= 30, f"only {len(ticks)} timer ticks during a 600 ms write"
    assert max(gaps) < 100, f"the event loop stalled {max(gaps)} ms"
    print(f"submit {submit_ms:.1f} ms; {len(ticks)} ticks; longest gap {max(gaps)} ms")
    assert _unit_names(register) == ["慢公司"]


def test_two_writes_submitted_in_a_row_run_and_report_in_order(register, qtbot):
    ops = RegisterOps(desk_over(register, TODAY))
    ran: list[str] = []
    reported: list[str] = []

    def first(session) -> None:
        time.sleep(0.2)  # the second is queued long before this ends
        unit_records.create_unit(session, data=unit_data(name="第一"))
        ran.append("第一")

    def second(session) -> int:
        ran.append("第二")
        unit_records.create_unit(
            session, data=unit_data(name="第二", uscc=uscc_code("91110101MA02XY8"))
        )
        return len(unit_records.list_units(session))

    ops.write(lambda d: d._run(first), success=lambda _r: reported.append("第一"))
    ops.write(
        lambda d: d._run(second),
        success=lambda count: reported.append(f"第二（共 {count} 个单位）"),
    )
    assert ops.pending == 2
    assert ops.wait(5_000)
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
        lambda d: d._run(half),
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
        lambda d: d._run(broken), failure=lambda error: shown.append("failure 不应收到意外错误")
    )
    assert ops.wait(5_000)
    # The clerk reads what happened in Chinese; the raw error (which may carry SQL parameters) goes to the log.
    assert len(shown) == 1 and "数据未作任何修改" in shown[0] and "磁盘出错" not in shown[0]
    assert changed == [] and _unit_names(register) == []


def test_a_dialog_stays_open_while_its_save_waits_and_closes_when_written(register, qtbot):
    ops = RegisterOps(desk_over(register, TODAY))
    ops.write(lambda _desk: time.sleep(0.3))  # an earlier write still running
    dialog = UnitDialog(ops)
    qtbot.addWidget(dialog)
    dialog.show()
    ui = dialog.ui
    ui.nameEdit.setText("丙公司")
    ui.usccEdit.setText(uscc_code())
    ui.districtCombo.setCurrentIndex(ui.districtCombo.findData("haidian"))
    dialog.save()
    assert not ui.buttonBox.isEnabled()
    dialog.reject()  # Esc while saving: ignored, the clerk must see how it ended
    assert dialog.isVisible()
    assert ops.wait(5_000)
    assert dialog.result() == dialog.DialogCode.Accepted and not dialog.isVisible()
    assert _unit_names(register) == ["丙公司"]


def test_views_of_one_register_share_its_one_writer(register, qapp):
    first, second = RegisterOps(desk_over(register, TODAY)), RegisterOps(desk_over(register, TODAY))
    assert first.writer is second.writer


def test_at_quit_queued_writes_are_finished_before_the_register_closes(register, qapp):
    ops = RegisterOps(desk_over(register, TODAY))

    def slow(session) -> None:
        time.sleep(0.2)
        unit_records.create_unit(session, data=unit_data(name="退出前保存"))

    ops.write(lambda d: d._run(slow))
    ops._drain()  # what aboutToQuit runs: blocks until the writer thread is done
    assert _unit_names(register) == ["退出前保存"]
    assert ops.wait(5_000)
