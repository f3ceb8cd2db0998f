"""A 1366×768 laptop (≈700 px usable under the taskbar): every page and dialog fits, every button shows.

The offscreen screen is 800×800; the fixture makes ``screen_fit`` see the laptop's available
geometry instead, as the windows ask it (and nothing else) how much room there is.

Every check runs at 100 % and at 150 % scaling. Qt lays windows out in logical pixels: at
``QT_SCALE_FACTOR=1.5`` a font, a button and a layout have the same logical size as at 100 %,
and the screen is 1/1.5 as large (``test_scaling_only_shrinks_the_screen`` shows both in a
process started with that setting). So 150 % on the laptop is the same layout on a screen of
1366/1.5 × 700/1.5 logical pixels, which the fixture hands out in this process.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from PySide6.QtCore import QByteArray, QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QLabel,
    QScrollArea,
    QWidget,
    QWizard,
)

from tests.conftest import TODAY
from tests.gui.conftest import shown_window
from tests.helpers import rules_on
from wrc_desktop.gui.shell.main_window import SECTIONS
from wrc_desktop.gui.widgets import screen_fit
from wrc_desktop.rules.errors import FieldError

LAPTOP = QRect(0, 0, 1366, 700)
SCALES = {"100%": 1.0, "150%": 1.5}


def logical(screen: QRect, scale: float) -> QRect:
    """The logical pixels of ``screen`` (physical pixels) at a display scaling of ``scale``."""
    return QRect(0, 0, int(screen.width() / scale), int(screen.height() / scale))


@pytest.fixture(params=list(SCALES))
def laptop(request, monkeypatch):
    screen = logical(LAPTOP, SCALES[request.param])
    monkeypatch.setattr(screen_fit, "available_geometry", lambda widget=None: screen)
    return screen


@pytest.fixture
def laptop_window(laptop, demo_register, qtbot):
    return shown_window(demo_register, qtbot)


def hidden_buttons(top: QWidget) -> list[str]:
    """Visible buttons that lie (partly) outside ``top`` or are cut off by a parent."""
    QApplication.processEvents()
    bad = []
    for button in top.findChildren(QAbstractButton):
        if not button.isVisibleTo(top) or button.window() is not top:
            continue
        where = QRect(button.mapTo(top, QPoint(0, 0)), button.size())
        shown = button.visibleRegion().boundingRect().size()
        if not top.rect().contains(where) or shown != button.size():
            bad.append(f"{button.text() or button.objectName()} at {where.getRect()}")
    return bad


def assert_fits(top: QWidget, *, has_buttons: bool = True) -> None:
    screen = screen_fit.available_geometry(top)
    framed = top.geometry().adjusted(0, -32, 0, 8)  # title bar and border
    assert top.width() <= screen.width() and framed.height() <= screen.height(), top.size()
    assert top.minimumSizeHint().height() <= top.height()  # not squeezed below its layout
    buttons = [b for b in top.findChildren(QAbstractButton) if b.isVisibleTo(top)]
    assert buttons or not has_buttons, "a window without buttons tests nothing"
    assert hidden_buttons(top) == []


def test_the_main_window_opens_within_the_screen(laptop, laptop_window):
    assert laptop_window.width() <= laptop.width() - screen_fit.FRAME_ALLOWANCE.width()
    assert laptop_window.height() <= laptop.height() - screen_fit.FRAME_ALLOWANCE.height()


@pytest.mark.parametrize("section", SECTIONS)
def test_every_main_page_shows_all_its_buttons(laptop_window, section):
    laptop_window.show_section(section)
    assert laptop_window.ops.wait()
    assert_fits(laptop_window)


def test_every_settings_tab_shows_all_its_buttons(laptop_window):
    laptop_window.show_section("设置")
    tabs = laptop_window.settings_page.tabs
    laptop_window.settings_page.reminders.refresh = lambda: None  # no system scheduler here
    for index in range(tabs.count()):
        tabs.setCurrentIndex(index)
        assert_fits(laptop_window, has_buttons=False)  # a tab may hold no button at all
        area = tabs.currentWidget()
        assert not area.verticalScrollBar().isVisible(), tabs.tabText(index)  # nothing scrolls


def test_the_reports_page_fits_with_an_export_message(laptop_window):
    laptop_window.show_section("报表")
    page = laptop_window.sections.currentWidget()
    page._done("已导出到期报表（200 人）：" + "/很长的文件夹名" * 4 + "/到期报表.xlsx", "/x.xlsx")
    laptop_window.statusBar().showMessage("已导出到期报表（200 人）")
    assert_fits(laptop_window)


# Sizes of a few tabs, printed by a process started with the given QT_SCALE_FACTOR.
_MEASURE_TABS = textwrap.dedent(
    """
    import datetime as dt, json, sys, tempfile
    from pathlib import Path
    from PySide6.QtWidgets import QApplication
    app = QApplication([])
    from wrc_desktop.gui.settings.calendar import CalendarTab
    from wrc_desktop.gui.settings.wages import WagesTab
    folder, today = Path(tempfile.mkdtemp()), lambda: dt.date(2026, 11, 22)
    sizes = {}
    for name, tab in (("wages", WagesTab(folder, today)), ("calendar", CalendarTab(folder, today))):
        tab.resize(700, 300)
        tab.show()
        app.processEvents()
        sizes[name] = [tab.minimumSizeHint().toTuple(), tab.layout().heightForWidth(700)]
    screen = app.primaryScreen()
    print(json.dumps({"ratio": screen.devicePixelRatio(),
                      "screen": screen.geometry().size().toTuple(), "sizes": sizes}))
    """
)


def _measured_at(scale: str) -> dict:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QT_SCALE_FACTOR=scale)
    done = subprocess.run(
        [sys.executable, "-c", _MEASURE_TABS],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_scaling_only_shrinks_the_screen():
    """At 150 % a layout keeps its logical size and the screen has 1/1.5 of its pixels.

    This is why the checks above may run at 150 % in this process, on the laptop's logical
    screen: Qt cannot change the scale factor of a running application.
    """
    plain, scaled = _measured_at("1"), _measured_at("1.5")
    assert plain["ratio"] == 1.0 and scaled["ratio"] == 1.5
    width, height = plain["screen"]
    assert scaled["screen"] == [int(width / 1.5), int(height / 1.5)]
    assert scaled["sizes"] == plain["sizes"]
    assert plain["sizes"]["wages"][1] > 0  # real layouts were measured


def test_the_welcome_page_fits(laptop, register, qtbot):
    window = shown_window(register, qtbot)
    assert window.page.stack.currentWidget() is window.page.welcome
    assert window.page.welcome.import_button.isVisibleTo(window)
    assert_fits(window)


def test_a_saved_geometry_is_restored_only_where_it_still_fits(monkeypatch, qtbot):
    monkeypatch.setattr(screen_fit, "available_geometry", lambda widget=None: LAPTOP)
    big = QWidget()
    qtbot.addWidget(big)
    big.setGeometry(100, 100, 1800, 1000)  # saved on a large monitor
    saved = big.saveGeometry()
    small = QWidget()
    qtbot.addWidget(small)
    small.setGeometry(60, 80, 600, 400)  # fits the test screen too
    fitting = small.saveGeometry()

    window = QWidget()
    qtbot.addWidget(window)
    assert not screen_fit.restore_fitting(window, saved, QSize(1240, 760))
    assert window.size() == QSize(1240, 700 - 40)
    assert screen_fit.fits(window.geometry(), LAPTOP)
    assert screen_fit.restore_fitting(window, fitting, QSize(1240, 760))
    assert window.geometry() == QRect(60, 80, 600, 400)
    assert not screen_fit.restore_fitting(window, QByteArray(b"not a geometry"), QSize(800, 600))
    assert window.size() == QSize(800, 600)


# ------------------------------------------------------------------ dialogs


def _shown(dialog: QWidget, qtbot) -> QWidget:
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    ops = getattr(dialog, "ops", None)
    assert ops is None or ops.wait()  # a dialog fills when the register's answer arrives
    return dialog


def _first_holder(window) -> int:
    return window.page.model.row_at(0).holder_id


def test_holder_dialog_fits(laptop_window, qtbot):
    from wrc_desktop.gui.dialogs.holder_dialog import HolderDialog

    for holder_id in (None, _first_holder(laptop_window)):
        dialog = _shown(HolderDialog(laptop_window.ops, holder_id=holder_id), qtbot)
        for tab in range(dialog.ui.tabs.count()):
            dialog.ui.tabs.setCurrentIndex(tab)
            assert_fits(dialog)
            area = dialog.ui.tabs.currentWidget()
            assert not area.verticalScrollBar().isVisible(), dialog.ui.tabs.tabText(tab)
        dialog.reject()


def test_unit_dialog_fits(laptop_window, qtbot):
    from wrc_desktop.gui.dialogs.unit_dialog import UnitDialog

    dialog = _shown(UnitDialog(laptop_window.ops, unit_id=laptop_window.units[0][0]), qtbot)
    assert_fits(dialog)
    body = dialog.findChild(QScrollArea)
    assert not body.verticalScrollBar().isVisible()  # the agents' buttons show without scrolling


def test_archive_dialog_fits(laptop_window, qtbot):
    from wrc_desktop.gui.dialogs.archive_dialog import ArchiveDialog

    dialog = ArchiveDialog(
        laptop_window.ops,
        holder_id=_first_holder(laptop_window),
        name="测试",
        today=TODAY,
    )
    assert_fits(_shown(dialog, qtbot))


def test_backup_dialog_fits(laptop_window, qtbot):
    from wrc_desktop.gui.dialogs.backup_dialog import BackupDialog

    assert_fits(_shown(BackupDialog(laptop_window.ops), qtbot))


def test_new_case_and_forms_dialogs_fit(laptop_window, qtbot):
    from wrc_desktop.gui.dialogs.forms_dialog import FormsDialog
    from wrc_desktop.gui.dialogs.new_case_dialog import NewCaseDialog

    holder_id = _first_holder(laptop_window)
    assert_fits(_shown(NewCaseDialog(laptop_window.ops, holder_id=holder_id), qtbot))
    forms = FormsDialog(
        None, laptop_window.ops, [holder_id], default_folder=laptop_window.desk.case_root
    )
    assert_fits(_shown(forms, qtbot))


def test_first_run_wizard_fits_on_every_page(laptop, window, qtbot):
    from wrc_desktop.gui.settings import Settings, configure_location
    from wrc_desktop.gui.shell.first_run import FirstRunWizard

    configure_location()
    settings = Settings()

    wizard = _shown(FirstRunWizard(window.ops, settings, today=window.today), qtbot)
    for page_id in wizard.pageIds():
        wizard.setStartId(page_id)
        wizard.restart()
        assert wizard.currentId() == page_id
        assert_fits(wizard)
        assert wizard.button(QWizard.WizardButton.CancelButton).text() == "取消"


def test_help_dialog_fits(laptop_window, qtbot):
    laptop_window.show_help()
    assert_fits(_shown(laptop_window.help_dialog, qtbot))


def test_case_window_fits(laptop_window, demo_register, qtbot):
    from wrc_desktop.desk import case_lifecycle

    with demo_register.session() as session:
        case_id = case_lifecycle.create_case(
            session,
            holder_id=_first_holder(laptop_window),
            kind="renewal",
            rules=rules_on(TODAY),
            submit_on=TODAY + dt.timedelta(days=9),
        ).id
    laptop_window.open_case(case_id)
    window = laptop_window.case_windows[case_id]
    assert laptop_window.ops.wait()  # the window shows once its case has been read
    qtbot.waitExposed(window)
    assert_fits(window)


def test_import_dialog_fits(laptop_window, qtbot, tmp_path):
    from openpyxl import Workbook

    from wrc_desktop.gui.dialogs.import_dialog import ImportDialog

    book = Workbook()
    book.active.append(["姓名", "身份证号", "部门"])
    book.active.append(["王五", "110105199003071234", "财务部"])
    book.save(tmp_path / "名单.xlsx")
    dialog = _shown(ImportDialog(laptop_window.ops, tmp_path / "名单.xlsx"), qtbot)
    qtbot.waitUntil(lambda: dialog.roster is not None or "无法" in dialog.status.text())
    assert_fits(dialog)
    dialog.reject()


def _on_one_line(label: QWidget, field: QWidget) -> bool:
    """``label`` stands left of ``field``, level with it."""
    top = field.window()
    label_at, field_at = label.mapTo(top, QPoint(0, 0)), field.mapTo(top, QPoint(0, 0))
    middle = label_at.y() + label.height() // 2
    return label_at.x() < field_at.x() and field_at.y() <= middle <= field_at.y() + field.height()


def _next_tab_stop(widget: QWidget) -> QWidget:
    after = widget.nextInFocusChain()
    while not after.focusPolicy() & Qt.FocusPolicy.TabFocus:
        after = after.nextInFocusChain()
    return after


def test_fields_that_share_a_line_keep_their_labels(laptop_window, qtbot):
    from wrc_desktop.gui.dialogs.holder_dialog import HolderDialog
    from wrc_desktop.gui.dialogs.unit_dialog import UnitDialog

    unit = _shown(UnitDialog(laptop_window.ops, unit_id=laptop_window.units[0][0]), qtbot)
    ui = unit.ui
    for label, field in (
        (ui.unitFormLabel2, ui.districtCombo),
        (ui.unitFormLabel3, ui.kindCombo),
        (ui.unitFormLabel5, ui.legalRepEdit),
        (ui.unitFormLabel7, ui.phoneEdit),
    ):
        assert label.isVisibleTo(unit) and _on_one_line(label, field), label.text()
    assert _on_one_line(ui.unitFormLabel3, ui.districtCombo) is False  # the kind's label follows
    assert _next_tab_stop(ui.legalRepEdit) is ui.phoneEdit  # Tab follows the line

    holder = _shown(HolderDialog(laptop_window.ops, holder_id=_first_holder(laptop_window)), qtbot)
    holder.ui.tabs.setCurrentIndex(1)
    hui = holder.ui
    assert _on_one_line(hui.workFormLabel1, hui.contractStartEdit)
    assert _on_one_line(hui.workFormLabel2, hui.contractEndEdit)
    holder.reject()


def test_a_note_keeps_its_details_within_reach(qtbot):
    from wrc_desktop.gui.settings.common import DETAILS_LINK, note

    label = note("短说明。", details="较长的说明：已有的子文件夹不会被移动。")
    qtbot.addWidget(label)
    assert "短说明。" in label.text() and DETAILS_LINK in label.text()
    assert "已有的子文件夹不会被移动" in label.toolTip()
    plain = note("只有短说明。")
    qtbot.addWidget(plain)
    assert plain.text() == "只有短说明。" and plain.toolTip() == ""


def _shown_message(dialog: QWidget, text: str) -> QLabel:
    (label,) = [
        x for x in dialog.findChildren(QLabel) if x.text() == text and x.isVisibleTo(dialog)
    ]
    return label


def _between(label: QWidget, above: QWidget, below: QWidget) -> bool:
    top = label.window()
    y = label.mapTo(top, QPoint(0, 0)).y()
    above_bottom = above.mapTo(top, QPoint(0, above.height())).y()
    return above_bottom <= y < below.mapTo(top, QPoint(0, 0)).y()


def test_an_error_shows_under_a_field_that_shares_its_line(laptop_window, qtbot):
    from wrc_desktop.gui.dialogs.holder_dialog import HolderDialog
    from wrc_desktop.gui.dialogs.unit_dialog import UnitDialog

    unit = _shown(UnitDialog(laptop_window.ops, unit_id=laptop_window.units[0][0]), qtbot)
    for name, field, below in (
        ("phone", unit.ui.phoneEdit, unit.ui.addressEdit),
        ("kind", unit.ui.kindCombo, unit.ui.techInnovationCheck),
    ):
        unit.errors.show([FieldError(name, "格式不对")])
        QApplication.processEvents()
        assert unit.errors.message_of(name) == "格式不对"
        assert _between(_shown_message(unit, "格式不对"), field, below), name

    holder = _shown(HolderDialog(laptop_window.ops, holder_id=_first_holder(laptop_window)), qtbot)
    holder.errors.show([FieldError("contract_end", "日期不存在")])
    QApplication.processEvents()
    assert holder.errors.message_of("contract_end") == "日期不存在"
    label = _shown_message(holder, "日期不存在")
    assert _between(label, holder.ui.contractEndEdit, holder.ui.socialInsuranceStartEdit)
    holder.reject()
