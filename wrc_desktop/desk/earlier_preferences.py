"""Preferences an earlier version kept in the window's INI file, moved once into ``settings.toml``.

The window reads the old keys (it owns that file) and hands their values here: the desk
writes them, through the same save as every other change, unless the clerk already has a
``settings.toml`` (which then wins).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import preferences as prefs_file
from .preferences import Preferences


@dataclass(frozen=True)
class EarlierPreferences:
    """What the old INI file said; None where it said nothing."""

    case_root: Path | None = None
    backups_kept: int | None = None
    use_system_fonts: bool | None = None
    extra_fonts: tuple[Path, ...] = ()


def move_in(data_dir: Path, earlier: EarlierPreferences) -> bool:
    """Save ``earlier`` as the preferences of ``data_dir``; False when there were some already."""
    if (Path(data_dir) / prefs_file.FILENAME).exists():
        return False
    values: dict[str, object] = {"extra_fonts": earlier.extra_fonts}
    if earlier.case_root is not None:
        values["case_root"] = earlier.case_root
    if earlier.backups_kept is not None:
        values["backups_kept"] = max(1, earlier.backups_kept)
    if earlier.use_system_fonts is not None:
        values["use_system_fonts"] = earlier.use_system_fonts
    prefs_file.save(data_dir, Preferences().with_changes(**values))
    return True
