"""The main window: navigation on the left, the register and the later sections on the right.

Its parts by purpose: the frame and the page switching (:mod:`.window_sections`), what the
commands do (:mod:`.window_commands`), the actions and menus (:mod:`.window_menus`); this
module builds the window and keeps the register's page up to date.
"""

from __future__ import annotations

import threading

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import QWidget

from ...desk import Changes, Desk
from ...desk import holders as desk_holders
from ...desk.holders import RegisterSnapshot
from ..doors.operations import RegisterOps
from ..models.register_model import PreparedRows, prepare_rows
from ..pages.due_view import DueView
from ..pages.register_page import RegisterPage
from ..settings import Settings, configure_location
from ..widgets.after_paint import after_next_paint
from ..widgets.screen_fit import fit_to_screen
from .window_menus import MenusWindow
from .window_sections import SECTIONS, window_title

__all__ = ["MAIN_WINDOW_SIZE", "SECTIONS", "MainWindow"]

MAIN_WINDOW_SIZE = QSize(1240, 760)  # or less: the window opens within the screen
READING = "正在读取登记册……"
# The register's read at start waits this long at most for the due list's first paint.
READ_AFTER_WAIT_S = 1.0


class MainWindow(MenusWindow):
    """The window over one :class:`~wrc_desktop.desk.Desk`; every page asks the desk, through :attr:`ops`.

    :attr:`started` fires once start's reads have arrived: the first due list (painted, or
    failed) and the register's rows.

    ``settings`` holds what is purely visual (window geometry); what changes behaviour
    (the case-folder root, fonts, backups kept) is the desk's preferences, which the CLI
    reads too.
    """

    started = Signal()

    def __init__(
        self, desk: Desk, *, settings: Settings | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.desk = desk
        self.overrides = desk.overrides_dir
        if settings is None:
            configure_location()
            settings = Settings()
        self.settings = settings
        self.case_windows = {}
        self.units = []
        self.read_only_units = {}
        self._rows_shown = False  # the register's rows have arrived at least once
        self._keys_asked = False  # the search keys wait for the register's table to paint
        self.ops = RegisterOps(desk, self)
        self.due_view = DueView(self.ops)
        self.setWindowTitle(window_title(SECTIONS[0]))
        fit_to_screen(self, MAIN_WINDOW_SIZE)
        self.page = RegisterPage()
        self.setCentralWidget(self._make_sections())
        self._make_actions()
        self._make_menus()
        self._connect_pages()
        # The first paint waits for nothing: the units and a count come from the reader first
        # (a shared register is a network round trip away), the register's rows and their
        # states behind them, like whatever fell due while the app was closed.
        self.page.count_label.setText(READING)
        self.ops.query(
            desk_holders.first_look, key="first-look", owner=self, success=self._first_look
        )
        # The due list is the home page and the longest read: first in the background queue,
        # ahead of the register's rows (the page not shown at start), and asked for as soon as
        # the window is built — while it is being shown and painted, not while it is built,
        # where both would take turns at the interpreter (measured: the first paint came
        # later and the list no sooner). The register's read, queued behind it, starts once
        # the list's rows are painted: read beside that paint it held the interpreter in 5 ms
        # turns and the window stalled 110-150 ms at 50,000 holders.
        self._waiting_for: set[str] = {"due list", "register"}
        due_shown = threading.Event()
        self.due_view.shown.connect(due_shown.set)
        self.due_view.shown.connect(lambda: self._arrived("due list"))
        self.due_view.refresh()
        self.reload(after=due_shown)

    def _connect_pages(self) -> None:
        view = self.page.view
        view.doubleClicked.connect(lambda _index: self.edit_holder())
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        view.customContextMenuRequested.connect(self._holder_menu)
        view.selectionModel().selectionChanged.connect(self._update_actions)
        self.page.filter_changed.connect(self._update_actions)
        self.page.shown.connect(self._make_search_keys)
        welcome = self.page.welcome
        welcome.create_unit.connect(self._welcome_unit)
        welcome.add_holder.connect(self.add_holder)
        welcome.load_demo.connect(self.load_demo)
        welcome.import_roster.connect(self.import_roster)
        # Every committed write to the register, from any page, arrives here once, saying what changed.
        self.ops.changed.connect(self.apply_changes)
        self.due_view.open_holder.connect(self.open_holder)
        self.due_view.start_case.connect(self.new_case)
        self.due_view.open_case.connect(self.open_case)

    def _first_look(self, look: tuple[list[tuple[int, str]], int]) -> None:
        """The units and the number of holders: the welcome or the due list, before the rows come."""
        units, holders = look
        if self._rows_shown:
            return  # the rows came first and said it all
        self._show_units(units)
        self.page.show_welcome(holders == 0)
        if holders and self.nav.currentRow() == 0:
            self.show_section("待办")  # the home page once there is something to watch

    # ------------------------------------------------------------ reading

    def apply_changes(self, changes: Changes) -> None:
        """Refresh what a write changed: the rows of the holders it touched, or everything."""
        model = self.page.model
        if changes.all_holders or changes.units or changes.settings or model.today != self.today():
            self.reload()
        elif changes.holders:
            ids = changes.holders
            self.ops.query(
                lambda desk: desk_holders.snapshot(desk, ids),
                key="register-rows",
                owner=self,
                success=lambda snapshot: self._show_rows(ids, snapshot),
            )

    def reload(self, *, after: threading.Event | None = None) -> None:
        """Fetch the whole register again, in the background; the filter and the selection are kept.

        The rows are ordered and filtered there too, for the filter and order shown now, so
        the window only swaps them in (50,000 rows: a third of a second it no longer waits).
        ``after``: the read waits for it (at most :data:`READ_AFTER_WAIT_S`) before it starts.
        """
        model = self.page.model
        wanted, order = model.filter, model.sort_spec

        def read(desk: Desk) -> PreparedRows:
            if after is not None:
                after.wait(READ_AFTER_WAIT_S)
            return prepare_rows(desk_holders.snapshot(desk), wanted, order)

        self.ops.query(
            read,
            key="register",
            owner=self,
            success=self._show_snapshot,
            failure=lambda _error: self._arrived("register"),  # logged by the door
            bulk=True,
        )

    def _arrived(self, what: str) -> None:
        """Start's first due list or register came (or failed): :attr:`started` once both have."""
        if what in self._waiting_for:
            self._waiting_for.discard(what)
            if not self._waiting_for:
                self.started.emit()

    def _show_snapshot(self, prepared: PreparedRows) -> None:
        snapshot = prepared.snapshot
        self._rows_shown = True
        self.read_only_units = snapshot.read_only or {}
        self._show_units(snapshot.units or [])
        self.page.model.load(snapshot, prepared)
        self.page.update_count()
        self.page.show_welcome(not snapshot.rows)
        self._update_actions()
        self._make_search_keys()
        self._arrived("register")  # last: what waits for it runs once the rows are in

    def _make_search_keys(self) -> None:
        """The register's search keys, made on the bulk reader once the page is in view with
        its rows, so neither its first paint nor the first search makes them on the UI thread
        (50,000 holders: 0.5 s). Not before: their pinyin readings load a dictionary that
        costs 50 MiB and holds the interpreter ~0.1 s, which a start on 待办 does without —
        and not before the page's table has painted, which that would hold up."""
        if not self.page.isVisible() or not self.page.model.total_count or self._keys_asked:
            return
        self._keys_asked = True
        after_next_paint(self.page.view.viewport(), self._search_keys_after_paint)

    def _search_keys_after_paint(self) -> None:
        self._keys_asked = False
        model = self.page.model
        if not self.page.isVisible() or not model.total_count:
            return
        work = model.search_keys_work()
        if work is not None:
            self.ops.query(
                lambda _desk: work(),
                key="search-keys",
                owner=self,
                success=model.take_search_keys,
                bulk=True,
            )

    def _show_units(self, units: list[tuple[int, str]]) -> None:
        self.units = units
        self.page.set_units(units)
        self.page.welcome.set_state(unit_name=units[0][1] if units else None)
        self._rebuild_unit_menu(units)
        self._update_actions()

    def _show_rows(self, holder_ids: frozenset[int], snapshot: RegisterSnapshot) -> None:
        if snapshot.today != self.page.model.today:
            self.reload()
            return
        self.page.model.update_rows(holder_ids, snapshot)
        self.page.update_count()
        self.page.show_welcome(self.page.model.total_count == 0)
        self._update_actions()
