"""The demo units look like real ones: each 统一社会信用代码 is registered in the unit's district."""

from __future__ import annotations

from sqlmodel import select
from stdnum.cn import uscc

from wrc_desktop.store.models import Unit

REGIONS = {"dongcheng": "110101", "xicheng": "110102", "shijingshan": "110107", "haidian": "110108"}


def test_each_demo_units_credit_code_carries_its_districts_region_and_a_valid_check(
    demo_register,
):
    with demo_register.session() as session:
        units = session.exec(select(Unit)).all()
    assert sorted(unit.district for unit in units) == sorted(REGIONS)
    for unit in units:
        assert uscc.is_valid(unit.uscc), unit.name
        assert unit.uscc[2:8] == REGIONS[unit.district], unit.name
