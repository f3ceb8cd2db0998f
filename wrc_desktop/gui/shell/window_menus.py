"""The main window's actions, its menus and toolbar, and which actions the selection allows."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QPoint, QSize, Qt
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence, QShortcut, QWindow
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QToolButton,
    QWidget,
)

from ...desk.bulk import HANDLED, LOST, SNOOZED
from .window_commands import HolderCommandsWindow

BULK_MENU = (("知悉…", HANDLED), ("暂缓到…", SNOOZED), ("登记失效…", LOST))
BULK_TIPS = {
    HANDLED: "把所选持证人当前的待办都标记为已处理",
    SNOOZED: "把所选持证人当前的待办都暂缓到某日再提醒",
    LOST: "把所选持证人中证件已失效的，在登记册中登记为失效",
}


class MenusWindow(HolderCommandsWindow):
    """Every command as a :class:`QAction`, once, shared by the menus, the toolbar and the context menu."""

    read_only_units: dict[int, str]  # units another clerk serves: id → why
    _bulk_said = ""  # what the last bulk action (or its undo) did, for the status bar

    def _action(
        self, text: str, slot: Callable[[], object], shortcut: str | None = None, tip: str = ""
    ) -> QAction:
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
        application = QApplication.instance()
        if isinstance(application, QGuiApplication):
            application.focusWindowChanged.connect(self._help_key_for_dialog)
        for action in (
            self.act_add_holder,
            self.act_edit_holder,
            self.act_archive,
            self.act_restore,
            self.act_generate_forms,
        ):
            self.page.add_tool_button(_tool_button(action))
        self._make_bulk_actions()
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
        edit_menu = bar.addMenu("编辑")
        edit_menu.addAction(self.act_undo)
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

    def _make_bulk_actions(self) -> None:
        """The register's 批量操作 menu, and 编辑 → 撤销 (Ctrl+Z) with its link in the status bar.

        Both pages share the due list's :class:`BulkActions`: one undo, whichever page acted.
        """
        self.bulk = self.due_view.bulk
        self.act_undo = self._action("撤销", self.undo_bulk, "Ctrl+Z", "撤销最近一次批量操作")
        self.act_undo.setEnabled(False)
        self.statusBar().addWidget(self._bulk_status(), 1)
        self.bulk.busy += [self.act_undo, self.undo_link]
        self.bulk.undo_changed.connect(self._show_undo)
        self.bulk.done.connect(self._show_bulk_done)
        self.bulk_menu = QMenu("批量操作", self)
        for text, action in BULK_MENU:
            self.bulk_menu.addAction(
                self._action(text, partial(self.page_bulk, action), None, BULK_TIPS[action])
            )
        self.bulk_button = QPushButton("批量操作")
        self.bulk_button.setMenu(self.bulk_menu)
        self.bulk_button.setToolTip(
            "对所选的持证人（Ctrl/Shift+单击、Ctrl+A 多选）批量知悉、暂缓或登记失效"
        )
        self.page.add_tool_button(self.bulk_button)

    def _show_undo(self, what: str) -> None:
        self.act_undo.setEnabled(bool(what))
        self.act_undo.setText(f"撤销：{what}" if what else "撤销")
        self._say_bulk()

    def _show_bulk_done(self, message: str) -> None:
        self._bulk_said = message
        self._say_bulk()

    def _say_bulk(self) -> None:
        """What the last bulk action did, with a 撤销 link while it can still be taken back."""
        self.bulk_said.setText(self._bulk_said)
        self.bulk_said.setToolTip(self._bulk_said)
        self.undo_link.setVisible(bool(self._bulk_said) and self.bulk.last is not None)
        self.undo_link.setToolTip(f"撤销：{self.bulk.undo_text}（Ctrl+Z）")

    def _bulk_status(self) -> QWidget:
        """The status bar's sentence and its 撤销 link; a long sentence is cut (whole in its
        tooltip), never widening the window past the screen at 150 %."""
        self.bulk_said = QLabel()
        self.bulk_said.setMinimumWidth(1)  # not its text's width
        self.undo_link = QLabel("<a href='undo'>撤销</a>")
        self.undo_link.setTextFormat(Qt.TextFormat.RichText)
        self.undo_link.linkActivated.connect(lambda _link: self.undo_bulk())
        self.undo_link.hide()
        holder = QWidget()
        row = QHBoxLayout(holder)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.bulk_said)
        row.addWidget(self.undo_link)
        row.addStretch(1)
        return holder

    def _rebuild_unit_menu(self, units: list[tuple[int, str]]) -> None:
        self.unit_menu.clear()
        for unit_id, name in units:
            self.unit_menu.addAction(self._action(f"{name}…", partial(self.edit_unit, unit_id)))
        if units:
            self.unit_menu.addSeparator()
        self.unit_menu.addAction(self.act_new_unit)

    def _holder_menu(self, point: QPoint) -> None:
        if self.page.selected_count() > 1:  # several holders: what can be done to all of them
            self.bulk_menu.popup(self.page.view.viewport().mapToGlobal(point))
            return
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
        selected = self.page.selected_count()
        self.bulk_button.setEnabled(selected > 0)
        self.bulk_button.setText(f"批量操作（{selected} 人）" if selected > 1 else "批量操作")

    def _help_key_for_dialog(self, _window: QWindow | None = None) -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is not None and not dialog.property("helpKey"):
            dialog.setProperty("helpKey", True)
            QShortcut(QKeySequence(Qt.Key.Key_F1), dialog, self.show_help)


def _tool_button(action: QAction) -> QToolButton:
    button = QToolButton()
    button.setDefaultAction(action)
    button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    button.setMinimumSize(QSize(0, 28))
    return button
