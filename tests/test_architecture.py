"""The shape of the code: which layers may import what, and what the wheel contains."""

from __future__ import annotations

import ast
import re
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


# ------------------------------------------------------------------ the UI talks to the desk only

INFRASTRUCTURE = ("wrc_desktop.store", "wrc_desktop.documents", "wrc_desktop.reports")
# The desk's unit of work and its register, and the store's ways of opening one: the UI asks a
# use case of the desk instead.
SESSION_ATTRIBUTES = ("_session", "session", "_run", "_register")
OPENERS = ("open_configured", "open_url")


def _imported_modules(tree: ast.AST, path: Path) -> list[tuple[int, str]]:
    """Every module ``path`` imports, absolute — at the top or inside a function, ``import x``,
    ``from x import y`` (both ``x`` and ``x.y``: ``from .. import store`` is the store), and
    ``importlib.import_module("…")`` / ``__import__("…")`` of a constant name."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = _absolute(path, "." * node.level + (node.module or ""))
            found.append((node.lineno, base))
            found += [(node.lineno, f"{base}.{alias.name}") for alias in node.names]
        elif (
            isinstance(node, ast.Call)
            and _called_name(node.func) in ("import_module", "__import__")
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            found.append((node.lineno, _absolute(path, node.args[0].value)))
    return found


def _called_name(func: ast.expr) -> str:
    if isinstance(func, ast.Attribute):
        return func.attr
    return func.id if isinstance(func, ast.Name) else ""


def _on_self(func: ast.Attribute) -> bool:
    """``self._run(…)``: a widget's own method of that name, not a desk's unit of work (a desk
    reached through the widget, ``self.desk._run(…)``, is still caught)."""
    return isinstance(func.value, ast.Name) and func.value.id == "self"


def _session_uses(tree: ast.AST) -> list[tuple[int, str]]:
    """Calls of a session (``x._session(``, ``x.session(``, ``x._run(``), any use of a desk's
    private ``_register``, the store's openers by name, and ``getattr(x, "_session")`` alike."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = _called_name(node.func)
            if isinstance(node.func, ast.Attribute) and name in SESSION_ATTRIBUTES:
                if not _on_self(node.func):
                    found.append((node.lineno, f".{name}("))
            elif name in OPENERS:
                found.append((node.lineno, f"{name}("))
            elif name == "getattr" and len(node.args) > 1:
                attribute = node.args[1]
                if isinstance(attribute, ast.Constant) and attribute.value in SESSION_ATTRIBUTES:
                    found.append((node.lineno, f'getattr(…, "{attribute.value}")'))
        elif isinstance(node, ast.Attribute) and node.attr == "_register":
            found.append((node.lineno, "._register"))
        elif isinstance(node, ast.Name) and node.id in OPENERS:
            found.append((node.lineno, node.id))
        elif isinstance(node, ast.alias) and node.name in OPENERS:
            found.append((getattr(node, "lineno", 0), f"import {node.name}"))
    return found


def _ui_offences(path: Path, source: str) -> list[str]:
    """Why the module at ``path`` (gui/ or cli/) reaches past the desk; empty when it does not."""
    tree = ast.parse(source, filename=str(path))
    where = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
    below = {  # one line per import statement, naming the first module below the desk it reaches
        line: name
        for line, name in reversed(_imported_modules(tree, path))
        if any(name == layer or name.startswith(f"{layer}.") for layer in INFRASTRUCTURE)
    }
    offences = [f"{where}:{line} imports {name}" for line, name in sorted(below.items())]
    offences += [f"{where}:{line} uses {what}" for line, what in _session_uses(tree)]
    return offences


@pytest.mark.parametrize("layer", ["cli", "gui"])
def test_the_ui_asks_the_desk_and_nothing_below_it(layer):
    """gui/ and cli/ import nothing of store/, documents/ or reports/ (the desk exports the
    types and values they need) and open no session: every use case is a desk function."""
    offenders = [
        offence
        for path in _modules(layer)
        for offence in _ui_offences(path, path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


@pytest.mark.parametrize(
    "source",
    [
        "from ..store import repo",
        "from ..store.db import Register",
        "from .. import store",
        "from ..documents.case_folder import assemble",
        "import wrc_desktop.reports.roster_import",
        "from wrc_desktop.store import imports",
        "def later():\n    from ..reports import due_list\n",
        "import importlib\nimportlib.import_module('wrc_desktop.documents')",
        "def work(desk):\n    with desk._session() as session:\n        pass\n",
        "def work(desk):\n    return desk._run(lambda s: s)\n",
        "class Page:\n    def load(self):\n        return self.desk._run(lambda s: s)\n",
        "def work(register):\n    with register.session() as session:\n        pass\n",
        "def work(desk):\n    return desk._register.location\n",
        "def work(desk):\n    return getattr(desk, '_session')()\n",
        "from ..desk.core import open_configured",
        "def start(url):\n    return open_url(url)\n",
    ],
)
def test_the_ui_check_sees_each_way_past_the_desk(source):
    """The check above fails for each way a module could reach below the desk."""
    assert _ui_offences(PACKAGE / "cli" / "example.py", source) != []


def test_the_ui_check_lets_the_desk_through():
    source = (
        "from ..desk import imports\n"
        "from ..desk.assembly import build\n"
        "from .. import paths\n"
        "from ..rules.errors import WrcError\n"
        "def work(desk):\n    return imports.last_batch(desk), desk.today()\n"
        "class Page:\n    def _run(self, work):\n        return work()\n"
        "    def load(self):\n        return self._run(lambda: None)\n"
    )
    assert _ui_offences(PACKAGE / "cli" / "example.py", source) == []


MODULE_BUDGET = 500  # lines; a module past it holds more than one purpose


def test_no_hand_written_module_is_over_the_budget():
    """The package, its tests and the bench; only the code generated from ui/*.ui is exempt."""
    generated = PACKAGE / "gui" / "designer"
    over = [
        f"{path.relative_to(ROOT)}: {count} lines"
        for folder in (PACKAGE, ROOT / "tests", ROOT / "bench")
        for path in sorted(folder.rglob("*.py"))
        if generated not in path.parents
        and (count := len(path.read_text(encoding="utf-8").splitlines())) > MODULE_BUDGET
    ]
    assert over == [], "split these by purpose"


def test_the_budget_is_what_ci_checks():
    """ruff's complexity rule at 15 with no per-file exemptions; mypy over the whole package."""
    settings = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]
    lint = settings["ruff"]["lint"]
    assert "C90" in lint["extend-select"] and lint["mccabe"]["max-complexity"] == 15
    assert "per-file-ignores" not in lint and "ignore" not in lint
    assert settings["mypy"]["files"] == ["wrc_desktop"]
    ignored = [o["module"] for o in settings["mypy"].get("overrides", []) if o.get("ignore_errors")]
    assert ignored == [["wrc_desktop.gui.designer.*"]]  # generated from ui/*.ui, never edited


def test_no_comment_is_stranded_on_a_closing_bracket():
    """The formatter moves a trailing comment onto the bracket that closes a split call, where
    it explains nothing; it belongs above the line it is about."""
    bracket_only = re.compile(r"^\s*[)\]}][)\]},]*\s+#")
    stranded = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in sorted(PACKAGE.rglob("*.py"))
        if "designer" not in path.parts
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if bracket_only.match(line)
    ]
    assert stranded == []
