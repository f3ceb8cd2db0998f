"""设置 → 区政策: each district's rule values, where each comes from, and which are unverified.

Values no public guide states are defaults, and every one of them says
"未核实 — 请向区人力社保局确认" here, in the same words the computed dates use. The page
is read-only: changing a district's values in the app is not offered yet.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtGui import QColor, QFont, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from ...desk import units as desk_units
from ...rules import vocab
from ...rules.errors import WrcError
from ...rules.explain import RULE_LABELS, UNVERIFIED_NOTE
from ...rules.policy import DistrictPolicy, get_policy
from ..doors.operations import RegisterOps
from .common import WARN_COLOUR, StatusLine, note, read_only_item

COLUMNS = ["规则", "取值", "依据", "核实情况"]
VERIFIED = "已有依据"
SECTIONS = {
    "bureau": "主管部门",
    "renewal": "续签",
    "counter": "窗口受理日",
    "auto_extension": "有效期自动延续",
    "employer_change": "聘用单位变更与离职",
    "eligibility": "申请人基本条件",
    "income_test": "应税收入核验",
    "income_periods": "应税收入材料期间",
    "materials": "材料有效期",
    "age_limit": "年龄上限",
    "warnings": "提醒",
}
# Words for the values that are codes in the policy files.
CODES = {
    "each_month": "每个月均须达到",
    "sum": "近几个月合计须达到",
    "annual": "按年度收入",
    "last_months": "最近若干个月",
    "last_months_or_since_hire": "最近若干个月（入职不足的自入职起）",
    "since_january": "持证期间近几年（自某年 1 月起）",
    "fixed": "固定年龄",
    "retirement": "法定退休年龄（含延迟退休）",
    "none": "指南未规定年龄上限",
    "review_reserve": "失效日前预留审核工作日",
    "by_expiry": "有效期满日当日或之前（窗口受理日）",
}
WEEKDAY_RULES = ("counter.small_unit_weekdays", "counter.large_unit_weekdays")


def value_text(value: Any) -> str:
    if value is None:
        return "—（不适用）"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return CODES.get(value, value) or "（未填写）"
    if isinstance(value, tuple):
        return "、".join(str(item) for item in value) or "—（无）"
    return str(value)


def rule_value_text(policy: DistrictPolicy, rule: str) -> str:
    value = policy.value(rule)
    if rule in WEEKDAY_RULES:
        return "、".join(f"周{'一二三四五六日'[day - 1]}" for day in value)
    if rule == "employer_change.cancellation_working_days" and value == 0:
        return "0（立即，离职当日）"
    return value_text(value)


class PolicyTab(QWidget):
    def __init__(self, ops: RegisterOps, overrides: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.overrides = overrides
        self.policy: DistrictPolicy | None = None
        self._default_district: str | None = None
        self.district = QComboBox()
        self.district.setMinimumWidth(160)
        for slug, name in vocab.DISTRICTS.items():
            self.district.addItem(name, slug)
        self.district.currentIndexChanged.connect(
            lambda _index: self.show_district(self.district.currentData())
        )
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        for column, width in enumerate((260, 220, 0, 230)):
            if width:
                self.table.setColumnWidth(column, width)
        # Wrapped rows get their height from the column widths, which are only known once shown.
        self._fit_rows = QTimer(self, singleShot=True, interval=0)
        self._fit_rows.timeout.connect(self.table.resizeRowsToContents)
        header.sectionResized.connect(lambda *_args: self._fit_rows.start())
        self.status = StatusLine()

        top = QHBoxLayout()
        top.addWidget(QLabel("区："))
        top.addWidget(self.district)
        top.addSpacing(12)
        top.addWidget(self.summary, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(
            note(
                "各区的办理规则取自该区公开的办事指南，依据一栏注明出处（鼠标停留可看原文摘录）。"
                "指南未写明的项目采用默认值，标为“"
                + UNVERIFIED_NOTE
                + "”，据此算出的日期也会同样注明。"
                "本页只供查看：暂不支持在软件中修改区政策；如区人力社保局答复的规定与此不同，"
                "请以区人力社保局为准，并联系软件维护人员更新政策数据。"
            )
        )
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        self.reload_districts()

    def reload_districts(self) -> None:
        """Show the default unit's district (the one the clerk most likely asks about) when it changes.

        A district the clerk picked stays on screen through other edits of the register.
        """
        self.ops.query(
            desk_units.default_district,
            success=self._default_district_arrived,
            key=f"default-district-{id(self)}",
            owner=self,
        )

    def _default_district_arrived(self, default: str | None) -> None:
        if self.policy is not None and default == self._default_district:
            return
        self._default_district = default
        index = self.district.findData(default) if default else self.district.currentIndex()
        self.district.blockSignals(True)
        self.district.setCurrentIndex(max(index, 0))
        self.district.blockSignals(False)
        self.show_district(self.district.currentData())

    def show_district(self, slug: str) -> None:
        try:
            policy = get_policy(slug, overrides=self.overrides)
        except WrcError as error:
            self.table.setRowCount(0)
            self.status.error(str(error))
            return
        self.status.clear_message()
        self.policy = policy
        self.table.setRowCount(0)
        bold = QFont(self.font())
        bold.setBold(True)
        section = None
        for rule in sorted(policy.sources, key=_rule_order):
            if rule.split(".")[0] != section:
                section = rule.split(".")[0]
                row = self.table.rowCount()
                self.table.insertRow(row)
                heading = read_only_item(SECTIONS.get(section, section))
                heading.setFont(bold)
                heading.setBackground(QColor("#eef2f7"))
                self.table.setItem(row, 0, heading)
                self.table.setSpan(row, 0, 1, len(COLUMNS))
            self._add_rule(policy, rule)
        self._fit_rows.start()
        count = len(policy.unverified_rules)
        self.summary.setText(
            f"{policy.name}：共 {len(policy.sources)} 项，其中 {count} 项未核实。"
            if count
            else f"{policy.name}：各项均有依据。"
        )

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._fit_rows.start()

    def _add_rule(self, policy: DistrictPolicy, rule: str) -> None:
        origin = policy.sources[rule]
        row = self.table.rowCount()
        self.table.insertRow(row)
        quote = f"原文：{origin.quote}" if origin.quote else ""
        # A value taken from another district's guide says so in the source column itself.
        borrowed = origin.borrowed_from(policy.slug)
        cited = "；".join(
            filter(
                None, [origin.citation(), borrowed, f"说明：{origin.note}" if origin.note else ""]
            )
        )
        self.table.setItem(row, 0, read_only_item(RULE_LABELS.get(rule, rule), rule))
        self.table.setItem(row, 1, read_only_item(rule_value_text(policy, rule)))
        self.table.setItem(row, 2, read_only_item(cited, quote))
        state = read_only_item(UNVERIFIED_NOTE if origin.unverified else VERIFIED)
        if origin.unverified:
            state.setForeground(QColor(WARN_COLOUR))
            state.setToolTip("指南未写明或仅为推断，按默认值计算；请向区人力社保局确认")
        self.table.setItem(row, 3, state)

    def row_of(self, rule: str) -> int:
        """The table row showing ``rule`` (tests and links from explanations)."""
        for row in range(self.table.rowCount()):
            item = self.table.item(row, 0)
            if item is not None and item.toolTip() == rule:
                return row
        raise KeyError(rule)


def _rule_order(rule: str) -> tuple[int, int]:
    """Sections in the order of :data:`SECTIONS`, rules in the order of ``RULE_LABELS``."""
    section = rule.split(".")[0]
    labels = list(RULE_LABELS)
    return (
        list(SECTIONS).index(section) if section in SECTIONS else len(SECTIONS),
        labels.index(rule) if rule in labels else len(labels),
    )
