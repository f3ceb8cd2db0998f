"""The 办理事项 view, the new-case dialog and the case window, driven as the clerk would."""

from __future__ import annotations

import datetime as dt

import pytest
from PIL import Image
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QDropEvent
from PySide6.QtWidgets import QMessageBox

from tests.conftest import TODAY
from tests.helpers import desk_over, rules_on
from wrc_desktop.desk import Changes, case_lifecycle
from wrc_desktop.gui.doors.operations import RegisterOps
from wrc_desktop.store import case_items, case_views, cases
from wrc_desktop.store.models import Holder, Unit


@pytest.fixture
def haidian_holder(demo_register):
    from sqlmodel import select

    with demo_register.session() as session:
        holder = session.exec(
            select(Holder)
            .join(Unit, Unit.id == Holder.unit_id)
            .where(Unit.district == "haidian", Holder.status == "active")
            # Born from 1980: well under 海淀's "未达退休年龄" (an older one is refused).
            .where(Holder.birth_date >= dt.date(1980, 1, 1))
        ).first()
        return holder.id, holder.name


@pytest.fixture
def case_id(demo_register, haidian_holder):
    with demo_register.session() as session:
        return case_lifecycle.create_case(
            session,
            holder_id=haidian_holder[0],
            kind="renewal",
            rules=rules_on(TODAY),
            submit_on=TODAY + dt.timedelta(days=9),
        ).id


@pytest.fixture
def no_external_open(monkeypatch):
    opened = []
    monkeypatch.setattr(
        QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True
    )
    return opened


def _ops(register, tmp_path):
    """The doors to a desk over ``register`` whose case folders go to ``tmp_path / "cases"``."""
    desk = desk_over(register, TODAY)
    desk.save_preferences(desk.preferences().with_changes(case_root=tmp_path / "cases"))
    return RegisterOps(desk)


def test_cases_view_lists_cases_and_opens_one(
    qtbot, demo_register, case_id, haidian_holder, tmp_path
):
    from wrc_desktop.gui.pages.cases_view import CasesView

    view = CasesView(_ops(demo_register, tmp_path))
    qtbot.addWidget(view)
    view.resize(1100, 360)
    view.show()
    assert view.ops.wait()  # the list is computed in the background
    model = view.model
    assert model.rowCount() == 1
    texts = [model.index(0, c).data() for c in range(model.columnCount())]
    assert texts[:5] == ["2026-0001", haidian_holder[1], "续签", "海淀区", "准备中"]
    # 5 items + 海淀's system photo (002 四（一）"系统照片应为申请人近期一寸免冠白底彩色证件照").
    assert texts[5] == (TODAY + dt.timedelta(days=9)).isoformat() and texts[7] == "缺 6 项"
    view.grab().save(str(tmp_path / "cases_view.png"))
    with qtbot.waitSignal(view.open_case) as signal:
        view.table.doubleClicked.emit(model.index(0, 1))
    assert signal.args == [case_id]


