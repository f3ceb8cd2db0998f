"""The main window's frame: the sections on the left, the page shown on the right, case windows.

The register and the due list are built with the window; the other pages (and the
libraries behind them: openpyxl, reportlab, Pillow) are built when first shown.
"""

from __future__ import annotations

import datetime as dt
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QMainWindow,
    QStackedWidget,
    QWidget,
)

from ...desk import Changes, Desk
from ..doors.operations import RegisterOps
from ..pages.due_view import DueView
from ..pages.register_page import RegisterPage
from ..settings import Settings

if TYPE_CHECKING:
    from ..case.case_window import CaseWindow
    from ..pages.cases_view import CasesView
    from ..pages.reports_view import ReportsView
    from ..settings.page import SettingsPage

SECTIONS = ["登记册", "待办", "办理事项", "报表", "设置"]
NAV_STYLE = (
    "QListWidget { font-size: 15px; border: none; border-right: 1px solid #d4d4d4;"
    " background: palette(window); outline: 0; }"
    "QListWidget::item { padding: 10px 16px; }"
    "QListWidget::item:selected { background: #1f6fc5; color: white; }"
)


class SectionsWindow(QMainWindow):
    """Which page the window shows, and the case windows it opened (one per case)."""

    desk: Desk
    ops: RegisterOps
    settings: Settings
    overrides: Path
    page: RegisterPage
    due_view: DueView
    nav: QListWidget
    sections: QStackedWidget
    case_windows: dict[int, CaseWindow]
    _built: dict[str, QWidget]

    def _make_sections(self) -> QWidget:
        """The navigation and the stack of pages, side by side; the register is shown first."""
        self.nav = QListWidget()
        self.nav.addItems(SECTIONS)
        self.nav.setFixedWidth(128)
        self.nav.setStyleSheet(NAV_STYLE)
        self.sections = QStackedWidget()
        self._built = {"登记册": self.page, "待办": self.due_view}
        for title in SECTIONS:
            self.sections.addWidget(self._built.get(title) or QWidget())
        self.nav.currentRowChanged.connect(self._show_row)
        self.nav.setCurrentRow(0)
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.nav)
        layout.addWidget(self.sections, 1)
        return central

    def today(self) -> dt.date:
        return self.desk.today()

    def show_section(self, title: str) -> None:
        self.nav.setCurrentRow(SECTIONS.index(title))

    def _show_row(self, row: int) -> None:
        shown = self.sections.currentIndex()
        may_leave = getattr(self.sections.currentWidget(), "may_leave", None)
        if row != shown and may_leave is not None and not may_leave():
            # 继续编辑: the clerk stays on the page with the unsaved edits, and so does the list
            blocker = QSignalBlocker(self.nav)
            self.nav.setCurrentRow(shown)
            del blocker
            return
        self._section(SECTIONS[row])
        self.sections.setCurrentIndex(row)
        self.setWindowTitle(window_title(SECTIONS[row]))

    def _section(self, title: str) -> QWidget:
        """The page for ``title``, built on first use and put in its place in the stack."""
        page = self._built.get(title)
        if page is None:
            page = self._build_page(title)
            index = SECTIONS.index(title)
            placeholder = self.sections.widget(index)
            self.sections.insertWidget(index, page)
            if placeholder is not None:
                self.sections.removeWidget(placeholder)
                placeholder.deleteLater()
            self._built[title] = page
        return page

    def _build_page(self, title: str) -> QWidget:
        if title == "办理事项":
            from ..pages.cases_view import CasesView

            cases = CasesView(self.ops)
            cases.open_case.connect(self.open_case)
            return cases
        if title == "报表":
            from ..pages.reports_view import ReportsView

            reports = ReportsView(self.ops)
            reports.finished.connect(lambda text: self.statusBar().showMessage(text, 10_000))
            return reports
        from ..settings.page import SettingsPage

        settings = SettingsPage(self.ops, self.settings, overrides=self.overrides, today=self.today)
        # Wage or calendar years move deadlines: every page recomputes under the new rules.
        settings.changed.connect(lambda: self.ops.changed.emit(Changes(settings=True), settings))
        return settings

    def built_page(self, title: str) -> QWidget | None:
        """The page for ``title`` if it has been shown, without building it."""
        return self._built.get(title)

    @property
    def cases_view(self) -> CasesView:
        from ..pages.cases_view import CasesView

        page = self._section("办理事项")
        assert isinstance(page, CasesView)
        return page

    @property
    def reports_view(self) -> ReportsView:
        from ..pages.reports_view import ReportsView

        page = self._section("报表")
        assert isinstance(page, ReportsView)
        return page

    @property
    def settings_page(self) -> SettingsPage:
        from ..settings.page import SettingsPage

        page = self._section("设置")
        assert isinstance(page, SettingsPage)
        return page

    def open_case(self, case_id: int) -> None:
        """Each case in a window of its own; opening it again brings that window to the front."""
        window = self.case_windows.get(case_id)
        if window is None:
            from ..case.case_window import CaseWindow

            window = CaseWindow(self.ops, case_id, parent=self)
            window.setWindowFlag(Qt.WindowType.Window)
            window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            # Forgotten when closed (deleted only once the event loop turns) or destroyed.
            window.closed.connect(partial(self._case_window_gone, case_id, window))
            window.destroyed.connect(partial(self._case_window_gone, case_id, window))
            QShortcut(QKeySequence(Qt.Key.Key_Escape), window, window.close)
            self.case_windows[case_id] = window
            # Shown once its case has been read in the background: laid out with its contents.
            window.ready.connect(partial(_bring_forward, window))
        elif window.view is not None:  # one whose case is still being read comes forward then
            _bring_forward(window)

    def _case_window_gone(self, case_id: int, window: QWidget, _destroyed: object = None) -> None:
        if self.case_windows.get(case_id) is window:  # not the window that replaced it
            del self.case_windows[case_id]

    def focus_search(self) -> None:
        """Ctrl+F: the search box of the page shown, or the register's."""
        page = self.sections.currentWidget()
        search = getattr(page, "search", None)
        if not isinstance(search, QLineEdit) or not search.isVisible():
            self.show_section("登记册")
            search = self.page.search
        search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        search.selectAll()


def _bring_forward(window: QWidget) -> None:
    window.show()
    window.raise_()
    window.activateWindow()


def window_title(section: str) -> str:
    # Ending with the application's display name: Qt then adds nothing more to the title bar.
    return f"{section} — 工作居住证办理助手"
