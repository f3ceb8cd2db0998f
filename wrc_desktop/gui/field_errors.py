"""Showing validation errors where they belong: under the field, in red, with the tab switched to it.

The rules return :class:`~wrc_desktop.rules.errors.FieldError` objects with a
field name and a Chinese message. Each dialog maps field names to its widgets;
this class adds a hidden message row under each of those widgets in their
``QFormLayout`` and fills it when the store refuses a record.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtWidgets import QFormLayout, QLabel, QTabWidget, QWidget

from ..rules.errors import FieldError

ERROR_COLOUR = "#c62828"
INVALID_STYLE = f"border: 1px solid {ERROR_COLOUR}; border-radius: 2px;"


def error_label(parent: QWidget | None = None) -> QLabel:
    label = QLabel(parent)
    label.setWordWrap(True)
    label.setStyleSheet(f"color: {ERROR_COLOUR};")
    return label


class FieldErrorDisplay:
    """Puts each error under its widget; returns the errors that have no widget here."""

    def __init__(
        self, dialog: QWidget, fields: Mapping[str, QWidget], *, tabs: QTabWidget | None = None
    ) -> None:
        self._fields = dict(fields)
        self._tabs = tabs
        self._labels: dict[str, QLabel] = {}
        self._forms: dict[str, QFormLayout] = {}
        forms = dialog.findChildren(QFormLayout)
        for name, widget in self._fields.items():
            for form in forms:
                row, _role = form.getWidgetPosition(widget)
                if row >= 0:
                    label = error_label()
                    form.insertRow(row + 1, "", label)
                    form.setRowVisible(label, False)
                    self._labels[name], self._forms[name] = label, form
                    break

    def clear(self) -> None:
        for name, widget in self._fields.items():
            widget.setStyleSheet("")
            widget.setToolTip("")
            if name in self._labels:
                self._forms[name].setRowVisible(self._labels[name], False)

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
            widget = self._fields[name]
            widget.setStyleSheet(INVALID_STYLE)
            widget.setToolTip("；".join(texts))
            if name in self._labels:
                self._labels[name].setText("；".join(texts))
                self._forms[name].setRowVisible(self._labels[name], True)
            first = first or widget
        if first is not None:
            self._reveal(first)
        return unplaced

    def message_of(self, name: str) -> str:
        """The message shown under a field ("" when none; for tests and screen readers)."""
        label = self._labels.get(name)
        return label.text() if label is not None and not label.isHidden() else ""

    def _reveal(self, widget: QWidget) -> None:
        if self._tabs is not None:
            for index in range(self._tabs.count()):
                if self._tabs.widget(index).isAncestorOf(widget):
                    self._tabs.setCurrentIndex(index)
                    break
        widget.setFocus()


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
