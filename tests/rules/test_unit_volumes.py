"""A holder's unit volume (东城's counter days): the clerk's number wins, else the planned cases.

:meth:`UnitVolumes.for_holder` is asked for every holder of the register, so it answers the
clerk's number without looking at the planned weeks; the answer must stay the one
:func:`unit_applications` gives for the unit's setting, weeks and the holder's own week.
"""

from __future__ import annotations

from collections import Counter

import pytest

from wrc_desktop.rules.counter import UnitVolumes, unit_applications

VOLUMES = UnitVolumes(
    settings={1: 6, 2: None, 3: None, 4: 2},
    weeks={1: Counter({(2026, 49): 1}), 2: Counter({(2026, 49): 4, (2026, 50): 1})},
    holder_weeks={10: (2026, 50), 11: (2026, 49), 12: (2026, 51)},
)


@pytest.mark.parametrize(
    ("unit_id", "holder_id", "expected"),
    [
        (9, 10, None),  # a unit of a district without counter days
        (1, 10, 6),  # the clerk's number, whatever is planned
        (4, 11, 2),
        (2, 10, 1),  # the holder's own planned week
        (2, 11, 4),
        (2, 12, None),  # a week with nothing planned: not known
        (2, 99, 4),  # no week of their own: the busiest planned week
        (3, 10, None),  # nothing planned at all
    ],
)
def test_a_holders_volume_is_the_units_number_or_its_planned_cases(unit_id, holder_id, expected):
    assert VOLUMES.for_holder(unit_id, holder_id) == expected
    if unit_id in VOLUMES.settings:
        planned = VOLUMES.weeks.get(unit_id, Counter())
        week = VOLUMES.holder_weeks.get(holder_id)
        assert unit_applications(VOLUMES.settings[unit_id], planned, week) == expected


@pytest.mark.parametrize(
    ("volumes", "unknown"),
    [
        (UnitVolumes(), True),
        (UnitVolumes(settings={1: None, 2: None}), True),  # counted, nothing known yet
        (UnitVolumes(settings={1: None, 2: 3}), False),
        (UnitVolumes(settings={1: None}, weeks={1: Counter({(2026, 49): 2})}), False),
        (VOLUMES, False),
    ],
)
def test_always_unknown_only_where_every_holder_has_no_volume(volumes, unknown):
    """The due list reads no unit for the facts when :attr:`UnitVolumes.always_unknown` holds;
    it must then be None that :meth:`~UnitVolumes.for_holder` answers for anyone."""
    assert volumes.always_unknown is unknown
    answers = {volumes.for_holder(unit, holder) for unit in (1, 2, 3, 9) for holder in (10, 11)}
    assert (answers == {None}) is unknown
