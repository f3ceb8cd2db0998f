"""Whatever a roster's cells hold, planning its import ends in rows to write or row-by-row Chinese errors."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.helpers import unit_data
from wrc_desktop.reports.roster_columns import find_header
from wrc_desktop.reports.roster_import import Roster, plan_import
from wrc_desktop.rules.errors import WrcError
from wrc_desktop.store import repo

HEADER = ("姓名", "身份证号码", "证书编号", "有效期至", "部门", "入职日期", "合同到期", "单位")
cell = st.one_of(
    st.none(),
    st.text(max_size=24),
    st.text(alphabet="0123456789Xx-/.年月日 ", max_size=20),
    st.integers(min_value=-10**12, max_value=10**18),
    st.floats(allow_nan=True, allow_infinity=True),
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2200, 12, 31)),
    st.datetimes(min_value=dt.datetime(1900, 1, 1), max_value=dt.datetime(2200, 1, 1)),
    st.booleans(),
)
rows = st.lists(st.lists(cell, min_size=0, max_size=len(HEADER) + 2).map(tuple), min_size=1, max_size=6)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows)
def test_planning_any_cells_never_raises_anything_but_the_apps_errors(register, body):
    with register.session() as session:
        if not repo.list_units(session):
            repo.create_unit(session, data=unit_data())
    columns = find_header([HEADER])
    roster = Roster(Path("花名册.xlsx"), "Sheet1", columns, [(n, r) for n, r in enumerate(body, start=2)])
    try:
        with register.session() as session:
            plan = plan_import(session, roster)
    except WrcError as error:
        assert str(error)
        return
    planned_rows = {row.row for row in plan.rows} | set(plan.rejected_rows)
    assert planned_rows <= {n for n, _ in roster.rows}
    for error in plan.errors:
        assert error.row >= 2 and error.column and error.message
