"""The clerk's display name on a shared register: asked once, kept with the shared-register settings.

On a shared register a clerk is their login: every row they write records ``session_user``
(:func:`wrc_desktop.store.engines.name_clerks`) and the database decides what they may
write by it. The name they choose (or ``WRC_CLERK``) is only shown beside the login and
grants nothing. The first time a copy opens a shared register without a chosen name, the
window asks (:mod:`wrc_desktop.gui.dialogs.clerk_name`); on a clerk's own file the name is what
the rows carry.
"""

from __future__ import annotations

from ..rules.errors import FieldError
from ..store import engines, server_settings
from .core import Desk

LONGEST = 60


def needs_name(desk: Desk) -> bool:
    """A shared register and no name chosen yet (``WRC_CLERK`` or the settings)."""
    return desk._register.shared and engines.chosen_clerk() is None


def login(desk: Desk) -> str:
    """Who this clerk is to the register: the database login (on a file, the OS user)."""
    with desk._session() as session:
        connection = session.connection()
        return str(connection.info.get("login") or engines.clerk_login(desk._register.url))


def choose_name(desk: Desk, name: str) -> str:
    """Keep ``name`` (blank: the database role) as this clerk's display name."""
    chosen = name.strip() or login(desk)
    if len(chosen) > LONGEST:
        raise FieldError("clerk", f"姓名最多 {LONGEST} 个字符", label="您的姓名")
    server_settings.save_clerk(chosen)
    desk._register.clerk = chosen
    return chosen
