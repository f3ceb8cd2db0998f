"""The statuses of a 办理事项 (case), apart from its table model, so that a read of the open
cases (the due list's) names them without loading the ORM (DOMAIN §2)."""

from __future__ import annotations

# Status codes → labels: 准备中 → 已提交 → 退回补正 / 不予受理 / 已核准.
CASE_STATUSES = {
    "preparing": "准备中",
    "submitted": "已提交",
    "returned": "退回补正",
    "rejected": "不予受理",
    "approved": "已核准",
}
# Which status may follow which; 退回补正 goes back to preparing the materials.
STATUS_MOVES = {
    "preparing": ("submitted",),
    "submitted": ("returned", "rejected", "approved"),
    "returned": ("preparing", "submitted"),
    "rejected": (),
    "approved": (),
}
OPEN_STATUSES = ("preparing", "submitted", "returned")
