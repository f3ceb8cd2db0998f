"""The app's settings: one typed front over what the window keeps and what the app does.

Purely visual state (window geometry, whether the first-run wizard was shown) lives in
QSettings' INI file in the data folder. What changes behaviour — the case-folder root,
the fonts of the PDF forms, the backups kept — is the data folder's ``settings.toml``
(:mod:`wrc_desktop.desk.preferences`), which the command line reads too. Values that
travel with the register itself (the default unit, warning lead times) are in the database.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from ... import paths
from ...desk import preferences as prefs_file
from ...desk.preferences import Preferences

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

    # -- what changes behaviour: the data folder's settings.toml, which the CLI reads too

    def preferences(self) -> Preferences:
        return prefs_file.load(paths.data_dir())

    def _change(self, **values) -> None:
        prefs_file.save(paths.data_dir(), self.preferences().with_changes(**values))

    @property
    def case_root(self) -> Path:
        return self.preferences().case_root or paths.cases_dir()

    @case_root.setter
    def case_root(self, folder: Path) -> None:
        self._change(case_root=Path(folder))

    @property
    def backups_keep(self) -> int:
        return self.preferences().backups_kept

    @backups_keep.setter
    def backups_keep(self, count: int) -> None:
        self._change(backups_kept=max(1, int(count)))

    @property
    def use_system_fonts(self) -> bool:
        """Prefer Windows' 仿宋/宋体 when installed."""
        return self.preferences().use_system_fonts

    @use_system_fonts.setter
    def use_system_fonts(self, value: bool) -> None:
        self._change(use_system_fonts=bool(value))

    @property
    def extra_fonts(self) -> list[Path]:
        return list(self.preferences().extra_fonts)

    @extra_fonts.setter
    def extra_fonts(self, fonts: list[Path]) -> None:
        self._change(extra_fonts=tuple(Path(f) for f in fonts))

    def _move_old_preferences(self) -> None:
        """Earlier versions kept these in the INI file, where the CLI could not see them: move them once."""
        old = {key: self._store.value(key) for key in _OLD_KEYS if self._store.contains(key)}
        if not old:
            return
        if not (paths.data_dir() / prefs_file.FILENAME).exists():
            values: dict = {}
            if old.get("cases/root"):
                values["case_root"] = Path(str(old["cases/root"]))
            if "backups/keep" in old:
                values["backups_kept"] = max(
                    1, self._int("backups/keep", prefs_file.DEFAULT_BACKUPS_KEPT)
                )
            if "fonts/use_system_fonts" in old:
                values["use_system_fonts"] = self._bool("fonts/use_system_fonts", True)
            fonts = old.get("fonts/extra") or []
            values["extra_fonts"] = tuple(
                Path(f) for f in ([fonts] if isinstance(fonts, str) else fonts) if f
            )
            prefs_file.save(paths.data_dir(), Preferences().with_changes(**values))
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
        try:
            return int(self._store.value(key, default))
        except (TypeError, ValueError):
            return default


_OLD_KEYS = ("cases/root", "backups/keep", "fonts/use_system_fonts", "fonts/extra")
