"""“新建办理事项”: choose the holder, the kind and the facts that decide the checklist.

Opened from a due-list task or from the register, it starts with the application that fits
the holder's permit now and a planned date no later than the latest safe submission
(:func:`wrc_desktop.desk.cases.suggest`), and says why; a kind that contradicts the permit
is refused when the clerk presses 新建, with the reason, and nothing is written.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from ...desk import cases as desk_cases
from ...desk import holders as desk_holders
from ...rules.due import DueItem
from ...rules.next_application import NextApplication
from ...rules.vocab import CASE_KINDS, HOUSING_KINDS
from ..doors.operations import RegisterOps
from ..widgets.shared import fill_combo, set_combo_code
from .holder_picker import HolderPicker

CLAUSES = {
    1: "1 学士以上学位 + 2 年工作经历",
    2: "2 中级以上职称或相当资格",
    3: "3 科技、文艺、社科奖项获奖人",
    4: "4 科技创新主体，收入 4 倍",
    5: "5 科技创新服务主体，收入 8 倍",
    6: "6 专利、软件著作权成果转化",
    7: "7 创新创业团队股东",
    8: "8 自由职业者、个体工商户",
}


class NewCaseDialog(QDialog):
    """On accept, :attr:`case_id` is the new case (its folder is created under the case root).

    The case is written on the register's writer thread from the values the dialog showed
    when the clerk pressed 新建; the dialog closes when it is committed.
    """

    def __init__(
        self,
        ops: RegisterOps,
        *,
        holder_id: int | None = None,
        task: DueItem | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ops = ops
        self.today = today = ops.desk.today()
        self.case_id: int | None = None
        self.setWindowTitle("新建办理事项")
        self.setMinimumWidth(460)

        # A leaver's task opens the old unit's case for that holder: offered though left.
        self.holder = HolderPicker(
            ops.read(lambda desk: desk_holders.holder_choices(desk, also=holder_id))
        )
        self.kind = QComboBox()
        fill_combo(self.kind, CASE_KINDS)
        self.clause = QComboBox()
        fill_combo(self.clause, {str(k): v for k, v in CLAUSES.items()}, blank="（不适用）")
        self.housing = QComboBox()
        fill_combo(self.housing, HOUSING_KINDS, blank="（未选择）")
        self.submit = QDateEdit(QDate(today + dt.timedelta(days=14)))
        self.submit.setCalendarPopup(True)
        self.submit.setDisplayFormat("yyyy-MM-dd")
        self.family_box = QVBoxLayout()
        family_holder = QWidget()
        family_holder.setLayout(self.family_box)
        self.family: list[QCheckBox] = []
        self.reason = QLabel()  # why this kind and date (from the permit's state)
        self.reason.setWordWrap(True)
        self.reason.setStyleSheet("color: #1f4e78;")
        self.suggested = None  # the NextApplication shown for the current holder
        self.task: NextApplication | None = None  # the due-list task's application, if any
        self.error = QLabel()
        self.error.setStyleSheet("color: #b00020;")
        self.error.setWordWrap(True)

        form = QFormLayout()
        form.addRow("持证人", self.holder)
        form.addRow("办理事项", self.kind)
        form.addRow("申报条款", self.clause)
        form.addRow("住所证明", self.housing)
        form.addRow("随往人员", family_holder)
        form.addRow("计划提交日期", self.submit)
        form.addRow("", self.reason)
        self.buttons = buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("新建")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.create)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

        self.holder.currentIndexChanged.connect(self._holder_changed)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        if holder_id is not None:
            self.holder.setCurrentIndex(max(0, self.holder.findData(holder_id)))
        self._holder_changed()
        if task is not None and task.holder_id == holder_id and task.apply_kind is not None:
            # The task's own application (e.g. 随往人员变更 for a child turning 18), its date
            # and reason, as its row said them.
            self.task = NextApplication(task.apply_kind, None, task.apply_on, task.apply_reason)
            set_combo_code(self.kind, task.apply_kind)
        self._kind_changed()

    def _holder_changed(self) -> None:
        holder_id = self.holder.currentData()
        self.task = None  # another holder: the task no longer applies
        for box in self.family:
            self.family_box.removeWidget(box)
            box.hide()  # deleteLater alone would leave it on screen until the event loop runs
            box.deleteLater()
        self.family = []
        if holder_id is None:
            return
        self._suggest(holder_id)
        detail = self.ops.read(lambda desk: desk_holders.holder_detail(desk, holder_id))
        set_combo_code(self.housing, detail.holder.housing_kind)
        for member in detail.family:
            born = f"，{member.birth_date.isoformat()} 出生" if member.birth_date else ""
            box = QCheckBox(
                f"{'配偶' if member.relation == 'spouse' else '子女'} {member.name}{born}"
            )
            box.setProperty("member_id", member.id)
            self.family_box.addWidget(box)
            self.family.append(box)
        if not detail.family:
            box = QCheckBox("（登记册中没有随往人员）")
            box.setEnabled(False)
            self.family_box.addWidget(box)
            self.family.append(box)

    def _suggest(self, holder_id: int) -> None:
        """The kind and planned date that fit the holder's permit now, with the reason."""
        found = self.ops.read(lambda desk: desk_cases.suggest(desk, holder_id))
        self.suggested = found
        if found.kind is not None:
            set_combo_code(self.kind, found.kind)
        self._show_plan(found)

    def _show_plan(self, found: NextApplication) -> None:
        """The planned date and the reason for the application ``found`` (a NextApplication)."""
        if found.planned is not None:
            self.submit.setDate(QDate(found.planned))
        elif found.latest is not None:  # late, no counter day left: as soon as possible
            self.submit.setDate(QDate(self.today))
        latest = f"（最晚安全提交日 {found.latest.isoformat()}）" if found.latest else ""
        if found.latest and found.latest.isoformat() in found.reason:
            latest = ""  # the reason names it already
        self.reason.setText(f"{found.reason}{latest}" if found.reason else "")

    def _kind_changed(self) -> None:
        kind = self.kind.currentData()
        holder_id = self.holder.currentData()
        if self.suggested is not None and kind is not None and holder_id is not None:
            # Another application than the suggested one has its own date and reason.
            if self.task is not None and kind == self.task.kind:
                found = self.task
            elif kind == self.suggested.kind:
                found = self.suggested
            else:
                found = self.ops.read(lambda desk: desk_cases.suggest(desk, holder_id, kind=kind))
            self._show_plan(found)
        self.clause.setEnabled(kind == "new")
        self.housing.setEnabled(kind in ("new", "address-change"))
        if kind == "new" and self.clause.currentData() is None:
            set_combo_code(self.clause, "1")

    def create(self) -> None:
        holder_id = self.holder.currentData()
        if holder_id is None:
            self.error.setText("请选择持证人")
            return
        kind = self.kind.currentData()
        ids = [
            box.property("member_id")
            for box in self.family
            if box.isChecked() and box.property("member_id")
        ]
        housing = self.housing.currentData() if self.housing.isEnabled() else desk_cases.UNSET
        # Every value is read now, on the UI thread: the write runs later, on the writer thread.
        values = {
            "holder_id": holder_id,
            "kind": kind,
            "housing": housing,
            "family_ids": ids,
            "clause": self.clause.currentData() if kind == "new" else None,
            "submit_on": self.submit.date().toPython(),
        }
        self.ops.write(
            lambda desk: desk_cases.create(desk, **values),
            parent=self,
            success=self._created,
            failure=lambda e: self.error.setText(str(e)),
            busy=[self.buttons],
        )

    def _created(self, case_id: int) -> None:
        self.case_id = case_id
        self.accept()

    def reject(self) -> None:
        if self.buttons.isEnabled():  # a save is under way: let the clerk see how it ends
            super().reject()
