"""Where WRC Desk finds its read-only resources and keeps the clerk's data.

Resources (policies, forms, fonts, Designer files, migrations) are installed as
the packages ``wrc_desktop.resources``, ``wrc_desktop.ui`` and ``wrc_desktop.db``
(see pyproject.toml) and the PyInstaller spec copies them to the same relative
paths, so ``importlib.resources`` finds them from a checkout, a wheel and the
bundle alike. This is the one module that knows whether the app is frozen.

The data folder holds the SQLite register, backups, logs and the clerk's own
overrides. It is chosen, first match wins, by ``--data-dir`` (via
:func:`set_data_dir`), the environment variable ``WRC_DATA_DIR``, or the
platform's user data folder.
"""

from __future__ import annotations

import os
import sys
from importlib import resources
from pathlib import Path

from platformdirs import user_data_path

ENV_DATA_DIR = "WRC_DATA_DIR"
DB_FILENAME = "wrc.sqlite3"

_data_dir_override: Path | None = None


def is_frozen() -> bool:
    """True inside the PyInstaller bundle."""
    return bool(getattr(sys, "frozen", False))


def resource_path(*parts: str) -> Path:
    """A file or folder under ``resources/``, e.g. ``resource_path("policies", "haidian.toml")``."""
    return _package_dir("wrc_desktop.resources").joinpath(*parts)


def ui_path(name: str) -> Path:
    """A Qt Designer file under ``ui/``."""
    return _package_dir("wrc_desktop.ui") / name


def migrations_dir() -> Path:
    """The Alembic environment (``db/``)."""
    return _package_dir("wrc_desktop.db")


def _package_dir(package: str) -> Path:
    # All three packages are plain folders on disk in every way we ship.
    return Path(str(resources.files(package)))


def set_data_dir(path: str | os.PathLike[str] | None) -> None:
    """Override the data folder for this process (the ``--data-dir`` option)."""
    global _data_dir_override
    _data_dir_override = Path(path).expanduser().resolve() if path else None


def data_dir(create: bool = True) -> Path:
    if _data_dir_override is not None:
        folder = _data_dir_override
    elif os.environ.get(ENV_DATA_DIR):
        folder = Path(os.environ[ENV_DATA_DIR]).expanduser().resolve()
    else:
        folder = user_data_path("WRCDesk", appauthor=False, roaming=True)
    if create:
        folder.mkdir(parents=True, exist_ok=True)
    return folder


def database_path() -> Path:
    return data_dir() / DB_FILENAME


def backups_dir() -> Path:
    return _subdir("backups")


def logs_dir() -> Path:
    return _subdir("logs")


def overrides_dir() -> Path:
    """The clerk's additions to bundled data: wage years, calendar years, policy edits."""
    return _subdir("overrides")


def cases_dir() -> Path:
    """Default root of the case folders (the clerk may choose another in settings)."""
    return _subdir("cases")


def _subdir(name: str) -> Path:
    folder = data_dir() / name
    folder.mkdir(parents=True, exist_ok=True)
    return folder
