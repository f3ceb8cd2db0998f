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

_kept: set[str] = set()  # the kinds of work whose results were frozen (once a process)


@contextmanager
def collector_paused(*, keep: str | None = None) -> Iterator[None]:
    """The cycle collector paused for the block, and resumed as it was (also after an error).

    A caller that paused it already keeps it paused; two threads pausing at once leave it
    running once the first to have found it running is done.

    ``keep``: the first time work of this kind ends well in this process (at the window's
    start: the first due list, the first register), what is alive then is moved out of the
    collector's passes (:func:`gc.freeze`) before it resumes. Everything made while it was
    paused would otherwise be in its youngest generation, and the next passes — on the
    reading thread, holding the interpreter lock — walked it all: at 50,000 holders 0.1–0.16 s
    each, the window's longest stalls at start. Once per kind, as the window's own freeze
    (``gui/models/long_lived.py``): cyclic garbage frozen with it stays until exit.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
        if keep is not None and keep not in _kept:
            _kept.add(keep)
            gc.freeze()
    finally:
        if was_enabled:
            gc.enable()
