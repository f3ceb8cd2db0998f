"""Choosing a holder in a dialog: found as in the register's search, listed in pinyin order.

The clerk types what the register's search box takes — the name, its pinyin initials
(``zs`` finds 张三) or in full, the unit, the last digits of the ID number — and the list
narrows to the holders it matches. The keys are the register's own
(:func:`wrc_desktop.gui.models.search.search_key`), so one typed text finds the same people in both.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QComboBox, QCompleter, QWidget

from ..models.search import normalize_query, pinyin_forms, search_key

SEARCH_ROLE = Qt.ItemDataRole.UserRole + 7
LABEL_SEPARATOR = (
    " · "  # a choice's label starts with the holder's name: "张三 · 单位 · 区 · …1234"
)
WIDTH_SAMPLE = "欧阳晓明 · 北京市某某区某某科学研究院 · 石景山区 · …1234"
PLACEHOLDER = "输入姓名、拼音首字母（如 zs）、单位或证件号末四位"


def pinyin_order(name: str) -> str:
    """The key that sorts names as a Chinese list does: by reading (曾 as zeng), then the name."""
    forms = pinyin_forms(name)
    reading = forms[3] if len(forms) > 2 else forms[1] if forms else name.lower()
    return f"{reading}\x00{name}"


def choice_key(label: str) -> str:
    """Every searchable form of one choice: its whole label and the name's pinyin."""
    name = label.split(LABEL_SEPARATOR, 1)[0]
    return search_key(label, "", "", "", pinyin_forms(name))


class _KeyCompleter(QCompleter):
    """Matches the typed text anywhere in a choice's search key; puts the label in the box."""

    def pathFromIndex(self, index: QModelIndex | QPersistentModelIndex) -> str:
        return index.data(Qt.ItemDataRole.DisplayRole)

    def splitPath(self, path: str) -> list[str]:
        return [normalize_query(path)]


class HolderPicker(QComboBox):
    """An editable combo box of ``(holder_id, label)`` choices; ``currentData()`` is the holder's id."""

    def __init__(
        self, choices: Iterable[tuple[int, str]] = (), parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setMaxVisibleItems(15)
        # Wide enough for "姓名 · 单位 · 区 · …1234": two holders of one name differ at the end.
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance(WIDTH_SAMPLE) + 48)
        line = self.lineEdit()
        if line is not None:  # an editable combo has one
            line.setPlaceholderText(PLACEHOLDER)
        completer = _KeyCompleter(self)
        completer.setModel(self.model())
        completer.setCompletionRole(SEARCH_ROLE)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        completer.setMaxVisibleItems(12)
        # The index overload of ``activated`` (PySide6's stub does not type the selector).
        completer.activated[QModelIndex].connect(self._completed)  # type: ignore[index]
        self.setCompleter(completer)
        self.set_choices(choices)

    def set_choices(self, choices: Iterable[tuple[int, str]]) -> None:
        """Replace the list; the choices are shown in pinyin order of the names."""
        ordered = sorted(choices, key=lambda c: pinyin_order(c[1].split(LABEL_SEPARATOR, 1)[0]))
        self.blockSignals(True)
        self.clear()
        for row, (holder_id, label) in enumerate(ordered):
            self.addItem(label, holder_id)
            self.setItemData(row, choice_key(label), SEARCH_ROLE)
        self.blockSignals(False)
        if ordered:
            self.setCurrentIndex(0)
            self.currentIndexChanged.emit(0)

    def select_holder(self, holder_id: int | None) -> bool:
        """Show ``holder_id`` as the choice; False when it is not in the list."""
        row = self.findData(holder_id)
        if row >= 0:
            self.setCurrentIndex(row)
        return row >= 0

    def matches(self, typed: str) -> list[str]:
        """The labels the list narrows to for ``typed`` (what the clerk would see), in order."""
        query = normalize_query(typed)
        return [
            self.itemText(row)
            for row in range(self.count())
            if query in (self.itemData(row, SEARCH_ROLE) or "")
        ]

    def _completed(self, index: QModelIndex) -> None:
        # The completer's rows are a filtered view: map the pick back to the combo's own row.
        completer = self.completer()
        if completer is None:
            return
        proxy = completer.completionModel()
        source = proxy.mapToSource(index) if hasattr(proxy, "mapToSource") else index
        if source.isValid():
            self.setCurrentIndex(source.row())
