"""Fields shown but not editable look so: no edit frame, the window's grey for a background,
and no stop for the Tab key (a click still selects the text, to copy it).

A read-only ``QLineEdit`` otherwise looks exactly like one waiting for typing: the clerk
clicks, types, and nothing happens. The look goes through the palette and the frame (no
style sheet, which would change the field's size), and the property ``readOnlyLook`` lets
tests and screen readers ask for it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit

READ_ONLY_PROPERTY = "readOnlyLook"


def look_read_only(widget: QLineEdit | QPlainTextEdit, read_only: bool = True) -> None:
    """Make ``widget`` read-only (or editable again) and look the part."""
    widget.setReadOnly(read_only)
    normal = QApplication.palette(widget)
    palette = widget.palette()
    base = normal.color(QPalette.ColorRole.Window if read_only else QPalette.ColorRole.Base)
    palette.setColor(QPalette.ColorRole.Base, base)
    widget.setPalette(palette)
    if isinstance(widget, QLineEdit):
        widget.setFrame(not read_only)
    else:
        widget.setFrameShape(
            QPlainTextEdit.Shape.NoFrame if read_only else QPlainTextEdit.Shape.StyledPanel
        )
    widget.setFocusPolicy(Qt.FocusPolicy.ClickFocus if read_only else Qt.FocusPolicy.StrongFocus)
    widget.setProperty(READ_ONLY_PROPERTY, read_only)


def looks_read_only(widget: QLineEdit | QPlainTextEdit) -> bool:
    return bool(widget.property(READ_ONLY_PROPERTY))
