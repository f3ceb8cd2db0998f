"""The main window: navigation on the left, the register and the later sections on the right."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QPoint, QSize, Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QMainWindow,
    QMenu,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QToolButton,
    QWidget,
)

from ...desk import Changes, Desk
from ...desk import holders as desk_holders
from ...desk.holders import RegisterSnapshot
from ..doors.operations import RegisterOps
from ..models.register_model import PreparedRows, prepare_rows
from ..pages.due_view import DueView
from ..pages.register_page import RegisterPage
from ..settings import Settings, configure_location
from ..widgets.screen_fit import fit_to_screen

SECTIONS = ["登记册", "待办", "办理事项", "报表", "设置"]
MAIN_WINDOW_SIZE = QSize(1240, 760)  # or less: the window opens within the screen


class MainWindow(QMainWindow):
    """The window over one :class:`~wrc_desktop.desk.Desk`; every page asks the desk, through :attr:`ops`.

    ``settings`` holds what is purely visual (window geometry); what changes behaviour
    (the case-folder root, fonts, backups kept) is the desk's preferences, which the CLI
    reads too.
    """

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
        self.case_windows: dict[int, QWidget] = {}
        self.units: list[tuple[int, str]] = []
        self.read_only_units: dict[int, str] = {}  # units another clerk serves: id → why
        self.ops = RegisterOps(desk, self)
        self.due_view = DueView(self.ops)
        self.setWindowTitle(_title(SECTIONS[0]))
        fit_to_screen(self, MAIN_WINDOW_SIZE)

        self.page = RegisterPage()
        self.nav = QListWidget()
        self.nav.addItems(SECTIONS)
        self.nav.setFixedWidth(128)
        self.nav.setStyleSheet(
            "QListWidget { font-size: 15px; border: none; border-right: 1px solid #d4d4d4;"
            " background: palette(window); outline: 0; }"
            "QListWidget::item { padding: 10px 16px; }"
            "QListWidget::item:selected { background: #1f6fc5; color: white; }"
        )
        self.sections = QStackedWidget()
        # The register and the due list are needed at once; the other pages (and the
        # libraries behind them: openpyxl, reportlab, Pillow) are built when first shown.
        self._built: dict[str, QWidget] = {"登记册": self.page, "待办": self.due_view}
        for title in SECTIONS:
            self.sections.addWidget(self._built.get(title) or QWidget())
        self.nav.currentRowChanged.connect(self._show_row)
        self.nav.setCurrentRow(0)
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.nav)
        layout.addWidget(self.sections, 1)
        self.setCentralWidget(central)

        self._make_actions()
        self._make_menus()

        view = self.page.view
        view.doubleClicked.connect(lambda _index: self.edit_holder())
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        view.customContextMenuRequested.connect(self._holder_menu)
        view.selectionModel().selectionChanged.connect(self._update_actions)
        self.page.filter_changed.connect(self._update_actions)
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
        # The first paint waits for nothing but the units and a count: the register's rows and
        # their states are read in the background, like whatever fell due while the app was closed.
        units, holders = self.ops.read(desk_holders.first_look)
        self._show_units(units)
        self.page.show_welcome(holders == 0)
        # The due list is the home page and the longest read: first in the background queue,
        # ahead of the register's rows (the page not shown at start), and asked for as soon as
        # the window is built — while it is being shown and painted, not while it is built,
        # where both would take turns at the interpreter (measured: the first paint came
        # later and the list no sooner).
        self.due_view.refresh()
        self.reload()
        if holders:
            self.show_section("待办")  # the home page once there is something to watch

    def show_section(self, title: str) -> None:
        self.nav.setCurrentRow(SECTIONS.index(title))

    def _show_row(self, row: int) -> None:
        self._section(SECTIONS[row])
        self.sections.setCurrentIndex(row)
        self.setWindowTitle(_title(SECTIONS[row]))

    def _section(self, title: str) -> QWidget:
        """The page for ``title``, built on first use and put in its place in the stack."""
        page = self._built.get(title)
        if page is None:
            page = self._build_page(title)
            index = SECTIONS.index(title)
            placeholder = self.sections.widget(index)
            self.sections.insertWidget(index, page)
            self.sections.removeWidget(placeholder)
            placeholder.deleteLater()
            self._built[title] = page
        return page

    def _build_page(self, title: str) -> QWidget:
        if title == "办理事项":
            from ..pages.cases_view import CasesView

            page = CasesView(self.ops)
            page.open_case.connect(self.open_case)
        elif title == "报表":
            from ..pages.reports_view import ReportsView

            page = ReportsView(self.ops)
            page.finished.connect(lambda text: self.statusBar().showMessage(text, 10_000))
        else:
            from ..settings.page import SettingsPage

            page = SettingsPage(self.ops, self.settings, overrides=self.overrides, today=self.today)
            # Wage or calendar years move deadlines: every page recomputes under the new rules.
            page.changed.connect(lambda: self.ops.changed.emit(Changes(settings=True), page))
        return page

    def built_page(self, title: str) -> QWidget | None:
        """The page for ``title`` if it has been shown, without building it."""
        return self._built.get(title)

    @property
    def cases_view(self):
        return self._section("办理事项")

    @property
    def reports_view(self):
        return self._section("报表")

    @property
    def settings_page(self):
        return self._section("设置")

    def today(self) -> dt.date:
        return self.desk.today()

    # ------------------------------------------------------------ actions and menus

    def _action(self, text: str, slot, shortcut: str | None = None, tip: str = "") -> QAction:
        action = QAction(text, self)
        action.triggered.connect(lambda _checked=False: slot())
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.setStatusTip(tip)
        action.setToolTip(tip or text)
        return action

    def _make_actions(self) -> None:
        self.act_add_holder = self._action(
            "新增持证人…", self.add_holder, "Ctrl+N", "录入一名持证人及其工作居住证"
        )
        self.act_edit_holder = self._action(
            "编辑…", self.edit_holder, "Ctrl+E", "修改所选持证人的信息、证件与随往人员"
        )
        self.act_archive = self._action(
            "离职归档…", self.archive_holder, None, "标记为已离职，记录与历史保留"
        )
        self.act_restore = self._action(
            "恢复在职", self.restore_holder, None, "将已离职的持证人恢复为在职"
        )
        self.act_generate_forms = self._action(
            "生成表格…",
            self.generate_forms,
            None,
            "为所选持证人生成授权委托书、诚信声明、房屋借住声明等表格",
        )
        self.act_new_case = self._action(
            "新建办理事项…",
            self.new_case,
            None,
            "为所选持证人新建续签、变更等办理事项，生成材料清单",
        )
        self.act_backups = self._action(
            "备份与恢复…", self.open_backups, None, "查看备份、立即备份或恢复到某个备份"
        )
        self.act_new_unit = self._action("新增单位…", self.new_unit, None, "登记册可包含多个单位")
        self.act_load_demo = self._action(
            "载入演示登记册…", self.load_demo, None, "在空登记册中载入示例数据"
        )
        self.act_quit = self._action("退出", self.close, "Ctrl+Q")
        self.act_import = self._action(
            "导入花名册…",
            self.import_roster,
            None,
            "从 Excel 花名册导入或更新持证人，导入前逐行预览",
        )
        self.act_find = self._action("查找持证人", self.focus_search, "Ctrl+F")
        self.act_help = self._action("使用指南", self.show_help, "F1", "简明使用指南（无需联网）")
        # F1 works from a case window or a dialog too, not only over the main window.
        self.act_help.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        self.addAction(self.act_find)
        # A modal dialog shadows the window's shortcuts: it gets its own F1 when it comes up.
        QApplication.instance().focusWindowChanged.connect(self._help_key_for_dialog)
        for action in (
            self.act_add_holder,
            self.act_edit_holder,
            self.act_archive,
            self.act_restore,
            self.act_generate_forms,
        ):
            self.page.add_tool_button(_tool_button(action))
        self.page.add_tool_button(None)
        self.unit_menu = QMenu("单位", self)
        self.unit_button = QPushButton("单位信息")
        self.unit_button.setMenu(self.unit_menu)
        self.page.add_tool_button(self.unit_button, hide_when_empty=False)

    def _make_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("文件")
        file_menu.addAction(self.act_import)
        file_menu.addAction(self.act_load_demo)
        file_menu.addAction(self.act_backups)
        file_menu.addSeparator()
        file_menu.addAction(self.act_quit)
        bar.addMenu(self.unit_menu)
        holder_menu = bar.addMenu("持证人")
        for action in (
            self.act_add_holder,
            self.act_edit_holder,
            self.act_archive,
            self.act_restore,
        ):
            holder_menu.addAction(action)
        holder_menu.addSeparator()
        holder_menu.addAction(self.act_new_case)
        holder_menu.addAction(self.act_generate_forms)
        help_menu = bar.addMenu("帮助")
        help_menu.addAction(self.act_help)
        help_menu.addAction(
            self._action("关于…", self.show_about, None, "版本、数据文件夹和登记册文件的位置")
        )

    def _rebuild_unit_menu(self, units: list[tuple[int, str]]) -> None:
        self.unit_menu.clear()
        for unit_id, name in units:
            self.unit_menu.addAction(f"{name}…", lambda unit_id=unit_id: self.edit_unit(unit_id))
        if units:
            self.unit_menu.addSeparator()
        self.unit_menu.addAction(self.act_new_unit)

    def _holder_menu(self, point: QPoint) -> None:
        if self.page.selected_holder_id() is None:
            return
        menu = QMenu(self)
        for action in (self.act_edit_holder, self.act_archive, self.act_restore):
            if action.isEnabled():
                menu.addAction(action)
        menu.addSeparator()
        menu.addAction(self.act_new_case)
        menu.addAction(self.act_generate_forms)
        menu.popup(self.page.view.viewport().mapToGlobal(point))

    def _update_actions(self) -> None:
        holder_id = self.page.selected_holder_id()
        row = self.page.model.holder(holder_id) if holder_id is not None else None
        left = row is not None and row.status == "left"
        has_unit = bool(self.units)
        self.act_add_holder.setEnabled(has_unit)
        # A unit another clerk serves: its holders open read-only and are not changed from here.
        read_only = self.read_only_units.get(row.unit_id, "") if row is not None else ""
        self.act_edit_holder.setEnabled(holder_id is not None)
        self.act_archive.setEnabled(holder_id is not None and not left and not read_only)
        self.act_restore.setEnabled(holder_id is not None and left and not read_only)
        self.act_generate_forms.setEnabled(holder_id is not None)
        self.act_new_case.setEnabled(holder_id is not None and not left and not read_only)
        for action in (self.act_archive, self.act_restore, self.act_new_case):
            action.setToolTip(read_only or action.statusTip() or action.text())
        self.act_edit_holder.setToolTip(
            f"{read_only}（打开后只能查看）" if read_only else self.act_edit_holder.statusTip()
        )
        self.act_load_demo.setEnabled(not has_unit)

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

    def reload(self) -> None:
        """Fetch the whole register again, in the background; the filter and the selection are kept.

        The rows are ordered and filtered there too, for the filter and order shown now, so
        the window only swaps them in (50,000 rows: a third of a second it no longer waits).
        """
        model = self.page.model
        wanted, order = model.filter, model.sort_spec

        def read(desk: Desk) -> PreparedRows:
            return prepare_rows(desk_holders.snapshot(desk), wanted, order)

        self.ops.query(read, key="register", owner=self, success=self._show_snapshot, bulk=True)

    def _show_snapshot(self, prepared: PreparedRows) -> None:
        snapshot = prepared.snapshot
        self.read_only_units = snapshot.read_only or {}
        self._show_units(snapshot.units or [])
        self.page.model.load(snapshot, prepared)
        self.page.update_count()
        self.page.show_welcome(not snapshot.rows)
        self._update_actions()

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

    # ------------------------------------------------------------ commands

    # The dialogs are imported when first opened: it keeps ~25 ms off the start-up.

    def add_holder(self) -> None:
        from ..dialogs.holder_dialog import HolderDialog

        dialog = HolderDialog(self.ops, unit_id=self.page.unit_filter.currentData(), parent=self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.show_holder(dialog.holder_id)

    def edit_holder(self) -> None:
        holder_id = self.page.selected_holder_id()
        if holder_id is not None:
            from ..dialogs.holder_dialog import HolderDialog

            dialog = HolderDialog(self.ops, holder_id=holder_id, parent=self)
            if dialog.exec() == QDialog.DialogCode.Accepted:
                self.show_holder(holder_id)

    def archive_holder(self) -> None:
        holder_id = self.page.selected_holder_id()
        if holder_id is None:
            return
        from ..dialogs.archive_dialog import ArchiveDialog

        name = self.page.model.holder(holder_id).name
        ArchiveDialog(
            self.ops, holder_id=holder_id, name=name, today=self.today(), parent=self
        ).exec()

    def restore_holder(self) -> None:
        holder_id = self.page.selected_holder_id()
        if holder_id is not None:
            self.ops.write(
                lambda desk: desk_holders.restore_holder(desk, holder_id),
                parent=self,
                busy=self.act_restore,
            )

    def generate_forms(self) -> None:
        """The form generator (授权委托书、诚信声明…) for the selected holder."""
        holder_id = self.page.selected_holder_id()
        if holder_id is None:
            return
        from ..dialogs.forms_dialog import FormsDialog

        FormsDialog(self, self.ops, [holder_id], default_folder=self.desk.case_root).exec()

    def new_case(self, holder_id: int | None = None, task=None) -> None:
        """新建办理事项 for the selected holder (or the one given; ``task``: the due list's row
        whose application it starts), then open it."""
        holder_id = holder_id if holder_id is not None else self.page.selected_holder_id()
        self.show_section("办理事项")
        self.cases_view.new_case(holder_id, task)

    def open_case(self, case_id: int) -> None:
        """Each case in a window of its own; opening it again brings that window to the front."""
        window = self.case_windows.get(case_id)
        if window is None:
            from ..case.case_window import CaseWindow

            window = CaseWindow(self.ops, case_id, parent=self)
            window.setWindowFlag(Qt.WindowType.Window)
            window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            window.destroyed.connect(
                lambda _obj=None, case_id=case_id: self.case_windows.pop(case_id, None)
            )
            QShortcut(QKeySequence(Qt.Key.Key_Escape), window, window.close)
            self.case_windows[case_id] = window
        window.show()
        window.raise_()
        window.activateWindow()

    def show_about(self) -> None:
        """Technical detail only where the clerk asks for it: version, data folder, register file."""
        from ... import __version__

        QMessageBox.about(
            self,
            "关于工作居住证办理助手",
            f"<b>工作居住证办理助手</b>（WRC Desk）{__version__}<br><br>"
            f"数据文件夹：{self.desk.data_dir}<br>"
            f"登记册文件：{self.desk.file or '—'}<br>"
            f"备份文件夹：{self.desk.backups_dir}<br><br>"
            "表格字体：AR PL UMing（Arphic Public License）、LXGW WenKai（SIL OFL 1.1），"
            "许可证随程序附带（resources/fonts）。",
        )

    def show_help(self) -> None:
        """The built-in guide, with this machine's data and backup folders; one window, raised again."""
        from .help_window import HelpDialog, guide_text

        text = guide_text(
            data_dir=self.desk.data_dir,
            register=self.desk.file,
            backups=self.desk.backups_dir,
            logs=self.desk.data_dir / "logs",
        )
        modal = QApplication.activeModalWidget()
        if modal is not None:  # F1 inside a dialog: a guide the clerk can scroll beside it
            dialog = HelpDialog(text, parent=modal)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        else:
            dialog = getattr(self, "help_dialog", None)
            if dialog is None:
                dialog = self.help_dialog = HelpDialog(text, parent=self)
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()

    def _help_key_for_dialog(self, _window=None) -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is not None and not dialog.property("helpKey"):
            dialog.setProperty("helpKey", True)
            QShortcut(QKeySequence(Qt.Key.Key_F1), dialog, self.show_help)

    def focus_search(self) -> None:
        """Ctrl+F: the search box of the page shown, or the register's."""
        page = self.sections.currentWidget()
        search = getattr(page, "search", None)
        if not isinstance(search, QLineEdit) or not search.isVisible():
            self.show_section("登记册")
            search = self.page.search
        search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        search.selectAll()

    def import_roster(self, path: str | None = None) -> None:
        """导入花名册: ask for the file, or take the one given (on the command line, say)."""
        reports = self.reports_view
        if path is None:
            reports.import_roster()
            return
        from ..dialogs.import_dialog import ImportDialog

        dialog = ImportDialog(self.ops, path, reports)
        dialog.imported.connect(lambda _batch: reports.reload())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.import_dialog = dialog

    def open_backups(self) -> None:
        from ..dialogs.backup_dialog import open_backup_dialog

        open_backup_dialog(self)

    def open_holder(self, holder_id: int) -> None:
        """From another page (待办): show the holder in the register and open their record."""
        self.show_section("登记册")
        self.show_holder(holder_id)
        if self.page.selected_holder_id() == holder_id:
            self.edit_holder()

    def show_holder(self, holder_id: int | None) -> None:
        """Select a holder, clearing the search if it hides them."""
        if holder_id is None or self.page.select_holder(holder_id):
            return
        self.page.search.clear()
        self.page.status_filter.setCurrentIndex(0)
        self.page.unit_filter.setCurrentIndex(0)
        self.page.apply_filter()
        self.page.select_holder(holder_id)

    def _welcome_unit(self) -> None:
        """Step ① of the welcome: create the unit, or revisit it once it exists."""
        if self.units:
            self.edit_unit(self.units[0][0])
        else:
            self.new_unit()

    def new_unit(self) -> None:
        from ..dialogs.unit_dialog import UnitDialog

        UnitDialog(self.ops, parent=self).exec()

    def edit_unit(self, unit_id: int) -> None:
        from ..dialogs.unit_dialog import UnitDialog

        UnitDialog(self.ops, unit_id=unit_id, parent=self).exec()

    def load_demo(self) -> None:
        if self.units:
            QMessageBox.information(
                self, "载入演示登记册", "登记册中已有数据。演示数据只能载入空登记册。"
            )
            return
        self.ops.write(
            desk_holders.load_demo,
            parent=self,
            busy=[self.act_load_demo, self.page.welcome.demo_button],
        )  # not twice


def _tool_button(action: QAction) -> QToolButton:
    button = QToolButton()
    button.setDefaultAction(action)
    button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    button.setMinimumSize(QSize(0, 28))
    return button


def _title(section: str) -> str:
    # Ending with the application's display name: Qt then adds nothing more to the title bar.
    return f"{section} — 工作居住证办理助手"
