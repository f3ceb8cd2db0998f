"""The app's settings: one typed front over QSettings (INI format, user scope).

The INI file lives in the data folder (``WRCDesk.ini`` under it), so a
different ``--data-dir`` — and every test — gets its own settings. Values
that travel with the register itself (the default unit, warning lead times)
are kept in the database instead.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from .. import paths

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

    @property
    def case_root(self) -> Path:
        text = str(self._store.value("cases/root", "") or "")
        return Path(text) if text else paths.cases_dir()

    @case_root.setter
    def case_root(self, folder: Path) -> None:
        self._store.setValue("cases/root", str(folder))

    # -- backups
    @property
    def backups_keep(self) -> int:
        return max(1, self._int("backups/keep", 30))

    @backups_keep.setter
    def backups_keep(self, count: int) -> None:
        self._store.setValue("backups/keep", max(1, int(count)))

    # -- fonts for the PDF forms
    @property
    def use_system_fonts(self) -> bool:
        """Prefer Windows' 仿宋/宋体 when installed."""
        return self._bool("fonts/use_system_fonts", True)

    @use_system_fonts.setter
    def use_system_fonts(self, value: bool) -> None:
        self._store.setValue("fonts/use_system_fonts", bool(value))

    @property
    def extra_fonts(self) -> list[Path]:
        value = self._store.value("fonts/extra", []) or []
        if isinstance(value, str):
            value = [value]
        return [Path(v) for v in value if v]

    @extra_fonts.setter
    def extra_fonts(self, fonts: list[Path]) -> None:
        self._store.setValue("fonts/extra", [str(f) for f in fonts])

    # -- window
    def window_state(self, name: str) -> tuple[QByteArray | None, QByteArray | None]:
        geometry = self._store.value(f"windows/{name}/geometry")
        state = self._store.value(f"windows/{name}/state")
        return (geometry if isinstance(geometry, QByteArray) else None,
                state if isinstance(state, QByteArray) else None)

    def save_window_state(self, name: str, geometry: QByteArray, state: QByteArray | None = None) -> None:
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
