"""One colour scale for a permit's state, on every page: it follows the rules' urgency order.

Settled records (left, cancelled, no permit) are grey; the renewal stages go from calm
blue through amber to red; a lost permit is the darkest red — never milder than a permit
still in its grace period.
"""

from __future__ import annotations

from PySide6.QtGui import QBrush, QColor

from ..rules.permit_state import PermitState

# By position in rules.permit_state.SCALE (least to most urgent).
COLOURS = {
    "已离职": "#8a8a8a",
    "已注销": "#8a8a8a",
    "未登记证件": "#8a8a8a",
    "正常": "",
    "即将进入续签期": "#1565c0",
    "续签期内": "#a15c00",
    "已挂起（待新单位关联）": "#b35c00",
    "紧急": "#d84315",
    "已过最晚提交日": "#c62828",
    "已过期（宽限期内）": "#b71c1c",
    "已失效": "#7f0000",
}
_BRUSHES = {label: QBrush(QColor(colour)) for label, colour in COLOURS.items() if colour}


def status_colour(label: str) -> str:
    return COLOURS.get(label, "")


def status_brush(state: PermitState) -> QBrush | None:
    return _BRUSHES.get(state.label)
