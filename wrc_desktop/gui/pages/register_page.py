"""The 登记册 page: search and filters above the register table, or the welcome panel when it is empty."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...rules.countdown import widest_permit_figures
from ...rules.deadlines import STATUSES
from ...rules.permit_state import CANCELLED, SUSPENDED
from ..models.register_model import (
    HEADERS,
    LEFT,
    NO_PERMIT,
    Column,
    RegisterFilter,
    RegisterModel,
    RegisterProxy,
)
from ..shell.pages import WelcomePanel
from ..widgets.big_selection import headers_apart
from ..widgets.column_fit import ColumnFitter, ElidingDelegate, Flexible, ems, text_width

# The text columns, the most wanted first (in em): each cut with "…" and whole in its tooltip
# when the page is narrow (150 % on a 1366-pixel screen), wider when there is room.
FLEXIBLE = (
    Flexible(Column.NAME, minimum=3, preferred=5.5),
    Flexible(Column.ID_NUMBER, minimum=7, preferred=11),  # masked: 110101********1234
    Flexible(Column.STATUS, minimum=4, preferred=7),
    Flexible(Column.CERTIFICATE, minimum=5, preferred=9.5),  # 京工居2023000170
    Flexible(Column.DEPARTMENT, minimum=3, preferred=6.5),
    Flexible(Column.UNIT, minimum=5, preferred=14),  # and what is left over
)
# What takes the room left over: the unit's name when shown, else the department's.
FILL = (Column.UNIT, Column.DEPARTMENT)


def fit_register_columns(view: QTableView) -> ColumnFitter:
    """Dates and day counts as wide as their content and header; the text columns share the rest."""
    metrics = view.fontMetrics()
    fixed: dict[int, int] = {
        Column.EXPIRY: text_width(metrics, (HEADERS[Column.EXPIRY], "2026-12-07")),
        Column.DAYS_LEFT: text_width(
            metrics, (HEADERS[Column.DAYS_LEFT], *widest_permit_figures())
        ),
        Column.CONTRACT_END: text_width(metrics, (HEADERS[Column.CONTRACT_END], "2026-12-07")),
    }
    # 剩余: the whole figure when there is room ("已过 29 日（最晚提交日）"), else its number and
    # unit, which come first (the tooltip has the whole figure); wanted right after 状态
    days_left = Flexible(
        Column.DAYS_LEFT, minimum=6, preferred=ems(metrics, widest_permit_figures())
    )
    flexible = (*FLEXIBLE[:3], days_left, *FLEXIBLE[3:])
    return ColumnFitter(view, fixed=fixed, flexible=flexible, fill=FILL)


class RegisterPage(QWidget):
    """Owns the model, the proxy and the view; the main window supplies the actions."""

    filter_changed = Signal()
    shown = Signal()  # each time the page comes into view

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = RegisterModel(self)
        self.proxy = RegisterProxy(self.model, self)

        self.search = QLineEdit()
        self.search.setPlaceholderText("搜索姓名、拼音首字母（如 zs）、证件号、证书编号或部门")
        self.search.setClearButtonEnabled(True)
        self.status_filter = QComboBox()
        self.status_filter.addItem("全部状态", None)
        for label in (*STATUSES, SUSPENDED, CANCELLED, NO_PERMIT, LEFT):
            self.status_filter.addItem(label, label)
        self.unit_filter = QComboBox()
        self.show_left = QCheckBox("显示已离职")
        self.show_full_id = QCheckBox("显示完整证件号")
        self.count_label = QLabel()

        self.toolbar = QHBoxLayout()  # the window adds its action buttons here
        self._table_only: list[QWidget] = []
        self.toolbar.setSpacing(6)
        filters = QHBoxLayout()
        filters.addWidget(self.search, 3)
        filters.addWidget(self.status_filter, 1)
        filters.addWidget(self.unit_filter, 1)
        filters.addWidget(self.show_left)
        filters.addWidget(self.show_full_id)

        self.view = QTableView()
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        # Several holders at once (Ctrl/Shift+click, Ctrl+A) for the bulk actions.
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.verticalHeader().hide()
        # Fixed row heights: Qt never asks the model to measure 50 000 rows.
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.view.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.view.horizontalHeader()
        header.setHighlightSections(False)
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.view.setItemDelegate(ElidingDelegate(self.view))  # a cut cell: whole in its tooltip
        self.columns = fit_register_columns(self.view)
        headers_apart(self.view)  # Ctrl+A over 50,000 rows: no header reads them all
        self.view.sortByColumn(Column.DAYS_LEFT, Qt.SortOrder.AscendingOrder)  # most urgent first

        self.table_page = table_page = QWidget()
        table_layout = QVBoxLayout(table_page)
        table_layout.setContentsMargins(0, 0, 0, 0)
        table_layout.addLayout(filters)
        table_layout.addWidget(self.view, 1)
        table_layout.addWidget(self.count_label)
        self.welcome = WelcomePanel()
        self.stack = QStackedWidget()
        self.stack.addWidget(table_page)
        self.stack.addWidget(self.welcome)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 8)
        layout.addLayout(self.toolbar)
        layout.addWidget(self.stack, 1)

        self._search_timer = QTimer(self, singleShot=True, interval=0)
        self._search_timer.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(self._search_timer.start)
        for combo in (self.status_filter, self.unit_filter):
            combo.currentIndexChanged.connect(self.apply_filter)
        self.show_left.toggled.connect(self.apply_filter)
        self.show_full_id.toggled.connect(self.model.set_show_full_id)
        self._kept_selection: int | None = None
        self.model.modelAboutToBeReset.connect(self._remember_selection)
        self.model.modelReset.connect(self._restore_selection)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.shown.emit()

    def add_tool_button(self, button: QWidget | None, *, hide_when_empty: bool = True) -> None:
        """Append an action button to the page's toolbar (None adds a stretch).

        Holder actions are hidden while the welcome panel shows: it has its own buttons.
        """
        if button is None:
            self.toolbar.addStretch(1)
            return
        self.toolbar.addWidget(button)
        if hide_when_empty:
            self._table_only.append(button)

    def set_units(self, units: Sequence[tuple[int, str]]) -> None:
        """Refill the unit filter, keeping the choice; the 单位 column shows only with several units."""
        chosen = self.unit_filter.currentData()
        self.unit_filter.blockSignals(True)
        self.unit_filter.clear()
        self.unit_filter.addItem("全部单位", None)
        for unit_id, name in units:
            self.unit_filter.addItem(name, unit_id)
        index = self.unit_filter.findData(chosen)
        self.unit_filter.setCurrentIndex(max(index, 0))
        self.unit_filter.blockSignals(False)
        self.unit_filter.setVisible(len(units) > 1)
        self.view.setColumnHidden(Column.UNIT, len(units) <= 1)
        self.columns.fit()  # the unit's room goes to the others, or comes back

    def current_filter(self) -> RegisterFilter:
        return RegisterFilter(
            text=self.search.text(),
            status=self.status_filter.currentData(),
            unit_id=self.unit_filter.currentData(),
            show_left=self.show_left.isChecked(),
        )

    def apply_filter(self) -> None:
        self.proxy.apply(self.current_filter())
        self.update_count()
        self.filter_changed.emit()

    def update_count(self) -> None:
        shown = self.proxy.rowCount()
        text = f"在职持证人 {self.model.active_count} 人，当前显示 {shown} 人"
        if shown == 0 and self.model.rowCount():
            text += (
                "。没有符合条件的持证人：请检查搜索内容或筛选条件（已离职人员需勾选“显示已离职”）"
            )
        self.count_label.setText(text)

    def show_welcome(self, show: bool) -> None:
        self.stack.setCurrentWidget(self.welcome if show else self.table_page)
        for button in self._table_only:
            button.setVisible(not show)

    def selected_holder_id(self) -> int | None:
        """The one holder selected (None when none, or several, are: the bulk actions' turn)."""
        index = self.view.currentIndex()
        if not index.isValid() or not self.view.selectionModel().isSelected(index):
            return None
        if self.selected_count() != 1:
            return None
        return self.model.holder_id_at(self.proxy.mapToSource(index).row())

    def _selected_ranges(self) -> list[tuple[int, int]]:
        selection = self.view.selectionModel().selection()
        return [(selection.at(n).top(), selection.at(n).bottom()) for n in range(selection.size())]

    def selected_count(self) -> int:
        """How many holders are selected, from the selection's ranges (not row by row)."""
        rows: set[int] = set()
        ranges = self._selected_ranges()
        if len(ranges) == 1:
            return ranges[0][1] - ranges[0][0] + 1
        for top, bottom in ranges:
            rows.update(range(top, bottom + 1))
        return len(rows)

    def selected_holder_ids(self) -> list[int]:
        """Every selected holder, in the order shown (each once)."""
        found: dict[int, None] = {}
        for top, bottom in sorted(self._selected_ranges()):
            for row in self._source_rows(top, bottom):
                found[self.model.holder_id_at(row)] = None
        return list(found)

    def _source_rows(self, top: int, bottom: int) -> Sequence[int]:
        """The model's rows behind the view's rows ``top``..``bottom``."""

        def source(row: int) -> int:
            return self.proxy.mapToSource(self.proxy.index(row, 0)).row()

        first, last = source(top), source(bottom)
        if last - first == bottom - top:  # the proxy passes rows through in order
            return range(first, last + 1)
        return [source(row) for row in range(top, bottom + 1)]

    def select_holder(self, holder_id: int) -> bool:
        """Select and scroll to a holder if the filter shows them."""
        row = self.model.row_of_holder(holder_id)
        if row is None:
            return False
        index = self.proxy.mapFromSource(self.model.index(row, Column.NAME))
        self.view.selectRow(index.row())
        self.view.scrollTo(index)
        return True

    # A reset (reload, filter, sort) clears the view's selection; the clerk's choice survives it.
    def _remember_selection(self) -> None:
        self._kept_selection = self.selected_holder_id()

    def _restore_selection(self) -> None:
        if self._kept_selection is not None:
            self.select_holder(self._kept_selection)
