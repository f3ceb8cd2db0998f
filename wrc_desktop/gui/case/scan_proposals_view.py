"""读取扫描件: what an item's scans say, beside the fields it would fill; stored when accepted.

Opened after files are attached to an item, and again from the case window's 识别结果… on
what was read then (the kept reading: no second OCR). The scans
are read on a background reader (the OCR models load there once per process), with a bar
counting the files meanwhile (正在读取 2/3 …); each proposal has a box the clerk ticks to
accept it. A scan naming another person or unit than the register is shown in red above the
proposals; once the clerk closes the dialog (either button) the difference stays a problem
of the case's checklist, unless the clerk ticks that the originals were checked. Without the
OCR extra the case window's notice says how to add it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QProgressBar,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...desk import Changes, Desk, scan_proposals
from ..doors.operations import RegisterOps

COLUMNS = ("采用", "内容", "读到的值", "现有值", "原文", "把握", "文件")


def offer(window: QWidget, ops: RegisterOps, case_id: int, key: str, title: str) -> None:
    """After files were attached to ``key``: read them and show what they propose."""
    if key not in scan_proposals.READ_ITEMS:
        return
    if not scan_proposals.available():
        notice = getattr(window, "notice", None)
        if isinstance(notice, QLabel):
            notice.setText(scan_proposals.missing_extra_message())
        return
    dialog = ProposalDialog(ops, case_id, key, title, parent=window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    dialog.start()


def reopen(window: QWidget, ops: RegisterOps, case_id: int, key: str, title: str) -> None:
    """识别结果…: what the item's scans were read to say, shown again from the kept reading."""
    dialog = ProposalDialog(ops, case_id, key, title, parent=window, kept_only=True)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    dialog.start()


def _shown(value: Any) -> str:
    if value is None or value == "" or value == []:
        return "（空）"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return "、".join(f"{v:,}" if isinstance(v, int) else str(v) for v in value)
    return str(value)


class ReadProgress(QObject):
    """Carries the reader's "file n of m" from its thread to the dialog's (a queued signal)."""

    progress = Signal(int, int)  # files done, files in all


