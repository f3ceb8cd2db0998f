"""One colour scale for a permit's state, on every page: it follows the rules' urgency order.

Settled records (left, cancelled, no permit) are grey; the renewal stages go from calm
blue through amber to red; a lost permit is the darkest red — never milder than a permit
still in its grace period.
"""

from __future__ import annotations

from PySide6.QtGui import QBrush, QColor

from ...rules.deadlines import STATUSES
from ...rules.permit_state import (
    CANCELLED,
    LAPSED,
    LEFT,
    NO_PERMIT,
    SUSPENDED,
    UNCOMPUTABLE,
    PermitState,
)

# The one red of an error or a fault the clerk must act on (a failed save, a missing
# material, an overdue case), wherever the GUI says something went wrong.
ERROR_RED = "#b00020"

# One colour per state, least to most urgent (the order of rules.permit_state.SCALE).
_SETTLED = "#8a8a8a"
COLOURS = {
    LEFT: _SETTLED,
    CANCELLED: _SETTLED,
    NO_PERMIT: _SETTLED,
    STATUSES[0]: "",  # 正常
    STATUSES[1]: "#1565c0",  # 即将进入续签期
    STATUSES[2]: "#a15c00",  # 续签期内
    SUSPENDED: "#b35c00",
    STATUSES[3]: "#d84315",  # 即将到最晚提交日
    STATUSES[4]: "#c62828",  # 已过最晚提交日
    STATUSES[5]: "#b71c1c",  # 已过有效期（宽限期内）
    LAPSED: "#7f0000",  # 已失效: never milder than a permit that can still be saved
    UNCOMPUTABLE: "#7f0000",  # a record to correct: as loud as a lost permit
}

_BRUSHES = {label: QBrush(QColor(colour)) for label, colour in COLOURS.items() if colour}


def status_brush(state: PermitState) -> QBrush | None:
    return _BRUSHES.get(state.label)
