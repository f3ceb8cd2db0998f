"""The store speaks plain SQLAlchemy: only the engine modules and the file backups know SQLite.

A query that only SQLite understands would work on a clerk's own register and fail on
the office's shared one; this scan finds it before anyone ships it. Comments and
docstrings may mention SQLite (why a chunk size is what it is); code and SQL text may not.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import wrc_desktop.store as store_package

STORE = Path(store_package.__file__).parent
# The modules allowed to speak one engine's language, and why.
ENGINE_MODULES = {
    "backup.py": "copies and checks the SQLite file through sqlite3's backup API",
    "engines.py": "builds the engine: SQLite's pragmas, PostgreSQL's connection options",
    "sqlite_file.py": "the SQLite file's header and integrity check before opening it",
    "pg.py": "PostgreSQL's advisory locks, LISTEN/NOTIFY and connection errors",
    "pg_backup.py": "pg_dump / pg_restore and creating the database a restore goes into",
    "pg_office.py": "the office's roles: owner, administrator and grants a restore repeats",
}
ENGINE_MODULE_NAMES = {name.removesuffix(".py") for name in ENGINE_MODULES}
SQLITE_ONLY = re.compile(
    r"sqlite|\bpragma\b|insert\s+or\s+(replace|ignore)|julianday|\browid\b|autoincrement"
    r"|datetime\(\s*'now'|group_concat|\bglob\b",
    re.IGNORECASE,
)
POSTGRES_ONLY = re.compile(r"postgres|psycopg|\bilike\b|::\w+|pg_\w+|\bnotify\b", re.IGNORECASE)


def _docstring_nodes(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


def code_words(source: str) -> list[tuple[int, str]]:
    """Every string constant (not a docstring), name, attribute and imported module, with its line."""
    tree = ast.parse(source)
    docstrings = _docstring_nodes(tree)
    words = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            if id(node) not in docstrings:
                words.append((node.lineno, node.value))
        elif isinstance(node, ast.Name):
            words.append((node.lineno, node.id))
        elif isinstance(node, ast.Attribute):
            words.append((node.lineno, node.attr))
        elif isinstance(node, ast.Import | ast.ImportFrom):
            names = [a.name for a in node.names]
            module = getattr(node, "module", None) or ""
            words.extend((node.lineno, name) for name in [module, *names])
    # naming an engine module (to call it) is how the rest stays out of its business
    return [(line, word) for line, word in words if word not in ENGINE_MODULE_NAMES]


def engine_specific(source: str) -> list[str]:
    return [
        f"line {line}: {word!r}"
        for line, word in code_words(source)
        if SQLITE_ONLY.search(word) or POSTGRES_ONLY.search(word)
    ]


@pytest.mark.parametrize(
    "module",
    sorted(p.name for p in STORE.glob("*.py") if p.name not in ENGINE_MODULES),
)
def test_store_module_speaks_no_engine_dialect(module):
    found = engine_specific((STORE / module).read_text(encoding="utf-8"))
    assert not found, f"store/{module} is engine-specific: " + "; ".join(found)


@pytest.mark.parametrize(
    "snippet",
    [
        'session.execute(text("INSERT OR REPLACE INTO setting VALUES (1)"))',
        'session.execute(text("SELECT julianday(expiry) FROM permit"))',
        "from sqlalchemy.dialects.sqlite import insert",
        'connection.exec_driver_sql("PRAGMA foreign_keys=ON")',
        'session.execute(text("SELECT name FROM holder WHERE name ILIKE :q"))',
        'session.execute(text("SELECT pg_advisory_lock(1)"))',
    ],
)
def test_the_scan_finds_engine_specific_code(snippet):
    assert engine_specific(snippet)


def test_the_scan_ignores_comments_and_docstrings():
    source = '"""Chunks of 500: SQLite allows 999 parameters."""\nx = 1  # SQLite, PRAGMA\n'
    assert engine_specific(source) == []
