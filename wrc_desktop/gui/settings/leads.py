"""设置 → 提醒提前量: how many days before each dated event its warning starts.

A kind the clerk has not set follows the district policies of the register's units
(e.g. 劳动合同到期前 6 个月); the page shows that default beside each kind, derived from
the same rule functions the due list uses, so the two can never disagree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ...desk import MAX_LEAD_DAYS, Desk
from ...desk import due as desk_due
from ...desk import units as desk_units
from ...rules.due import (
    CASE_NOTICE_DAYS,
    KINDS,
    LEAD_KINDS,
    MATERIAL_NOTICE_DAYS,
    RENEWAL_NOTICE_DAYS,
)
from ...rules.explain import UNVERIFIED_NOTE
from ...rules.policy import DistrictPolicy
from ...rules.reminders import child_reminders
from ..doors.operations import RegisterOps
from .common import MUTED_STYLE, WARN_STYLE, StatusLine, note

DEFAULT = -1  # the spin box's special value: follow the default
EVENTS = {
    "renewal": "续签期开始前",
    "contract_end": "劳动合同到期前",
    "child_16": "随往子女满 16 周岁前",
    "child_18": "随往子女满 18 周岁前",
    "age_limit": "达到年龄上限前",
    "material": "办理事项中的材料失效前（未填计划提交日时）",
    "case": "办理事项的期限前",
}
# Kinds whose default is a fixed number of days rather than a district policy value.
FIXED_DAYS = {
    "renewal": RENEWAL_NOTICE_DAYS,
    "material": MATERIAL_NOTICE_DAYS,
    "case": CASE_NOTICE_DAYS,
}
# The policy value behind a default (for the "unverified" mark); the children's notices are fixed.
POLICY_RULES = {
    "contract_end": "warnings.contract_end_months",
    "age_limit": "warnings.age_limit_notice_months",
}
_SAMPLE_BIRTH = dt.date(2012, 6, 15)


def _months_between(early: dt.date, late: dt.date) -> int:
    return (late.year - early.year) * 12 + late.month - early.month


def default_months(kind: str, policy: DistrictPolicy) -> int:
    """A district's default notice, in months, for a reminder kind."""
    if kind == "contract_end":
        return policy.warnings.contract_end_months
    if kind == "age_limit":
        return policy.warnings.age_limit_notice_months
    reminder = next(r for r in child_reminders(policy, _SAMPLE_BIRTH) if r.kind == kind)
    return _months_between(reminder.notice_from, reminder.due)


def default_text(kind: str, policies: Iterable[DistrictPolicy]) -> tuple[str, bool]:
    """(how the default reads, whether any district's value behind it is unverified)."""
    if kind in FIXED_DAYS:
        return f"默认：{EVENTS[kind]} {FIXED_DAYS[kind]} 天", False
    policies = list(policies)
    values = {policy.name: default_months(kind, policy) for policy in policies}
    unverified = kind in POLICY_RULES and any(
        policy.is_unverified(POLICY_RULES[kind]) for policy in policies
    )
    if len(set(values.values())) == 1:
        return f"默认：{EVENTS[kind]} {next(iter(values.values()))} 个月（按区政策）", unverified
    parts = "、".join(f"{name} {months} 个月" for name, months in values.items())
    return f"默认：{EVENTS[kind]}按区政策 —— {parts}", unverified


