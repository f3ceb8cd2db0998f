"""Which holders cannot have a task today, told before the register is read.

Most of a register's holders have nothing due on a given day: their permit expires in the
quiet stretch (:meth:`.HolderTasks.items`), their contract ends and their age limit come later
than any reminder shows, and no child accompanies them. Whether a holder is one of them depends
on a few dates of their district that :class:`.HolderTasks` works out once — the very bounds
its own per-holder tests compare with — so the read can leave such holders out instead of
making a record of each only for the rules to find nothing: :class:`TaskScreen` carries those
bounds to the store, which asks them in the query itself.

The screen only ever leaves out a holder for whom :meth:`.HolderTasks.items` gives nothing, and
computes nothing that could fail: a holder of a district the rules cannot answer for, of another
status than active, with a child, with an open case or with a retirement track the rules do not
know is always read (``tests/store/test_due_screen.py`` checks it on varied registers).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..retirement import FEMALE_TRACKS


@dataclass(frozen=True)
class DistrictScreen:
    """The dates that rule out every task of an active holder of ``district`` today."""

    district: str
    # A permit expiring from ``quiet_from`` to ``quiet_to`` has no task today, whether it is
    # extended automatically or not and whatever its unit's volume (first > last: none is quiet).
    quiet_from: dt.date
    quiet_to: dt.date
    contract_after: dt.date  # a contract ending after this day has no reminder yet
    men_born_after: dt.date  # a man born after this day has no age-limit reminder yet
    women_born_after: dt.date  # nor a woman, on any retirement track (FEMALE_TRACKS or none)


@dataclass(frozen=True)
class TaskScreen:
    """What the read of the whole register may leave out: an active holder of one of
    ``districts`` whom its dates rule out, with no accompanying child and not in ``read_anyway``
    (the holders with an open case, whose facts the case's own warnings need)."""

    districts: tuple[DistrictScreen, ...]
    read_anyway: frozenset[int]
    women_tracks: tuple[str, ...] = FEMALE_TRACKS  # a woman's recorded track the bounds cover
