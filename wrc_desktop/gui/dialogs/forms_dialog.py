"""The "打印表格" dialog: choose a form, fill it for one or many holders, write PDFs off the UI thread.

The work (reading the register, laying out the PDFs) runs on the doors' long-work worker,
beside the writer (a clerk's save never waits behind a PDF), with the doors' progress
dialog and its 取消; the UI thread only collects the clerk's choices and shows the result,
with buttons to open the folder or the PDF in the system viewer.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

from PySide6.QtCore import QDate, Qt, QUrl, Signal, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from ...desk import forms as desk_forms
from ...desk.form_choices import (
    CHANGE_BOXES,
    FORM_CHANGE_BOXES,
    Cancelled,
    FormOptions,
    FormRequest,
    LoanDetails,
    all_forms,
)
from ...rules.errors import WrcError
from ...rules.form_facts import LoanOwner, owner_id_type
from ...rules.identity import validate_id_number
from ...rules.vocab import DISTRICTS
from ..doors.operations import RegisterOps
from ..doors.progress import Progress
from ..widgets.open_folder import Opener, show_folder


def _message(error: Exception) -> str:
    if isinstance(error, Cancelled | WrcError | OSError):
        return str(error)
    if isinstance(error, LookupError) and error.args:
        return str(error.args[0])
    return "生成表格时发生意外错误，详情已写入日志"


class FormsDialog(QDialog):
    """Forms for ``holder_ids`` into ``default_folder`` (or a folder the clerk picks)."""

    files_written = Signal(list)

    def __init__(
        self, parent: QWidget | None, ops: RegisterOps, holder_ids: list[int], default_folder: Path
    ) -> None:
        super().__init__(parent)
        # 打开文件夹: the system's opener unless a test gives its own; what it said when it failed.
        self.folder_opener: Opener | None = None
        self.folder_message: QMessageBox | None = None
        self.setWindowTitle("打印表格")
        self.ops = ops
        self.holder_ids = list(holder_ids)
        self.files: list[Path] = []
        self._progress: Progress | None = None  # the generation under way

        self.form = QComboBox()
        for form in all_forms():
            self.form.addItem(form.title, form.slug)
            self.form.setItemData(self.form.count() - 1, form.wording, Qt.ItemDataRole.ToolTipRole)
        self.blank = QCheckBox("空白表（供手写）")
        # A blank form for no holder is addressed to the bureau of the district chosen here
        # (as `wrc form --blank --district` does); with holders, theirs names the bureau.
        self.district = QComboBox()
        self.district.addItem("（不填写受理机关）", None)
        for code, name in DISTRICTS.items():
            self.district.addItem(name, code)
        self.date = QDateEdit(QDate.currentDate())
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy-MM-dd")
        self.agent = QComboBox()
        self.agent.addItem("（单位的第一位经办人）", None)
        self._ask_agent_names()
        self.each = QRadioButton("每人一个文件")
        self.combined = QRadioButton("合并为一个文件")
        self.each.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.each)
        group.addButton(self.combined)
        self.folder = QLineEdit(str(default_folder))
        browse = QPushButton("选择…")
        browse.clicked.connect(self._browse)

        form_layout = QFormLayout()
        form_layout.addRow("表格", self.form)
        form_layout.addRow("", self.blank)
        self._district_label = QLabel("所在区")
        form_layout.addRow(self._district_label, self.district)
        form_layout.addRow("落款日期", self.date)
        form_layout.addRow("代理人", self.agent)
        mode = QHBoxLayout()
        mode.addWidget(self.each)
        mode.addWidget(self.combined)
        form_layout.addRow(f"持证人 {len(self.holder_ids)} 名", mode)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder)
        folder_row.addWidget(browse)
        form_layout.addRow("保存到", folder_row)

        self.loan_box = self._loan_box()
        self.change_box = self._change_box()
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.generate_button = QPushButton("生成")
        self.cancel_button = QPushButton("关闭")
        self.open_folder_button = QPushButton("打开文件夹")
        self.open_pdf_button = QPushButton("打开 PDF")
        self.print_button = QPushButton("打印")
        self.print_button.setToolTip("发送到默认打印机（签字盖章用）")
        for button in (self.open_folder_button, self.open_pdf_button, self.print_button):
            button.setEnabled(False)
        self.generate_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self.cancel)
        self.open_folder_button.clicked.connect(self.open_folder)
        self.open_pdf_button.clicked.connect(self.open_pdf)
        self.print_button.clicked.connect(self.print_files)
        buttons = QHBoxLayout()
        for button in (self.open_folder_button, self.open_pdf_button, self.print_button):
            buttons.addWidget(button)
        buttons.addStretch()
        buttons.addWidget(self.generate_button)
        buttons.addWidget(self.cancel_button)

        layout = QVBoxLayout(self)
        layout.addLayout(form_layout)
        layout.addWidget(self.loan_box)
        layout.addWidget(self.change_box)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        self.form.currentIndexChanged.connect(self._update_visibility)
        self.blank.toggled.connect(self._update_visibility)
        self._update_visibility()

    # ------------------------------------------------------------ choices

    def _ask_agent_names(self) -> None:
        """The first holder's unit's agents, offered when they arrive (the default needs none)."""
        if not self.holder_ids:
            return
        holder_id = self.holder_ids[0]
        self.ops.query(
            lambda desk: desk_forms.agent_names(desk, holder_id),
            success=self._agents_arrived,
            owner=self,
        )

    def _agents_arrived(self, names: list[str]) -> None:
        for name in names:
            self.agent.addItem(name, name)

    def _loan_box(self) -> QGroupBox:
        box = QGroupBox("房屋借住信息（均须填写；要手写请勾选“空白表”）")
        self.owners = QPlainTextEdit()
        self.owners.setPlaceholderText("每行一位房主：姓名,身份证号（共有房屋写全部产权人）")
        self.owners.setMaximumHeight(70)
        self.loan_room = QLineEdit()
        self.loan_room.setPlaceholderText(
            "登记册居住地址之后的楼号、单元、房间号，如 3号楼2单元502室"
        )
        self.loan_address = QLineEdit()
        self.loan_address.setPlaceholderText("或填写完整地址（精确至门牌），代替登记册地址 + 门牌")
        self.relation = QLineEdit()
        self.since_known = QCheckBox("开始借住日期")
        self.since = QDateEdit(QDate.currentDate())
        self.since.setCalendarPopup(True)
        self.since.setDisplayFormat("yyyy-MM-dd")
        layout = QFormLayout(box)
        layout.addRow("房主", self.owners)
        layout.addRow("门牌", self.loan_room)
        layout.addRow("完整地址", self.loan_address)
        layout.addRow("与房主关系", self.relation)
        layout.addRow(self.since_known, self.since)
        return box

    def _change_box(self) -> QGroupBox:
        """The boxes of 个人/单位信息变更申请表: which are ticked depends on the form chosen."""
        box = QGroupBox("变更事项（勾选的项目在表上打“√”）")
        layout = QHBoxLayout(box)
        self.change_checks: dict[str, QCheckBox] = {}
        for code, label in CHANGE_BOXES.items():
            check = QCheckBox(label)
            self.change_checks[code] = check
            layout.addWidget(check)
        self.other_change = QLineEdit()
        self.other_change.setPlaceholderText("其他（请注明）")
        layout.addWidget(self.other_change, 1)
        return box

    def _update_visibility(self) -> None:
        slug = self.form.currentData()
        is_loan = slug == "loan"
        self.loan_box.setVisible(
            is_loan and not self.blank.isChecked() and len(self.holder_ids) == 1
        )
        codes = FORM_CHANGE_BOXES.get(slug, ())
        self.change_box.setVisible(bool(codes) and not self.blank.isChecked())
        picks_district = self.blank.isChecked() and not self.holder_ids
        self.district.setVisible(picks_district)
        self._district_label.setVisible(picks_district)
        for code, check in self.change_checks.items():
            check.setVisible(code in codes)
            if code not in codes:
                check.setChecked(False)

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "选择保存文件夹", self.folder.text())
        if folder:
            self.folder.setText(folder)

    def request(self) -> FormRequest:
        """The clerk's choices; raises :class:`WrcError` for input that cannot be used."""
        day = self.date.date().toPython()
        loan = None
        if (
            self.form.currentData() == "loan"
            and len(self.holder_ids) == 1
            and not self.blank.isChecked()
        ):
            loan = LoanDetails(
                owners=tuple(self._owners()),
                address=self.loan_address.text().strip(),
                room=self.loan_room.text().strip(),
                relation=self.relation.text().strip(),
                since=self.since.date().toPython() if self.since_known.isChecked() else None,
            )
        codes = FORM_CHANGE_BOXES.get(self.form.currentData(), ())
        changes = frozenset(code for code in codes if self.change_checks[code].isChecked())
        options = FormOptions(
            on=day if isinstance(day, dt.date) else dt.date.today(),
            blank=self.blank.isChecked(),
            agent=self.agent.currentData(),
            loan=loan,
            changes=changes,
            other_change=self.other_change.text().strip() if codes else "",
            district=self.district.currentData() if not self.holder_ids else None,
        )
        if not self.holder_ids and not options.blank:
            raise WrcError("没有选择持证人：请选择持证人，或勾选“空白表”")
        return FormRequest(
            self.form.currentData(), self.holder_ids, options, combined=self.combined.isChecked()
        )

    def _owners(self) -> list[LoanOwner]:
        owners = []
        for line in self.owners.toPlainText().splitlines():
            if not line.strip():
                continue
            name, sep, number = line.replace("，", ",").partition(",")
            if not sep or not name.strip():
                raise WrcError(f"房主“{line.strip()}”应写成“姓名,身份证号”")
            label = f"房主“{name.strip()}”的身份证号"
            owners.append(
                LoanOwner(
                    name.strip(), validate_id_number(number, owner_id_type(number), label=label)
                )
            )
        return owners

    # ------------------------------------------------------------ work

    def start(self) -> None:
        if self._progress is not None:
            return
        try:
            request = self.request()
        except WrcError as error:
            self.status.setText(str(error))
            return
        folder = Path(self.folder.text().strip()).expanduser()
        self.files = []
        self.status.setText("正在生成…")
        self.generate_button.setEnabled(False)
        self.cancel_button.setText("取消")
        progress = self._progress = Progress("正在生成表格……", max(1, len(self.holder_ids)))
        self.ops.query(
            lambda desk: desk_forms.generate_files(
                desk, request, folder, progress=progress.report, cancelled=progress.cancelled
            ),
            owner=self,
            parent=self,
            long=True,  # beside the writer: the clerk's saves never wait behind the PDFs
            progress=progress,
            success=lambda files: self._on_done([str(f) for f in files]),
            failure=lambda error: self._on_failed(_message(error)),
        )

    def cancel(self) -> None:
        if self._progress is not None:
            self._progress.cancel()
            self.status.setText("正在取消…")
        else:
            self.reject()

    def is_running(self) -> bool:
        return self._progress is not None

    @Slot(list)
    def _on_done(self, files: list[str]) -> None:
        self.files = [Path(f) for f in files]
        names = "、".join(path.name for path in self.files[:3]) + (
            "…" if len(self.files) > 3 else ""
        )
        self._finish(f"已生成 {len(self.files)} 个文件：{names}")
        self.files_written.emit(self.files)

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        self._finish(message)

    def _finish(self, message: str) -> None:
        self.status.setText(message)
        self.generate_button.setEnabled(True)
        self.cancel_button.setText("关闭")
        self.open_folder_button.setEnabled(bool(self.files))
        self.open_pdf_button.setEnabled(len(self.files) == 1)
        self.print_button.setEnabled(bool(self.files))
        self._progress = None

    def open_folder(self) -> None:
        folder = Path(self.files[0].parent if self.files else self.folder.text())
        self.folder_message = show_folder(folder, self, opener=self.folder_opener)

    def open_pdf(self) -> None:
        if self.files:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.files[0])))

    def print_files(self) -> None:
        from ..shell.printing import print_files

        try:
            self.status.setText(print_files(self.files))
        except (OSError, subprocess.SubprocessError) as error:
            self.status.setText(f"打印失败：{error}；可打开 PDF 后在阅读器中打印")

    def closeEvent(self, event) -> None:
        if (
            self._progress is not None
        ):  # the generation stops at the next form; its result is dropped
            self._progress.cancel()
        super().closeEvent(event)
