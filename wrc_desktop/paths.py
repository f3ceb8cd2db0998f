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

Personal data stays in it: :func:`prepare_data_dir` (called when the window or
a command starts) makes new files private to the user on POSIX (0600, folders
0700), sends every temporary file (openpyxl's included) to its ``tmp`` folder
and removes temporary files a killed process left behind.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from importlib import resources
from pathlib import Path

from platformdirs import user_data_path

from .rules.errors import WrcError

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


def check_data_dir() -> Path:
    """The data folder, made if missing; :class:`WrcError` naming it when it cannot be one.

    A file, a device (``/dev/null``) or a folder that cannot be made is refused here with
    one line and the fix, before the log, the register or a temporary file is opened in it.
    """
    folder = data_dir(create=False)
    if folder.exists() and not folder.is_dir():
        raise WrcError(
            f"数据文件夹 {folder} 不是文件夹（是一个文件或设备）；"
            "请用 --data-dir 或环境变量 WRC_DATA_DIR 指定一个文件夹"
        )
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise WrcError(
            f"无法创建数据文件夹 {folder}（{error.strerror or type(error).__name__}）；"
            "请用 --data-dir 指定一个可以写入的文件夹"
        ) from None
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


# ---------------------------------------------------------------- private data, temporary files

TEMP_DIRNAME = "tmp"
LEGACY_TEMP_DIRNAME = "temp"
STALE_AFTER_SECONDS = 3600  # no write takes an hour: older temporaries belong to a killed process
_PRIVATE_UMASK = 0o077


def temp_dir() -> Path:
    """Where temporary files go: inside the data folder, never the system's temp folder."""
    return _subdir(TEMP_DIRNAME)


def prepare_data_dir(case_roots: Iterable[Path] = ()) -> Callable[[], None]:
    """Make the data folder private, route temporary files into it and clean stale ones.

    On POSIX every file created from now on is 0600 and every folder 0700 (a
    process-wide umask); on Windows the data folder lies under the user's
    profile, which only that user can read. Returns a function that puts the
    umask and the temp folder back (for a caller that is not the whole process).
    ``case_roots``: case folders the clerk keeps outside the data folder.
    """
    old_umask = os.umask(_PRIVATE_UMASK) if os.name == "posix" else None
    old_tempdir = tempfile.tempdir
    folder = data_dir()
    make_private(folder)
    make_private(database_path())
    tempfile.tempdir = str(temp_dir())
    clean_stale_temp_files(case_roots=case_roots)

    def restore() -> None:
        if old_umask is not None:
            os.umask(old_umask)
        tempfile.tempdir = old_tempdir

    return restore


def make_private(path: Path) -> None:
    """0600 for a file, 0700 for a folder (POSIX only; missing paths are left alone)."""
    if os.name == "posix" and path.exists():
        path.chmod(0o700 if path.is_dir() else 0o600)


def clean_stale_temp_files(
    *, older_than: float = STALE_AFTER_SECONDS, case_roots: Iterable[Path] = ()
) -> list[Path]:
    """Remove temporaries a killed process left in the data folder; returns what was removed.

    Everything in ``tmp`` (and the ``temp`` folder of earlier versions); half-written backups (``*.partial``); case assembly's
    ``.~<case>.*.tmp`` folders and ``.~*.part`` files in the case folders; the
    overrides' ``.*.part`` files. Only those older than ``older_than`` seconds:
    another copy of the program may be writing the newer ones right now.
    """
    cutoff = time.time() - older_than
    root = data_dir()
    candidates: list[Path] = []
    case_patterns = (".~*.tmp", ".~*.part", "*/.~*.part", "*/.~*.tmp")
    for folder, patterns in (
        (root / TEMP_DIRNAME, ("*",)),
        # Where earlier versions wrote the report's row files and the reminder's task
        # definition: a killed ``report --unmask`` left full ID numbers there.
        (root / LEGACY_TEMP_DIRNAME, ("*",)),
        (root / "backups", ("*.partial",)),
        (root / "overrides", (".*.part",)),
        *(
            (Path(case_root), case_patterns)
            for case_root in {root / "cases", *map(Path, case_roots)}
        ),
    ):
        if folder.is_dir():
            for pattern in patterns:
                candidates.extend(folder.glob(pattern))
    removed = []
    for path in candidates:
        try:
            if path.lstat().st_mtime > cutoff:
                continue
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)
            else:
                path.unlink()
            removed.append(path)
        except OSError:  # in use (Windows) or already gone: next start tries again
            continue
    return removed
