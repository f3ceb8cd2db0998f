"""The due list (待办) as a Qt item model, and the delegate that paints each row's 打开/办理 links.

Groups by urgency are the top-level rows, their warnings the rows below. ``data()`` only
formats what the :class:`~wrc_desktop.reports.due_list.DueList` already holds, and no widget is
made per row, so 30,000 warnings cost what their text costs. After a write that touched a
few holders, :meth:`DueModel.replace` removes and inserts only their rows, in the order the
full list has (:func:`wrc_desktop.rules.due.sort_key`).
"""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass, field

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics, QMouseEvent, QPainter, QPalette
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from ..reports.due_list import DueList
from ..rules.due import URGENCIES, DueItem, sort_key
from ..rules.permit_state import days_to

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
_TOP = 0  # internal id of a group row; an item's is its group's row + 1
_COLUMN_COUNT = len(COLUMNS)
# The view asks for these once per row while it lays out 30,000 rows: built once, not per call.
# A warning never has rows below it, which spares the view asking whether it is expanded.
_GROUP_FLAGS = Qt.ItemFlag.ItemIsEnabled
_ITEM_FLAGS = (
    Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
)

Index = QModelIndex | QPersistentModelIndex


@dataclass
class _Group:
    name: str
    items: list[DueItem] = field(default_factory=list)

    @property
    def label(self) -> str:
        return URGENCIES.get(self.name, "已处理或暂缓")


class DueModel(QAbstractItemModel):
    """Groups (已逾期, 紧急, 近期 and, when asked, 已处理或暂缓) with their warnings below."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._groups: list[_Group] = []
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
        self.endResetModel()

    def replace(self, old: DueList, fresh: DueList, *, show_hidden: bool) -> None:
        """Put ``fresh`` in place of the rows of ``old`` (some holders' items, then and now).

        Each row is found by bisection (the order is total), so 30,000 rows are not scanned.
        """
        hidden = self._hidden_row()
        for item in old.shown:
            self._remove(self._row_of_group(item.urgency), item)
        if hidden is not None:
            for item in old.hidden:
                self._remove(hidden, item)
        if show_hidden and fresh.hidden and hidden is None:
            hidden = len(self._groups)
            self.beginInsertRows(QModelIndex(), hidden, hidden)
            self._groups.append(_Group(HIDDEN))
            self.endInsertRows()
        for item in fresh.shown:
            self._insert(self._row_of_group(item.urgency), item)
        if hidden is not None:
            for item in fresh.hidden:
                self._insert(hidden, item)
            if not self._groups[hidden].items:
                self.beginRemoveRows(QModelIndex(), hidden, hidden)
                del self._groups[hidden]
                self.endRemoveRows()
        for row in range(len(self._groups)):  # the counts in the group titles
            self.dataChanged.emit(self.index(row, 0), self.index(row, 0))

    def _remove(self, row: int, item: DueItem) -> None:
        items = self._groups[row].items
        position = bisect.bisect_left(items, sort_key(item), key=sort_key)  # the order is total
        if position >= len(items) or items[position] != item:
            raise LookupError(f"due list row of {item.key} not found")
        self.beginRemoveRows(self.index(row, 0), position, position)
        del items[position]
        self.endRemoveRows()

    def _insert(self, row: int, item: DueItem) -> None:
        items = self._groups[row].items
        position = bisect.bisect_left(items, sort_key(item), key=sort_key)
        self.beginInsertRows(self.index(row, 0), position, position)
        items.insert(position, item)
        self.endInsertRows()

    def _row_of_group(self, name: str) -> int:
        return next(row for row, group in enumerate(self._groups) if group.name == name)

    def _hidden_row(self) -> int | None:
        return next((row for row, group in enumerate(self._groups) if group.name == HIDDEN), None)

    # ------------------------------------------------------------ reading

    def item(self, index: Index) -> DueItem | None:
        """The warning on ``index``'s row; None on a group row."""
        if not index.isValid() or index.internalId() == _TOP:
            return None
        group = self._groups[index.internalId() - 1]
        return group.items[index.row()] if index.row() < len(group.items) else None

    def group_items(self) -> dict[str, list[DueItem]]:
        """Each group shown, by name, with its warnings in display order."""
        return {group.name: list(group.items) for group in self._groups}

    def counts(self) -> dict[str, int]:
        """How many rows each group shown has."""
        return {group.name: len(group.items) for group in self._groups}

    def group_name(self, row: int) -> str:
        return self._groups[row].name

    # ------------------------------------------------------------ the model's interface

    def index(self, row: int, column: int, parent: Index = _ROOT) -> QModelIndex:
        # The bounds in Python rather than through hasIndex(): called twice per row on every
        # layout, the round trips through rowCount() and columnCount() were most of its time.
        if not 0 <= column < _COLUMN_COUNT or row < 0:
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, _TOP) if row < len(self._groups) else QModelIndex()
        if parent.internalId() != _TOP or parent.column() != 0:
            return QModelIndex()
        group = parent.row()
        if row < len(self._groups[group].items):
            return self.createIndex(row, column, group + 1)
        return QModelIndex()

    def parent(self, index: Index = _ROOT) -> QModelIndex:  # type: ignore[override]
        if not index.isValid() or index.internalId() == _TOP:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, _TOP)

    def rowCount(self, parent: Index = _ROOT) -> int:
        if not parent.isValid():
            return len(self._groups)
        if parent.internalId() == _TOP and parent.column() == 0:
            return len(self._groups[parent.row()].items)
        return 0

    def columnCount(self, parent: Index = _ROOT) -> int:
        return _COLUMN_COUNT

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return _GROUP_FLAGS if index.internalId() == _TOP else _ITEM_FLAGS

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        if index.internalId() == _TOP:
            return self._group_data(self._groups[index.row()], index.column(), role)
        group = self._groups[index.internalId() - 1]
        return _item_data(
            group.items[index.row()],
            index.column(),
            role,
            self._brushes.get(group.name, self._grey),
        )

    def _group_data(self, group: _Group, column: int, role: int):
        if column != 0:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{group.label}（{len(group.items)}）"
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
