"""What start builds once and keeps: taken out of the cycle collector's full passes.

The first 待办 list and the first register are the largest things start makes (50,000
holders: some million objects with the imported core and Qt). Python's collector walks
every tracked object on each full pass; once they are made, the passes triggered by the
reads that follow (on whichever thread allocates) held the interpreter lock for up to
0.3 s at 50,000 holders and so froze the window. :func:`gc.freeze` moves the objects alive
now to the permanent generation, which the collector no longer walks; reference counting
still frees them when they go (the rows and items hold no cycles). It is done once per kind
of arrival, at start: what is frozen and later becomes cyclic garbage stays until exit, so
it is not repeated on every refresh.
"""

from __future__ import annotations

import gc

_kept: set[str] = set()


def keep_out_of_collections(what: str) -> bool:
    """Freeze the objects alive now, the first time ``what`` arrives; True if it did."""
    if what in _kept:
        return False
    _kept.add(what)
    gc.freeze()
    return True
