"""Units limited to their clerks, on both engines: refused on a shared register, invisible on a file."""

from __future__ import annotations

import pytest

from tests.conftest import TODAY
from tests.helpers import desk_over, holder_data, permit_data, unit_data
from wrc_desktop.desk import holders as desk_holders
from wrc_desktop.desk import units as desk_units
from wrc_desktop.store import repo, unit_access
from wrc_desktop.store.unit_access import NotServing


def test_names_are_read_from_lines_commas_and_enumeration_marks_once_each():
    assert unit_access.parse("张三\n 李四 ，王五、张三;;") == ["张三", "李四", "王五"]
    assert unit_access.joined(["", "Zhang", "zhang ", "李四"]) == "Zhang\n李四"
    assert unit_access.serves([], "anyone")
    assert unit_access.serves(["ZhangSan"], "zhangsan")
    assert not unit_access.serves(["张三"], "李四")


def test_a_unit_served_by_someone_else_is_read_only_on_a_server_only(register, database_engine):
    desk = desk_over(register, TODAY)
    unit_id, _ = desk_units.save_unit(
        desk, None, unit=unit_data(), agents=[], serving=["另一位经办人"]
    )
    assert desk_units.serving_clerks(desk, unit_id) == ["另一位经办人"]

    def add_holder():
        return desk_holders.create_holder(
            desk, unit_id=unit_id, holder=holder_data(), permit=permit_data(), family=[]
        )

    if database_engine == "sqlite":  # one clerk on their own file: nothing is limited
        assert desk_units.read_only_units(desk) == {}
        assert not desk_units.limits_shown(desk)
        add_holder()
        with desk.session() as session:
            assert repo.holder_count(session) == 1
        return
    assert desk_units.limits_shown(desk)
    assert list(desk_units.read_only_units(desk)) == [unit_id]
    with pytest.raises(NotServing, match="单位“北京测试科技有限公司”只由经办人 另一位经办人 负责"):
        add_holder()
    with desk.session() as session:  # nothing of the unit of work was written
        assert repo.holder_count(session) == 0
