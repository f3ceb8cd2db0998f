"""Windows that fit the clerk's screen: a 1366×768 laptop with its taskbar leaves ~700 px of height.

Every top-level window and dialog opens inside the screen's available geometry
(the desktop minus the taskbar). A saved geometry is restored only where it
still fits — a window saved on a large monitor is not restored half off a
laptop's screen. Dialogs are sized here and left to Qt to centre over their
parent (Qt keeps a dialog on the parent's screen).
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QRect, QSize, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QBoxLayout,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QScrollArea,
    QSizePolicy,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

# Title bar and borders: frameGeometry() knows them only once the window is shown.
FRAME_ALLOWANCE = QSize(16, 40)


def available_geometry(widget: QWidget | None = None) -> QRect:
    """The usable desktop (taskbar excluded) of the screen ``widget`` is on, else the primary one."""
    screen = widget.screen() if widget is not None else None
    screen = screen or QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else QRect(0, 0, 1366, 700)


def fitted_size(preferred: QSize, available: QRect) -> QSize:
    """``preferred``, made smaller where the frame would not fit on ``available``."""
    width = min(preferred.width(), available.width() - FRAME_ALLOWANCE.width())
    height = min(preferred.height(), available.height() - FRAME_ALLOWANCE.height())
    return QSize(max(width, 1), max(height, 1))


def fits(geometry: QRect, available: QRect) -> bool:
    """Whether a window with client ``geometry`` lies, frame included, on ``available``."""
    framed = geometry.adjusted(0, -(FRAME_ALLOWANCE.height() - 8), 0, 8)
    return available.contains(framed)


def fit_to_screen(widget: QWidget, preferred: QSize, *, centre: bool = True) -> None:
    """Size ``widget`` to ``preferred`` or less, and (``centre``) place it in the middle of the screen."""
    available = available_geometry(widget)
    size = fitted_size(preferred, available)
    widget.resize(size)
    if centre:
        place_inside(widget, available)


def place_inside(widget: QWidget, available: QRect | None = None) -> None:
    """Move ``widget`` so that its frame lies on the screen, centred when it was off it."""
    available = available or available_geometry(widget)
    size = fitted_size(widget.size(), available)
    if size != widget.size():
        widget.resize(size)
    geometry = widget.geometry()
    if fits(geometry, available):
        return
    top_margin = FRAME_ALLOWANCE.height() - 8
    x = available.x() + max(0, (available.width() - size.width()) // 2)
    spare = available.height() - FRAME_ALLOWANCE.height() - size.height()
    y = available.y() + top_margin + max(0, spare // 2)
    # setGeometry places the client area (move() would place the frame): the title bar
    # goes above it, inside the allowance.
    widget.setGeometry(x, y, size.width(), size.height())


def restore_fitting(widget: QWidget, saved: QByteArray | bytes | None, preferred: QSize) -> bool:
    """Restore ``saved`` geometry when it fits the screen now; else open at ``preferred`` (fitted).

    True when the saved geometry was used.
    """
    if saved:
        before = widget.geometry()
        restored = widget.restoreGeometry(QByteArray(saved))
        if restored and (
            widget.isMaximized() or fits(widget.geometry(), available_geometry(widget))
        ):
            return True
        widget.setWindowState(Qt.WindowState.WindowNoState)
        widget.setGeometry(before)
    fit_to_screen(widget, preferred)
    return False


def scroll_tabs(tabs: QTabWidget) -> None:
    """Each page of ``tabs`` scrolls when the window is smaller than the page.

    At 100 % and 150 % on a laptop every page fits and no scroll bar shows; on a still
    smaller screen (175 %, 200 %) the window stays on it, with its buttons, and the page
    scrolls instead.
    """
    current = tabs.currentIndex()
    for index in range(tabs.count()):
        page, text = tabs.widget(index), tabs.tabText(index)
        if page is None:
            continue
        tabs.removeTab(index)
        area = QScrollArea()
        area.setWidgetResizable(True)
        area.setFrameShape(QFrame.Shape.NoFrame)
        area.setWidget(page)
        tabs.insertTab(index, area, text)
    tabs.setCurrentIndex(current)


def show_tab_of(tabs: QTabWidget, widget: QWidget) -> None:
    """Switch ``tabs`` to the page that holds ``widget`` (directly or inside its scroll area)."""
    for index in range(tabs.count()):
        page = tabs.widget(index)
        if page is not None and (page is widget or page.isAncestorOf(widget)):
            tabs.setCurrentIndex(index)
            return


def scroll_body(layout: QBoxLayout, *, keep_last: int = 1) -> QScrollArea:
    """Put everything of ``layout`` but its last ``keep_last`` items in a scroll area.

    The buttons (and a summary line) stay in view; the form above them scrolls when the
    screen is too small for it, and shows no scroll bar when it is not.
    """
    body = QWidget()
    body_layout = QVBoxLayout(body)
    body_layout.setContentsMargins(0, 0, 0, 0)
    while layout.count() > keep_last:
        stretch = layout.stretch(0)
        item = layout.takeAt(0)
        if item is None:
            break
        widget, inner = item.widget(), item.layout()
        if widget is not None:
            body_layout.addWidget(widget, stretch)
        elif inner is not None:
            body_layout.addLayout(inner, stretch)
        else:
            body_layout.addItem(item)
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidget(body)
    layout.insertWidget(0, area, 1)
    return area


def share_form_row(form: QFormLayout, first: QWidget, second: QWidget) -> None:
    """Move ``second``'s row (its label and field) onto the end of ``first``'s row.

    Two short fields on one line (a start and an end date, say) save a line of height
    where a form would otherwise not fit a laptop at 150 %. Both keep their labels.
    """
    second_row = form_row(form, second)
    second_label = _label_of(form, second_row)
    form.takeRow(second_row)
    first_row = form_row(form, first)
    first_label = _label_of(form, first_row)
    form.takeRow(first_row)
    shared = QHBoxLayout()
    shared.addWidget(first, 1)
    shared.addWidget(second_label)
    shared.addWidget(second, 1)
    form.insertRow(first_row, first_label, shared)
    QWidget.setTabOrder(first, second)  # Tab follows the line as it now reads


def form_row(form: QFormLayout, widget: QWidget) -> int:
    """The row of ``form`` where ``widget`` is its own field or label; -1 when it is not."""
    # PySide6's stub types the result as ``object``; Qt returns (row, role).
    position: tuple[int, QFormLayout.ItemRole] = form.getWidgetPosition(widget)  # type: ignore[assignment]
    return position[0]


def _label_of(form: QFormLayout, row: int) -> QWidget:
    item = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
    label = item.widget() if item is not None else None
    if label is None:
        raise ValueError(f"row {row} of the form has no label")
    return label


def shrinkable_table(table: QTableView, rows: int = 2) -> None:
    """``table`` takes the height there is, down to its header and ``rows`` rows.

    By default a table asks for ~190 px; in a form that scrolls when the screen is small,
    that request alone would make it scroll at 150 % on a laptop.
    """
    table.setSizePolicy(table.sizePolicy().horizontalPolicy(), QSizePolicy.Policy.Ignored)
    header = table.horizontalHeader().sizeHint().height()
    row = table.verticalHeader().defaultSectionSize()
    table.setMinimumHeight(header + rows * row + 2 * table.frameWidth())