class LeadTimesTab(QWidget):
    changed = Signal()

    def __init__(self, ops: RegisterOps, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.spins: dict[str, QSpinBox] = {}
        self.defaults: dict[str, QLabel] = {}
        self.reset_buttons: dict[str, QPushButton] = {}
        box = QGroupBox("各类提醒提前多少天出现在待办中")
        grid = QGridLayout(box)
        grid.setHorizontalSpacing(14)
        for row, kind in enumerate(LEAD_KINDS):
            spin = QSpinBox()
            spin.setRange(DEFAULT, MAX_LEAD_DAYS)
            spin.setSpecialValueText("按默认")
            spin.setSuffix(" 天")
            spin.setMinimumWidth(110)
            # One write when the number is finished, not per keystroke
            spin.setKeyboardTracking(False)
            spin.valueChanged.connect(lambda days, kind=kind: self._changed(kind, days))
            reset = QPushButton("恢复默认")
            reset.clicked.connect(lambda _checked=False, kind=kind: self.restore_default(kind))
            default = QLabel()
            default.setWordWrap(True)
            grid.addWidget(QLabel(f"{KINDS[kind]}："), row, 0)
            grid.addWidget(QLabel("提前"), row, 1)
            grid.addWidget(spin, row, 2)
            grid.addWidget(reset, row, 3)
            grid.addWidget(default, row, 4)
            self.spins[kind], self.defaults[kind], self.reset_buttons[kind] = spin, default, reset
        grid.setColumnStretch(4, 1)
        self.restore_all = QPushButton("全部恢复默认")
        self.restore_all.clicked.connect(self.restore_all_defaults)
        self.status = StatusLine()
        # The note and the 全部恢复默认 button share a line: the tab fits a laptop at 150 %.
        top = QHBoxLayout()
        top.addWidget(
            note(
                "到期日、截止日本身由区政策和工作日历决定；这里只调整提醒提前多久开始显示。"
                "修改后立即保存，待办随之更新。",
                details="离职注销、聘用单位变更的提醒在离职当天即出现，无需设置。",
            ),
            1,
        )
        top.addWidget(self.restore_all)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(box)
        layout.addWidget(self.status)
        layout.addStretch(1)
        self.reload()

    def reload(self) -> None:
        """Ask for the stored lead times and the units' policies; shown when they arrive."""
        self.ops.query(_lead_settings, success=self._show, key=f"lead-times-{id(self)}", owner=self)

    def _show(self, settings: tuple[dict[str, int], list[DistrictPolicy]]) -> None:
        current, policies = settings
        for kind in LEAD_KINDS:
            spin = self.spins[kind]
            spin.blockSignals(True)
            spin.setValue(current.get(kind, DEFAULT))
            spin.blockSignals(False)
            text, unverified = default_text(kind, policies)
            label = self.defaults[kind]
            label.setText(text + (f"（{UNVERIFIED_NOTE}）" if unverified else ""))
            label.setStyleSheet(WARN_STYLE if unverified else MUTED_STYLE)
            self.reset_buttons[kind].setEnabled(kind in current)

    def _changed(self, kind: str, days: int) -> None:
        self._save({kind: None if days == DEFAULT else days})

    def restore_default(self, kind: str) -> None:
        self._save({kind: None})

    def restore_all_defaults(self) -> None:
        self._save({kind: None for kind in LEAD_KINDS})

    def _save(self, values: dict[str, int | None]) -> None:
        def saved(_result: object) -> None:
            names = "、".join(KINDS[k] for k in values)
            restored = all(v is None for v in values.values())
            self.status.ok(f"已保存：{names}{'恢复为默认提前量' if restored else '的提醒提前量'}。")
            self.reload()
            self.changed.emit()

        def failed(error: Exception) -> None:
            self.status.error(str(error))
            self.reload()

        # Writes run on the register's writer thread; the outcome comes back to these callbacks.
        self.ops.write(
            lambda desk: desk_due.set_lead_times(desk, values),
            initiator=self,
            parent=self,
            success=saved,
            failure=failed,
        )


def _lead_settings(desk: Desk) -> tuple[dict[str, int], list[DistrictPolicy]]:
    """The stored lead times, and the policies of the register's units (the default policy's
    values before any unit exists) with the clerk's overrides, as every deadline is computed."""
    rules = desk.rules()
    policies = [rules.policy(d) for d in desk_units.districts(desk)] or [rules.policy("haidian")]
    return desk_due.lead_times(desk), policies
