"""The application core: one :class:`Desk` per open register, asked by every screen and command.

``gui/`` and ``cli/`` are thin layers over it; ``store/``, ``documents/`` and
``reports/`` are the infrastructure under it; ``rules/`` is the pure logic at the bottom.
"""

from .changes import Changes
from .core import Desk
from .preferences import Preferences

__all__ = ["Changes", "Desk", "Preferences"]
