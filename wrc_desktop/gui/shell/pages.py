"""The first-run welcome shown on an empty register."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

_TITLE_STYLE = "font-size: 20px; font-weight: 600;"
_MUTED_STYLE = "color: #555;"


class WelcomePanel(QWidget):
    """Shown while the register has no holders: the ways to start."""

    create_unit = Signal()
    add_holder = Signal()
    load_demo = Signal()
    import_roster = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        title = QLabel("欢迎使用工作居住证办理助手")
        title.setStyleSheet(_TITLE_STYLE)
        intro = QLabel(
            "登记册记录本单位持有北京市工作居住证的人员及其有效期，"
            "到期前提醒续签，并协助准备申报材料。按以下步骤开始："
        )
        intro.setWordWrap(True)
        intro.setStyleSheet(_MUTED_STYLE)

        self.unit_button = QPushButton("① 填写单位信息")
        self.unit_note = QLabel(
            "单位名称、统一社会信用代码、所属区和经办人。所属区决定适用的办理规则。"
        )
        self.holder_button = QPushButton("② 添加持证人")
        self.holder_note = QLabel("逐个录入持证人的证件号码、证书编号和有效期。")
        self.import_button = QPushButton("导入花名册…")
        self.import_note = QLabel(
            "已有 Excel 花名册？一次导入全部持证人，写入前逐行预览（第 ① 步须先完成）。"
        )
        self.demo_button = QPushButton("载入演示登记册")
        self.demo_note = QLabel(
            "先看看效果：载入 4 个示例单位和 200 名虚构的持证人（仅限空登记册）。"
        )
        self.unit_button.clicked.connect(self.create_unit)
        self.holder_button.clicked.connect(self.add_holder)
        self.demo_button.clicked.connect(self.load_demo)
        self.import_button.clicked.connect(self.import_roster)

        card = QFrame()
        card.setObjectName("welcomeCard")
        card.setStyleSheet(
            "#welcomeCard { background: palette(base); border: 1px solid #d0d0d0; border-radius: 6px; }"
        )
        steps = QVBoxLayout(card)
        steps.setContentsMargins(24, 20, 24, 20)
        steps.setSpacing(14)
        steps.addWidget(title)
        steps.addWidget(intro)
        for button, note in (
            (self.unit_button, self.unit_note),
            (self.holder_button, self.holder_note),
            (self.import_button, self.import_note),
            (self.demo_button, self.demo_note),
        ):
            button.setMinimumWidth(170)
            note.setWordWrap(True)
            note.setStyleSheet(_MUTED_STYLE)
            row = QHBoxLayout()
            row.addWidget(button)
            row.addSpacing(12)
            row.addWidget(note, 1)
            steps.addLayout(row)

        outer = QVBoxLayout(self)
        outer.addStretch(1)
        centre = QHBoxLayout()
        centre.addStretch(1)
        card.setMaximumWidth(680)
        centre.addWidget(card, 4)
        centre.addStretch(1)
        outer.addLayout(centre)
        outer.addStretch(2)

    def set_state(self, *, unit_name: str | None) -> None:
        """Step ① done once a unit exists; ② needs a unit; the demo needs an empty register."""
        has_unit = unit_name is not None
        self.unit_button.setText("① 单位信息 ✓" if has_unit else "① 填写单位信息")
        if has_unit:
            self.unit_note.setText(f"已创建单位：{unit_name}。可随时在“单位”菜单中修改或新增单位。")
        self.holder_button.setEnabled(has_unit)
        self.import_button.setEnabled(has_unit)
        self.holder_button.setDefault(has_unit)
        self.unit_button.setDefault(not has_unit)
        self.demo_button.setEnabled(not has_unit)
        if has_unit:
            self.demo_note.setText("演示数据只能载入空登记册（尚未创建任何单位时）。")
