"""Python's cycle collector held back while a whole register is worked through.

Working through 50,000 holders keeps every row alive and makes a few objects per row; the
cyclic garbage collector would walk all of them again and again meanwhile, to free nothing
(rows form no cycles): a fifth of the due list's time, a sixth of the report's, 40 % of the
register's states. What little cyclic garbage the work leaves is collected once it resumes.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """The cycle collector paused for the block, and resumed as it was (also after an error).

    A caller that paused it already keeps it paused; two threads pausing at once leave it
    running once the first to have found it running is done."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
