"""The case window's assembly: 整理材料 plans on the writer, builds beside it, and shows the
upload list (上传清单) the build wrote.

The plan is a write (a missing folder is created and recorded); the build reads only the
plan, so it runs on the tasks worker with a progress dialog shown after 600 ms and a cancel.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QPushButton, QTabWidget

from ...desk import Changes
from ...desk import assembly as desk_assembly
from ...desk import cases as desk_cases
from ...desk.assembly import AssemblyPlan, AssemblyResult
from ...rules.errors import WrcError
from ..doors.background import run_in_background
from ..widgets.shared import confirm
from .case_items import CaseItems
from .upload_view import UploadListView

log = logging.getLogger("wrc.gui")

DRAFT_PROBLEMS_LISTED = 8  # the rest are counted, so the question fits the screen


class _AssemblyProgress(QObject):
    """Lives on the UI thread; the assembly (on the tasks worker) reports through its queued signal."""

    progress = Signal(int, int)

    def __init__(self) -> None:
        super().__init__()
        self.cancel = False


class CaseAssembly(CaseItems):
    """整理材料 and the 上传清单 it shows (the lower half's second tab)."""

    assembled = Signal(object)  # AssemblyResult
    assemble_button: QPushButton
    uploads: UploadListView
    lower_tabs: QTabWidget

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

    def _assemble(self, plan: AssemblyPlan) -> None:
        draft = bool(plan.blocking)
        if draft and not self._confirm_draft(plan):
            return
        self.assemble_button.setEnabled(False)
        progress = self._progress = QProgressDialog(
            "正在整理材料…", "取消", 0, len(plan.items) + 2, self
        )
        progress.setWindowTitle("整理材料")
        progress.setMinimumDuration(600)
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        reporter = self._reporter = _AssemblyProgress()
        max_mb = self.ops.desk.preferences().upload_max_mb
        reporter.progress.connect(lambda done, _total: progress.setValue(done))
        progress.canceled.connect(lambda: setattr(reporter, "cancel", True))
        run_in_background(
            lambda: desk_assembly.build(
                plan,
                draft=draft,
                progress=reporter.progress.emit,
                cancelled=lambda: reporter.cancel,
                max_mb=max_mb,
            ),
            self._assembly_done,
            self._assembly_done,
        )

    def _confirm_draft(self, plan: AssemblyPlan) -> bool:
        """A case that cannot be submitted is said so before anything is built; 否 is the default."""
        shown = plan.blocking[:DRAFT_PROBLEMS_LISTED]
        listed = "\n".join(f"{index}. {text}" for index, text in enumerate(shown, start=1))
        more = (
            f"\n……另有 {len(plan.blocking) - len(shown)} 个"
            if len(plan.blocking) > DRAFT_PROBLEMS_LISTED
            else ""
        )
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
        self._show_result(result)

    def _show_result(self, result: AssemblyResult) -> None:
        """What was built, where, and a button to open 全部材料.pdf (or, online-only, the 上传清单)."""
        kept = "".join(
            f"\n文件夹中已有您自己的“{p.name}”，未覆盖；程序生成的同名文件另行命名。"
            for p in result.kept
        )
        if result.merged is None:  # a district that takes uploads only: no counter bundle
            made = "本区全程线上办理，不生成窗口提交用的全部材料.pdf，请按上传清单上传" + (
                "（草稿：尚不能提交）" if result.draft else ""
            )
            shown, label = result.upload_list, "打开上传清单.pdf"
        else:
            made = f"全部材料.pdf 共 {result.pages} 页" + (
                "（草稿，每页标“草稿”，不可提交）" if result.draft else ""
            )
            shown, label = result.merged, "打开全部材料.pdf"
        box = QMessageBox(
            QMessageBox.Icon.Information,
            "整理材料",
            f"已整理到 {result.folder}\n{made}；本次写入 {len(result.written)} 个文件。"
            f"\n内部核对单（不提交）另存为单独文件。{kept}",
            parent=self,
        )
        open_shown = box.addButton(label, QMessageBox.ButtonRole.AcceptRole)
        box.addButton("关闭", QMessageBox.ButtonRole.RejectRole)
        box.setModal(False)
        box.buttonClicked.connect(
            lambda button: self._open(shown) if button is open_shown and shown else None
        )
        box.show()
        self._result_box = box
