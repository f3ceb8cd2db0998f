"""One case: its checklist (state per item, files dropped on items), its problems, and the folder.

Buttons: 生成表格 (forms attach themselves to their items), 整理材料 (assembly runs on a
worker thread with a progress dialog shown after 600 ms), 打开文件夹. Every change goes
through :class:`RegisterOps` (queued on the register's writer thread); the window
reloads and the checks are recomputed when it is committed. The case is read in the
background too: the window says 正在读取 and keeps its buttons disabled until it arrives.

Its parts by purpose: the checklist's tree and rows (:mod:`.checklist`), the selected
item's fields and files (:mod:`.case_items`), the assembly and its upload list
(:mod:`.case_assembly`); this module lays the window out and shows the case.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...desk import Changes
from ...desk import cases as desk_cases
from ...desk.assembly import FORM_SLUGS
from ...desk.case_overview import CaseOverview, overview
from ...desk.records import CaseView
from ..doors.operations import EXPECTED_ERRORS, RegisterOps
from ..models.status_colours import ERROR_RED
from ..widgets.open_folder import Opener, show_folder
from ..widgets.screen_fit import fit_to_screen
from ..widgets.shared import confirm
from .case_assembly import CaseAssembly
from .checklist import COLUMNS, STATE_COLOURS, ChecklistTree, day, show_problems
from .upload_view import UploadListView

__all__ = ["COLUMNS", "STATE_COLOURS", "CaseWindow", "ChecklistTree"]

READING = "正在读取……"
UNEXPECTED_READ = "读取时发生意外错误，详情已写入日志。"
CAN_SUBMIT, CANNOT_SUBMIT = "#2e7d32", ERROR_RED
FORMS_TIP = "生成本事项的表格，按本区规则落款日期"
FACTS_TIP = "房屋借住声明的房主、开始日期、关系、门牌；各表格的落款日期"
NO_FORMS = "此事项的材料清单中没有可由本程序生成的表格"
STATUS_CHOICES = (
    ("submitted", "标记为已提交"),
    ("returned", "退回补正…"),
    ("rejected", "不予受理…"),
    ("approved", "已核准…"),
    ("preparing", "重新准备材料"),
)


class CaseWindow(CaseAssembly):
    """Self-contained: the lead opens it from :class:`CasesView.open_case` (a tab or its own window).

    :attr:`ready` fires once the case has first been shown: the main window shows the window
    then, laid out with its contents as the clerk will work with them.
    """

    ready = Signal()
    closed = Signal()  # the clerk closed it (it may be deleted soon after)

    def __init__(self, ops: RegisterOps, case_id: int, *, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # 打开文件夹: the system's opener unless a test gives its own; what it said when it failed.
        self.folder_opener: Opener | None = None
        self.folder_message: QMessageBox | None = None
        self.ops = ops
        self.case_id = case_id
        self.view: CaseView | None = None
        # A case of a unit another clerk serves: shown, not changed (the core refuses it anyway).
        self.read_only = ""

        self.title = QLabel(READING)
        self.title.setStyleSheet("font-size: 18px; font-weight: 600;")
        self.facts = QLabel()
        self.facts.setStyleSheet("color: #555;")
        self.facts.setWordWrap(True)
        self.verdict = QLabel()
        self.notice = QLabel()
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet("color: #1f6fc5;")
        upper = self._make_items()
        self._make_buttons()

        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(QLabel("问题与提示（● 须解决后才能提交，○ 提示）"))
        lower_layout.addWidget(self.problems, 1)
        self.uploads = UploadListView()
        self.uploads.heading.setText(READING)
        self.lower_tabs = QTabWidget()
        self.lower_tabs.addTab(lower, "问题与提示")
        self.lower_tabs.addTab(self.uploads, "上传清单")
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(upper)
        splitter.addWidget(self.lower_tabs)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        actions = QHBoxLayout()
        actions.addWidget(self.verdict, 1)
        for widget in (
            self.status_button,
            self.facts_button,
            self.forms_button,
            self.assemble_button,
            self.folder_button,
        ):
            actions.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.facts)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.notice)
        layout.addLayout(actions)
        self.ops.changed.connect(self.apply_changes)
        fit_to_screen(self, QSize(1100, 720))
        self._limited = (self.forms_button, self.add_button, self.remove_button, self.save_item,
                         self.status_button, self.facts_button)  # fmt: skip
        self._usual_tips = [widget.toolTip() for widget in self._limited]
        # Nothing to act on until the case has been read.
        self._show_item()
        for widget in (*self._limited, self.assemble_button, self.folder_button, self.open_button):
            widget.setEnabled(False)
        self.refresh()

    def closeEvent(self, event: QCloseEvent) -> None:
        super().closeEvent(event)
        if event.isAccepted():
            self.closed.emit()

    def _make_buttons(self) -> None:
        self.forms_button = QPushButton("生成表格")
        self.forms_button.clicked.connect(self.make_forms)
        self.facts_button = QPushButton("表格信息…")
        self.facts_button.setToolTip(FACTS_TIP)
        self.facts_button.clicked.connect(self.edit_facts)
        self.assemble_button = QPushButton("整理材料")
        self.assemble_button.clicked.connect(self.start_assembly)
        self.folder_button = QPushButton("打开文件夹")
        self.folder_button.clicked.connect(self.open_folder)
        self.status_button = QPushButton("办理状态")
        menu = QMenu(self)
        for status, text in STATUS_CHOICES:
            menu.addAction(text).setData(status)
        menu.triggered.connect(lambda action: self.change_status(action.data()))
        self.status_button.setMenu(menu)

    # ------------------------------------------------------------ showing

    def apply_changes(self, changes: Changes) -> None:
        holder_id = self.view.case.holder_id if self.view is not None else None
        if (
            changes.touches_case(self.case_id)
            or changes.holders is None
            or holder_id in (changes.holders or ())
        ):
            self.refresh()

    def refresh(self) -> None:
        """Read the case's view in the background; only the newest result is shown."""
        case_id = self.case_id
        self.ops.query(
            lambda desk: overview(desk, case_id),
            key=f"case-{case_id}",
            owner=self,
            success=self._show,
            failure=self._read_failed,
        )

    def _read_failed(self, error: Exception) -> None:
        message = str(error) if isinstance(error, EXPECTED_ERRORS) else UNEXPECTED_READ
        if self.view is None:  # nothing to show: the window goes, saying why
            QMessageBox.warning(self.parentWidget(), "无法打开办理事项", message)
            self.close()
        else:
            self.notice.setText(f"无法刷新：{message}")

    def _show(self, shown: CaseOverview) -> None:
        first = self.view is None
        view = self.view = shown.view
        self.read_only = shown.read_only
        self.uploads.show_rows(desk_cases.upload_preview(view), built=False)
        case = view.case
        self.setWindowTitle(f"{case.number} {view.holder.name} {view.kind_label}")
        self.title.setText(f"{case.number}  {view.holder.name}  {view.kind_label}")
        clause = f"第 {case.clause} 条" if case.clause else "—"
        note = (
            "；清单为默认内容（未核实 — 请向区人力社保局确认）" if view.checklist.unverified else ""
        )
        self.facts.setText(
            f"{view.checklist.district_name} · {view.unit.name} · 状态：{view.status_label} · "
            f"申报条款：{clause} · 计划提交：{case.submit_on or '未定'} · "
            f"清单依据：{view.checklist.source}{note}"
        )
        blocking = len(view.check.blocking)
        self.verdict.setText("✔ 可提交" if not blocking else f"尚不能提交：{blocking} 个问题")
        self.verdict.setStyleSheet(
            f"font-weight: 600; color: {CAN_SUBMIT if not blocking else CANNOT_SUBMIT};"
        )
        self.tree.show_rows(view, self.today)
        show_problems(self.problems, view)
        if first:  # an assembly running keeps its button disabled: only the first view enables it
            self.assemble_button.setEnabled(True)
            self.folder_button.setEnabled(True)
        self._show_controls(view)
        self._show_item()
        if first:
            self.ready.emit()

    def _show_controls(self, view: CaseView) -> None:
        """What the clerk may do with the case: its status, a unit another clerk serves (read-only,
        the tooltip says why), a checklist without a form the app makes (e.g. 自动延续确认)."""
        editable = view.case.status in ("preparing", "returned") and not self.read_only
        for widget in (self.add_button, self.remove_button, self.save_item):
            widget.setEnabled(editable)
        has_forms = any(row.item is not None and row.item.form in FORM_SLUGS for row in view.rows)
        self.forms_button.setEnabled(editable and has_forms)
        self.facts_button.setEnabled(has_forms and not self.read_only)
        self.status_button.setEnabled(not self.read_only)
        none = "" if has_forms else NO_FORMS
        tips = list(self._usual_tips)
        tips[self._limited.index(self.forms_button)] = none or FORMS_TIP
        tips[self._limited.index(self.facts_button)] = none or FACTS_TIP
        for widget, tip in zip(self._limited, tips, strict=True):
            widget.setToolTip(self.read_only or tip)

    # ------------------------------------------------------------ the case's commands

    def open_folder(self) -> None:
        case_id = self.case_id  # making a missing folder records its name: a write
        self.ops.write(
            lambda desk: (desk_cases.folder(desk, case_id), Changes.of_case(case_id)),
            parent=self,
            success=self._show_folder,
        )

    def _show_folder(self, folder: Path) -> None:
        """The folder in the file manager, or a message naming it and why it did not open."""
        self.folder_message = show_folder(folder, self, opener=self.folder_opener)

    def make_forms(self) -> None:
        def done(paths: list[Path]) -> None:
            names = "、".join(p.name for p in paths)
            self.notice.setText(
                f"已生成并附到对应材料：{names}。打印、签字盖章后扫描添加到同一项。"
            )

        def attach(drawn) -> None:
            self.ops.write(
                lambda desk: desk_cases.attach_forms(desk, drawn),
                parent=self,
                success=done,
                busy=[self.forms_button],
            )

        def failed(error: Exception) -> None:
            self.forms_button.setEnabled(True)
            QMessageBox.warning(self, "生成表格", str(error))

        # The PDFs are drawn beside the register's writer (a read), then attached on it.
        case_id, on = self.case_id, self.today
        self.forms_button.setEnabled(False)
        self.ops.query(
            lambda desk: desk_cases.draw_forms(desk, case_id, on=on),
            success=attach,
            failure=failed,
            owner=self,
            long=True,
        )

    def edit_facts(self) -> None:
        """The case's facts for its forms (loan owners, dates), in their own dialog."""
        from ..dialogs.case_facts_dialog import CaseFactsDialog

        if self.view is None:
            return  # the button is enabled once the case has been read
        address = self.view.holder.address  # the view shown is refreshed when the holder changes
        CaseFactsDialog(self, self.ops, self.case_id, holder_address=address or "").exec()

    def change_status(self, status: str) -> bool:
        """Move the case on; 已核准 first reads the suggested new expiry in the background."""
        if status == "approved":
            case_id, on = self.case_id, self.today
            self.ops.query(
                lambda desk: desk_cases.suggest_expiry(desk, case_id, on=on),
                key=f"case-{case_id}-expiry",
                owner=self,
                success=self._approve,
            )
            return True
        note, force = "", False
        if status in ("returned", "rejected"):
            note, ok = QInputDialog.getMultiLineText(self, "办理状态", "请写明原因：")
            if not ok:
                return False
        if status == "submitted" and self.view is not None and self.view.check.blocking:
            if not confirm(
                self,
                "标记为已提交",
                f"尚有 {len(self.view.check.blocking)} 个问题未解决。仍标记为已提交？",
            ):
                return False
            force = True
        return self._set_status(status, note=note, force=force)

    def _approve(self, suggested: dt.date | None) -> None:
        text, ok = QInputDialog.getText(
            self,
            "已核准",
            "新的有效期至（核准日 + 有效期 − 1 天，可修改）：",
            text=day(suggested),
        )
        if ok:
            self._set_status("approved", expiry=text)

    def _set_status(
        self, status: str, *, note: str = "", expiry: str | None = None, force: bool = False
    ) -> bool:
        case_id, on = self.case_id, self.today
        version, seen = (
            (self.view.case.version, desk_cases.case_copy(self.view.case))
            if self.view
            else (None, None)
        )
        return self.ops.write(
            lambda desk: desk_cases.set_status(
                desk,
                case_id,
                status=status,
                on=on,
                note=note,
                expiry=expiry,
                force=force,
                expected_version=version,
                seen=seen,
            ),
            parent=self,
        )
