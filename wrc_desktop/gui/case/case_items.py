"""The case window's items: the checklist's fields for the selected item, and its files.

Files are attached (dropped on an item or picked), opened and removed here; an item's
dates and 已收集原件 are saved from the fields below the checklist. Every change is a write
through :class:`RegisterOps`, built from the values shown when the clerk acts.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...desk import cases as desk_cases
from ...desk import scan_proposals
from ...desk.assembly import ACCEPTED_SCAN_SUFFIXES
from ...desk.records import CaseView, ItemRow
from ..doors.operations import RegisterOps
from . import scan_proposals_view
from .checklist import KEY_ROLE, ChecklistTree, day, item_help
from .scan_fixes_view import ScanFixes

CHOOSE_AN_ITEM = "选择一项材料，可拖入文件或点“添加文件…”。"


class CaseItems(QWidget):
    """The checklist with the selected item's fields and files (the upper half of a case window)."""

    ops: RegisterOps
    case_id: int
    view: CaseView | None
    notice: QLabel

    def _make_items(self) -> QWidget:
        """The checklist, the selected item's bar and its help; the problems list beside."""
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
        # The proposals again, from what the item's scans were read to say (no second OCR).
        self.reading_button = QPushButton("识别结果…")
        self.reading_button.setToolTip("再次查看从扫描件读到的内容，核对后采用或不采用")
        self.reading_button.setEnabled(False)
        self.reading_button.clicked.connect(self.show_reading)
        self.scan_fixes = ScanFixes(self, self.ops, self.case_id)
        self.item_help = QLabel()
        self.item_help.setWordWrap(True)
        self.item_help.setStyleSheet("color: #444;")
        self.item_help.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

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
        for widget in (
            self.add_button,
            self.open_button,
            self.remove_button,
            self.reading_button,
            self.scan_fixes.button,
        ):
            item_bar.addWidget(widget)
        upper = QWidget()
        upper_layout = QVBoxLayout(upper)
        upper_layout.setContentsMargins(0, 0, 0, 0)
        upper_layout.addWidget(self.tree, 1)
        upper_layout.addLayout(item_bar)
        upper_layout.addWidget(self.item_help)
        return upper

    @property
    def today(self) -> dt.date:
        return self.ops.desk.today()

    @property
    def root(self) -> Path:
        return self.ops.desk.case_root

    # ------------------------------------------------------------ the selected item

    def _row(self) -> ItemRow | None:
        key = self.tree.current_key()
        return next((r for r in self.view.rows if r.key == key), None) if self.view else None

    def _show_item(self) -> None:
        row = self._row()
        self.dated.setText(day(row.state.dated) if row else "")
        self.valid_until.setText(day(row.state.valid_until) if row else "")
        self.collected.setChecked(bool(row and row.state.collected))
        self.item_help.setText(item_help(row.item) if row and row.item else CHOOSE_AN_ITEM)
        self.open_button.setEnabled(bool(row and row.attachments))
        self.reading_button.setEnabled(row is not None and scan_proposals.has_reading(row))
        scans = bool(row and any(a.kind == "file" for a in row.attachments))
        self.scan_fixes.refresh(row.key if row else "", scans)

    def _select_problem_item(self, entry: QListWidgetItem) -> None:
        self.tree.select_key(entry.data(KEY_ROLE))

    # ------------------------------------------------------------ changing

    def attach(self, key: str, paths: list[str]) -> bool:
        bad = [p for p in paths if Path(p).suffix.lower() not in ACCEPTED_SCAN_SUFFIXES]
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
            success=lambda _changes: self._attached(case_id, key, title),
        )

    def _attached(self, case_id: int, key: str, title: str) -> None:
        """Once attached: what the reviewer would reject (002's 正方向 etc.), and what was read."""
        self.ops.query(
            lambda desk: desk_cases.scan_findings(desk, case_id, key),
            success=self._show_scan_findings,
            key=f"scan-check-{case_id}-{key}",
            owner=self,
            long=True,  # the pages' text direction is read where the OCR extra is installed
        )
        scan_proposals_view.offer(self, self.ops, case_id, key, title)

    def _show_scan_findings(self, findings: list[str]) -> None:
        if findings:
            self.notice.setText("扫描检查：" + "；".join(findings))

    def show_reading(self) -> None:
        row = self._row()
        if row is not None and scan_proposals.has_reading(row):
            scan_proposals_view.reopen(self, self.ops, self.case_id, row.key, row.title)

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
        attachment_id = row.attachments[names.index(name)].id if ok else None
        if attachment_id is not None:  # chosen, and a stored attachment
            self.ops.write(lambda desk: desk_cases.detach(desk, attachment_id), parent=self)

    def open_item_file(self) -> None:
        row = self._row()
        if row is None or not row.attachments or self.view is None:
            return
        folder = self.root / self.view.case.folder
        files = [a for a in row.attachments if a.kind == "file"] or row.attachments
        self._open(folder / files[-1].path)

    def _open(self, path: Path) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
