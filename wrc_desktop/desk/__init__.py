"""The application core: one :class:`Desk` per open register, asked by every screen and command.

``gui/`` and ``cli/`` are thin layers over it; ``store/``, ``documents/`` and
``reports/`` are the infrastructure under it; ``rules/`` is the pure logic at the bottom.
The types the screens need from that infrastructure are exported here, so they never
import it themselves.
"""

from ..store.backup import BackupInfo
from ..store.db import DatabaseUnavailable
from ..store.records import NotFound
from ..store.versions import StaleRecord
from ..store.warnings_state import MAX_LEAD_DAYS
from .changes import Changes
from .core import Desk
from .preferences import Preferences

__all__ = [
    "MAX_LEAD_DAYS",
    "BackupInfo",
    "Changes",
    "DatabaseUnavailable",
    "Desk",
    "NotFound",
    "Preferences",
    "StaleRecord",
]
