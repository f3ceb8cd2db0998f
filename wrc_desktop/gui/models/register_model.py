"""The register table: a Qt model over ``store.queries.register_rows`` and the proxy the view uses.

Built for 50 000 holders. Everything per row that does not depend on the
visible cell is computed once per load — days left, the status label (one
batched call into the rules) and, off the UI thread once the page is in view,
the search key and the pinyin sort key — and kept in lists parallel to the
rows, so ``data()`` only formats.

Filtering and sorting happen here, on those lists, not row by row through
Qt. Measured at 50 000 rows: a proxy calling a Python ``filterAcceptsRow``
per row costs ~45 ms per keystroke before any matching is done; computing the
match list in one pass and resetting the model costs ~14 ms. Likewise a sort
is one ``list.sort`` with a key instead of ~800 000 ``lessThan`` calls. The
proxy stays the view's model and the one entry point for both (and the place
for any later per-view filtering), but leaves the per-row work to this model.
A reset clears the view's selection; the register page puts it back.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from ...desk.holders import RegisterSnapshot
from ...rules.countdown import Countdown
from ...rules.glossary import current_word, rule_of
from ...rules.identity import mask_id
from ...rules.permit_state import LEFT, NO_PERMIT, SCALE, PermitState, figures_of  # noqa: F401 - LEFT, NO_PERMIT for the page
from .long_lived import keep_out_of_collections
from .register_columns import CENTRED, HEADERS, Column, RegisterFilter, row_sort_value
from .search import SearchKeys, normalize_query, pinyin_forms, search_key, search_keys_of
from .status_colours import status_brush

if TYPE_CHECKING:  # named for the types only: desk.records brings the case modules
    from ...desk.records import RegisterRow

HOLDER_ID_ROLE = Qt.ItemDataRole.UserRole + 1

_ANY_INDEX = QModelIndex | QPersistentModelIndex


_GREY = QBrush(QColor("#8a8a8a"))


class _RowLists:
    """The rows and the lists parallel to them, ordered and filtered: what the model shows,
    and what :func:`prepare_rows` makes off the UI thread (plain lists, no Qt object)."""

    NAMES = (
        "_rows",
        "_states",
        "_figures",
        "_status",
        "active_count",
        "_keys",
        "_pinyin",
        "_position",
        "_visible",
    )
    today: dt.date
    _rows: list[RegisterRow]
    _states: list[PermitState]
    _figures: list[Countdown | None]  # the day figure of each permit's next deadline
    _status: list[str]
    active_count: int
    _keys: list[str] | None
    _pinyin: list[str] | None
    _position: dict[int, int]
    _visible: list[int]

    def _fill(self, snapshot: RegisterSnapshot, wanted: RegisterFilter, sort_spec) -> None:
        self.today = today = snapshot.today
        self._rows = list(snapshot.rows)
        self._states = list(snapshot.states)
        self._figures = figures_of(self._states, today)
        self._status = [state.label for state in self._states]
        self.active_count = sum(1 for r in self._rows if r.status != "left")
        self._keys = self._pinyin = None
        if sort_spec is not None:
            self._reorder(self._sorted_positions(*sort_spec))
        self._position = {r.holder_id: i for i, r in enumerate(self._rows)}
        self._visible = self._matching(wanted)

    def ensure_search_keys(self) -> tuple[list[str], list[str]]:
        """The search and pinyin sort keys: those made off the UI thread once the rows were
        shown (:meth:`RegisterModel.search_keys_work`), or made now when asked before."""
        if self._keys is not None and self._pinyin is not None:
            return self._keys, self._pinyin
        self._keys, self._pinyin = keys, pinyin = search_keys_of(self._rows)
        return keys, pinyin

    def _matching(self, wanted: RegisterFilter) -> list[int]:
        """Positions of the rows ``wanted`` shows, in the current order (one pass per criterion)."""
        rows = self._rows
        if wanted.status == LEFT:
            show = [r.status == "left" for r in rows]
        elif wanted.show_left:
            show = [True] * len(rows)
        else:
            show = [r.status != "left" for r in rows]
        if wanted.status and wanted.status != LEFT:
            word = current_word(wanted.status)  # a filter saved with an earlier word still works
            show = [s and label == word for s, label in zip(show, self._status, strict=False)]
        if wanted.unit_id is not None:
            show = [s and r.unit_id == wanted.unit_id for s, r in zip(show, rows, strict=False)]
        query = normalize_query(wanted.text)
        if query:
            keys, _pinyin = self.ensure_search_keys()
            show = [s and query in key for s, key in zip(show, keys, strict=False)]
        return [i for i, s in enumerate(show) if s]

    def _sorted_positions(self, column: int, order: Qt.SortOrder) -> list[int]:
        """The positions in ``column``'s order (stable; blanks last either way).

        The rows are put in buckets of equal keys by a Python loop and only the distinct keys
        are sorted: the one ``list.sort`` of every position held the interpreter lock for
        ~95 ms at 200,000 holders, on the background read, and the window with it. By day
        figure, status or date there are a few thousand distinct keys at most."""
        buckets: dict[Any, list[int]] = {}  # one column's keys: comparable with each other
        blanks: list[int] = []
        for position, key in enumerate(self._sort_keys(column)):
            if key is None:
                blanks.append(position)
            elif (bucket := buckets.get(key)) is None:
                buckets[key] = [position]
            else:
                bucket.append(position)
        descending = order == Qt.SortOrder.DescendingOrder
        ordered = sorted(buckets, reverse=descending)
        return [position for key in ordered for position in buckets[key]] + blanks

    def _reorder(self, order_of: list[int]) -> None:
        self._rows = [self._rows[i] for i in order_of]
        self._figures = [self._figures[i] for i in order_of]
        self._status = [self._status[i] for i in order_of]
        self._states = [self._states[i] for i in order_of]
        if self._keys is not None and self._pinyin is not None:
            self._keys = [self._keys[i] for i in order_of]
            self._pinyin = [self._pinyin[i] for i in order_of]

    def _sort_keys(self, column: int) -> list:
        rows = self._rows
        if column == Column.NAME:
            return list(self.ensure_search_keys()[1])
        if column == Column.ID_NUMBER:
            return [r.id_number for r in rows]
        if column == Column.UNIT:
            return [r.unit_name for r in rows]
        if column == Column.DEPARTMENT:
            return [r.department or None for r in rows]
        if column == Column.CERTIFICATE:
            return [r.certificate_no or None for r in rows]
        if column == Column.EXPIRY:
            return [r.expiry for r in rows]
        if column == Column.DAYS_LEFT:  # the nearest deadline first
            return [None if f is None else f.day for f in self._figures]
        if column == Column.STATUS:
            rank = {label: i for i, label in enumerate(SCALE)}
            return [
                (rank.get(s, -1), r.expiry or dt.date.max)
                for s, r in zip(self._status, rows, strict=False)
            ]
        if column == Column.CONTRACT_END:
            return [r.contract_end for r in rows]
        return [None] * len(rows)


@dataclass(eq=False)
class PreparedRows(_RowLists):
    """A snapshot's lists for one filter and sort order (see :meth:`RegisterModel.load`)."""

    snapshot: RegisterSnapshot
    filter: RegisterFilter
    sort_spec: tuple[int, Qt.SortOrder] | None


