"""应用建议的修正… — the selected item's scan fixes, applied only when the clerk says 确定.

Which fixes apply is read off the UI thread (the images are opened: long work); the button
is enabled when a scan of the item has fixes not applied yet. The list says, per scan, the
original → the new file beside it and what each fix does; 确定 applies them through the write
door (:func:`wrc_desktop.desk.scan_fixes.apply`), the originals kept, and says what the
checks still find in the fixed files.
"""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QPushButton, QWidget

from ...desk import scan_fixes
from ..doors.operations import RegisterOps

BUTTON_TEXT = "应用建议的修正…"


class ScanFixes:
    """The button's state and its dialog for one case window."""

    def __init__(self, parent: QWidget, ops: RegisterOps, case_id: int) -> None:
        self.parent, self.ops, self.case_id = parent, ops, case_id
        self.button = QPushButton(BUTTON_TEXT)
        self.button.setEnabled(False)
        self.button.setToolTip("转正、纠正倾斜、转为 PDF、压缩；另存新文件，原扫描件保留")
        self.button.clicked.connect(self.offer)
        self.key = ""
        self.found: list[scan_fixes.FileFixes] = []

    def refresh(self, key: str, has_scans: bool) -> None:
        """Look for fixes of item ``key`` (only when it has scans); the button waits for the answer."""
        self.key, self.found = key, []
        self.button.setEnabled(False)
        if not key or not has_scans:
            return
        case_id = self.case_id
        self.ops.query(
            lambda desk: scan_fixes.suggested(desk, case_id, key),
            success=lambda found: self._found(key, found),
            key=f"scan-fixes-{case_id}",
            owner=self.parent,
            long=True,
        )

    def _found(self, key: str, found: list[scan_fixes.FileFixes]) -> None:
        if key != self.key:
            return
        self.found = found
        self.button.setEnabled(any(not entry.applied for entry in found))

    def message(self) -> str:
        lines = [
            f"{entry.name} → {entry.fixed_name}：{'；'.join(entry.lines)}"
            for entry in self.found
            if not entry.applied
        ]
        return (
            "将按以下建议修正扫描件，另存为新文件（原扫描件保留），整理上传材料时使用修正后的文件：\n\n"
            + "\n".join(lines)
        )

    def offer(self) -> None:
        if not self.found:
            return
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "应用建议的修正",
            self.message(),
            QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel,
            self.parent,
        )
        box.button(QMessageBox.StandardButton.Ok).setText("确定")
        box.button(QMessageBox.StandardButton.Cancel).setText("取消")
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        if box.exec() == QMessageBox.StandardButton.Ok:
            self.apply()

    def apply(self) -> None:
        case_id, key = self.case_id, self.key

        def op(desk):
            result = scan_fixes.apply(desk, case_id, key)
            return result, result.changes

        self.ops.write(op, parent=self.parent, success=self._applied, busy=[self.button])

    def _applied(self, result: scan_fixes.FixResult) -> None:
        done = "\n".join(f"{entry.name} → {path.name}" for entry, path in result.fixed)
        still = "\n".join(result.rechecked) or "修正后复查：未发现问题"
        QMessageBox.information(
            self.parent, "应用建议的修正", f"已修正（原文件保留）：\n{done}\n\n{still}"
        )
        self.refresh(key=self.key, has_scans=True)
