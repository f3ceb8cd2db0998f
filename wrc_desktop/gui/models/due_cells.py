"""What each cell of the due list (待办) says: its text, tooltip and colour role, and the
links of the 操作 column with the delegate that paints them and hears their clicks.

Only formatting: the dates, words and rules are the :class:`~wrc_desktop.rules.due.DueItem`'s,
computed once by the desk for every screen and the calendar export.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QRect,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QFont, QFontMetrics, QMouseEvent, QPainter, QPalette
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from ...rules.due import DueItem

# The link column comes before the long 依据, so it shows without scrolling on a 1366-px screen.
COLUMNS = ["期限", "剩余", "姓名", "单位", "事项", "下一步", "操作", "依据"]
LINK_COLUMN = 6
STEP_COLUMN = 5
RULE_COLUMN = 7
ITEM_ROLE = Qt.ItemDataRole.UserRole + 1
_CENTRED = (0, 1)

Index = QModelIndex | QPersistentModelIndex


def item_data(item: DueItem, column: int, role: int, colour: QBrush) -> object:
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
        figure = item.countdown
        return (
            f"{figure.text}\n{figure.counts_to} {item.date.isoformat()}\n"
            f"日历日：{item.days_left}　工作日：{item.working_days_left}"
        )
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
    """The row's day figure, number first, naming what it counts to: "还剩 4 日（最晚提交日）" /
    "已过 29 日（失效日）" (the register's cell for the permit's deadline says the same)."""
    return item.countdown.short


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

    def target_at(
        self, rect: QRect, item: DueItem, point: QPoint, metrics: QFontMetrics
    ) -> str | None:
        return next(
            (
                target
                for area, _text, target in self.link_rects(rect, item, metrics)
                if area.contains(point)
            ),
            None,
        )

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
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
        self,
        event: QEvent,
        model: QAbstractItemModel,
        option: QStyleOptionViewItem,
        index: Index,
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
