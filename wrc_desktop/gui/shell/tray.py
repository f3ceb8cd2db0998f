"""The tray icon: on start, and once a day while the app runs, a notification of what is urgent.

The text comes from :func:`wrc_desktop.rules.due.summarise` (plain Python, tested
without Qt) over the due list the 待办 page computed — one computation for both. The
check runs hourly and notifies when the date has changed since the last notification,
so a machine left on overnight still gets the new day's summary. Clicking the icon or
the message asks the window to show the due view.
"""

from __future__ import annotations

import datetime as dt

import shiboken6
from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMenu, QStyle, QSystemTrayIcon

from ...rules.due import DueSummary
from ..pages.due_view import DueView

CHECK_INTERVAL_MS = 60 * 60 * 1000  # hourly: notices a new day within the hour
SUMMARY_KEY = "tray-summary"


class DueTray(QObject):
    """Create once in ``app.py`` after the main window; connect ``show_due`` to raising the due view."""

    show_due = Signal()
    quit_requested = Signal()
    notified = Signal(object)  # the DueSummary just shown (tests and the status bar may use it)

    def __init__(
        self, due_view: DueView, *, icon: QIcon | None = None, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.due_view = due_view
        self.last_notified: dt.date | None = None
        self._wanted = False  # a notification is due with the next computed list
        due_view.loaded.connect(self._loaded)
        if icon is None:
            icon = QApplication.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxInformation)
        self.icon = QSystemTrayIcon(icon, self)
        self.icon.setToolTip("工作居住证办理助手")
        menu = QMenu()
        menu.addAction("查看待办", self.show_due.emit)
        menu.addAction("立即检查", self.check_now)
        menu.addSeparator()
        menu.addAction("退出", self.quit_requested.emit)
        self._menu = menu
        self.icon.setContextMenu(menu)
        self.icon.activated.connect(self._activated)
        self.icon.messageClicked.connect(self.show_due.emit)
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_INTERVAL_MS)
        self.timer.timeout.connect(self.check)

    def start(self) -> None:
        """Show the icon, notify once with the page's list, then keep checking for a new day.

        At start the page is already computing its list: the notification waits for that
        one instead of asking for a second computation of the same list.
        """
        if QSystemTrayIcon.isSystemTrayAvailable():
            self.icon.show()
        self._wanted = True  # the list on its way, if one is, notifies (_loaded)
        if not self.due_view.computing:
            if self.due_view.due is not None:
                self._loaded(self.due_view.due)
            else:
                self.due_view.refresh()
        self.timer.start()

    def check(self) -> None:
        """Notify if today has not been notified yet."""
        if self.last_notified != self.due_view.today:
            self.check_now()

    def check_now(self) -> None:
        """Notify with the next due list the page computes (a new one is asked for now)."""
        self._wanted = True
        self.due_view.refresh()

    def _loaded(self, due) -> None:
        if self._wanted or self.last_notified != due.today:
            self._wanted = False
            # Counting 30,000 items takes the window a noticeable moment: done on the bulk
            # reader, behind what is queued there (at start the register's rows, which wait
            # for the list's first paint), so no worker takes turns with that paint.
            self.due_view.ops.query(
                lambda _desk: due.summary(),
                key=SUMMARY_KEY,
                owner=self,
                success=lambda summary: self._summarised(summary, due.today),
                failure=self._failed,
                bulk=True,
            )

    def _summarised(self, summary: DueSummary, day: dt.date) -> None:
        if shiboken6.isValid(self):  # the app may have quit meanwhile
            self.show_summary(summary, day)

    def show_summary(self, summary: DueSummary, day: dt.date) -> None:
        self.last_notified = day
        self.icon.setToolTip(f"工作居住证办理助手\n{summary.title}")
        if QSystemTrayIcon.isSystemTrayAvailable() and QSystemTrayIcon.supportsMessages():
            kind = (
                QSystemTrayIcon.MessageIcon.Warning
                if summary.needs_attention
                else QSystemTrayIcon.MessageIcon.Information
            )
            self.icon.showMessage(summary.title, summary.body, kind, 20_000)
        self.notified.emit(summary)

    def _failed(self, error: Exception) -> None:
        self.icon.setToolTip(f"工作居住证办理助手\n无法检查待办：{error}")

    def _activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason in (
            QSystemTrayIcon.ActivationReason.Trigger,
            QSystemTrayIcon.ActivationReason.DoubleClick,
        ):
            self.show_due.emit()

    def stop(self) -> None:
        self.timer.stop()
        self.icon.hide()