def test_cases_are_listed_at_once_and_their_checks_fill_in_behind(
    qtbot, demo_register, tmp_path, monkeypatch
):
    from sqlmodel import select

    from wrc_desktop.desk import Changes
    from wrc_desktop.desk import cases as desk_cases
    from wrc_desktop.gui.pages import cases_view
    from wrc_desktop.gui.pages.cases_view import CHECKING, HEADERS, CasesView

    with demo_register.session() as session:
        holders = session.exec(
            select(Holder).where(Holder.status == "active").order_by(Holder.id)
        ).all()[:5]
        made = [
            case_lifecycle.create_case(
                session, holder_id=h.id, kind="general-change", rules=rules_on(TODAY)
            )
            for h in holders
        ]
        ids = {case.id: case.holder_id for case in made}
    monkeypatch.setattr(cases_view, "FIRST_CHECKS", 2)  # a long list, in small steps
    monkeypatch.setattr(cases_view, "MORE_CHECKS", 2)
    asked: list[list[int]] = []
    summaries = desk_cases.summaries

    def counted(desk, **kwargs):
        asked.append(sorted(kwargs.get("case_ids") or []))
        return summaries(desk, **kwargs)

    monkeypatch.setattr(desk_cases, "summaries", counted)
    view = CasesView(_ops(demo_register, tmp_path))
    qtbot.addWidget(view)
    qtbot.waitUntil(lambda: view.model.rowCount() == 5 and not view.checking, timeout=20_000)
    assert sorted(len(step) for step in asked) == [1, 2, 2]  # newest first, two at a time
    assert view.model.rows == summaries(view.ops.desk)  # the very rows of ``wrc case list``
    assert view.summary.text() == "共 5 件，其中可提交 0 件"
    ready = HEADERS.index("材料")
    assert all(view.model.index(n, ready).data() != CHECKING for n in range(5))

    # A list whose checks are not in yet says so in its own words, row by row.
    heads = desk_cases.heads(view.ops.desk)
    view.model.set_rows(heads)
    assert view.model.index(0, ready).data() == CHECKING
    assert view.model.index(0, 1).data() == heads[0].holder_name
    view.model.add_checks(summaries(view.ops.desk, case_ids=[heads[0].id]))
    assert view.model.index(0, ready).data() != CHECKING
    assert view.model.index(1, ready).data() == CHECKING
    view.refresh()
    qtbot.waitUntil(lambda: not view.checking, timeout=20_000)

    # A write that touched one holder: only that holder's case is checked again.
    asked.clear()
    first_case, first_holder = next(iter(ids.items()))
    view.ops.changed.emit(Changes.of_holders([first_holder]), None)
    qtbot.waitUntil(lambda: bool(asked) and not view.checking, timeout=20_000)
    assert view.ops.wait() and asked == [[first_case]]
    asked.clear()
    view.ops.changed.emit(Changes.of_holders([-1]), None)  # a holder without cases: nothing to do
    assert view.ops.wait() and asked == []
    view.ops.changed.emit(Changes(units=True), None)  # a unit's flags: every case again
    qtbot.waitUntil(lambda: sum(map(len, asked)) == 5 and not view.checking, timeout=20_000)
    assert view.model.rows == summaries(view.ops.desk)


def test_new_case_dialog_creates_a_case(qtbot, demo_register, haidian_holder, tmp_path):
    """The dialog closes once the writer thread has committed the case."""
    from wrc_desktop.gui.dialogs.new_case_dialog import NewCaseDialog
    from wrc_desktop.gui.pages.cases_view import CasesView

    view = CasesView(_ops(demo_register, tmp_path))
    qtbot.addWidget(view)
    dialog = NewCaseDialog(view.ops, holder_id=haidian_holder[0])
    assert dialog.ops.wait()  # the dialog fills when the register's answer arrives
    qtbot.addWidget(dialog)
    dialog.kind.setCurrentIndex(dialog.kind.findData("new"))
    assert dialog.clause.isEnabled() and dialog.clause.currentData() == "1"
    dialog.housing.setCurrentIndex(dialog.housing.findData("rented"))
    dialog.create_case()
    assert view.ops.wait()
    assert (
        dialog.error.text() == ""
        and dialog.case_id is not None
        and dialog.result() == dialog.DialogCode.Accepted
    )
    with demo_register.session() as session:
        case = cases.get_case(session, dialog.case_id)
        assert (case.kind, case.clause, case.housing) == ("new", 1, "rented")
        assert (tmp_path / "cases" / case.folder).is_dir()
    view.refresh()
    assert view.ops.wait()
    assert view.model.rowCount() == 1


