"""What the main window's actions do: the holder's dialogs and writes, units, help, import.

The dialogs are imported when first opened: it keeps ~25 ms off the start-up.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from ...desk import bulk as desk_bulk
from ...desk import holders as desk_holders
from ...rules.due import DueItem
from .window_sections import SectionsWindow

if TYPE_CHECKING:
    from ..dialogs.import_dialog import ImportDialog
    from ..widgets.bulk_actions import BulkActions
    from .help_window import HelpDialog


class HolderCommandsWindow(SectionsWindow):
    """The commands behind the menus, the toolbar and the welcome panel."""

    units: list[tuple[int, str]]
    act_restore: QAction
    act_load_demo: QAction
    help_dialog: HelpDialog | None = None
    import_dialog: ImportDialog | None = None
    bulk: BulkActions

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
        row = self.page.model.holder(holder_id) if holder_id is not None else None
        if holder_id is None or row is None:
            return
        from ..dialogs.archive_dialog import ArchiveDialog

        ArchiveDialog(
            self.ops, holder_id=holder_id, name=row.name, today=self.today(), parent=self
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

    def new_case(self, holder_id: int | None = None, task: DueItem | None = None) -> None:
        """新建办理事项 for the selected holder (or the one given; ``task``: the due list's row
        whose application it starts), then open it."""
        holder_id = holder_id if holder_id is not None else self.page.selected_holder_id()
        # The dialog opens over the page the clerk is on: 取消 leaves them on its row and
        # scroll position; only a case made takes them to 办理事项, to see it listed.
        if self.cases_view.new_case(holder_id, task) is not None:
            self.show_section("办理事项")

    def page_bulk(self, action: str) -> None:
        """知悉, 暂缓 or 登记失效 for the selected holders' tasks: which apply is read in the
        background (their tasks as the due list has them), then the clerk confirms."""
        holder_ids = self.page.selected_holder_ids()
        if not holder_ids:
            return
        self.ops.query(
            lambda desk: desk_bulk.plan_holders(desk, holder_ids, action),
            key="bulk-plan",
            owner=self,
            bulk=True,
            success=lambda plan: self.bulk.confirm(plan, self),
            failure=lambda error: QMessageBox.warning(self, "无法完成", str(error)),
        )

    def undo_bulk(self) -> None:
        """编辑 → 撤销: the last bulk action, on whichever page it was done."""
        self.bulk.undo(self)

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
            dialog = self.help_dialog or HelpDialog(text, parent=self)
            self.help_dialog = dialog
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()

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
        # Its buttons stay off while it runs: the demo is never loaded twice
        self.ops.write(
            desk_holders.load_demo,
            parent=self,
            busy=[self.act_load_demo, self.page.welcome.demo_button],
        )
