"""The due list (待办) as a Qt table model, and the delegate that paints each row's 打开/办理 links.

One flat list of rows: each group's title (已逾期, 紧急, 近期, 待了结 and, when asked,
已处理或暂缓) followed by its warnings, unless the clerk folded it. A table lays out nothing
per row, so 30,000 warnings are shown at once without holding the window (a tree asks the
model about every row of a group it unfolds). ``data()`` only formats what the
:class:`~wrc_desktop.reports.due_list.DueList` already holds, and no widget is made per
row. After a write that touched a few holders, :meth:`DueModel.replace` removes and inserts
only their rows, in the order the full list has (:func:`wrc_desktop.rules.due.sort_key`).
"""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass, field

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics, QMouseEvent, QPainter, QPalette
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from ...reports.due_list import DueList
from ...rules.due import URGENCIES, DueItem, sort_key
from ...rules.permit_state import days_to

# The link column comes before the long 依据, so it shows without scrolling on a 1366-px screen.
COLUMNS = ["期限", "剩余", "姓名", "单位", "事项", "下一步", "操作", "依据"]
LINK_COLUMN = 6
STEP_COLUMN = 5
RULE_COLUMN = 7
URGENCY_COLOURS = {
    "overdue": "#b00020",
    "urgent": "#c55a11",
    "soon": "#1f4e78",
    "settle": "#6d4c41",
}
HIDDEN = "hidden"  # the group of warnings the clerk handled or snoozed, shown on request
ITEM_ROLE = Qt.ItemDataRole.UserRole + 1
GROUP_ROLE = Qt.ItemDataRole.UserRole + 2  # a top-level row's group name
_CENTRED = (0, 1)
_ROOT = QModelIndex()  # the invisible root (a default argument)
_COLUMN_COUNT = len(COLUMNS)
# Built once, not per call: the view asks for them on every row it paints.
_GROUP_FLAGS = Qt.ItemFlag.ItemIsEnabled
_ITEM_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

Index = QModelIndex | QPersistentModelIndex


@dataclass
class _Group:
    name: str
    items: list[DueItem] = field(default_factory=list)
    folded: bool = False
    first_row: int = 0  # the row of its title

    @property
    def label(self) -> str:
        return URGENCIES.get(self.name, "已处理或暂缓")

    @property
    def shown_count(self) -> int:
        """How many of its warnings have rows."""
        return 0 if self.folded else len(self.items)

    @property
    def title(self) -> str:
        return f"{'▸' if self.folded else '▾'} {self.label}（{len(self.items)}）"


