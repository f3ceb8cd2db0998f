"""The shape of the code: which layers may import what, and what the wheel contains."""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "wrc_desktop"
CORE_LAYERS = ["rules", "store", "documents", "reports"]


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            prefix = "." * node.level + (node.module or "")
            names.add(prefix)
    return names


def _modules(layer: str) -> list[Path]:
    return sorted((PACKAGE / layer).rglob("*.py"))


@pytest.mark.parametrize("layer", CORE_LAYERS)
def test_core_layers_never_import_qt(layer):
    offenders = [
        f"{path.relative_to(ROOT)} imports {name}"
        for path in _modules(layer)
        for name in _imports(path)
        if name.split(".")[0] in ("PySide6", "shiboken6") or ".gui" in name or name.endswith("gui")
    ]
    assert offenders == []


def _absolute(path: Path, name: str) -> str:
    """``name`` as imported by the module at ``path``, relative imports resolved."""
    level = len(name) - len(name.lstrip("."))
    if not level:
        return name
    package = list(path.relative_to(ROOT).with_suffix("").parts[:-1])
    base = package[: len(package) - (level - 1)]
    return ".".join([*base, name[level:]] if name[level:] else base)


def test_rules_import_nothing_else_of_the_project():
    offenders = [
        f"{path.relative_to(ROOT)} imports {name}"
        for path in _modules("rules")
        for name in _imports(path)
        if _absolute(path, name).startswith("wrc_desktop")
        and not (_absolute(path, name) + ".").startswith("wrc_desktop.rules.")
    ]
    assert offenders == []


def test_every_code_package_is_listed_for_the_wheel():
    listed = set(
        tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["setuptools"][
            "packages"
        ]
    )
    on_disk = {
        ".".join(init.parent.relative_to(ROOT).parts) for init in PACKAGE.rglob("__init__.py")
    }
    assert on_disk - listed == set(), (
        "add the new package to [tool.setuptools] packages in pyproject.toml"
    )


CORE_IMPORTS_DESK_OR_UP = ("desk", "gui", "cli")


@pytest.mark.parametrize("layer", CORE_LAYERS + ["desk"])
def test_layers_below_the_ui_never_import_qt(layer):
    offenders = [
        f"{path.relative_to(ROOT)} imports {name}"
        for path in _modules(layer)
        for name in _imports(path)
        if name.split(".")[0] in ("PySide6", "shiboken6")
    ]
    assert offenders == []


@pytest.mark.parametrize("layer", CORE_LAYERS)
def test_the_infrastructure_never_reaches_up_to_the_core_or_the_ui(layer):
    """Arrows point one way: (gui, cli) → desk → (documents, reports) → store → rules."""
    offenders = [
        f"{path.relative_to(ROOT)} imports {name}"
        for path in _modules(layer)
        for name in _imports(path)
        if any(
            name in (f"..{up}", f"wrc_desktop.{up}")
            or name.startswith((f"..{up}.", f"wrc_desktop.{up}."))
            for up in CORE_IMPORTS_DESK_OR_UP
        )
    ]
    assert offenders == []


def test_the_gui_reaches_the_register_only_through_the_desk():
    """No session, no SQL, no database library in gui/: a write or a query of the desk, through RegisterOps."""
    offenders = []
    for path in _modules("gui"):
        text = path.read_text(encoding="utf-8")
        offenders += [
            f"{path.relative_to(ROOT)} imports {name}"
            for name in _imports(path)
            if name.split(".")[0] in ("sqlmodel", "sqlalchemy")
        ]
        if ".session(" in text:
            offenders.append(f"{path.relative_to(ROOT)} opens a session")
    assert offenders == []


def test_one_background_mechanism():
    """Every background job runs on a worker of gui/writer.py; no thread pool or hand-made thread elsewhere."""
    offenders = [
        f"{path.relative_to(ROOT)}"
        for path in _modules("gui")
        if path.name != "writer.py"
        and any(
            word in path.read_text(encoding="utf-8")
            for word in ("QThreadPool", "QThread(", "moveToThread", "threading.Thread(")
        )
    ]
    assert offenders == []
