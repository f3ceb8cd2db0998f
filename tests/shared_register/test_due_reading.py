"""The due list on a shared register is read through SQLAlchemy Core (``Desk._reading``), on
a connection set up as a session's: the clerk's own login, under the database's row security.
Every clerk reads every unit's holders (a unit limits who writes, not who reads), so each
clerk's due list is the administrator's; what the reading connection would change is refused
by the database for a unit the clerk does not serve, and nothing it did is kept."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import text

from tests.conftest import TODAY
from tests.helpers import holder_data, permit_data, unit_data
from wrc_desktop.desk import due as desk_due
from wrc_desktop.desk import holders as desk_holders
from wrc_desktop.desk import units as desk_units

PHONE = "UPDATE holder SET phone = '13900000009' WHERE id = :id"


def test_each_clerk_reads_the_due_list_as_their_own_login(office_desks):
    admin, zhang, li = office_desks
    unit_id, _ = desk_units.save_unit(
        admin, None, unit=unit_data(name="单位甲"), agents=[], serving=["zhangsan"]
    )
    holder_id, _ = desk_holders.create_holder(
        zhang, unit_id=unit_id, holder=holder_data(name="张伟"),
        permit=permit_data(expiry=TODAY + dt.timedelta(days=40)), family=[],
    )  # fmt: skip

    lists = [desk_due.due_list(desk).as_dict() for desk in (admin, zhang, li)]
    assert lists[0] == lists[1] == lists[2]
    assert any(item["holder_id"] == holder_id for item in lists[2]["items"])

    with li._reading() as connection:
        assert connection.execute(text("SELECT session_user")).scalar() == "lisi"
        assert connection.info["clerk"] == "lisi"
        # Row security holds on this connection too: 李四 does not serve 单位甲.
        assert connection.execute(text(PHONE), {"id": holder_id}).rowcount == 0
    with zhang._reading() as connection:
        assert connection.info["clerk"] == "zhangsan"
        assert connection.execute(text(PHONE), {"id": holder_id}).rowcount == 1
    # A read ends rolled back: what the reading connection changed is not kept.
    assert desk_holders.holder_detail(admin, holder_id).holder.phone == "13800138000"
