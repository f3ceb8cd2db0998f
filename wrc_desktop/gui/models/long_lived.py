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

While the window starts, the collector is held off altogether (:func:`hold_collections`
from ``main``, :func:`release_collections` once the first list and register are shown):
traced at 50,000 holders, a full pass started by the 待办 computation on its worker held
the interpreter lock for 80 ms in one piece (115 ms with the younger passes before it), and
the window could not run a line meanwhile. Start makes almost no cyclic garbage; what it
made is frozen with the rest when the collector resumes.

It resumes on the UI thread only (:mod:`..doors.ui_collections`): automatic collection stays
off, and a UI-thread timer collects when Python's thresholds say so, so that no worker thread
ever finalises a widget.
"""

from __future__ import annotations

import gc

from ..doors.ui_collections import collect_on_ui_thread

_kept: set[str] = set()
_held = False


def keep_out_of_collections(what: str) -> bool:
    """Freeze the objects alive now, the first time ``what`` arrives; True if it did."""
    if what in _kept:
        return False
    _kept.add(what)
    gc.freeze()
    return True


def hold_collections() -> bool:
    """No automatic collection until :func:`release_collections`; True if this held it
    (False when it was off already: whoever turned it off turns it on)."""
    global _held
    if _held or not gc.isenabled():
        return False
    gc.disable()
    _held = True
    return True


def release_collections() -> bool:
    """Everything alive now frozen (never walked again), then the collector back, on the UI
    thread (automatically, on any thread, only without an application); True the first time
    after :func:`hold_collections`, False when there is nothing to release."""
    global _held
    if not _held:
        return False
    _held = False
    gc.freeze()
    if not collect_on_ui_thread():
        gc.enable()
    return True