class DueModel(QAbstractTableModel):
    """The groups' titles, each followed by its warnings while unfolded.

    A folded group keeps its warnings (they are still counted and updated), without rows.
    Which groups are folded is the clerk's choice and outlasts a reload; the group of
    handled and snoozed warnings starts folded."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._groups: list[_Group] = []
        self._folded: set[str] = {HIDDEN}
        self._rows = 0
        self._bold = QFont()
        self._bold.setBold(True)
        self._brushes = {name: QBrush(QColor(colour)) for name, colour in URGENCY_COLOURS.items()}
        self._grey = QBrush(QColor("#555555"))

    # ------------------------------------------------------------ filling

    def load(self, due: DueList, *, show_hidden: bool) -> None:
        """Show ``due`` afresh (a full recomputation, or the hidden group switched on or off)."""
        groups = {name: _Group(name) for name in URGENCIES}
        for item in due.shown:  # already in sort_key order, so each group is too
            groups[item.urgency].items.append(item)
        self.beginResetModel()
        self._groups = list(groups.values())
        if show_hidden and due.hidden:
            self._groups.append(_Group(HIDDEN, list(due.hidden)))
        for group in self._groups:
            group.folded = group.name in self._folded
        self._place_groups()
        self.endResetModel()

    def replace(self, old: DueList, fresh: DueList, *, show_hidden: bool) -> None:
        """Put ``fresh`` in place of the rows of ``old`` (some holders' items, then and now).

        Each row is found by bisection (the order is total), so 30,000 rows are not scanned.
        """
        hidden = self._group_named(HIDDEN)
        for item in old.shown:
            self._remove(self._group_named(item.urgency), item)
        if hidden is not None:
            for item in old.hidden:
                self._remove(hidden, item)
        if show_hidden and fresh.hidden and hidden is None:
            hidden = _Group(HIDDEN, folded=HIDDEN in self._folded, first_row=self._rows)
            self.beginInsertRows(_ROOT, self._rows, self._rows)
            self._groups.append(hidden)
            self._place_groups()
            self.endInsertRows()
        for item in fresh.shown:
            self._insert(self._group_named(item.urgency), item)
        if hidden is not None:
            for item in fresh.hidden:
                self._insert(hidden, item)
            if not hidden.items:
                self.beginRemoveRows(_ROOT, hidden.first_row, hidden.first_row)
                self._groups.remove(hidden)
                self._place_groups()
                self.endRemoveRows()
        self._titles_changed()

    def _remove(self, group: _Group | None, item: DueItem) -> None:
        if group is None:
            raise LookupError(f"due list group of {item.key} not found")
        items = group.items
        position = bisect.bisect_left(items, sort_key(item), key=sort_key)  # the order is total
        if position >= len(items) or items[position] != item:
            raise LookupError(f"due list row of {item.key} not found")
        if group.folded:
            del items[position]
            return
        row = group.first_row + 1 + position
        self.beginRemoveRows(_ROOT, row, row)
        del items[position]
        self._place_groups()
        self.endRemoveRows()

    def _insert(self, group: _Group | None, item: DueItem) -> None:
        if group is None:
            raise LookupError(f"due list group of {item.key} not found")
        items = group.items
        position = bisect.bisect_left(items, sort_key(item), key=sort_key)
        if group.folded:
            items.insert(position, item)
            return
        row = group.first_row + 1 + position
        self.beginInsertRows(_ROOT, row, row)
        items.insert(position, item)
        self._place_groups()
        self.endInsertRows()

    def _group_named(self, name: str) -> _Group | None:
        return next((group for group in self._groups if group.name == name), None)

    def _place_groups(self) -> None:
        """Each group's title row, after the rows of the groups before it."""
        row = 0
        for group in self._groups:
            group.first_row = row
            row += 1 + group.shown_count
        self._rows = row

    def _titles_changed(self) -> None:
        """The counts (and fold marks) in the titles."""
        for group in self._groups:
            title = self.index(group.first_row, 0)
            self.dataChanged.emit(title, title)

    # ------------------------------------------------------------ folding

    def set_folded(self, name: str, folded: bool) -> None:
        """Fold or unfold a group: its warnings' rows go or come back in one step."""
        if folded:
            self._folded.add(name)
        else:
            self._folded.discard(name)
        group = self._group_named(name)
        if group is None or group.folded == folded:
            return
        first, last = group.first_row + 1, group.first_row + len(group.items)
        if not group.items:
            group.folded = folded
        elif folded:
            self.beginRemoveRows(_ROOT, first, last)
            group.folded = True
            self._place_groups()
            self.endRemoveRows()
        else:
            self.beginInsertRows(_ROOT, first, last)
            group.folded = False
            self._place_groups()
            self.endInsertRows()
        title = self.index(group.first_row, 0)
        self.dataChanged.emit(title, title)

    def toggle(self, row: int) -> bool:
        """Fold or unfold the group whose title is on ``row``; False when it is a warning's row."""
        group = self._title_at(row)
        if group is None:
            return False
        self.set_folded(group.name, not group.folded)
        return True

    def is_folded(self, name: str) -> bool:
        group = self._group_named(name)
        return group.folded if group is not None else name in self._folded

    # ------------------------------------------------------------ reading

    def item(self, index: Index) -> DueItem | None:
        """The warning on ``index``'s row; None on a group's title."""
        if not index.isValid():
            return None
        return self.item_at(index.row())

    def item_at(self, row: int) -> DueItem | None:
        group, offset = self._locate(row)
        return group.items[offset] if group is not None and offset >= 0 else None

    def _locate(self, row: int) -> tuple[_Group | None, int]:
        """The group ``row`` is in, and the row's place among its warnings (-1: its title)."""
        for group in self._groups:
            offset = row - group.first_row - 1
            if offset < group.shown_count:
                return group, offset
        return None, -1

    def _title_at(self, row: int) -> _Group | None:
        return next((group for group in self._groups if group.first_row == row), None)

    def title_rows(self) -> list[int]:
        """The rows of the groups' titles."""
        return [group.first_row for group in self._groups]

    def group_at(self, row: int) -> str | None:
        """The name of the group whose title is on ``row``; None on a warning's row."""
        group = self._title_at(row)
        return group.name if group is not None else None

    def group_items(self) -> dict[str, list[DueItem]]:
        """Each group shown, by name, with its warnings in display order (folded or not)."""
        return {group.name: list(group.items) for group in self._groups}

    def counts(self) -> dict[str, int]:
        """How many warnings each group shown has."""
        return {group.name: len(group.items) for group in self._groups}

    # ------------------------------------------------------------ the model's interface

    def index(self, row: int, column: int, parent: Index = _ROOT) -> QModelIndex:
        # The bounds in Python rather than through hasIndex()'s two round trips.
        if parent.isValid() or not (0 <= column < _COLUMN_COUNT and 0 <= row < self._rows):
            return QModelIndex()
        return self.createIndex(row, column)

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else self._rows

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else _COLUMN_COUNT

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return _ITEM_FLAGS if self.item_at(index.row()) is not None else _GROUP_FLAGS

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        group, offset = self._locate(index.row())
        if group is None:
            return None
        if offset < 0:
            return self._group_data(group, index.column(), role)
        colour = self._brushes.get(group.name, self._grey)
        return _item_data(group.items[offset], index.column(), role, colour)

    def _group_data(self, group: _Group, column: int, role: int):
        if column != 0:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return group.title
        if role == Qt.ItemDataRole.ToolTipRole:
            return "点击展开" if group.folded else "点击折叠"
        if role == Qt.ItemDataRole.FontRole:
            return self._bold
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._brushes.get(group.name, self._grey)
        if role == GROUP_ROLE:
            return group.name
        return None


def _item_data(item: DueItem, column: int, role: int, colour: QBrush):
    if role == Qt.ItemDataRole.DisplayRole:
        return _text(item, column)
    if role == ITEM_ROLE:
        return item
    if role == Qt.ItemDataRole.ToolTipRole:
        return _tooltip(item, column)
    if column in _CENTRED:
        if role == Qt.ItemDataRole.ForegroundRole:
            return colour
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return Qt.AlignmentFlag.AlignCenter
    return None


def _tooltip(item: DueItem, column: int) -> str | None:
    if column == 1:
        return f"工作日：{item.working_days_left}"
    if column == 3:
        return f"{item.unit_name}　{item.department}".strip()
    if column == STEP_COLUMN:
        lines = [item.step, item.title, item.detail, *item.notes]
        if item.apply_reason:
            lines.append(f"办理：{item.apply_label}——{item.apply_reason}")
        return "\n".join(line for line in lines if line)
    if column == RULE_COLUMN:
        return rule_tooltip(item)
    if column == LINK_COLUMN:
        return "；".join(hint for _text, _target, hint in link_specs(item))
    return None


def days_text(item: DueItem) -> str:
    """ "今天" / "剩 5 天" / "逾期 26 天": a passed date never reads as days left."""
    if item.urgency == "settle" and item.days_left < 0:
        return f"{-item.days_left} 天前"
    return days_to(item.date, item.date - dt.timedelta(days=item.days_left))


def _text(item: DueItem, column: int) -> str:
    if column == 0:
        return item.date.isoformat()
    if column == 1:
        return days_text(item)
    if column == 2:
        return item.holder_name
    if column == 3:
        return item.unit_name
    if column == 4:
        return item.kind_label
    if column == STEP_COLUMN:
        return item.step or item.title
    if column == RULE_COLUMN:
        return rule_text(item)
    return "　".join(text for text, _ in links_of(item))


def rule_text(item: DueItem) -> str:
    """The guide and section the date rests on, short enough to read in the column:
    "003 六、（三）证件续签" (the guide's title is in the tooltip), or "未核实（默认值）"."""
    source = item.source
    start = source.rfind("（00")
    if start >= 0 and source.endswith("）"):
        source = source[start + 1 : -1]
    if item.unverified:
        return f"未核实（{source or '默认值'}）"
    return source or item.rule


def rule_tooltip(item: DueItem) -> str:
    """The rule in full: the guide's own words when verified; plainly 未核实 when not."""
    head = f"{item.rule}｜{item.source}" if item.source else item.rule
    if item.unverified:
        return (
            f"{item.rule}\n未核实：本区指南没有写这条规定，按默认值计算，请向区人力社保局确认。"
            f"\n{item.detail}"
        )
    quoted = f"指南原文：“{item.quote}”" if item.quote else item.detail
    return f"{head}\n{quoted}"


def link_specs(item: DueItem) -> list[tuple[str, str, str]]:
    """The row's links as (text, target, hint), the thing to do first.

    "case:" opens the open case; "start:<kind>:" opens 新建办理事项 with that kind and the
    row's planned date; "lost:" records a lost permit; "ack:" acknowledges an item to settle; a bare
    number opens the holder."""
    links: list[tuple[str, str, str]] = []
    if item.case_id is not None:
        links.append(("办理事项", f"case:{item.case_id}", f"打开办理事项 {item.case_number}"))
    elif item.apply_kind is not None:
        text = "新办" if item.apply_kind == "new" else "办理"
        when = f"，计划 {item.apply_on.isoformat()} 提交" if item.apply_on else ""
        links.append(
            (
                text,
                f"start:{item.apply_kind}:{item.holder_id}",
                f"新建办理事项：{item.apply_label}{when}",
            )
        )
    if item.kind == "lapsed":
        links.append(
            ("登记失效", f"lost:{item.holder_id}", "在登记册中把证件登记为失效（了结此项）")
        )
    elif item.resolvable:
        links.append(("知悉", f"ack:{item.holder_id}", "标记已处理（了结此项）"))
    links.append(("打开", str(item.holder_id), f"打开持证人{item.holder_name}"))
    return links


def links_of(item: DueItem) -> list[tuple[str, str]]:
    """The row's links as (text, target)."""
    return [(text, target) for text, target, _hint in link_specs(item)]


def case_hint(item: DueItem) -> str:
    if item.case_id is not None:
        return f"打开办理事项 {item.case_number}"
    if item.apply_kind is not None:
        return f"为{item.holder_name}新建办理事项：{item.apply_label}"
    return f"为{item.holder_name}新建办理事项"


class LinkDelegate(QStyledItemDelegate):
    """Paints the 操作 column's links and says which one a click hit (:attr:`link_activated`)."""

    link_activated = Signal(str)  # a target of link_specs
    MARGIN = 4

    def link_rects(
        self, rect: QRect, item: DueItem, metrics: QFontMetrics
    ) -> list[tuple[QRect, str, str]]:
        """Where each link of ``item`` is drawn in a cell at ``rect``: (area, text, target)."""
        x, gap, found = rect.left() + self.MARGIN, metrics.horizontalAdvance("　"), []
        for text, target in links_of(item):
            width = metrics.horizontalAdvance(text)
            found.append((QRect(x, rect.top(), width, rect.height()), text, target))
            x += width + gap
        return found

    def target_at(self, rect: QRect, item: DueItem, point, metrics: QFontMetrics) -> str | None:
        return next(
            (
                target
                for area, _text, target in self.link_rects(rect, item, metrics)
                if area.contains(point)
            ),
            None,
        )

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        item = index.data(ITEM_ROLE)
        if item is None:
            super().paint(painter, option, index)
            return
        cell = QStyleOptionViewItem(option)
        self.initStyleOption(cell, index)
        cell.text = ""
        style = cell.widget.style() if cell.widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, cell, painter, cell.widget)
        selected = bool(cell.state & QStyle.StateFlag.State_Selected)
        painter.save()
        font = QFont(cell.font)
        font.setUnderline(True)
        painter.setFont(font)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Link
        painter.setPen(cell.palette.color(role))
        for area, text, _target in self.link_rects(cell.rect, item, QFontMetrics(cell.font)):
            painter.drawText(
                area, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), text
            )
        painter.restore()

    def editorEvent(
        self, event: QEvent, model, option: QStyleOptionViewItem, index: QModelIndex
    ) -> bool:
        if (
            event.type() == QEvent.Type.MouseButtonRelease
            and isinstance(event, QMouseEvent)
            and event.button() == Qt.MouseButton.LeftButton
        ):
            item = index.data(ITEM_ROLE)
            target = item and self.target_at(
                option.rect, item, event.position().toPoint(), QFontMetrics(option.font)
            )
            if target:
                self.link_activated.emit(target)
                return True
        return super().editorEvent(event, model, option, index)
