"""Showing validation errors where they belong: under the field, in red, with the tab switched to it.

The rules return :class:`~wrc_desktop.rules.errors.FieldError` objects with a
field name and a Chinese message. Each dialog maps field names to its widgets;
this class adds a message row under each of those widgets in their ``QFormLayout``
and fills it when the store refuses a record.

Fields never move under the clerk's pointer as messages go: a message row opens when a
save (or 下一步) shows its message, and stays open, emptied, while the clerk corrects the
field — the field below does not jump up as the message goes. A form with room for it
(``reserve=True``) keeps one line under each field from the start, so nothing moves when
a message comes either (a longer message is cut to the line, whole in its tooltip).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSizePolicy,
    QTabWidget,
    QWidget,
)

from ...rules.errors import FieldError
from ..models.status_colours import ERROR_RED
from .screen_fit import form_row

ERROR_COLOUR = ERROR_RED
INVALID_STYLE = f"border: 1px solid {ERROR_COLOUR}; border-radius: 2px;"
INVALID_TINT = "#fde7e7"  # a field to correct: tinted, its frame and size as they were


def mark_invalid(widget: QWidget, invalid: bool) -> None:
    """Tint ``widget`` as one to correct (or back to normal) through its palette: unlike a
    style sheet's border, the palette leaves the field's size alone, so nothing around it moves."""
    palette = widget.palette()
    normal = QApplication.palette(widget)
    for role in (QPalette.ColorRole.Base, QPalette.ColorRole.Button):
        palette.setColor(role, QColor(INVALID_TINT) if invalid else normal.color(role))
    widget.setPalette(palette)
    widget.setProperty("invalid", invalid)


def is_marked_invalid(widget: QWidget) -> bool:
    return bool(widget.property("invalid"))


def error_label(parent: QWidget | None = None) -> QLabel:
    label = QLabel(parent)
    label.setWordWrap(True)
    label.setStyleSheet(f"color: {ERROR_COLOUR};")
    return label


class MessageLine(QLabel):
    """One line kept for a field's message; a longer message is cut at the field's width (the
    whole of it in the tooltip) and never widens the form."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setStyleSheet(f"color: {ERROR_COLOUR};")
        self.setFixedHeight(self.fontMetrics().height())
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)

    def message(self) -> str:
        return self.text()

    def set_message(self, message: str) -> None:
        self.setText(message)
        self.setToolTip(message)


def form_row_of(form: QFormLayout, widget: QWidget) -> int:
    """The row of ``form`` that holds ``widget``, also where it shares the row with another
    field (in a layout of its own, as on a small screen); -1 when it is not in ``form``."""
    row = form_row(form, widget)
    if row >= 0:
        return row
    for row in range(form.rowCount()):
        item = form.itemAt(row, QFormLayout.ItemRole.FieldRole)
        shared = item.layout() if item is not None else None
        if shared is not None and shared.indexOf(widget) >= 0:
            return row
    return -1


class FieldErrorDisplay:
    """Puts each error under its widget; returns the errors that have no widget here."""

    def __init__(
        self,
        dialog: QWidget,
        fields: Mapping[str, QWidget],
        *,
        tabs: QTabWidget | None = None,
        reserve: bool = False,
    ) -> None:
        self._fields = dict(fields)
        self._tabs = tabs
        self._reserve = reserve
        self._labels: dict[str, MessageLine] = {}
        self._forms: dict[str, QFormLayout] = {}
        self._marked: set[str] = set()
        forms = dialog.findChildren(QFormLayout)
        for name, widget in self._fields.items():
            for form in forms:
                row = form_row_of(form, widget)
                if row >= 0:
                    label = MessageLine()
                    form.insertRow(row + 1, "", label)
                    form.setRowVisible(label, reserve)
                    self._labels[name], self._forms[name] = label, form
                    break
            _on_edit(widget, lambda *_args, name=name: self.clear_field(name))

    def clear_field(self, name: str) -> None:
        """The clerk is correcting ``name``: its message goes at once (the save checks again)."""
        if name not in self._marked:
            return
        self._marked.discard(name)
        widget = self._fields[name]
        mark_invalid(widget, False)
        widget.setToolTip("")
        if name in self._labels:
            self._labels[name].set_message("")  # its line stays: the fields below keep still

    def clear(self) -> None:
        """Before the next save's messages: every message goes (a form that does not keep
        the lines closes them now, when the clerk's pointer is on 保存)."""
        self._marked.clear()
        for name, widget in self._fields.items():
            mark_invalid(widget, False)
            widget.setToolTip("")
            if name in self._labels:
                self._labels[name].set_message("")
                self._forms[name].setRowVisible(self._labels[name], self._reserve)

    def show(self, errors: Sequence[FieldError]) -> list[FieldError]:
        """Show ``errors`` (after clearing the previous ones); focus the first field with an error."""
        self.clear()
        unplaced, first = [], None
        messages: dict[str, list[str]] = {}
        for error in errors:
            if error.field in self._fields:
                messages.setdefault(error.field, []).append(error.message)
            else:
                unplaced.append(error)
        for name, texts in messages.items():
            self.mark(name, "；".join(texts))
            first = first or self._fields[name]
        if first is not None:
            self._reveal(first)
        return unplaced

    def mark(self, name: str, message: str) -> None:
        """Show ``message`` under the field ``name`` (the others keep theirs)."""
        widget = self._fields[name]
        self._marked.add(name)
        mark_invalid(widget, True)
        widget.setToolTip(message)
        if name in self._labels:
            self._labels[name].set_message(message)
            self._forms[name].setRowVisible(self._labels[name], True)

    def message_of(self, name: str) -> str:
        """The message shown under a field ("" when none; for tests and screen readers)."""
        label = self._labels.get(name)
        return label.message() if label is not None and not label.isHidden() else ""

    def message_line(self, name: str) -> QLabel | None:
        """The line under ``name`` that carries its message (None: the field has none here)."""
        return self._labels.get(name)

    def _reveal(self, widget: QWidget) -> None:
        if self._tabs is not None:
            for index in range(self._tabs.count()):
                page = self._tabs.widget(index)
                if page is not None and page.isAncestorOf(widget):
                    self._tabs.setCurrentIndex(index)
                    break
        widget.setFocus()


def _on_edit(widget: QWidget, slot) -> None:
    """Call ``slot`` whenever the clerk changes ``widget``'s value."""
    if isinstance(widget, QLineEdit):
        # Typed (or picked): a value shown from the record is no edit
        widget.textEdited.connect(slot)
    elif isinstance(widget, QComboBox):
        widget.currentIndexChanged.connect(slot)
    elif isinstance(widget, QPlainTextEdit):
        widget.textChanged.connect(slot)


def split_indexed(
    errors: Sequence[FieldError], prefix: str
) -> tuple[list[tuple[int, str, FieldError]], list[FieldError]]:
    """Errors named ``prefix[N].field`` as (row from 0, field, error), and the rest."""
    indexed, rest = [], []
    for error in errors:
        if error.field.startswith(prefix + "["):
            number, _, field = error.field[len(prefix) + 1 :].partition("].")
            if number.isdigit():
                indexed.append((int(number) - 1, field, error))
                continue
        rest.append(error)
    return indexed, rest
