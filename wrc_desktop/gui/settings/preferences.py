"""The machine's preferences (case folder, fonts, backups kept) as the settings tabs change them.

They belong to the desk (``settings.toml`` beside the register, which the command line
reads too): a tab reads them with :meth:`Desk.preferences` and changes them through the
write door — the desk checks and writes the file atomically, and applies the fonts to the
next form. The register is untouched, so the write reports no changes and no page reloads.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from ...desk import Changes, Desk, Preferences
from ..doors.operations import RegisterOps


def change_preferences(
    ops: RegisterOps,
    tab: QWidget,
    change: Callable[[Preferences], Preferences],
    *,
    saved: Callable[[Preferences], object],
    failed: Callable[[Exception], object],
) -> None:
    """Apply ``change`` to the preferences as stored when the write runs, and save them."""

    def save(desk: Desk) -> tuple[Preferences, Changes]:
        return desk.save_preferences(change(desk.preferences())), Changes()

    ops.write(save, initiator=tab, parent=tab, success=saved, failure=failed, expected=(Exception,))
