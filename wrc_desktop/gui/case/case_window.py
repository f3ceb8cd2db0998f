"""One case: its checklist (state per item, files dropped on items), its problems, and the folder.

Buttons: 生成表格 (forms attach themselves to their items), 整理材料 (assembly runs on a
worker thread with a progress dialog shown after 600 ms), 打开文件夹. Every change goes
through :class:`RegisterOps` (queued on the register's writer thread); the window
reloads and the checks are recomputed when it is committed.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

from PySide6.QtCore import QObject, QSize, Qt, QUrl, Signal
from PySide6.QtGui import QBrush, QColor, QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QSplitter,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...desk import Changes
from ...desk import cases as desk_cases
from ...desk import units as desk_units
from ...documents.case_folder import AssemblyResult, assemble
from ...documents.definition import FORM_SLUGS
from ...documents.scans import ACCEPTED
from ...rules.case_checks import ITEM_STATES
from ...rules.errors import WrcError
from ..doors.background import run_in_background
from ..doors.operations import RegisterOps
from ..widgets.screen_fit import fit_to_screen
from ..widgets.shared import confirm
from . import scan_proposals_view
from .upload_view import UploadListView

log = logging.getLogger("wrc.gui")

COLUMNS = ["序号", "材料", "提供方", "状态", "日期", "有效期至", "最晚可提交", "文件"]
STATE_COLOURS = {
    "missing": "#b00020",
    "generated": "#a15c00",
    "collected": "#1f6fc5",
    "attached": "#2e7d32",
}


class ChecklistTree(QTreeWidget):
    """The checklist; files dropped on a row are attached to that item."""

    files_dropped = Signal(str, list)  # item key, paths

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setColumnCount(len(COLUMNS))
        self.setHeaderLabels(COLUMNS)
        self.setRootIsDecorated(False)
        self.setAlternatingRowColors(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        for column, width in enumerate((44, 330, 56, 150, 90, 90, 90, 60)):
            self.setColumnWidth(column, width)
        # The material's name takes whatever room the window has: not cut off where there is room.
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)

    def _paths(self, event) -> list[str]:
        urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
        return [url.toLocalFile() for url in urls if url.isLocalFile()]

    def dragEnterEvent(self, event) -> None:
        if self._paths(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event) -> None:
        item = self.itemAt(event.position().toPoint())
        if item is not None and self._paths(event):
            self.setCurrentItem(item)
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event) -> None:
        item = self.itemAt(event.position().toPoint())
        paths = self._paths(event)
        if item is None or not paths:
            event.ignore()
            return
        event.acceptProposedAction()
        self.files_dropped.emit(item.data(0, Qt.ItemDataRole.UserRole), paths)


class _AssemblyProgress(QObject):
    """Lives on the UI thread; the assembly (on the tasks worker) reports through its queued signal."""

    progress = Signal(int, int)

    def __init__(self) -> None:
        super().__init__()
        self.cancel = False


class CaseWindow(QWidget):
    """Self-contained: the lead opens it from :class:`CasesView.open_case` (a tab or its own window)."""

    assembled = Signal(object)  # AssemblyResult

    def __init__(self, ops: RegisterOps, case_id: int, *, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.case_id = case_id
        self.view = None

        self.title = QLabel()
        self.title.setStyleSheet("font-size: 18px; font-weight: 600;")
        self.facts = QLabel()
        self.facts.setStyleSheet("color: #555;")
        self.facts.setWordWrap(True)
        self.verdict = QLabel()
        self.notice = QLabel()
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet("color: #1f6fc5;")
        self.tree = ChecklistTree()
        self.tree.files_dropped.connect(self.attach)
        self.tree.currentItemChanged.connect(lambda *_: self._show_item())
        self.tree.itemDoubleClicked.connect(lambda *_: self.open_item_file())
        self.problems = QListWidget()
        self.problems.itemClicked.connect(self._select_problem_item)

        self.dated = QLineEdit()
        self.dated.setPlaceholderText("落款/出具日期")
        self.valid_until = QLineEdit()
        self.valid_until.setPlaceholderText("有效期至")
        self.collected = QCheckBox("已收集原件")
        self.save_item = QPushButton("保存")
        self.save_item.clicked.connect(self.save_dates)
        self.add_button = QPushButton("添加文件…")
        self.add_button.clicked.connect(self.pick_files)
        self.open_button = QPushButton("打开文件")
        self.open_button.clicked.connect(self.open_item_file)
        self.remove_button = QPushButton("移除文件…")
        self.remove_button.clicked.connect(self.remove_file)
        self.item_help = QLabel()
        self.item_help.setWordWrap(True)
        self.item_help.setStyleSheet("color: #444;")
        self.item_help.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.forms_button = QPushButton("生成表格")
        self.forms_button.clicked.connect(self.make_forms)
        self.facts_button = QPushButton("表格信息…")
        self.facts_button.setToolTip("房屋借住声明的房主、开始日期、关系、门牌；各表格的落款日期")
        self.facts_button.clicked.connect(self.edit_facts)
        self.assemble_button = QPushButton("整理材料")
        self.assemble_button.clicked.connect(self.start_assembly)
        self.folder_button = QPushButton("打开文件夹")
        self.folder_button.clicked.connect(self.open_folder)
        self.status_button = QPushButton("办理状态")
        self.status_button.setMenu(self._status_menu())

        item_bar = QHBoxLayout()
        for widget in (
            QLabel("日期"),
            self.dated,
            QLabel("有效期至"),
            self.valid_until,
            self.collected,
            self.save_item,
        ):
            item_bar.addWidget(widget)
        item_bar.addStretch(1)
        for widget in (self.add_button, self.open_button, self.remove_button):
            item_bar.addWidget(widget)
        upper = QWidget()
        upper_layout = QVBoxLayout(upper)
        upper_layout.setContentsMargins(0, 0, 0, 0)
        upper_layout.addWidget(self.tree, 1)
        upper_layout.addLayout(item_bar)
        upper_layout.addWidget(self.item_help)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(QLabel("问题与提示（● 须解决后才能提交，○ 提示）"))
        lower_layout.addWidget(self.problems, 1)
        self.uploads = UploadListView()
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
        # A case of a unit another clerk serves: shown, not changed (the core refuses it anyway).
        self.read_only = ""
        self._limited = (self.forms_button, self.add_button, self.remove_button, self.save_item,
                         self.status_button, self.facts_button)  # fmt: skip
        self._usual_tips = [widget.toolTip() for widget in self._limited]
        self._show(self.ops.read(lambda desk: desk_cases.view(desk, case_id)))

    @property
    def today(self) -> dt.date:
        return self.ops.desk.today()

    @property
    def root(self) -> Path:
        return self.ops.desk.case_root

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
        """Recompute the case's view in the background; only the newest result is shown."""
        case_id = self.case_id
        self.ops.query(
            lambda desk: desk_cases.view(desk, case_id),
            key=f"case-{case_id}",
            owner=self,
            success=self._show,
        )

    def _show(self, view) -> None:
        current = self._current_key()
        self.view = view
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
            f"font-weight: 600; color: {'#2e7d32' if not blocking else '#b00020'};"
        )
        self.tree.clear()
        for row in view.rows:
            state = row.state.state
            files = sum(a.kind == "file" for a in row.attachments)
            forms = sum(a.kind == "form" for a in row.attachments)
            title = row.title if not row.item or row.item.required else f"{row.title}（如适用）"
            item = QTreeWidgetItem(
                [
                    f"{row.number:02d}",
                    title,
                    row.item.provider if row.item else "",
                    ITEM_STATES[state],
                    _day(row.state.dated),
                    _day(row.state.valid_until),
                    _day(row.valid_through),
                    f"{files}" + (f"+表{forms}" if forms else ""),
                ]
            )
            item.setData(0, Qt.ItemDataRole.UserRole, row.key)
            item.setForeground(3, QBrush(QColor(STATE_COLOURS[state])))
            if row.valid_through is not None and row.valid_through < self.today:
                item.setForeground(6, QBrush(QColor("#b00020")))
            if row.item:
                item.setToolTip(1, _item_help(row.item))
            self.tree.addTopLevelItem(item)
            if row.key == current:
                self.tree.setCurrentItem(item)
        self.problems.clear()
        for problem in view.check.problems:
            text = f"{'●' if problem.blocking else '○'} {problem.subject}：{problem.message}"
            entry = QListWidgetItem(text)
            entry.setData(Qt.ItemDataRole.UserRole, problem.item)
            entry.setForeground(QBrush(QColor("#b00020" if problem.blocking else "#555555")))
            entry.setToolTip(
                f"规则：{problem.rule}\n依据：{problem.source or '—'}"
                + ("\n未核实 — 请向区人力社保局确认" if problem.unverified else "")
            )
            self.problems.addItem(entry)
        # A unit another clerk serves opens read-only (a shared register); the tooltip says why.
        self.read_only = self.ops.read(desk_units.read_only_units).get(case.unit_id, "")
        editable = case.status in ("preparing", "returned") and not self.read_only
        for widget in (self.add_button, self.remove_button, self.save_item):
            widget.setEnabled(editable)
        # A checklist without a form the app makes (e.g. 自动延续确认) has nothing to generate.
        has_forms = any(row.item is not None and row.item.form in FORM_SLUGS for row in view.rows)
        self.forms_button.setEnabled(editable and has_forms)
        self.facts_button.setEnabled(has_forms and not self.read_only)
        self.status_button.setEnabled(not self.read_only)
        none = "" if has_forms else "此事项的材料清单中没有可由本程序生成的表格"
        tips = list(self._usual_tips)
        tips[self._limited.index(self.forms_button)] = (
            none or "生成本事项的表格，按本区规则落款日期"
        )
        tips[self._limited.index(self.facts_button)] = (
            none or "房屋借住声明的房主、开始日期、关系、门牌；各表格的落款日期"
        )
        for widget, tip in zip(self._limited, tips, strict=True):
            widget.setToolTip(self.read_only or tip)
        self._show_item()

    def _current_key(self) -> str | None:
        item = self.tree.currentItem()
        return item.data(0, Qt.ItemDataRole.UserRole) if item else None

    def _row(self):
        key = self._current_key()
        return next((r for r in self.view.rows if r.key == key), None) if self.view else None

    def _show_item(self) -> None:
        row = self._row()
        self.dated.setText(_day(row.state.dated) if row else "")
        self.valid_until.setText(_day(row.state.valid_until) if row else "")
        self.collected.setChecked(bool(row and row.state.collected))
        self.item_help.setText(
            _item_help(row.item)
            if row and row.item
            else "选择一项材料，可拖入文件或点“添加文件…”。"
        )
        self.open_button.setEnabled(bool(row and row.attachments))

    def _select_problem_item(self, entry: QListWidgetItem) -> None:
        key = entry.data(Qt.ItemDataRole.UserRole)
        for index in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(index)
            if item.data(0, Qt.ItemDataRole.UserRole) == key:
                self.tree.setCurrentItem(item)

    # ------------------------------------------------------------ changing

    def attach(self, key: str, paths: list[str]) -> bool:
        bad = [p for p in paths if Path(p).suffix.lower() not in ACCEPTED]
        if bad:
            QMessageBox.warning(
                self,
                "无法添加",
                f"只能添加 PDF、JPG 或 PNG 文件：{'、'.join(Path(p).name for p in bad)}",
            )
            return False
        case_id, files = self.case_id, list(paths)
        title = next((r.title for r in self.view.rows if r.key == key), key) if self.view else key
        return self.ops.write(
            lambda desk: desk_cases.attach(desk, case_id, key, files),
            parent=self,
            busy=[self.add_button],
            success=lambda _changes: scan_proposals_view.offer(self, self.ops, case_id, key, title),
        )

    def pick_files(self) -> None:
        row = self._row()
        if row is None:
            QMessageBox.information(self, "添加文件", "请先在清单中选择一项材料。")
            return
        paths, _ = QFileDialog.getOpenFileNames(
            self, f"为“{row.title}”添加文件", "", "材料文件 (*.pdf *.jpg *.jpeg *.png)"
        )
        if paths:
            self.attach(row.key, paths)

    def save_dates(self) -> None:
        row = self._row()
        if row is None or row.item is None:
            return
        # The values are read now, when the clerk saves: the write runs later on the writer thread,
        # by which time another item may be selected and its dates typed into the same fields.
        # The item's version and values as this window showed them: a change made meanwhile
        # (another window, the CLI) is refused with what changed, never overwritten.
        case_id, key = self.case_id, row.key
        values = {
            "dated": self.dated.text(),
            "valid_until": self.valid_until.text(),
            "collected": self.collected.isChecked(),
            "expected_version": row.version,
            "seen": desk_cases.item_copy(row.row),
        }
        self.ops.write(
            lambda desk: desk_cases.update_item(desk, case_id, key, **values), parent=self
        )

    def remove_file(self) -> None:
        row = self._row()
        if row is None or not row.attachments:
            return
        names = [a.original_name or a.path for a in row.attachments]
        name, ok = QInputDialog.getItem(self, "移除文件", f"从“{row.title}”移除：", names, 0, False)
        if ok:
            attachment = row.attachments[names.index(name)]
            attachment_id = attachment.id
            self.ops.write(lambda desk: desk_cases.detach(desk, attachment_id), parent=self)

    def open_item_file(self) -> None:
        row = self._row()
        if row is None or not row.attachments:
            return
        folder = self.root / self.view.case.folder
        files = [a for a in row.attachments if a.kind == "file"] or row.attachments
        self._open(folder / files[-1].path)

    def open_folder(self) -> None:
        case_id = self.case_id  # making a missing folder records its name: a write
        self.ops.write(
            lambda desk: (desk_cases.folder(desk, case_id), Changes.of_case(case_id)),
            parent=self,
            success=self._open,
        )

    def _open(self, path: Path) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def make_forms(self) -> None:
        def done(paths: list[Path]) -> None:
            names = "、".join(p.name for p in paths)
            self.notice.setText(
                f"已生成并附到对应材料：{names}。打印、签字盖章后扫描添加到同一项。"
            )

        case_id, on = self.case_id, self.today
        self.ops.write(
            lambda desk: (
                desk_cases.generate_forms(desk, case_id, on=on),
                Changes.of_case(case_id),
            ),
            parent=self,
            success=done,
            busy=[self.forms_button],
        )

    def edit_facts(self) -> None:
        """The case's facts for its forms (loan owners, dates), in their own dialog."""
        from ..dialogs.case_facts_dialog import CaseFactsDialog

        case_id = self.case_id
        address = self.ops.read(lambda desk: desk_cases.view(desk, case_id)).holder.address
        CaseFactsDialog(self, self.ops, case_id, holder_address=address or "").exec()

    def _status_menu(self) -> QMenu:
        menu = QMenu(self)
        for status, text in (
            ("submitted", "标记为已提交"),
            ("returned", "退回补正…"),
            ("rejected", "不予受理…"),
            ("approved", "已核准…"),
            ("preparing", "重新准备材料"),
        ):
            menu.addAction(text, lambda s=status: self.change_status(s))
        return menu

    def change_status(self, status: str) -> bool:
        note, expiry, force = "", None, False
        if status in ("returned", "rejected"):
            note, ok = QInputDialog.getMultiLineText(self, "办理状态", "请写明原因：")
            if not ok:
                return False
        if status == "approved":
            case_id, on = self.case_id, self.today
            suggested = self.ops.read(lambda desk: desk_cases.suggest_expiry(desk, case_id, on=on))
            text, ok = QInputDialog.getText(
                self,
                "已核准",
                "新的有效期至（核准日 + 有效期 − 1 天，可修改）：",
                text=_day(suggested),
            )
            if not ok:
                return False
            expiry = text
        if status == "submitted" and self.view is not None and self.view.check.blocking:
            if not confirm(
                self,
                "标记为已提交",
                f"尚有 {len(self.view.check.blocking)} 个问题未解决。仍标记为已提交？",
            ):
                return False
            force = True
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

    # ------------------------------------------------------------ assembling off the UI thread

    def start_assembly(self) -> None:
        """Plan on the writer (a missing folder is made and recorded), then assemble on the tasks worker."""
        case_id = self.case_id
        self.ops.write(
            lambda desk: (desk_cases.plan_assembly(desk, case_id), Changes.of_case(case_id)),
            parent=self,
            success=self._assemble,
            failure=lambda error: QMessageBox.warning(self, "无法整理材料", str(error)),
            busy=[self.assemble_button],
        )

    def _assemble(self, plan) -> None:
        draft = bool(plan.blocking)
        if draft and not self._confirm_draft(plan):
            return
        self.assemble_button.setEnabled(False)
        self._progress = QProgressDialog("正在整理材料…", "取消", 0, len(plan.items) + 2, self)
        self._progress.setWindowTitle("整理材料")
        self._progress.setMinimumDuration(600)
        self._progress.setWindowModality(Qt.WindowModality.WindowModal)
        reporter = self._reporter = _AssemblyProgress()
        reporter.progress.connect(lambda done, _total: self._progress.setValue(done))
        self._progress.canceled.connect(lambda: setattr(reporter, "cancel", True))
        run_in_background(
            lambda: assemble(
                plan,
                draft=draft,
                progress=reporter.progress.emit,
                cancelled=lambda: reporter.cancel,
            ),
            self._assembly_done,
            self._assembly_done,
        )

    def _confirm_draft(self, plan) -> bool:
        """A case that cannot be submitted is said so before anything is built; 否 is the default."""
        shown = plan.blocking[:8]
        listed = "\n".join(f"{index}. {text}" for index, text in enumerate(shown, start=1))
        more = f"\n……另有 {len(plan.blocking) - len(shown)} 个" if len(plan.blocking) > 8 else ""
        return confirm(
            self,
            "整理材料",
            f"办理事项 {plan.cover.case_number} 尚不能提交，有 {len(plan.blocking)} 个问题须先解决："
            f"\n{listed}{more}\n\n仍要整理为草稿？全部材料.pdf 的每一页都会标“草稿”，不可提交。",
        )

    def _assembly_done(self, result: object) -> None:
        self._progress.reset()
        self.assemble_button.setEnabled(True)
        if isinstance(result, WrcError):
            QMessageBox.warning(self, "整理材料", str(result))
            return
        if isinstance(result, Exception):
            log.error("assembly failed", exc_info=result)
            QMessageBox.critical(
                self, "整理材料", "整理时发生意外错误，文件夹未作改动。错误详情已写入日志。"
            )
            return
        assert isinstance(result, AssemblyResult)
        self.uploads.show_rows(result.uploads, built=True)
        self.lower_tabs.setTabText(1, "上传清单")
        self.assembled.emit(result)
        kept = "".join(
            f"\n文件夹中已有您自己的“{p.name}”，未覆盖；程序生成的同名文件另行命名。"
            for p in result.kept
        )
        box = QMessageBox(
            QMessageBox.Icon.Information,
            "整理材料",
            f"已整理到 {result.folder}\n全部材料.pdf 共 {result.pages} 页"
            + ("（草稿，每页标“草稿”，不可提交）" if result.draft else "")
            + f"；本次写入 {len(result.written)} 个文件。"
            f"\n内部核对单（不提交）另存为单独文件。{kept}",
            parent=self,
        )
        open_merged = box.addButton("打开全部材料.pdf", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("关闭", QMessageBox.ButtonRole.RejectRole)
        box.setModal(False)
        box.buttonClicked.connect(
            lambda button: self._open(result.merged) if button is open_merged else None
        )
        box.show()
        self._result_box = box


def _day(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


def _item_help(item) -> str:
    lines = [f"{item.title}（{item.provider}提供）", f"准备：{item.preparation or '—'}"]
    if item.validity_text:
        lines.append(f"有效期要求：{item.validity_text}")
    lines.append(f"依据：{item.source}" + (f" “{item.quote}”" if item.quote else ""))
    if item.unverified:
        lines.append("未核实 — 请向区人力社保局确认")
    if item.form:
        lines.append("可由“生成表格”生成，签字盖章后扫描附上。")
    return "\n".join(lines)
