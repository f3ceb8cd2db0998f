"""The clerk's name on a shared register: asked once, kept with the shared-register settings.

Every row a clerk writes carries their name (:func:`wrc_desktop.store.engines.name_clerks`).
Until they choose one it is their database role; the first time a copy opens a shared
register without a chosen name, the window asks (:mod:`wrc_desktop.gui.clerk_name`).
"""

from __future__ import annotations

from ..rules.errors import FieldError
from ..store import engines, server_settings
from .core import Desk

LONGEST = 60


def needs_name(desk: Desk) -> bool:
    """A shared register and no name chosen yet (``WRC_CLERK`` or the settings)."""
    return desk.register.shared and engines.chosen_clerk() is None


def login(desk: Desk) -> str:
    """The name the register knows this clerk by until they choose one: the database role."""
    with desk.session() as session:
        connection = session.connection()
        return str(connection.info.get("login") or engines.clerk_login(desk.register.url))


def choose_name(desk: Desk, name: str) -> str:
    """Keep ``name`` (blank: the database role) as this clerk's name, from this write on."""
    chosen = name.strip() or login(desk)
    if len(chosen) > LONGEST:
        raise FieldError("clerk", f"姓名最多 {LONGEST} 个字符", label="您的姓名")
    server_settings.save_clerk(chosen)
    desk.register.clerk = chosen
    return chosen
