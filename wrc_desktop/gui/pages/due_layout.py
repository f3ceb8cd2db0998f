"""待办's columns at 100 %, 125 % and 150 % on a 1366-pixel screen (:mod:`..widgets.column_fit`)."""

from __future__ import annotations

from PySide6.QtWidgets import QTableView

from ...rules.countdown import widest_permit_figures
from ..models.due_cells import COLUMNS, LINK_COLUMN, RULE_COLUMN, STEP_COLUMN
from ..widgets.column_fit import ColumnFitter, Flexible, ems, text_width

# The 操作 column's widest links (a case, or a start; then 知悉 or 登记失效; then 打开).
WIDEST_LINKS = ("办理事项　知悉　打开", "新办　登记失效　打开", "办理　登记失效　打开")


def fit_due_columns(table: QTableView) -> ColumnFitter:
    """期限, 剩余 and the 操作 links as wide as their content, always in view at 125 % and
    150 % on a 1366-pixel screen; 下一步 is wanted most, then 姓名, 事项, 单位 and 依据."""
    metrics = table.fontMetrics()
    fixed = {
        0: text_width(metrics, ("2026-12-07", COLUMNS[0])),
        LINK_COLUMN: text_width(metrics, WIDEST_LINKS),
    }
    flexible = (
        Flexible(STEP_COLUMN, minimum=10, preferred=24),
        # 剩余: a permit's figure whole when there is room ("已过 29 日（最晚提交日）"), else the
        # number and unit, which come first (the cell's tooltip has the whole figure)
        Flexible(1, minimum=6, preferred=ems(metrics, widest_permit_figures())),
        Flexible(2, minimum=3, preferred=4.5),  # 姓名
        Flexible(4, minimum=4, preferred=6.5),  # 事项
        Flexible(3, minimum=4, preferred=9),  # 单位
        Flexible(RULE_COLUMN, minimum=4, preferred=13),  # 依据
    )
    return ColumnFitter(table, fixed=fixed, flexible=flexible, fill=[STEP_COLUMN])
