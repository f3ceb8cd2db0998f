"""The 设置 page: one tab per subject, each in its own ``settings_*`` module.

The main window places it as its 设置 section::

    page = SettingsPage(window.ops, settings, overrides=paths.overrides_dir(), today=window.today)
    page.changed.connect(window.due_view.refresh)          # wage/calendar years change deadlines
    page.case_root_changed.connect(window.set_case_root)

``backups_keep_changed`` reports a new count; the backup keeper needs no connection, as it
reads the desk's preferences at every backup.

Writes to the register (units, default unit, lead times) go through ``ops.write``, so the
window's lists refresh through ``ops.changed`` as after any other edit; ``changed`` fires
in addition for what lives outside the register (the clerk's wage and calendar years) and
for register edits made here, so one connection is enough.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from ...desk import Changes
from ..doors.operations import RegisterOps
from ..widgets.screen_fit import scroll_tabs
from ..widgets.unsaved import Choice, UnsavedGuard
from .calendar import CalendarTab
from .folders import FoldersTab
from .fonts import FontsTab
from .leads import LeadTimesTab
from .policy import PolicyTab
from .reminders import RemindersTab
from .shared_register import SharedRegisterTab
from .units import UnitsTab
from .values import Settings
from .wages import WagesTab

TITLE_STYLE = "font-size: 18px; font-weight: 600;"


class SettingsPage(QWidget):
    """Settings of the app (INI) and of the register, and the clerk's additions to the rules data."""

    changed = Signal()
    case_root_changed = Signal(Path)
    backups_keep_changed = Signal(int)

    def __init__(
        self,
        ops: RegisterOps,
        settings: Settings,
        *,
        overrides: Path,
        today: Callable[[], dt.date],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ops = ops
        self.settings = settings
        self.overrides = Path(overrides)
        title = QLabel("设置")
        title.setStyleSheet(TITLE_STYLE)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.units = UnitsTab(ops)
        self.folders = FoldersTab(ops)
        self.leads = LeadTimesTab(ops)
        self.wages = WagesTab(self.overrides, today)
        self.calendar = CalendarTab(self.overrides, today)
        self.policy = PolicyTab(ops, self.overrides)
        self.fonts = FontsTab(ops)
        self.reminders = RemindersTab()
        self.shared = SharedRegisterTab(ops)
        for tab, name in (
            (self.units, "单位"),
            (self.folders, "文件夹与备份"),
            (self.leads, "提醒提前量"),
            (self.reminders, "每日提醒"),
            (self.wages, "平均工资"),
            (self.calendar, "工作日历"),
            (self.policy, "区政策"),
            (self.fonts, "表格字体"),
            (self.shared, "共享登记册"),
        ):
            # The tab frame has its own margin; a tab's own stays small, so that each tab
            # fits a 1366×768 laptop at 150 % without scrolling.
            margins = tab.layout()
            assert margins is not None  # every tab lays itself out in its constructor
            margins.setContentsMargins(4, 6, 4, 2)
            self.tabs.addTab(tab, name)
        scroll_tabs(self.tabs)  # beyond 150 % on a laptop a tab scrolls; the window stays on screen
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 8, 16, 8)
        layout.setSpacing(4)
        layout.addWidget(title)
        layout.addWidget(self.tabs, 1)

        for tab in (self.units, self.leads, self.wages, self.calendar):
            tab.changed.connect(self.changed)
        # A tab whose form was typed in but not saved asks before another tab is shown.
        self._shown_tab = self.tabs.currentIndex()
        self.tabs.currentChanged.connect(self._tab_changed)
        self.folders.case_root_changed.connect(self.case_root_changed)
        self.folders.backups_keep_changed.connect(self.backups_keep_changed)
        # Units may also change elsewhere (the 单位 menu, an import): keep the lists current.
        ops.changed.connect(self.apply_changes)

    def _guard_of(self, index: int) -> tuple[QWidget, UnsavedGuard] | None:
        tab = self.tabs.widget(index)
        if tab is None:
            return None
        # scroll_tabs wraps each tab in a scroll area: the guard is on the tab inside it
        for candidate in (tab, *tab.findChildren(QWidget)):
            guard = getattr(candidate, "unsaved", None)
            if isinstance(guard, UnsavedGuard):
                return candidate, guard
        return None

    def may_leave(self) -> bool:
        """Whether the tab shown may be left: nothing unsaved, saved now, or 放弃 (then reverted).

        The window asks it before it shows another section; the tabs ask it among themselves."""
        found = self._guard_of(self.tabs.currentIndex())
        if found is None:
            return True
        tab, guard = found
        choice = guard.decide()
        if choice is Choice.SAVE:
            return bool(guard.save())  # a settings tab saves at once and says True when it did
        if choice is Choice.DISCARD:
            discard = getattr(tab, "discard_edits", None)
            if discard is not None:
                discard()
        return choice is not Choice.KEEP_EDITING

    def _tab_changed(self, index: int) -> None:
        leaving = self._shown_tab
        if leaving == index:
            return
        self.tabs.blockSignals(True)
        self.tabs.setCurrentIndex(leaving)  # the question is asked over the tab it is about
        stay = not self.may_leave()
        self.tabs.setCurrentIndex(leaving if stay else index)
        self.tabs.blockSignals(False)
        self._shown_tab = self.tabs.currentIndex()

    def apply_changes(self, changes: Changes, initiator: object = None) -> None:
        """A write changed units or rules settings: read them again — except in the tab that
        made it, which has refreshed itself already."""
        if initiator is self.leads or not (changes.units or changes.settings):
            return
        if initiator is not self.units:
            self.units.reload()
        self.leads.reload()
        self.policy.reload_districts()

    def refresh(self) -> None:
        """Read the register again (units, default unit, lead-time defaults of their districts)."""
        self.units.reload()
        self.leads.reload()
        self.policy.reload_districts()

    def show_tab(self, name: str) -> None:
        for index in range(self.tabs.count()):
            if self.tabs.tabText(index) == name:
                self.tabs.setCurrentIndex(index)
                return
        raise KeyError(name)
