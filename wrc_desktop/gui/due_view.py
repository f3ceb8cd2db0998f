"""The 待办 (due) view, the app's home: every warning grouped by urgency, with what to do next.

The list is recomputed from the register on every refresh (warnings are states,
not events), off the UI thread. Each row says the date, the days left (calendar
and working), the rule and its source; "打开" opens the holder in one click.
"办理" opens the open case (办理事项) a warning belongs to — a material about to
expire, a case's own deadline, or a renewal already in hand — and otherwise
starts a new case for the holder. The clerk can mark a warning handled or snooze
it until a date, with a note that goes into the audit trail.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..desk import Changes
from ..desk import due as desk_due
from ..rules.due import URGENCIES, DueItem
from ..rules.errors import WrcError
from .operations import RegisterOps

START_CASE = "办理…"
OPEN_CASE = "打开办理事项"
COLUMNS = ["姓名", "单位", "事项", "说明", "日期", "剩余天数", "剩余工作日", "依据", "操作"]
URGENCY_COLOURS = {"overdue": "#b00020", "urgent": "#c55a11", "soon": "#1f4e78"}
ITEM_ROLE = Qt.ItemDataRole.UserRole + 1


class MarkDialog(QDialog):
    """Handled, or snoozed until a date; with a note. Says that a more urgent stage will show again."""

    def __init__(self, item: DueItem, today: dt.date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("处理提醒")
        self.today = today
        what = QLabel(
            f"<b>{item.holder_name}</b>（{item.unit_name}）<br>{item.kind_label}：{item.title}"
        )
        what.setWordWrap(True)
        self.handled = QRadioButton("已处理")
        self.snoozed = QRadioButton("暂缓提醒，到此日期再提醒：")
        self.handled.setChecked(True)
        self.until = QDateEdit(today + dt.timedelta(days=7))
        self.until.setCalendarPopup(True)
        self.until.setDisplayFormat("yyyy-MM-dd")
        self.until.setMinimumDate(today + dt.timedelta(days=1))
        self.until.setEnabled(False)
        self.snoozed.toggled.connect(self.until.setEnabled)
        self.note = QPlainTextEdit()
        self.note.setPlaceholderText("备注（例如：已于 11 月 20 日提交续签申请），记入审计记录")
        self.note.setFixedHeight(70)
        hint = QLabel(
            "标记只对当前阶段有效：若期限进入更紧急的阶段（如临近或已过最晚提交日），仍会再次提醒。"
            "办理完成后，请在登记册中更新证件信息。"
        )
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555;")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("确定")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        snooze_row = QHBoxLayout()
        snooze_row.addWidget(self.snoozed)
        snooze_row.addWidget(self.until)
        snooze_row.addStretch(1)
        layout = QVBoxLayout(self)
        for widget in (what, self.handled):
            layout.addWidget(widget)
        layout.addLayout(snooze_row)
        layout.addWidget(QLabel("备注："))
        layout.addWidget(self.note)
        layout.addWidget(hint)
        layout.addWidget(buttons)

    def choice(self) -> tuple[str, dt.date | None, str]:
        until = self.until.date().toPython() if self.snoozed.isChecked() else None
        return ("snoozed" if until else "handled"), until, self.note.toPlainText().strip()


class DueView(QWidget):
    """Place as the main window's first page (home). Connect ``open_holder`` to the window's holder view,
    ``start_case`` to a new case for that holder and ``open_case`` to the case's window."""

    open_holder = Signal(int)
    start_case = Signal(int)  # holder id: the warning has no open case yet
    open_case = Signal(int)  # case id: the warning belongs to this open case
    loaded = Signal(object)  # the DueList, after each refresh (the tray may reuse it)
    changed = Signal()  # a mark was written

    def __init__(self, ops: RegisterOps, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.due = None
        ops.changed.connect(self.apply_changes)
        title = QLabel("待办")
        title.setStyleSheet("font-size: 18px; font-weight: 600;")
        self.summary = QLabel("正在计算……")
        self.show_hidden = QCheckBox("显示已处理和暂缓的提醒")
        self.show_hidden.toggled.connect(self._fill)
        self.refresh_button = QPushButton("刷新")
        self.refresh_button.clicked.connect(self.refresh)
        self.open_button = QPushButton("打开持证人")
        self.mark_button = QPushButton("标记已处理/暂缓…")
        self.case_button = QPushButton(START_CASE)
        self.open_button.clicked.connect(self._open_selected)
        self.case_button.clicked.connect(self._case_selected)
        self.mark_button.clicked.connect(self._mark_selected)
        self.tree = QTreeWidget()
        self.tree.setColumnCount(len(COLUMNS))
        self.tree.setHeaderLabels(COLUMNS)
        self.tree.setRootIsDecorated(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.itemDoubleClicked.connect(lambda item, _col: self._open(item))
        self.tree.itemSelectionChanged.connect(self._update_buttons)
        header = self.tree.header()
        self.tree.setIndentation(14)
        for index, width in enumerate((104, 200, 96, 330, 90, 66, 78, 250, 84)):
            self.tree.setColumnWidth(index, width)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Interactive)
        top = QHBoxLayout()
        top.addWidget(title)
        top.addSpacing(16)
        top.addWidget(self.summary, 1)
        top.addWidget(self.show_hidden)
        top.addWidget(self.refresh_button)
        actions = QHBoxLayout()
        for button in (self.open_button, self.mark_button, self.case_button):
            actions.addWidget(button)
        actions.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tree, 1)
        layout.addLayout(actions)
        self._update_buttons()

    @property
    def today(self) -> dt.date:
        return self.ops.desk.today()

    # ------------------------------------------------------------ loading

    def apply_changes(self, changes: Changes) -> None:
        if changes.touches_due_list():
            self.refresh()

    def refresh(self) -> None:
        """Recompute the list in the background; only the newest computation is shown."""
        self.refresh_button.setEnabled(False)
        self.ops.query(
            desk_due.due_list,
            key="due-list",
            owner=self,
            success=self._loaded,
            failure=self._failed,
            bulk=True,
        )

    def _loaded(self, due) -> None:
        self.due = due
        self.refresh_button.setEnabled(True)
        self._fill()
        self.loaded.emit(due)

    def _failed(self, error: Exception) -> None:
        self.refresh_button.setEnabled(True)
        self.summary.setText(
            f"无法计算待办：{error}"
            if isinstance(error, WrcError)
            else "无法计算待办：发生意外错误，详情已写入日志"
        )

    def _fill(self) -> None:
        if self.due is None:
            return
        self.tree.clear()
        counts = {name: len(items) for name, items in self.due.groups().items()}
        parts = [f"{label} {counts[name]} 项" for name, label in URGENCIES.items()]
        hidden = len(self.due.hidden)
        self.summary.setText(
            f"{self.due.today.isoformat()}　"
            + "　".join(parts)
            + (f"　（另有 {hidden} 项已处理或暂缓）" if hidden else "")
        )
        groups = self.due.groups()
        if self.show_hidden.isChecked() and self.due.hidden:
            groups["hidden"] = self.due.hidden
        bold = QFont()
        bold.setBold(True)
        for name, items in groups.items():
            label = URGENCIES.get(name, "已处理或暂缓")
            group = QTreeWidgetItem([f"{label}（{len(items)}）"])
            group.setFirstColumnSpanned(True)
            group.setFont(0, bold)
            group.setForeground(0, QBrush(QColor(URGENCY_COLOURS.get(name, "#555555"))))
            group.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.tree.addTopLevelItem(group)
            group.setFirstColumnSpanned(True)
            for item in items:
                group.addChild(self._row(item, name))
            group.setExpanded(name != "hidden")
        self._add_row_links()
        self._update_buttons()

    def _row(self, item: DueItem, group: str) -> QTreeWidgetItem:
        rule = f"{item.rule}｜{item.source}" + ("（未核实）" if item.unverified else "")
        row = QTreeWidgetItem(
            [
                item.holder_name,
                item.unit_name,
                item.kind_label,
                item.title,
                item.date.isoformat(),
                str(item.days_left),
                str(item.working_days_left),
                rule,
                "",
            ]
        )
        row.setData(0, ITEM_ROLE, item)
        row.setToolTip(3, item.detail + ("\n" + "\n".join(item.notes) if item.notes else ""))
        row.setToolTip(7, rule)
        colour = QBrush(QColor(URGENCY_COLOURS.get(group, "#555555")))
        for column in (4, 5, 6):
            row.setForeground(column, colour)
            row.setTextAlignment(column, Qt.AlignmentFlag.AlignCenter)
        return row

    def _add_row_links(self) -> None:
        """One-click "打开" per row (capped: thousands of label widgets would slow the view down)."""
        placed = 0
        for g in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(g)
            for c in range(group.childCount()):
                if placed >= 1000:
                    return
                row = group.child(c)
                item = row.data(0, ITEM_ROLE)
                link = QLabel(f'<a href="{item.holder_id}">打开</a>　{_case_link(item)}')
                link.setToolTip(f"打开持证人；{_case_hint(item)}")
                link.linkActivated.connect(self._link)
                self.tree.setItemWidget(row, 8, link)
                placed += 1

    # ------------------------------------------------------------ actions

    def selected_item(self) -> DueItem | None:
        rows = self.tree.selectedItems()
        return rows[0].data(0, ITEM_ROLE) if rows else None

    def _link(self, target: str) -> None:
        """A row link: a bare number is the holder; "case:" and "start:" are the 办理 link."""
        what, _, number = target.rpartition(":")
        signal = {"": self.open_holder, "case": self.open_case, "start": self.start_case}[what]
        signal.emit(int(number))

    def _update_buttons(self) -> None:
        item = self.selected_item()
        has = item is not None
        self.open_button.setEnabled(has)
        self.mark_button.setEnabled(has)
        self.case_button.setEnabled(has)
        belongs = has and item.case_id is not None
        self.case_button.setText(OPEN_CASE if belongs else START_CASE)
        self.case_button.setToolTip(_case_hint(item) if has else "先选择一条提醒")

    def _open(self, row: QTreeWidgetItem) -> None:
        item = row.data(0, ITEM_ROLE)
        if item is not None:
            self.open_holder.emit(item.holder_id)

    def _open_selected(self) -> None:
        item = self.selected_item()
        if item is not None:
            self.open_holder.emit(item.holder_id)

    def _case_selected(self) -> None:
        """Open the case the warning belongs to, or start one for its holder (the main window decides how)."""
        item = self.selected_item()
        if item is None:
            return
        if item.case_id is not None:
            self.open_case.emit(item.case_id)
        else:
            self.start_case.emit(item.holder_id)

    def _mark_selected(self) -> None:
        item = self.selected_item()
        if item is None:
            return
        dialog = MarkDialog(item, self.today, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        action, until, note = dialog.choice()
        self.mark(item, action, until=until, note=note)

    def mark(
        self, item: DueItem, action: str, *, until: dt.date | None = None, note: str = ""
    ) -> bool:
        """Queue the mark on the register's writer; True when queued.

        Once it is written, ``changed`` fires and the list refreshes; a refusal
        (e.g. a snooze date not after today) is shown in a message box.
        """
        return self.ops.write(
            lambda desk: desk_due.mark(desk, item, action=action, until=until, note=note),
            parent=self,
            success=lambda _changes: self.changed.emit(),
            failure=lambda error: QMessageBox.warning(self, "无法标记", str(error)),
            busy=self.mark_button,
        )


def _case_link(item: DueItem) -> str:
    if item.case_id is not None:
        return f'<a href="case:{item.case_id}">办理事项</a>'
    return f'<a href="start:{item.holder_id}">办理</a>'


def _case_hint(item: DueItem) -> str:
    if item.case_id is not None:
        return f"打开办理事项 {item.case_number}"
    return f"为{item.holder_name}新建办理事项"
