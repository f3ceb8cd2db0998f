"""A dialog that opens at once and fills its fields when the register's answer arrives.

The UI thread never waits on the register (on a shared register every read is a round
trip to the server): the dialog shows with the fields that need the data disabled and
"正在读取……" where its messages go, asks through the query door, and fills itself when
the answer comes back. Cancel works all along; 保存 comes on only with the data.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from PySide6.QtWidgets import QLabel, QWidget

from ...desk import Desk
from ..doors.operations import RegisterOps
from ..models.status_colours import ERROR_RED

T = TypeVar("T")
READING = "正在读取……"
READING_STYLE = "color: #555;"  # a fact, not a mistake: the label's own colour is for errors


def read_then_fill(
    ops: RegisterOps,
    owner: QWidget,
    op: Callable[[Desk], T],
    fill: Callable[[T], object],
    *,
    hold: Sequence[QWidget],
    label: QLabel | None = None,
    key: str | None = None,
) -> None:
    """Disable ``hold`` and say so in ``label`` until ``op``'s answer arrives; then ``fill(answer)``.

    The widgets come back on before ``fill`` runs, so ``fill`` may switch some off again
    (a read-only record's 保存). A failed read says what went wrong in ``label`` and
    leaves the fields off: nothing can be saved over data that was never shown.
    """
    for widget in hold:
        widget.setEnabled(False)
    before = (label.text(), label.styleSheet()) if label is not None else ("", "")
    if label is not None:
        label.setStyleSheet(READING_STYLE)
        label.setText(READING)

    def arrived(answer: T) -> None:
        for widget in hold:
            widget.setEnabled(True)
        if label is not None and label.text() == READING:
            label.setText(before[0])
            label.setStyleSheet(before[1])
        fill(answer)

    def failed(error: Exception) -> None:
        if label is not None:
            label.setStyleSheet(f"color: {ERROR_RED};")
            label.setText(f"读取失败：{error}")

    ops.query(op, success=arrived, failure=failed, owner=owner, key=key)
