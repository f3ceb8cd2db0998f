"""帮助 → 使用指南: the short user guide bundled in ``resources/help``, readable offline."""

from __future__ import annotations

from pathlib import Path
from string import Template

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from ... import paths
from ...rules.glossary import glossary_markdown
from ..widgets.screen_fit import fit_to_screen

GUIDE = ("help", "guide.md")


def guide_text(*, data_dir: Path, register: Path | None, backups: Path, logs: Path) -> str:
    """The guide's Markdown with this machine's folders filled in (the clerk asks where data lives)
    and the glossary of states and 待办 groups, from the rules' one definition of each word."""
    template = Template(paths.resource_path(*GUIDE).read_text(encoding="utf-8"))
    return template.safe_substitute(
        data_dir=str(data_dir),
        register=str(register or "—"),
        backups=str(backups),
        logs=str(logs),
        glossary=glossary_markdown(),
    )


class HelpDialog(QDialog):
    """The guide in a text browser; modeless, so the clerk can read it beside the window."""

    def __init__(self, markdown: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("使用指南 — 工作居住证办理助手")
        self.browser = QTextBrowser()
        self.browser.setOpenExternalLinks(False)
        self.browser.setMarkdown(markdown)
        self.browser.document().setDocumentMargin(16)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addWidget(buttons)
        fit_to_screen(self, QSize(760, 640), centre=False)
