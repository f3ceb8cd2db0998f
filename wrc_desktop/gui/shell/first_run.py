"""The first-run wizard: the unit, its agents and the case folder — or the demo register.

``app.py`` calls :func:`maybe_run_first_run` once the window is shown. The wizard only
appears on a register without units whose settings do not record a finished first run;
cancelling leaves the welcome page (which offers the same steps) and it is not offered
again in this session. Each page checks its fields with the same rules the store uses
(``clean_unit``/``clean_agent``) and refuses to go on while something is wrong, showing
each message next to its field; nothing is written until 完成.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSignalBlocker, QSize
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from ...desk import Changes, Desk
from ...desk import holders as desk_holders
from ...desk import units as desk_units
from ...rules import vocab
from ...rules.errors import FieldError, ValidationErrors
from ...rules.validation import clean_agent, clean_unit
from ..doors.operations import RegisterOps
from ..settings import Settings
from ..settings.common import note
from ..widgets.field_errors import FieldErrorDisplay, error_label
from ..widgets.screen_fit import fit_to_screen
from ..widgets.shared import cell_text, fill_combo, mark_cell, prepare_table, set_cell

START, UNIT, AGENTS, FOLDER = range(4)
AGENT_FIELDS = ["name", "gender", "id_number", "department", "title", "phone"]
AGENT_HEADERS = ["姓名", "性别", "身份证号码", "部门", "职务", "联系电话"]
ASKED_PROPERTY = "wrcFirstRunAsked"


class StartPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle("欢迎使用工作居住证办理助手")
        self.setSubTitle("先做几项设置，之后可随时在“设置”中修改。")
        self.own = QRadioButton("填写本单位的信息，开始正式使用")
        self.demo = QRadioButton("先载入演示登记册看看效果（4 个示例单位、200 名虚构的持证人）")
        self.own.setChecked(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.own)
        layout.addWidget(
            note("接下来填写单位信息、经办人和办理事项文件夹。所属区决定适用的办理规则。")
        )
        layout.addSpacing(12)
        layout.addWidget(self.demo)
        layout.addWidget(
            note("演示数据只能载入空登记册；正式使用前，可另建数据文件夹或删除演示单位。")
        )
        layout.addStretch(1)

    def nextId(self) -> int:
        return FOLDER if self.demo.isChecked() else UNIT


class UnitPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle("单位信息")
        self.setSubTitle("申请单位的基本信息，将填入授权委托书、诚信声明等表格。带 * 的为必填项。")
        self.name = QLineEdit()
        self.uscc = QLineEdit()
        self.uscc.setPlaceholderText("18 位，如 91110108MA01XXXXXX")
        self.district = QComboBox()
        fill_combo(self.district, vocab.DISTRICTS, blank="（请选择）")
        self.kind = QComboBox()
        fill_combo(self.kind, vocab.UNIT_KINDS)
        self.flags = {code: QCheckBox(label) for code, label in vocab.UNIT_FLAGS.items()}
        flags = QVBoxLayout()
        for box in self.flags.values():
            flags.addWidget(box)
        self.legal_rep = QLineEdit()
        self.address = QLineEdit()
        self.phone = QLineEdit()
        form = QFormLayout(self)
        form.addRow("单位名称 *：", self.name)
        form.addRow("统一社会信用代码 *：", self.uscc)
        form.addRow("所属区 *：", self.district)
        form.addRow("单位类型：", self.kind)
        form.addRow("单位性质：", flags)  # as the unit dialog names it
        form.addRow("法定代表人：", self.legal_rep)
        form.addRow("单位地址：", self.address)
        form.addRow("联系电话：", self.phone)
        self.errors = FieldErrorDisplay(
            self,
            {
                "name": self.name,
                "uscc": self.uscc,
                "district": self.district,
                "kind": self.kind,
                "legal_rep": self.legal_rep,
                "address": self.address,
                "phone": self.phone,
            },
        )

    def values(self) -> dict[str, Any]:
        return {
            "name": self.name.text(),
            "uscc": self.uscc.text(),
            "district": self.district.currentData() or "",
            "kind": self.kind.currentData(),
            "legal_rep": self.legal_rep.text(),
            "address": self.address.text(),
            "phone": self.phone.text(),
            **{code: box.isChecked() for code, box in self.flags.items()},
        }

    def validatePage(self) -> bool:
        try:
            clean_unit(self.values())
        except ValidationErrors as error:
            self.errors.show(error.errors)
            return False
        self.errors.clear()
        return True


class AgentsPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle("经办人")
        self.setSubTitle(
            "办理业务的经办人，至少一位；授权委托书上写其中一位。性别可不填，按身份证号码自动判断。"
        )
        self.table = QTableWidget(0, len(AGENT_FIELDS))
        self.table.setHorizontalHeaderLabels(AGENT_HEADERS)
        prepare_table(self.table, [80, 50, 170, 100, 90, 120])
        add = QPushButton("添加一行")
        remove = QPushButton("删除所选行")
        add.clicked.connect(self.add_row)
        remove.clicked.connect(self._remove_row)
        buttons = QHBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(remove)
        buttons.addStretch(1)
        self.message = error_label()
        self.message.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        self.add_row()
        # Once problems are shown, they are checked again as the clerk types: a filled cell
        # loses its 不能为空 at once.
        self.table.itemChanged.connect(self._recheck)

    def _recheck(self) -> None:
        if not self.message.isHidden():
            self.validatePage()

    def add_row(self) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        for column in range(len(AGENT_FIELDS)):
            set_cell(self.table, row, column, "")

    def _remove_row(self) -> None:
        if self.table.currentRow() >= 0:
            self.table.removeRow(self.table.currentRow())

    def set_agent(self, row: int, values: dict[str, str]) -> None:
        """Fill one row (used by tests and by anyone prefilling the page)."""
        while self.table.rowCount() <= row:
            self.add_row()
        for column, field in enumerate(AGENT_FIELDS):
            set_cell(self.table, row, column, values.get(field, ""))

    def rows(self) -> list[tuple[int, dict[str, str]]]:
        """(table row, values) of each row that is not left empty."""
        result = []
        for row in range(self.table.rowCount()):
            values = {
                field: cell_text(self.table, row, column)
                for column, field in enumerate(AGENT_FIELDS)
            }
            if any(values.values()):
                result.append((row, values))
        return result

    def validatePage(self) -> bool:
        with QSignalBlocker(self.table):  # marking a cell is no edit
            return self._check_rows()

    def _check_rows(self) -> bool:
        for row in range(self.table.rowCount()):
            for column in range(len(AGENT_FIELDS)):
                mark_cell(self.table, row, column, None)
        rows = self.rows()
        lines = [] if rows else ["请至少填写一位经办人。"]
        for number, (row, values) in enumerate(rows, start=1):
            try:
                clean_agent(values)
            except ValidationErrors as error:
                for e in error.errors:
                    column = AGENT_FIELDS.index(e.field) if e.field in AGENT_FIELDS else 0
                    mark_cell(self.table, row, column, e.message)
                    lines.append(f"第 {number} 位经办人的{e.label}：{e.message}")
        self.message.setText("\n".join(lines))
        self.message.setVisible(bool(lines))
        self.table.viewport().update()
        return not lines


class FolderPage(QWizardPage):
    def __init__(self, start: Path) -> None:
        super().__init__()
        self.setTitle("办理事项文件夹")
        self.setSubTitle("每个办理事项在此文件夹下有一个子文件夹，存放生成的表格和扫描件。")
        self.folder = QLineEdit(str(start))
        choose = QPushButton("选择…")
        choose.clicked.connect(self._choose)
        row = QHBoxLayout()
        row.addWidget(self.folder, 1)
        row.addWidget(choose)
        self.message = error_label()
        self.message.hide()
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(note("可选网盘同步文件夹或共享盘，便于备份。点“完成”后保存全部设置。"))
        layout.addWidget(self.message)
        layout.addStretch(1)

    def _choose(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, "选择办理事项文件夹", self.folder.text())
        if chosen:
            self.folder.setText(chosen)

    def validatePage(self) -> bool:
        text = self.folder.text().strip()
        problem = "请选择一个文件夹。" if not text else None
        if text:
            try:
                Path(text).expanduser().mkdir(parents=True, exist_ok=True)
            except OSError as error:
                problem = f"无法使用此文件夹：{error.strerror or error}"
        self.message.setText(problem or "")
        self.message.setVisible(problem is not None)
        return problem is None


class FirstRunWizard(QWizard):
    """Writes nothing until 完成: then the unit and its agents (or the demo) in one unit of work."""

    def __init__(
        self,
        ops: RegisterOps,
        settings: Settings,
        *,
        today: Callable[[], dt.date],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ops = ops
        self.settings = settings
        self.today = today
        self.setWindowTitle("首次使用设置")
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        for button, text in (
            (QWizard.WizardButton.BackButton, "< 上一步"),
            (QWizard.WizardButton.NextButton, "下一步 >"),
            (QWizard.WizardButton.FinishButton, "完成"),
            (QWizard.WizardButton.CancelButton, "取消"),
        ):
            self.setButtonText(button, text)
        self.start_page = StartPage()
        self.unit_page = UnitPage()
        self.agents_page = AgentsPage()
        self.folder_page = FolderPage(settings.case_root)
        for page_id, page in (
            (START, self.start_page),
            (UNIT, self.unit_page),
            (AGENTS, self.agents_page),
            (FOLDER, self.folder_page),
        ):
            self.setPage(page_id, page)
        self.setStartId(START)
        fit_to_screen(self, QSize(760, 560), centre=False)

    @property
    def demo_chosen(self) -> bool:
        return self.start_page.demo.isChecked()

    def _buttons(self) -> list[QWidget]:
        return [
            self.button(b)
            for b in (
                QWizard.WizardButton.BackButton,
                QWizard.WizardButton.FinishButton,
                QWizard.WizardButton.CancelButton,
            )
        ]

    def accept(self) -> None:
        """完成: queue the write; the wizard closes when it has been committed (:meth:`_saved`)."""
        busy = self._buttons()
        case_root = Path(self.folder_page.folder.text().strip()).expanduser()
        if self.demo_chosen:
            self.ops.write(
                lambda desk: _with_case_root(desk, case_root, desk_holders.load_demo(desk)),
                parent=self,
                success=self._saved,
                busy=busy,
            )
            return
        unit = self.unit_page.values()
        agents = [values for _row, values in self.agents_page.rows()]

        def set_up(desk: Desk) -> Changes:
            _unit_id, changes = desk_units.save_unit(desk, None, unit=unit, agents=agents)
            return _with_case_root(desk, case_root, changes)

        self.ops.write(set_up, parent=self, success=self._saved, failure=self._failed, busy=busy)

    def reject(self) -> None:
        if self.button(QWizard.WizardButton.CancelButton).isEnabled():  # disabled while saving
            super().reject()

    def _saved(self, _result: object) -> None:
        self.settings.first_run_done = True
        self.settings.sync()
        super().accept()

    def _failed(self, error: Exception) -> None:
        """The store refused what the pages accepted (e.g. the USCC is already registered): go back to it."""
        errors = (
            error.errors
            if isinstance(error, ValidationErrors)
            else [FieldError("", str(error), label="")]
        )
        unplaced = self.unit_page.errors.show(errors)
        if len(unplaced) < len(errors):
            while self.currentId() != UNIT and self.currentId() != START:
                self.back()
        if unplaced:
            self.folder_page.message.setText("无法保存：" + "；".join(str(e) for e in unplaced))
            self.folder_page.message.show()


def maybe_run_first_run(window: Any, settings: Settings) -> None:
    """Run the wizard over ``window`` (a shown MainWindow) when this is a first run on an empty register."""
    if settings.first_run_done or window.property(ASKED_PROPERTY):
        return
    # A register that cannot be read: the window says so; no wizard
    window.ops.query(
        desk_units.has_units,
        success=lambda has_unit: _ask_when_empty(window, settings, has_unit),
        owner=window,
    )


def _ask_when_empty(window: Any, settings: Settings, has_unit: bool) -> None:
    if settings.first_run_done or window.property(ASKED_PROPERTY):
        return
    if has_unit:
        # A register made before this version (or restored): it was set up already.
        settings.first_run_done = True
        settings.sync()
        return
    window.setProperty(ASKED_PROPERTY, True)
    wizard = FirstRunWizard(window.ops, settings, today=window.today, parent=window)
    wizard.exec()  # the case root it saves is the desk's preference: every page reads it from there
    wizard.deleteLater()


def _with_case_root(desk: Desk, case_root: Path, changes: Changes) -> Changes:
    """The folder the clerk chose becomes the desk's case root, once the register is set up."""
    desk.save_preferences(desk.preferences().with_changes(case_root=case_root))
    return changes
