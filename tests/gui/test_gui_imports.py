"""The GUI's doors, dialogs, settings, widgets and shell talk to the desk only: none of their
modules imports the infrastructure under it (store, documents, reports) or opens a session.

The pages, the case window and the main window are held to the same once they have moved
(the whole of ``gui/`` then goes into :data:`CHECKED`).
"""

from __future__ import annotations

import ast
from pathlib import Path

import wrc_desktop

GUI = Path(wrc_desktop.__file__).parent / "gui"
CHECKED = ["doors", "dialogs", "settings", "widgets", "shell"]
NOT_YET = {GUI / "shell" / "main_window.py"}
INFRASTRUCTURE = ("store", "documents", "reports")


def _modules() -> list[Path]:
    return [
        path
        for folder in CHECKED
        for path in sorted((GUI / folder).rglob("*.py"))
        if path not in NOT_YET
    ]


def _imported(path: Path) -> list[str]:
    """Every module ``path`` imports, as the package-relative name (``store.repo``)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level == 0 and (node.module or "").startswith("wrc_desktop."):
                found.append((node.module or "").removeprefix("wrc_desktop."))
            elif node.level == 3:  # from ...x (gui/<folder>/module.py → the package)
                found.append(node.module or "")
        elif isinstance(node, ast.Import):
            found += [a.name.removeprefix("wrc_desktop.") for a in node.names]
    return found


def test_the_checked_gui_modules_import_only_the_desk_and_below_it_nothing():
    modules = _modules()
    assert len(modules) > 40  # the folders are really read
    wrong = [
        f"{path.relative_to(GUI)} imports {name}"
        for path in modules
        for name in _imported(path)
        if name.split(".")[0] in INFRASTRUCTURE
    ]
    assert wrong == []


def test_no_checked_gui_module_opens_a_session_or_reads_on_the_ui_thread():
    wrong = [
        f"{path.relative_to(GUI)}: {marker}"
        for path in _modules()
        for marker in (
            "desk._session(",
            "desk._run(",
            "register.session(",
            "ops.read(",
            "._register",
        )
        if marker in path.read_text("utf-8")
    ]
    assert wrong == []
