"""Units limited to their clerks, on both engines: nothing limited on a file; on a server the
administrator writes every unit and names only logins (the clerks' side: tests/shared_register)."""

from __future__ import annotations

import pytest

from tests.conftest import TODAY
from tests.helpers import desk_over, holder_data, permit_data, unit_data
from wrc_desktop.desk import holders as desk_holders
from wrc_desktop.desk import units as desk_units
from wrc_desktop.rules.errors import FieldError
from wrc_desktop.store import holder_records, unit_access


def test_names_are_read_from_lines_commas_and_enumeration_marks_once_each():
    assert unit_access.parse("张三\n 李四 ，王五、张三;;") == ["张三", "李四", "王五"]
    assert unit_access.serves([], "anyone")
    assert unit_access.serves(["zhangsan"], "zhangsan")
    assert not unit_access.serves(["ZhangSan"], "zhangsan")  # logins compare as the server does
    assert not unit_access.serves(["张三"], "李四")


def test_serving_clerks_limit_nothing_on_a_file_and_nothing_for_the_administrator(
    register, database_engine
):
    desk = desk_over(register, TODAY)
    unit_id, _ = desk_units.save_unit(desk, None, unit=unit_data(), agents=[])
    if database_engine == "postgresql":  # a name that is no login of the server is refused
        with pytest.raises(FieldError, match="“另一位经办人”不是数据库登录名"):
            desk_units.change_serving(desk, unit_id, ["另一位经办人"])
        assert desk_units.serving_clerks(desk, unit_id) == []
        named = "wrc_test"  # the test server's superuser: a login that may write the register
    else:
        named = "另一位经办人"
    desk_units.change_serving(desk, unit_id, [named])
    assert desk_units.serving_clerks(desk, unit_id) == [named]
    assert desk_units.is_administrator(desk)
    assert desk_units.read_only_units(desk) == {}
    assert desk_units.limits_shown(desk) == (database_engine == "postgresql")
    desk_holders.create_holder(
        desk, unit_id=unit_id, holder=holder_data(), permit=permit_data(), family=[]
    )
    with desk._session() as session:
        assert holder_records.holder_count(session) == 1
