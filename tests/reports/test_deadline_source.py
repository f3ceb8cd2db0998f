"""DeadlineSource keeps each permit's deadlines and state for the holders that share them:
whatever decides a date or its words must be part of what they share."""

from __future__ import annotations

import datetime as dt

from tests.helpers import source_on
from wrc_desktop.reports.rows import DeadlineSource
from wrc_desktop.rules.context import RulesContext
from wrc_desktop.rules.counter import UnitVolumes
from wrc_desktop.rules.deadlines import renewal_deadlines, uses_auto_extension
from wrc_desktop.rules.permit_state import permit_state
from wrc_desktop.rules.policy import get_policy
from wrc_desktop.store.queries import RegisterRow

TODAY = dt.date(2026, 12, 7)  # a Monday
FIRST_ISSUED = dt.date(2020, 3, 9)  # extended automatically in 东城 (003)


def _row(holder_id: int, unit_id: int) -> RegisterRow:
    fields = dict.fromkeys(RegisterRow._fields)
    fields.update(
        holder_id=holder_id,
        unit_id=unit_id,
        unit_name=f"单位{unit_id}",
        district="dongcheng",
        name=f"持证人{holder_id}",
        id_type="",
        id_number="",
        department="",
        status="active",
        certificate_no="",
        expiry=TODAY,
        first_issued=FIRST_ISSUED,
        permit_status="valid",
    )
    return RegisterRow(**fields)


def test_an_automatically_extended_permit_is_worked_out_for_its_own_units_counter_volume():
    policy = get_policy("dongcheng")
    assert uses_auto_extension(policy, FIRST_ISSUED)
    source = source_on(TODAY)
    for applications in (None, 6, None, 2):  # the first asked must not decide for the others
        got = source.renewal("dongcheng", TODAY, FIRST_ISSUED, None, applications)
        expected = renewal_deadlines(
            policy,
            TODAY,
            first_issued=FIRST_ISSUED,
            calendar=source.calendar,
            applications=applications,
        )
        assert got == expected, applications
    # The volume changes the late confirmation's counter day, so sharing the answer would be wrong.
    alone = source.renewal("dongcheng", TODAY, FIRST_ISSUED, None, None)
    assert alone != source.renewal("dongcheng", TODAY, FIRST_ISSUED, None, 6)


def test_holders_of_units_with_other_counter_volumes_each_get_their_own_state():
    # Unit 1 hands in six applications at once; unit 2's clerk has said nothing.
    source = DeadlineSource(
        RulesContext.load(today=TODAY, overrides=None, volumes=UnitVolumes(settings={1: 6}))
    )
    first, second = _row(1, 1), _row(2, 2)
    assert source.rules.volumes.for_holder(1, 1) != source.rules.volumes.for_holder(2, 2)
    for row in (second, first, second):
        applications = source.rules.volumes.for_holder(row.unit_id, row.holder_id)
        expected = permit_state(
            holder_status="active",
            permit_status="valid",
            deadlines=renewal_deadlines(
                source.policy("dongcheng"),
                TODAY,
                first_issued=FIRST_ISSUED,
                calendar=source.calendar,
                applications=applications,
            ),
            today=TODAY,
        )
        assert source.state(row) == expected, row.unit_id