def prepare_rows(
    snapshot: RegisterSnapshot,
    wanted: RegisterFilter,
    sort_spec: tuple[int, Qt.SortOrder] | None,
) -> PreparedRows:
    """Everything a load computes per row — days, labels, order, positions, the rows shown —
    for ``wanted`` and ``sort_spec``; on any thread (the background read of the register)."""
    keep_out_of_collections("register")  # the first register's rows, just read
    prepared = PreparedRows(snapshot, wanted, sort_spec)
    prepared._fill(snapshot, wanted, sort_spec)
    return prepared


class RegisterModel(QAbstractTableModel, _RowLists):
    """All holders in ``_rows`` (and parallel lists); the rows Qt sees are ``_visible``, in sort order."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.today = dt.date.today()
        self.show_full_id = False
        self.filter = RegisterFilter()
        self.active_count = 0
        self.sort_spec: tuple[int, Qt.SortOrder] | None = None
        self._rows: list[RegisterRow] = []
        self._figures: list[Countdown | None] = []
        self._status: list[str] = []
        self._states: list[PermitState] = []
        self._keys: list[str] | None = None
        self._pinyin: list[str] | None = None
        self._visible: list[int] = []
        self._position: dict[int, int] = {}
        self._edits = 0  # rows replaced in place (update_rows)
        self._keys_asked: tuple[int, int] | None = None  # the rows and edits last asked for

    # ------------------------------------------------------------ loading

    def search_keys_work(self) -> Callable[[], SearchKeys] | None:
        """What makes the search keys of the rows loaded now, to run off the UI thread (None:
        they are made, or already asked for). Made here when first needed, they held the
        window 0.5 s at 50,000."""
        rows, edits = self._rows, self._edits
        if self._keys is not None or self._keys_asked == (id(rows), edits):
            return None
        self._keys_asked = (id(rows), edits)
        return lambda: SearchKeys(rows, edits, *search_keys_of(rows))

    def take_search_keys(self, made: SearchKeys) -> bool:
        """Keep keys made off the UI thread when they are still the rows' (no load, sort or
        edit came since, and none were made here meanwhile); True if kept."""
        if made.rows is not self._rows or made.edits != self._edits or self._keys is not None:
            return False
        self._keys, self._pinyin = made.keys, made.pinyin
        return True

    def load(self, snapshot: RegisterSnapshot, prepared: PreparedRows | None = None) -> None:
        """Replace every row (at start, or after a write that touched many); filter and sort order are kept.

        ``prepared``: the same lists made off the UI thread (:func:`prepare_rows`) for the
        filter and sort order shown now; made here if they changed meanwhile.
        """
        if (
            prepared is None
            or prepared.snapshot is not snapshot
            or prepared.filter != self.filter
            or prepared.sort_spec != self.sort_spec
        ):
            prepared = prepare_rows(snapshot, self.filter, self.sort_spec)
        self.beginResetModel()
        self.today = prepared.today
        for name in _RowLists.NAMES:
            setattr(self, name, getattr(prepared, name))
        self.endResetModel()

    def update_rows(self, holder_ids: frozenset[int], snapshot: RegisterSnapshot) -> None:
        """Put in the current rows of ``holder_ids`` after a write touched only them.

        A changed row is replaced in place and repainted; only when a holder was added
        or removed, or a change moves a row in or out of the filter or the sort order,
        is the visible list rebuilt (one pass over the lists, no database read).
        """
        if snapshot.today != self.today:
            return  # a new day: the caller reloads everything
        self._edits += 1  # keys being made off the UI thread may miss this edit
        fresh = {
            row.holder_id: (row, state)
            for row, state in zip(snapshot.rows, snapshot.states, strict=False)
        }
        rebuild = False
        changed_positions: list[int] = []
        for holder_id in holder_ids:
            position = self._position.get(holder_id)
            entry = fresh.get(holder_id)
            if position is None or entry is None:
                rebuild = True  # added or removed
                continue
            row, state = entry
            before = self._rows[position]
            figure = state.countdown(self.today)
            rebuild = (
                rebuild
                or self._moves(before, row, self._status[position], state.label)
                or (self._sorted_by_figure and figure != self._figures[position])
            )
            self._rows[position] = row
            self._states[position] = state
            self._status[position] = state.label
            self._figures[position] = figure
            if self._keys is not None and self._pinyin is not None:
                forms = pinyin_forms(row.name)
                self._keys[position] = search_key(
                    row.name, row.id_number, row.certificate_no, row.department, forms
                )
                self._pinyin[position] = forms[1] if forms else row.name.lower()
            changed_positions.append(position)
        if rebuild:
            self._rebuild(fresh, holder_ids)
            return
        for position in changed_positions:
            visible = self.row_of_position(position)
            if visible is not None:
                self.dataChanged.emit(self.index(visible, 0), self.index(visible, len(HEADERS) - 1))
        self.active_count = sum(1 for r in self._rows if r.status != "left")

    @property
    def _sorted_by_figure(self) -> bool:
        return self.sort_spec is not None and self.sort_spec[0] == Column.DAYS_LEFT

    def _moves(
        self, before: RegisterRow, after: RegisterRow, old_label: str, new_label: str
    ) -> bool:
        """Whether replacing ``before`` by ``after`` could change which rows show, or their order."""
        if (
            old_label != new_label
            or before.status != after.status
            or before.unit_id != after.unit_id
        ):
            return True
        if self.filter.text and (
            before.name,
            before.id_number,
            before.certificate_no,
            before.department,
        ) != (after.name, after.id_number, after.certificate_no, after.department):
            return True
        if self.sort_spec is None:
            return False
        column = self.sort_spec[0]
        return row_sort_value(column, before, old_label) != row_sort_value(column, after, new_label)

    def _rebuild(self, fresh: dict, holder_ids: frozenset[int]) -> None:
        rows, states = [], []
        for row, state in zip(self._rows, self._states, strict=False):
            if row.holder_id in holder_ids:
                if row.holder_id not in fresh:
                    continue  # removed
                row, state = fresh.pop(row.holder_id)
            rows.append(row)
            states.append(state)
        for row, state in fresh.values():  # added
            if row.holder_id not in self._position:
                rows.append(row)
                states.append(state)
        self.load(RegisterSnapshot(self.today, rows, states))

    def row_of_position(self, position: int) -> int | None:
        row = bisect_left(self._visible, position)
        return row if row < len(self._visible) and self._visible[row] == position else None

    @property
    def total_count(self) -> int:
        """Holders loaded, shown or not."""
        return len(self._rows)

    # ------------------------------------------------------------ filtering

    def set_filter(self, wanted: RegisterFilter) -> None:
        self.beginResetModel()
        self.filter = wanted
        self._visible = self._matching(wanted)
        self.endResetModel()

    # ------------------------------------------------------------ Qt model interface

    def rowCount(self, parent: _ANY_INDEX = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._visible)

    def columnCount(self, parent: _ANY_INDEX = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None

    def data(self, index: _ANY_INDEX, role: int = Qt.ItemDataRole.DisplayRole):
        position, column = self._visible[index.row()], index.column()
        row = self._rows[position]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, position, column)
        if role == Qt.ItemDataRole.ForegroundRole:
            if row.status == "left":
                return _GREY
            if column == Column.STATUS or column == Column.DAYS_LEFT:
                return status_brush(self._states[position])
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and column in CENTRED:
            return Qt.AlignmentFlag.AlignCenter
        if role == HOLDER_ID_ROLE:
            return row.holder_id
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, position, column)
        return None

    def _tooltip(self, row: RegisterRow, position: int, column: int) -> str | None:
        """The deadline the figure counts to; the state's reason, or its rule (the glossary's)."""
        state, figure = self._states[position], self._figures[position]
        if column == Column.DAYS_LEFT and figure is not None:
            return f"{figure.text}\n{figure.counts_to} {figure.day.isoformat()}"
        if column != Column.STATUS:
            return None
        if state.reason:
            return state.reason
        if row.status == "left" and row.left_on:
            return f"{row.left_on:%Y-%m-%d} 离职，记录与证件历史已保留"
        return f"{state.label}：{rule_of(state.label)}"

    def _text(self, row: RegisterRow, position: int, column: int) -> str:
        if column == Column.NAME:
            return row.name
        if column == Column.ID_NUMBER:
            return row.id_number if self.show_full_id else mask_id(row.id_number)
        if column == Column.UNIT:
            return row.unit_name
        if column == Column.DEPARTMENT:
            return row.department
        if column == Column.CERTIFICATE:
            return row.certificate_no
        if column == Column.EXPIRY:
            return row.expiry.isoformat() if row.expiry else ""
        if column == Column.DAYS_LEFT:
            figure = self._figures[position]
            return "" if figure is None else figure.short
        if column == Column.STATUS:
            return self._status[position]
        if column == Column.CONTRACT_END:
            return row.contract_end.isoformat() if row.contract_end else ""
        return ""

    def set_show_full_id(self, show: bool) -> None:
        self.show_full_id = show
        if self._visible:
            top = self.index(0, Column.ID_NUMBER)
            bottom = self.index(len(self._visible) - 1, Column.ID_NUMBER)
            self.dataChanged.emit(top, bottom, [Qt.ItemDataRole.DisplayRole])

    # ------------------------------------------------------------ sorting

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.beginResetModel()
        self.sort_spec = (column, order)
        self._reorder(self._sorted_positions(column, order))
        self._position = {r.holder_id: i for i, r in enumerate(self._rows)}
        self._visible = self._matching(self.filter)
        self.endResetModel()

    # ------------------------------------------------------------ lookups (by visible row)

    def holder_id_at(self, row: int) -> int:
        return self._rows[self._visible[row]].holder_id

    def row_at(self, row: int) -> RegisterRow:
        return self._rows[self._visible[row]]

    def status_at(self, row: int) -> str:
        return self._status[self._visible[row]]

    def row_of_holder(self, holder_id: int) -> int | None:
        """The visible row of a holder, or None if not loaded or filtered out."""
        position = self._position.get(holder_id)
        return None if position is None else self.row_of_position(position)

    def figure_at(self, row: int) -> Countdown | None:
        """The day figure the 剩余 column shows on a visible row."""
        return self._figures[self._visible[row]]

    def state_of(self, holder_id: int) -> PermitState | None:
        position = self._position.get(holder_id)
        return None if position is None else self._states[position]

    def holder(self, holder_id: int) -> RegisterRow | None:
        position = self._position.get(holder_id)
        return None if position is None else self._rows[position]


class RegisterProxy(QSortFilterProxyModel):
    """The view's model: hands filtering and sorting to :class:`RegisterModel` (see the module doc)."""

    def __init__(self, model: RegisterModel, parent=None) -> None:
        super().__init__(parent)
        self._model = model
        self.setSourceModel(model)

    def apply(self, wanted: RegisterFilter) -> None:
        self._model.set_filter(wanted)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._model.sort(column, order)