def test_case_window_drop_forms_assemble(
    qtbot, demo_register, case_id, tmp_path, no_external_open, monkeypatch
):
    from wrc_desktop.gui.case.case_window import CaseWindow

    window = CaseWindow(_ops(demo_register, tmp_path), case_id)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.view is not None)  # the case is read in the background
    window.show()
    qtbot.waitExposed(window)
    assert window.tree.topLevelItemCount() == 6  # with 海淀's system photo, last
    assert window.verdict.text().startswith("尚不能提交：")
    assert [window.tree.topLevelItem(i).text(3) for i in range(6)] == ["未收集"] * 6
    photo = tmp_path / "contract.jpg"
    Image.new("RGB", (700, 990), "white").save(photo)

    # Drop a photo onto the first item, as from the file manager.
    first = window.tree.topLevelItem(0)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(photo))])
    point = window.tree.visualItemRect(first).center()
    event = QDropEvent(
        QPointF(point),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.tree.dropEvent(event)
    assert window.ops.wait()
    first = window.tree.topLevelItem(0)
    assert first.text(3) == "已附文件" and first.text(7) == "1"

    # Generate the forms; the window says which ones it attached.
    window.make_forms()
    assert window.ops.wait()
    assert "诚信声明_" in window.notice.text()
    declaration = window.tree.topLevelItem(4)
    assert declaration.text(3) == "已生成表格（待签字盖章）"
    problems = [window.problems.item(i).text() for i in range(window.problems.count())]
    # 海淀 is online only: the signed form's scan is what counts (DOMAIN §8)
    [pending] = [text for text in problems if text.startswith("● 个人诚信声明：表格已生成")]
    assert "尚需签字盖章后扫描附上；落款日期 2026-11-24，请于当日签字" in pending
    assert "已收集原件" not in pending

    # The case cannot be submitted: the window says so before building anything, 否 by default.
    asked, answers = [], [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]

    def question(parent, title, text, buttons, default):
        asked.append((text, default))
        return answers.pop(0)

    monkeypatch.setattr(QMessageBox, "question", question)
    window.start_assembly()
    assert window.ops.wait()
    qtbot.waitUntil(lambda: len(asked) == 1)
    text, default = asked[0]
    assert default == QMessageBox.StandardButton.No
    assert "尚不能提交" in text and "个人诚信声明" in text and "草稿" in text
    folder = tmp_path / "cases" / window.view.case.folder
    assert not (folder / "全部材料.pdf").exists()

    # Asked again and confirmed: a draft is built on the worker thread, marked on every page.
    with qtbot.waitSignal(window.assembled, timeout=20000) as signal:
        window.start_assembly()
    result = signal.args[0]
    # 海淀 takes uploads only: the kit and its 上传清单, no counter bundle
    assert result.merged is None and result.pages == 0 and result.draft
    assert "草稿" in window._result_box.text() and "全程线上办理" in window._result_box.text()
    assert result.upload_list is not None and result.upload_list.is_file()
    assert not (result.folder / "01 有效聘用（劳动）合同.pdf").exists()
    window.grab().save(str(tmp_path / "case_window.png"))
    window._result_box.close()
    window.tree.setCurrentItem(window.tree.topLevelItem(0))
    window.open_item_file()
    window.open_folder()
    assert window.ops.wait()  # making a missing folder is a write: it opens once written
    assert no_external_open[-2].endswith("contract.jpg") and no_external_open[-1] == str(
        result.folder
    )


def test_case_window_records_dates_and_refuses_bad_ones(
    qtbot, demo_register, case_id, tmp_path, monkeypatch
):
    from wrc_desktop.gui.case.case_window import CaseWindow

    window = CaseWindow(_ops(demo_register, tmp_path), case_id)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.view is not None)  # the case is read in the background
    window.tree.setCurrentItem(window.tree.topLevelItem(4))
    window.dated.setText("2026-11-20")
    window.collected.setChecked(True)
    window.save_dates()
    assert window.ops.wait()
    row = window.tree.topLevelItem(4)
    assert (
        row.text(3) == "已收集原件" and row.text(4) == "2026-11-20" and row.text(6) == "2026-12-20"
    )
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append(text))
    window.tree.setCurrentItem(window.tree.topLevelItem(4))
    window.dated.setText("2026-02-30")
    window.save_dates()
    assert window.ops.wait()
    assert shown and "不存在" in shown[0] and "个人诚信声明的日期" in shown[0]
    assert window.tree.topLevelItem(4).text(4) == "2026-11-20"


