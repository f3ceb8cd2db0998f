"""The 报表 page: the expiry report, the deadline calendar, and the roster import with its undo.

Every export runs off the UI thread and is written through a temporary file;
the clerk chooses where it goes, and may open it at once. The expiry report
shows how many rows are written and can be cancelled (nothing is saved then).
"""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QObject, QUrl, Signal, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ...desk import Desk
from ...desk import imports as desk_imports
from ...desk import reports as desk_reports
from ...desk.records import CalendarExport, ExpiryReport, ImportBatch
from ...desk.report_files import (
    DEFAULT_WITHIN_DAYS,
    ReportsState,
    reports_state,
    roster_template,
    safe_filename,
)
from ...rules.errors import WrcError
from ..dialogs.import_dialog import ImportDialog
from ..doors.operations import RegisterOps
from ..models.status_colours import ERROR_RED
from ..settings.common import note as explained
from ..widgets.shared import confirm as confirm_dialog

ALL_UNITS = "全部单位"
READING = "正在读取……"


class ReportProgress(QObject):
    """Lives on the UI thread; the report (on the bulk reader) reports through its queued signal
    and asks ``stop`` whether the clerk cancelled."""

    progress = Signal(int, int)  # rows written, rows in all

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.stop = threading.Event()


class ReportsView(QWidget):
    """Place as the main window's 报表 page. ``changed`` fires after an import or an undo."""

    changed = Signal()
    finished = Signal(str)  # a message after each export (the window's status bar may show it)

    def __init__(self, ops: RegisterOps, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self._last_batch: ImportBatch | None = None
        self.ask_path = self._ask_save_path  # replaced in tests
        self.ask_open_path = self._ask_open_path
        layout = QVBoxLayout(self)
        # Tight margins: with the status bar showing an export's message, the page still
        # fits a 1366×768 laptop at 150 %.
        layout.setContentsMargins(9, 4, 9, 2)
        layout.setSpacing(4)
        layout.addWidget(self._report_box())
        layout.addWidget(self._calendar_box())
        layout.addWidget(self._import_box())
        layout.addStretch(1)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.linkActivated.connect(lambda url: QDesktopServices.openUrl(QUrl(url)))
        layout.addWidget(self.message)
        self.reload()

    # ------------------------------------------------------------ layout

    def _report_box(self) -> QGroupBox:
        box = QGroupBox("到期报表（Excel）")
        self.unit = QComboBox()
        self.unit.setMinimumWidth(320)
        self.limit = QCheckBox("只列出")
        self.days = QSpinBox()
        self.days.setRange(1, 3660)
        self.days.setValue(90)
        self.days.setSuffix(" 天内到期（含已过期）的人员")
        self.days.setEnabled(False)
        self.limit.toggled.connect(self.days.setEnabled)
        self.unmask = QCheckBox("显示完整证件号码（默认隐去中间 8 位；报表外发时请勿勾选）")
        self.report_button = QPushButton("导出到期报表…")
        self.report_button.clicked.connect(self.export_report)
        self.report_bar = QProgressBar()
        self.report_bar.setMinimumWidth(260)
        self.cancel_report_button = QPushButton("取消")
        self.cancel_report_button.clicked.connect(self.cancel_report)
        self._report_progress: ReportProgress | None = None
        self._show_report_running(False)
        within = QHBoxLayout()
        within.addWidget(self.limit)
        within.addWidget(self.days)
        within.addStretch(1)
        form = _form(box)
        form.addRow("单位：", self.unit)
        form.addRow("有效期：", within)
        form.addRow("", self.unmask)
        form.addRow("", _left(self.report_button, self.report_bar, self.cancel_report_button))
        return box

    def _calendar_box(self) -> QGroupBox:
        box = QGroupBox("期限日历（.ics，可导入 Outlook、钉钉、手机日历）")
        self.ics_days = QSpinBox()
        self.ics_days.setRange(1, 3660)
        self.ics_days.setValue(DEFAULT_WITHIN_DAYS)
        self.ics_days.setSuffix(" 天内的期限")
        self.ics_button = QPushButton("导出日历…")
        self.ics_button.clicked.connect(self.export_ics)
        note = QLabel(
            "每个期限（续签期开始、最晚提交日、有效期满）一个全天事件并带提醒；再次导入会更新原事件而不会重复。"
        )
        note.setWordWrap(True)
        note.setStyleSheet("color: #555;")
        # The period and its button on one line: the page fits a laptop at 150 %.
        form = _form(box)
        form.addRow("导出今后：", _left(self.ics_days, self.ics_button))
        form.addRow(note)  # across the box: at its size hint it would wrap to three lines
        return box

    def _import_box(self) -> QGroupBox:
        box = QGroupBox("花名册导入")
        self.template_button = QPushButton("下载导入模板…")
        self.import_button = QPushButton("导入花名册…")
        self.undo_button = QPushButton("撤销最近一次导入")
        self.template_button.clicked.connect(self.save_template)
        self.import_button.clicked.connect(self.import_roster)
        self.undo_button.clicked.connect(self.undo_import)
        self.last_import = QLabel()
        self.last_import.setStyleSheet("color: #555;")
        row = QHBoxLayout()
        for button in (self.template_button, self.import_button, self.undo_button):
            row.addWidget(button)
        row.addStretch(1)
        layout = QVBoxLayout(box)
        layout.addWidget(
            explained(
                "从现有 Excel 花名册导入：先预览新增、更新和有误的行，确认后一次性写入。",
                details="按表头识别列（可手动指定），按证件号码匹配已有人员。",
            )
        )
        layout.addLayout(row)
        layout.addWidget(self.last_import)
        return box

    def reload(self) -> None:
        """Read the unit list and the last import again, in the background (call when the register changed)."""
        if self._last_batch is None and not self.unit.count():
            self.unit.addItem(ALL_UNITS)  # a report of every unit can be asked for at once
            self.last_import.setText(READING)
        self.undo_button.setEnabled(False)  # until the import it would take back is known
        self.ops.query(reports_state, key="reports-page", owner=self, success=self._show_state)

    def _show_state(self, state: ReportsState) -> None:
        units, batch = state.unit_names, state.last_import
        self._last_batch = batch
        current = self.unit.currentText()
        self.unit.clear()
        self.unit.addItems([ALL_UNITS, *units])
        self.unit.setCurrentText(current if current in units else ALL_UNITS)
        self.last_import.setText(_describe_batch(batch) if batch else "没有可撤销的导入")
        self.undo_button.setEnabled(batch is not None)

    # ------------------------------------------------------------ file dialogs

    def _ask_save_path(self, title: str, name: str, pattern: str) -> str:
        path, _ = QFileDialog.getSaveFileName(
            self, title, str(Path.home() / safe_filename(name)), pattern
        )
        return path

    def _ask_open_path(self) -> str:
        path, _ = QFileDialog.getOpenFileName(
            self, "选择花名册", str(Path.home()), "Excel 工作簿 (*.xlsx)"
        )
        return path

    # ------------------------------------------------------------ actions

    def export_report(self) -> None:
        today = self.ops.desk.today()
        path = self.ask_path(
            "保存到期报表", f"工作居住证到期报表_{today.isoformat()}.xlsx", "Excel 工作簿 (*.xlsx)"
        )
        if not path:
            return
        unit = None if self.unit.currentText() == ALL_UNITS else self.unit.currentText()
        within = self.days.value() if self.limit.isChecked() else None
        unmask = self.unmask.isChecked()

        progress = self._report_progress = ReportProgress(self)
        progress.progress.connect(self._show_report_progress)
        self.report_bar.setRange(0, 0)  # moving until the rows are counted
        self._show_report_running(True)

        def work(desk: Desk) -> ExpiryReport:
            return desk_reports.expiry_report(
                desk,
                Path(path),
                within_days=within,
                unit=unit,
                unmask=unmask,
                progress=progress.progress.emit,
                cancelled=progress.stop.is_set,
            )

        self._run(
            self.report_button,
            work,
            lambda r: self._done(f"已导出到期报表（{r.rows} 人）：{r.path}", r.path),
            settle=lambda: self._show_report_running(False),
        )

    def cancel_report(self) -> None:
        """Stop the report being written (at its next few hundred rows); nothing is saved."""
        if self._report_progress is not None:
            self._report_progress.stop.set()
            self.cancel_report_button.setEnabled(False)
            self._say("正在取消……")

    @Slot(int, int)
    def _show_report_progress(self, done: int, total: int) -> None:
        self.report_bar.setRange(0, max(total, 1))
        self.report_bar.setValue(done)
        self.report_bar.setFormat(f"%p%（{done:,} / {total:,} 人）")

    def _show_report_running(self, running: bool) -> None:
        self.report_bar.setVisible(running)
        self.cancel_report_button.setVisible(running)
        self.cancel_report_button.setEnabled(running)
        if not running:
            self._report_progress = None

    def export_ics(self) -> None:
        today = self.ops.desk.today()
        path = self.ask_path(
            "保存期限日历", f"工作居住证期限_{today.isoformat()}.ics", "日历文件 (*.ics)"
        )
        if not path:
            return
        days = self.ics_days.value()

        def work(desk: Desk) -> CalendarExport:
            return desk_reports.calendar_file(desk, Path(path), within_days=days)

        self._run(
            self.ics_button,
            work,
            lambda r: self._done(
                f"已导出日历（{r.events} 个期限，涉及 {r.holders} 人）：{r.path}", r.path
            ),
        )

    def save_template(self) -> None:
        path = self.ask_path(
            "保存导入模板", "工作居住证花名册导入模板.xlsx", "Excel 工作簿 (*.xlsx)"
        )
        if path:
            self._run(
                self.template_button,
                lambda _desk: roster_template(path),
                lambda p: self._done(f"已保存导入模板：{p}", p),
            )

    def import_roster(self) -> ImportDialog | None:
        path = self.ask_open_path()
        if not path:
            return None
        dialog = ImportDialog(self.ops, path, self)
        dialog.imported.connect(self._imported)
        dialog.open()
        return dialog

    def _imported(self, batch_id: int) -> None:
        self.reload()
        self.changed.emit()
        self._say(f"导入完成（批次 {batch_id}）")

    def undo_import(self, *, confirm: bool = True) -> None:
        """Undo the last import on the register's writer (asking again if later edits would be lost).

        The last import is read again first, in the background: another clerk, or the command
        line, may have imported or undone since the page was shown.
        """
        buttons = (self.undo_button, self.import_button)
        for button in buttons:
            button.setEnabled(False)  # no second undo while this one is asked or written

        def ask(batch: ImportBatch | None) -> None:
            self.import_button.setEnabled(True)
            if batch is None:
                self.reload()
                return
            self.undo_button.setEnabled(True)
            self._confirm_undo(batch, confirm=confirm)

        def failed(error: Exception) -> None:
            for button in buttons:
                button.setEnabled(True)
            self._say(
                str(error) if isinstance(error, WrcError) else "发生意外错误，详情已写入日志",
                error=True,
            )

        self.ops.query(desk_imports.last_batch, owner=self, success=ask, failure=failed)

    def _confirm_undo(self, batch: ImportBatch, *, confirm: bool) -> None:
        if confirm and not confirm_dialog(
            self,
            "撤销导入",
            f"撤销{_describe_batch(batch)}？\n新增的人员将被删除，更新的人员恢复为导入前的信息。",
        ):
            return
        self._undo(force=False)

    def _undo(self, *, force: bool) -> None:
        def refused(error: Exception) -> None:
            if isinstance(error, desk_imports.UndoRefused) and not force:
                if confirm_dialog(self, "撤销导入", f"{error}\n\n仍要撤销吗？"):
                    self._undo(force=True)
                return
            QMessageBox.warning(self, "无法撤销", str(error))

        self.ops.write(
            lambda desk: desk_imports.undo_last(desk, force=force),
            parent=self,
            success=self._undone,
            failure=refused,
            busy=[self.undo_button, self.import_button],
        )

    def _undone(self, outcome: desk_imports.UndoOutcome) -> None:
        self.reload()  # the undo button waits for what is left to undo
        self.changed.emit()
        self._say(
            f"已撤销导入（批次 {outcome.batch_id}）：删除 {outcome.deleted} 人，恢复 {outcome.restored} 人"
        )

    # ------------------------------------------------------------ helpers

    def _run(self, button: QPushButton, work, done, settle=None) -> None:
        """``work(desk)`` on the register's reader (files are written there, the register only read).

        ``settle()`` runs when it ends, however it ends.
        """
        button.setEnabled(False)
        self._say("正在生成……")

        def finished(result) -> None:
            button.setEnabled(True)
            if settle is not None:
                settle()
            done(result)

        def failed(error: Exception) -> None:
            button.setEnabled(True)
            if settle is not None:
                settle()
            self._say(
                str(error) if isinstance(error, WrcError) else "发生意外错误，详情已写入日志",
                # 取消 is the clerk's choice, not a fault
                error=not isinstance(error, desk_reports.ReportCancelled),
            )

        self.ops.query(work, owner=self, success=finished, failure=failed, bulk=True)

    def _done(self, text: str, path) -> None:
        self._say(f'{text}　<a href="{QUrl.fromLocalFile(str(path)).toString()}">打开</a>')
        self.finished.emit(text)

    def _say(self, text: str, *, error: bool = False) -> None:
        self.message.setStyleSheet(f"color: {ERROR_RED};" if error else "")
        self.message.setText(text)


def _form(box: QGroupBox) -> QFormLayout:
    form = QFormLayout(box)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
    return form


def _left(*widgets: QWidget) -> QWidget:
    """The widgets at their natural size, on the left of their row."""
    holder = QWidget()
    row = QHBoxLayout(holder)
    row.setContentsMargins(0, 0, 0, 0)
    for widget in widgets:
        row.addWidget(widget)
    row.addStretch(1)
    return holder


def _describe_batch(batch: ImportBatch) -> str:
    at = batch.at.astimezone().strftime("%Y-%m-%d %H:%M")
    return (
        f"最近一次导入：{at}「{batch.file_name}」，新增 {batch.created} 人，更新 {batch.updated} 人"
    )
