"""The 待办 (due) view, the app's home: a work queue, one row per thing to do.

Rows are ordered by the day by which each must be done, the oldest first, in the groups
已逾期, 紧急, 近期 and 待了结. Each says the next step in words ("今天提交续签申请"), the
days left (or overdue), the holder, and the guide the date rests on. One click does it:
"办理" opens the open case (办理事项) the task belongs to, or 新建办理事项 with the kind and
planned date that fit the holder (:mod:`wrc_desktop.rules.next_application`); a lost permit
is settled by "新办" or "登记失效"; a passed age limit by "知悉". The clerk can mark a task
handled or snooze it until a date, with a note that goes into the audit trail — or many at
once: Ctrl/Shift+click, Ctrl+A or a group's title (Ctrl+click, right-click) select several,
and 知悉…, 暂缓到… and 登记失效… act on them all, undone in one step (编辑 → 撤销).

The list is computed from the register off the UI thread (warnings are states, not
events): in full on a refresh, and after a write that touched only some holders, just
their items, put in place of their rows (:mod:`.due_model`).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QPoint, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...desk import Changes
from ...desk import bulk as desk_bulk
from ...desk import due as desk_due
from ...rules.due import URGENCIES, DueItem
from ...rules.errors import WrcError
from ..doors.operations import RegisterOps
from ..models.due_cells import (
    COLUMNS,
    ITEM_ROLE,
    LINK_COLUMN,
    LinkDelegate,
    case_hint,
)
from ..models.due_model import DueModel, GroupedDue, group_due
from ..models.long_lived import keep_out_of_collections
from ..widgets.big_selection import headers_apart
from ..widgets.bulk_actions import BulkActions
from ..widgets.column_fit import ElidingDelegate
from .due_layout import fit_due_columns
from .due_selection import DueSelection
from .due_table import AfterPaint, DueTable
from .mark_dialog import MarkDialog

if TYPE_CHECKING:  # named for the types only: desk.records brings the case modules
    from ...desk.records import DueList

__all__ = ["COLUMNS", "ITEM_ROLE", "OPEN_CASE", "START_CASE", "DueView", "MarkDialog"]

START_CASE = "办理…"
OPEN_CASE = "打开办理事项"
QUERY_KEY = "due-list"
FULL = "full"  # a full recomputation is on its way


class DueView(QWidget):
    """Place as the main window's first page (home). Connect ``open_holder`` to the window's holder view,
    ``start_case`` to a new case for that holder and ``open_case`` to the case's window."""

    open_holder = Signal(int)
    # holder id and the task (DueItem): the warning has no open case yet; its application starts
    start_case = Signal(int, object)
    open_case = Signal(int)  # case id: the warning belongs to this open case
    loaded = Signal(object)  # the DueList, after each refresh or update (the tray may reuse it)
    # After each full refresh: its rows painted (or the table hidden, or no list to show).
    shown = Signal()
    changed = Signal()  # a mark was written

    def __init__(self, ops: RegisterOps, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.due: DueList | None = None
        # What the computation on its way covers: FULL, the holders whose items it reads, or None.
        self._pending: str | frozenset[int] | None = None
        self._computed_at: dt.datetime | None = None  # when the list shown was computed
        ops.changed.connect(self.apply_changes)
        title = QLabel("待办")
        title.setStyleSheet("font-size: 18px; font-weight: 600;")
        self.summary = QLabel("正在计算……")
        # Wraps rather than widening the window past the screen (150 % on 1366×768).
        self.summary.setWordWrap(True)
        self.show_hidden = QCheckBox("显示已处理和暂缓的提醒")
        self.show_hidden.toggled.connect(lambda _checked: self._fill())
        self.refresh_button = QPushButton("刷新")
        self.refresh_button.clicked.connect(self.refresh)
        self.open_button = QPushButton("打开持证人")
        self.mark_button = QPushButton("标记已处理/暂缓…")
        self.case_button = QPushButton(START_CASE)
        self.open_button.clicked.connect(self._open_selected)
        self.case_button.clicked.connect(self._case_selected)
        self.mark_button.clicked.connect(self._mark_selected)
        # The bulk actions, on every selected task (Ctrl/Shift+click, Ctrl+A, a group's menu).
        self.bulk = BulkActions(ops, self)
        self.selected_label = QLabel()
        self.ack_button = QPushButton("知悉…")
        self.snooze_button = QPushButton("暂缓到…")
        self.lost_button = QPushButton("登记失效…")
        for button, action, tip in (
            (self.ack_button, desk_bulk.HANDLED, "把所选的待办都标记为已处理"),
            (self.snooze_button, desk_bulk.SNOOZED, "把所选的待办都暂缓到某日再提醒"),
            (self.lost_button, desk_bulk.LOST, "把所选“证件已失效”的待办在登记册中登记为失效"),
        ):
            button.setToolTip(f"{tip}（可用 Ctrl/Shift+单击、Ctrl+A 或右键组标题多选）")
            button.clicked.connect(lambda _checked=False, chosen=action: self.run_bulk(chosen))
        self.model = DueModel(self)
        self.links = LinkDelegate(self)
        self.links.link_activated.connect(self._link)
        self.table = DueTable(self.links)
        self.table.setModel(self.model)
        self.table.setItemDelegateForColumn(LINK_COLUMN, self.links)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.setCornerButtonEnabled(False)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        rows = self.table.verticalHeader()
        rows.hide()
        # One height for every row, so the table never measures them (30,000 rows at once).
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        self.table.clicked.connect(self._clicked)
        self.selection = DueSelection(self.table, self.model)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._menu)
        self.table.doubleClicked.connect(self._open_index)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        # A group's title spans the row: set again whenever the titles move.
        self.model.modelReset.connect(self._span_titles)
        self.model.rowsInserted.connect(self._span_titles)
        self.model.rowsRemoved.connect(self._span_titles)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setMinimumSectionSize(40)
        self.table.setItemDelegate(ElidingDelegate(self.table))  # a cut name or kind: tooltip
        headers_apart(self.table)  # Ctrl+A over 30,000 rows: no header reads them all
        self.columns = fit_due_columns(self.table)
        # A step starts with what to do and a name with what tells it apart: cut at the end.
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
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
        actions.addWidget(self.selected_label)
        for button in (self.ack_button, self.snooze_button, self.lost_button):
            actions.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(actions)
        self._update_buttons()

    @property
    def today(self) -> dt.date:
        return self.ops.desk.today()

    @property
    def computing(self) -> bool:
        """A computation of the list (or of some holders' items) is on its way."""
        return self._pending is not None

    # ------------------------------------------------------------ loading

    def apply_changes(self, changes: Changes) -> None:
        """After a write: only the touched holders' items when nothing else changed, else everything."""
        if not changes.touches_due_list():
            return
        if not desk_due.only_holders_changed(changes) or self.due is None or self._pending == FULL:
            self.refresh()
            return
        # Only the newest query is delivered, so it also reads the holders of one still on its way.
        pending = self._pending if isinstance(self._pending, frozenset) else frozenset()
        ids = frozenset(changes.holders or ()) | pending
        self._pending = ids
        current = self.due
        self.ops.query(
            lambda desk: desk_due.update(desk, current, ids),
            key=QUERY_KEY,
            owner=self,
            success=self._updated,
            failure=self._failed,
            bulk=True,  # behind the register's own row update, never ahead of it
        )

    def refresh(self) -> None:
        """Recompute the whole list in the background; only the newest computation is shown."""
        self.refresh_button.setEnabled(False)
        self._pending = FULL
        if self.due is not None:
            self._show_summary()  # the list shown stays until the new one comes: say so
        self.ops.query(
            lambda desk: group_due(desk_due.due_list(desk)),  # grouped there, not on this thread
            key=QUERY_KEY,
            owner=self,
            success=self._loaded,
            failure=self._failed,
            bulk=True,  # the whole list: never ahead of a small read in the queue
        )

    def _loaded(self, grouped: GroupedDue) -> None:
        self._pending = None
        self._computed_at = dt.datetime.now()
        self.due = due = grouped.due
        self.refresh_button.setEnabled(True)
        self._fill(grouped)
        keep_out_of_collections("due list")
        self.loaded.emit(due)
        self._tell_when_painted()

    def _tell_when_painted(self) -> None:
        """:attr:`shown` once the rows just filled in are painted (at once when the table is
        hidden): the work waiting for it (the register's read at start) then no longer takes
        turns at the interpreter with the paint."""
        if self.table.isVisible():
            AfterPaint(self.table.viewport(), self.shown.emit)
        else:
            self.shown.emit()

    def _updated(self, update: desk_due.DueUpdate) -> None:
        """The list computed from the one shown when the query was asked: no other update came
        in between, since only the newest query is delivered and it covers those before it."""
        self._pending = None
        if update.due is None:  # a new day: everything moved
            self.refresh()
            return
        self.due = update.due
        self._computed_at = dt.datetime.now()
        self.model.replace(update.before, update.after, show_hidden=self.show_hidden.isChecked())
        self._show_summary()
        self._update_buttons()
        self.loaded.emit(self.due)

    def _failed(self, error: Exception) -> None:
        self._pending = None
        self.refresh_button.setEnabled(True)
        self.summary.setText(
            f"无法计算待办：{error}"
            if isinstance(error, WrcError)
            else "无法计算待办：发生意外错误，详情已写入日志"
        )
        self.shown.emit()  # nothing more will be painted: whatever waits goes ahead

    def _fill(self, grouped: GroupedDue | None = None) -> None:
        if self.due is None:
            return
        self.model.load(self.due, show_hidden=self.show_hidden.isChecked(), grouped=grouped)
        # The scroll bar the rows need, and the columns fitted beside it, before they are
        # painted: otherwise the first paint comes at the old width and a second follows.
        self.table.doItemsLayout()
        self._show_summary()
        self._update_buttons()

    def _show_summary(self) -> None:
        if self.due is None:
            return
        counts = self.model.counts()  # the shown groups hold exactly the shown items
        parts = [f"{label} {counts[name]} 项" for name, label in URGENCIES.items()]
        hidden = len(self.due.hidden)
        stale = self._pending == FULL and self._computed_at is not None
        self.summary.setText(
            (f"上次计算于 {self._computed_at:%H:%M:%S}，正在更新……　" if stale else "")
            + f"{self.due.today.isoformat()}　"
            + "　".join(parts)
            + (f"　（另有 {hidden} 项已处理或暂缓）" if hidden else "")
        )

    def _span_titles(self, *_args) -> None:
        """Each group's title across the whole row; a handful of groups, so cheap to redo."""
        self.table.clearSpans()
        for row in self.model.title_rows():
            self.table.setSpan(row, 0, 1, len(COLUMNS))

    def _clicked(self, index: QModelIndex) -> None:
        """A click on a group's title folds or unfolds it; with Ctrl or Shift, selects its tasks."""
        name = self.model.group_at(index.row())
        extend = QApplication.keyboardModifiers() & (
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
        )
        if name is not None and extend:
            self.selection.select_group(name)
            return
        self.model.toggle(index.row())

    def _menu(self, point: QPoint) -> None:
        """Right-click: on a group's title, select all its tasks; on tasks, the bulk actions."""
        index = self.table.indexAt(point)
        name = self.model.group_at(index.row()) if index.isValid() else None
        menu = QMenu(self)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # one per right-click
        if name is not None:
            count = self.model.counts().get(name, 0)
            select = menu.addAction(f"选择本组全部 {count} 项")
            select.setEnabled(count > 0)
            select.triggered.connect(lambda: self.selection.select_group(name))
            menu.addSeparator()
        for button in (self.ack_button, self.snooze_button, self.lost_button):
            action = menu.addAction(button.text())
            action.setEnabled(button.isEnabled())
            action.triggered.connect(button.click)
        menu.addSeparator()
        menu.addAction("全选（Ctrl+A）", self.table.selectAll)
        menu.popup(self.table.viewport().mapToGlobal(point))

    # ------------------------------------------------------------ actions

    def selected_item(self) -> DueItem | None:
        """The one task selected (None when none, or several, are)."""
        items = self.selection.items(limit=2)
        return items[0] if len(items) == 1 else None

    def selected_items(self) -> list[DueItem]:
        """Every selected task, in the list's order."""
        return self.selection.items()

    def run_bulk(self, action: str) -> bool:
        """知悉, 暂缓 or 登记失效 on every selected task, once the clerk confirms; True when queued."""
        plan = desk_bulk.plan_items(self.selected_items(), action)
        return self.bulk.confirm(plan, self)

    def _link(self, target: str) -> None:
        """A row link (:func:`.due_model.link_specs`): a bare number is the holder."""
        what, _, number = target.rpartition(":")
        if what in ("lost", "ack"):
            item = self.model.item(self.table.currentIndex())  # the press put its row current
            if item is None or item.holder_id != int(number):
                return
            if what == "lost":
                self.record_lost(item)
            else:
                self._mark_selected()
            return
        if what.startswith("start:"):  # start:<kind>:<holder id>, the row's application
            kind = what.partition(":")[2]
            self.start_case.emit(int(number), self._task(int(number), kind))
            return
        signal = {"": self.open_holder, "case": self.open_case}[what]
        signal.emit(int(number))

    def _task(self, holder_id: int, kind: str) -> DueItem | None:
        """The shown task whose 办理 link starts ``kind`` for the holder (None: no longer listed)."""
        items = (self.due.shown + self.due.hidden) if self.due is not None else []
        return next(
            (
                item
                for item in items
                if item.holder_id == holder_id and item.apply_kind == kind and item.case_id is None
            ),
            None,
        )

    def record_lost(self, item: DueItem) -> bool:
        """Settle a lost permit: the register records it as 失效, once the clerk has seen the change."""
        answer = QMessageBox.question(
            self,
            "登记证件失效",
            f"{item.holder_name}：{item.title}。\n\n将在登记册中修改：证件状态　有效 → 失效\n"
            "此后这一项不再出现在待办中；如需再次申请，请按新办办理。",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return False
        plan = desk_bulk.plan_items([item], desk_bulk.LOST)
        return self.bulk.run(plan, self, title="无法登记")

    def _update_buttons(self) -> None:
        count = self.selection.count()
        item = self.selected_item() if count == 1 else None
        has = item is not None
        self.selected_label.setText(f"已选 {count} 项" if count else "")
        for button in (self.ack_button, self.snooze_button, self.lost_button):
            button.setEnabled(count > 0)
        self.open_button.setEnabled(has)
        self.mark_button.setEnabled(has)
        belongs = item is not None and item.case_id is not None
        self.case_button.setEnabled(belongs or (item is not None and item.apply_kind is not None))
        self.case_button.setText(OPEN_CASE if belongs else START_CASE)
        self.case_button.setToolTip(case_hint(item) if item is not None else "先选择一条提醒")

    def _open_index(self, index: QModelIndex) -> None:
        item = self.model.item(index)
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
            self.start_case.emit(item.holder_id, item)

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
        if action not in desk_bulk.ACTIONS:  # e.g. reopened: no undo to keep
            return self.ops.write(
                lambda desk: desk_due.mark(desk, item, action=action, until=until, note=note),
                parent=self,
                success=lambda _changes: self.changed.emit(),
                failure=lambda error: QMessageBox.warning(self, "无法标记", str(error)),
                busy=self.mark_button,
            )
        return self.bulk.run(
            desk_bulk.plan_items([item], action),
            self,
            until=until,
            note=note,
            title="无法标记",
            busy=self.mark_button,
            then=self.changed.emit,
        )