def test_each_item_keeps_its_own_date_while_the_writer_is_busy(
    qtbot, demo_register, case_id, tmp_path
):
    """Save item A, select item B and type its date while an earlier write still runs: A keeps A's date.

    The write must capture the values when the clerk saves, not read the fields later on the
    writer thread (where it would find B's date and store it on A).
    """
    import threading

    from wrc_desktop.gui.case.case_window import CaseWindow

    window = CaseWindow(_ops(demo_register, tmp_path), case_id)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.view is not None)  # the case is read in the background
    release = threading.Event()
    window.ops.write(lambda _desk: (release.wait(10), Changes())[1])  # a form batch, an import…
    first, second = window.tree.topLevelItem(3), window.tree.topLevelItem(4)
    keys = [item.data(0, Qt.ItemDataRole.UserRole) for item in (first, second)]
    window.tree.setCurrentItem(first)
    window.dated.setText("2026-11-01")
    window.save_dates()
    window.tree.setCurrentItem(second)
    window.dated.setText("2026-11-09")
    window.save_dates()
    window.dated.setText("2026-11-15")  # typing on after the save changes nothing that was saved
    release.set()
    assert window.ops.wait()
    with demo_register.session() as session:
        view = case_views.case_view(session, case_id, rules=rules_on(TODAY))
    dates = {row.key: row.state.dated for row in view.rows}
    assert [dates[key] for key in keys] == [dt.date(2026, 11, 1), dt.date(2026, 11, 9)]


def test_a_case_item_edited_elsewhere_is_not_overwritten_by_a_stale_window(
    qtbot, demo_register, case_id, tmp_path, monkeypatch
):
    from wrc_desktop.gui.case.case_window import CaseWindow

    window = CaseWindow(_ops(demo_register, tmp_path), case_id)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.view is not None)  # the case is read in the background
    item = window.tree.topLevelItem(4)
    key = item.data(0, Qt.ItemDataRole.UserRole)
    with (
        demo_register.session() as session
    ):  # another window, or the CLI, records the item meanwhile
        case_items.update_item(session, case_id, key, dated="2026-11-12", rules=rules_on(TODAY))
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append(text))
    window.ops.changed.disconnect()  # the stale window: it has not reloaded yet
    window.tree.setCurrentItem(item)
    window.dated.setText("2026-11-20")
    window.save_dates()
    assert window.ops.wait()
    assert shown and "已在您打开后被修改" in shown[0] and "2026-11-12" in shown[0]
    with demo_register.session() as session:
        view = case_views.case_view(session, case_id, rules=rules_on(TODAY))
    assert {row.key: row.state.dated for row in view.rows}[key] == dt.date(2026, 11, 12)


def _no_read_on_the_ui_thread(*_args, **_kwargs):
    raise AssertionError("a synchronous register read on the UI thread")


def test_a_case_window_reads_its_case_in_the_background(
    qtbot, demo_register, case_id, tmp_path, monkeypatch
):
    from wrc_desktop.gui.case.case_window import CaseWindow

    monkeypatch.setattr(RegisterOps, "read", _no_read_on_the_ui_thread, raising=False)
    window = CaseWindow(_ops(demo_register, tmp_path), case_id)
    qtbot.addWidget(window)
    assert window.view is None and window.title.text() == "正在读取……"
    waiting = (window.forms_button, window.save_item, window.assemble_button, window.folder_button)
    assert not any(button.isEnabled() for button in waiting)  # nothing to act on yet
    with qtbot.waitSignal(window.ready, timeout=10_000):
        pass
    assert window.view is not None and window.view.case.id == case_id
    assert window.title.text().startswith(window.view.case.number)
    assert window.tree.topLevelItemCount() == 6
    assert window.assemble_button.isEnabled() and window.folder_button.isEnabled()
    assert window.save_item.isEnabled()  # a case being prepared, of the clerk's own register


def test_a_case_window_whose_case_cannot_be_read_says_why_and_closes(
    qtbot, demo_register, tmp_path, monkeypatch
):
    from wrc_desktop.gui.case.case_window import CaseWindow

    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append(text))
    window = CaseWindow(_ops(demo_register, tmp_path), 999_999)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.closed, timeout=10_000):
        pass
    assert shown == ["办理事项（编号 999999）不存在"]
