"""What the first big read of a kind makes is frozen before the collector resumes, once.

At the window's start the first due list and the first register were made with the cycle
collector paused; resumed, its passes walked all of it on the reading thread, holding the
interpreter lock (the window's longest stalls). ``collector_paused(keep=…)`` freezes what is
alive the first time a kind of work ends well, and only then.
"""

from __future__ import annotations

import gc

import pytest

from wrc_desktop.collector import collector_paused


@pytest.fixture
def unfrozen():
    gc.unfreeze()
    yield
    gc.unfreeze()


def test_the_first_work_of_a_kind_is_frozen_once_and_only_when_it_ends_well(unfrozen):
    made: list[list[int]] = []
    with pytest.raises(RuntimeError), collector_paused(keep="test: failing kind"):
        made.append([1])
        raise RuntimeError("the read failed")
    assert gc.get_freeze_count() == 0  # a failed read keeps nothing out
    assert gc.isenabled()

    with collector_paused(keep="test: a kind"):
        made.append([2])
        assert not gc.isenabled()
    assert gc.isenabled()
    assert gc.get_freeze_count() > 0
    # What the work made is out of every generation the collector walks.
    kept = made[-1]
    assert not any(obj is kept for generation in range(3) for obj in gc.get_objects(generation))
    gc.unfreeze()
    with collector_paused(keep="test: a kind"):  # the same kind again: not frozen twice
        made.append([3])
    assert gc.get_freeze_count() == 0
    with collector_paused():  # no kind: nothing frozen
        made.append([4])
    assert gc.get_freeze_count() == 0