class ProposalDialog(QDialog):
    def __init__(
        self,
        ops: RegisterOps,
        case_id: int,
        key: str,
        title: str,
        *,
        parent: QWidget | None,
        kept_only: bool = False,
    ) -> None:
        super().__init__(parent)
        self.ops, self.case_id, self.key = ops, case_id, key
        self.kept_only = kept_only  # reopened: what was read before, never read again
        self.reading: scan_proposals.ItemReading | None = None
        self.reviewed = False  # the differences read have been recorded (closing)
        self.setWindowTitle(f"{'识别结果' if kept_only else '从扫描件读取'} — {title}")
        self.resize(900, 380)
        self.status = QLabel(
            "正在取出上次的识别结果…"
            if kept_only
            else "正在识别扫描件（首次使用需加载识别模型，约需数秒）…"
        )
        self.status.setWordWrap(True)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.mismatches = QLabel()
        self.mismatches.setWordWrap(True)
        self.mismatches.setStyleSheet("color: #c62828;")
        self.mismatches.hide()
        self.dismiss_box = QCheckBox("已核对原件，以上不一致无误（不再列为清单问题）")
        self.dismiss_box.hide()
        self.reported = ReadProgress(self)
        self.reported.progress.connect(self.show_progress)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.buttons = QDialogButtonBox()
        self.accept_button = self.buttons.addButton(
            "采用所选", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.accept_button.setEnabled(False)
        self.buttons.addButton("不采用", QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.store)
        self.buttons.rejected.connect(self.reject)
        note = QLabel("识别在本机完成，扫描件不会离开这台电脑。勾选的内容保存后才会用于检查。")
        note.setStyleSheet("color: #666;")
        layout = QVBoxLayout(self)
        widgets = (self.status, self.busy, self.mismatches, self.dismiss_box, self.table)
        for widget in (*widgets, note, self.buttons):
            layout.addWidget(widget)

    def start(self) -> None:
        case_id, key, emit = self.case_id, self.key, self.reported.progress.emit
        kept_only = self.kept_only
        self.ops.query(
            lambda desk: scan_proposals.read_item(
                desk, case_id, key, progress=emit, kept_only=kept_only
            ),
            success=self.show_reading,
            failure=self.show_failure,
            key=f"scan-read-{case_id}-{key}",
            owner=self,
            bulk=True,
        )

    def show_progress(self, done: int, total: int) -> None:
        if self.reading is not None or total <= 0:
            return
        self.busy.setRange(0, total)
        self.busy.setValue(done)
        if done < total:
            loading = "（首次使用需加载识别模型，约需数秒）" if done == 0 else ""
            self.status.setText(f"正在读取 {done + 1}/{total} …{loading}")

    def show_failure(self, error: Exception) -> None:
        self.busy.hide()
        self.status.setText(f"未能识别：{error}")

    def show_reading(self, reading: scan_proposals.ItemReading) -> None:
        self.reading = reading
        self.busy.hide()
        count = len(reading.proposals)
        notes = "；".join(reading.notes)
        self.status.setText(
            (
                f"读到 {count} 项可填写的内容，请核对后勾选采用。"
                if count
                else "没有读到可填写的内容。"
            )
            + (f"（{notes}）" if notes else "")
        )
        if reading.mismatches:
            self.mismatches.setText(
                "\n".join(f"● {m.file}：{m.message}" for m in reading.mismatches)
            )
            self.mismatches.show()
            self.dismiss_box.show()
        self.table.setRowCount(count)
        for row, proposal in enumerate(reading.proposals):
            check = QTableWidgetItem()
            check.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
            checked = proposal.changes_something and proposal.confidence >= 0.8
            check.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            self.table.setItem(row, 0, check)
            cells = (
                proposal.label,
                _shown(proposal.value),
                _shown(proposal.current),
                " ".join(proposal.source.split()),
                f"{proposal.confidence:.0%}",
                proposal.file,
            )
            for column, text in enumerate(cells, start=1):
                item = QTableWidgetItem(text)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled)
                item.setToolTip(text)
                self.table.setItem(row, column, item)
        self.accept_button.setEnabled(count > 0)

    def chosen(self) -> list[str]:
        if self.reading is None:
            return []
        return [
            proposal.target
            for row, proposal in enumerate(self.reading.proposals)
            if _checked(self.table.item(row, 0))
        ]

    def store(self) -> None:
        chosen, case_id, key = self.chosen(), self.case_id, self.key
        if not chosen:
            self.reject()
            return
        dismissed = self._dismissed()
        self.ops.write(
            lambda desk: (
                scan_proposals.accept(desk, case_id, key, chosen=chosen),
                _dismiss(desk, case_id, key, dismissed),
            )[1],
            parent=self,
            success=lambda _stored: self.accept(),
            busy=[self.accept_button],
        )

    def _dismissed(self) -> bool:
        return self.dismiss_box.isVisible() and self.dismiss_box.isChecked()

    def reject(self) -> None:
        """不采用 (or Esc): nothing read is stored, but the differences seen stay on the checklist."""
        reading, dismissed = self.reading, self._dismissed()
        if reading is None or self.reviewed:
            super().reject()
            return
        self.reviewed = True
        case_id, key = self.case_id, self.key
        self.ops.write(
            lambda desk: (
                scan_proposals.record_review(desk, reading),
                _dismiss(desk, case_id, key, dismissed),
            )[1],
            parent=self,
            success=lambda _changes: super(ProposalDialog, self).reject(),
            busy=[self.accept_button],
        )


def _checked(item: QTableWidgetItem | None) -> bool:
    return item is not None and item.checkState() == Qt.CheckState.Checked


def _dismiss(desk: Desk, case_id: int, key: str, dismissed: bool) -> Changes:
    """What the dialog's closing changed: the case (its scans' differences, recorded or checked)."""
    if dismissed:
        scan_proposals.dismiss(desk, case_id, key)
    return scan_proposals.changes(case_id)
