"""“新建办理事项”: choose the holder, the kind and the facts that decide the checklist.

Opened from a due-list task or from the register, it starts with the application that fits
the holder's permit now and a planned date no later than the latest safe submission
(:func:`wrc_desktop.desk.cases.suggest`), and says why; a kind that contradicts the permit
is refused when the clerk presses 新建, with the reason, and nothing is written.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...desk import cases as desk_cases
from ...desk.dialog_data import NewCaseHolder, new_case_holder, new_case_holders
from ...rules.due import DueItem
from ...rules.next_application import NextApplication
from ...rules.vocab import CASE_KINDS, HOUSING_KINDS
from ..doors.operations import RegisterOps
from ..models.status_colours import ERROR_RED
from ..widgets.loading import READING
from ..widgets.shared import fill_combo, qdate, set_combo_code
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
    when the clerk pressed 新建; the dialog closes when it is committed. The holders, and for
    the one chosen their family and the application that fits them, arrive from queries:
    新建 waits for them.
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
        self.holder = HolderPicker([])
        self.kind = QComboBox()
        fill_combo(self.kind, CASE_KINDS)
        self.clause = QComboBox()
        fill_combo(self.clause, {str(k): v for k, v in CLAUSES.items()}, blank="（不适用）")
        self.housing = QComboBox()
        fill_combo(self.housing, HOUSING_KINDS, blank="（未选择）")
        self.submit = QDateEdit(qdate(today + dt.timedelta(days=14)))
        self.submit.setCalendarPopup(True)
        self.submit.setDisplayFormat("yyyy-MM-dd")
        self.family_box = QVBoxLayout()
        family_holder = QWidget()
        family_holder.setLayout(self.family_box)
        self.family: list[QCheckBox] = []
        self.reason = QLabel()  # why this kind and date (from the permit's state)
        self.reason.setWordWrap(True)
        self.reason.setStyleSheet("color: #1f4e78;")
        self.suggested: NextApplication | None = None  # shown for the current holder
        self.task: NextApplication | None = None  # the due-list task's application, if any
        self.error = QLabel()
        self.error.setStyleSheet(f"color: {ERROR_RED};")
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
        buttons.accepted.connect(self.create_case)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

        self._opened_for = task if task is not None and task.holder_id == holder_id else None
        self._create_button().setEnabled(False)  # until the holder's data has arrived
        self.reason.setText(READING)
        self.ops.query(
            lambda desk: new_case_holders(desk, holder_id),
            success=lambda choices: self._holders_arrived(choices, holder_id),
            failure=lambda error: self.error.setText(f"读取失败：{error}"),
            owner=self,
        )

    def _create_button(self) -> QPushButton:
        """新建: off while the holder's data is read (取消 works all along)."""
        button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        assert button is not None  # made with the box
        return button

    def _holders_arrived(self, choices: list[tuple[int, str]], holder_id: int | None) -> None:
        self.holder.set_choices(choices)
        if holder_id is not None:
            self.holder.setCurrentIndex(max(0, self.holder.findData(holder_id)))
        self.holder.currentIndexChanged.connect(self._holder_changed)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self._holder_changed()

    def _holder_changed(self) -> None:
        holder_id = self.holder.currentData()
        self.task = None  # another holder: the task no longer applies
        self.suggested = None
        for box in self.family:
            self.family_box.removeWidget(box)
            box.hide()  # deleteLater alone would leave it on screen until the event loop runs
            box.deleteLater()
        self.family = []
        if holder_id is None:
            self.reason.clear()
            self._create_button().setEnabled(True)  # 新建 then says to choose a holder
            return
        self._create_button().setEnabled(False)
        self.reason.setText(READING)
        self.ops.query(
            lambda desk: new_case_holder(desk, holder_id),
            success=self._holder_arrived,
            failure=lambda error: self.error.setText(f"读取失败：{error}"),
            key=f"new-case-holder-{id(self)}",
            owner=self,
        )

    def _holder_arrived(self, found: NewCaseHolder) -> None:
        self._create_button().setEnabled(True)
        self._suggest(found.suggestion)
        task, self._opened_for = self._opened_for, None
        if task is not None and task.apply_kind is not None:
            # The task's own application (e.g. 随往人员变更 for a child turning 18), its date
            # and reason, as its row said them.
            self.task = NextApplication(task.apply_kind, None, task.apply_on, task.apply_reason)
            set_combo_code(self.kind, task.apply_kind)
        self._kind_changed()
        detail = found.detail
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

    def _suggest(self, found: NextApplication) -> None:
        """The kind and planned date that fit the holder's permit now, with the reason."""
        self.suggested = found
        if found.kind is not None:
            set_combo_code(self.kind, found.kind)
        self._show_plan(found)

    def _show_plan(self, found: NextApplication) -> None:
        """The planned date and the reason for the application ``found`` (a NextApplication)."""
        if found.planned is not None:
            self.submit.setDate(qdate(found.planned))
        elif found.latest is not None:  # late, no counter day left: as soon as possible
            self.submit.setDate(qdate(self.today))
        latest = f"（最晚安全提交日 {found.latest.isoformat()}）" if found.latest else ""
        if found.latest and found.latest.isoformat() in found.reason:
            latest = ""  # the reason names it already
        self.reason.setText(f"{found.reason}{latest}" if found.reason else "")

    def _plan_arrived(self, found: NextApplication) -> None:
        self._show_plan(found)
        self._create_button().setEnabled(True)

    def _kind_changed(self) -> None:
        kind = self.kind.currentData()
        holder_id = self.holder.currentData()
        if self.suggested is not None and kind is not None and holder_id is not None:
            # Another application than the suggested one has its own date and reason.
            if self.task is not None and kind == self.task.kind:
                self._show_plan(self.task)
            elif kind == self.suggested.kind:
                self._show_plan(self.suggested)
            else:
                # 新建 waits for the kind's own date: a case is never made with the last kind's.
                self._create_button().setEnabled(False)
                self.ops.query(
                    lambda desk: desk_cases.suggest(desk, holder_id, kind=kind),
                    success=self._plan_arrived,
                    failure=lambda _error: self._create_button().setEnabled(True),
                    key=f"new-case-plan-{id(self)}",
                    owner=self,
                )
        self.clause.setEnabled(kind == "new")
        self.housing.setEnabled(kind in ("new", "address-change"))
        if kind == "new" and self.clause.currentData() is None:
            set_combo_code(self.clause, "1")

    def create_case(self) -> None:
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
