"""The window's own settings: purely visual state, in QSettings' INI file in the data folder.

Window geometry and whether the first-run wizard was shown live here. What changes
behaviour — the case-folder root, the fonts of the PDF forms, the backups kept — is the
desk's preferences (``settings.toml``, which the command line reads too): read with
:meth:`Desk.preferences` and changed through the write door (:mod:`.preferences`), never
written from here. Values that travel with the register itself (the default unit,
warning lead times) are in the database.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from ... import paths
from ...desk import preferences as prefs_file
from ...desk.earlier_preferences import EarlierPreferences, move_in

ORGANIZATION = "WRCDesk"
APPLICATION = "WRCDesk"


def configure_location() -> None:
    """Point user-scope INI settings at the data folder (call once, after the data folder is known)."""
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(paths.data_dir()))


class Settings:
    """Typed access; every property reads and writes through immediately."""

    def __init__(self) -> None:
        self._store = QSettings(
            QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANIZATION, APPLICATION
        )
        self._move_old_preferences()

    @property
    def file_path(self) -> Path:
        return Path(self._store.fileName())

    def sync(self) -> None:
        self._store.sync()

    # -- first run and folders
    @property
    def first_run_done(self) -> bool:
        return self._bool("app/first_run_done", False)

    @first_run_done.setter
    def first_run_done(self, value: bool) -> None:
        self._store.setValue("app/first_run_done", bool(value))

    # -- the desk's preferences, read before a desk is open (the start prepares the case folder)

    @property
    def case_root(self) -> Path:
        return prefs_file.load(paths.data_dir()).case_root or paths.cases_dir()

    def _move_old_preferences(self) -> None:
        """Earlier versions kept these in the INI file, where the CLI could not see them: the desk
        takes them once."""
        old = {key: self._store.value(key) for key in _OLD_KEYS if self._store.contains(key)}
        if not old:
            return
        fonts = old.get("fonts/extra") or []
        move_in(
            paths.data_dir(),
            EarlierPreferences(
                case_root=Path(str(old["cases/root"])) if old.get("cases/root") else None,
                backups_kept=self._int("backups/keep", prefs_file.DEFAULT_BACKUPS_KEPT)
                if "backups/keep" in old
                else None,
                use_system_fonts=self._bool("fonts/use_system_fonts", True)
                if "fonts/use_system_fonts" in old
                else None,
                extra_fonts=tuple(
                    Path(str(f)) for f in ([fonts] if isinstance(fonts, str) else fonts) if f
                ),
            ),
        )
        for key in old:
            self._store.remove(key)

    # -- window
    def window_state(self, name: str) -> tuple[QByteArray | None, QByteArray | None]:
        geometry = self._store.value(f"windows/{name}/geometry")
        state = self._store.value(f"windows/{name}/state")
        return (
            geometry if isinstance(geometry, QByteArray) else None,
            state if isinstance(state, QByteArray) else None,
        )

    def save_window_state(
        self, name: str, geometry: QByteArray, state: QByteArray | None = None
    ) -> None:
        self._store.setValue(f"windows/{name}/geometry", geometry)
        if state is not None:
            self._store.setValue(f"windows/{name}/state", state)

    # -- helpers: INI stores everything as text
    def _bool(self, key: str, default: bool) -> bool:
        value = self._store.value(key, default)
        if isinstance(value, str):
            return value.strip().lower() in ("1", "true", "yes", "on")
        return bool(value)

    def _int(self, key: str, default: int) -> int:
        value = self._store.value(key, default)
        try:
            return int(value) if isinstance(value, int | str) else default
        except ValueError:
            return default


_OLD_KEYS = ("cases/root", "backups/keep", "fonts/use_system_fonts", "fonts/extra")
