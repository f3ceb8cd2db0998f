"""The shared register guards itself: on the README's office (an administrator, zhangsan who
serves 单位甲, lisi who does not), every path that would change 单位甲's rows as lisi is refused
with nothing changed — the app's own paths and raw SQL with lisi's own login — while zhangsan's
same write succeeds; a clerk cannot step out of the policies; a name is not a login."""

from __future__ import annotations

import datetime as dt

import psycopg
import pytest

from tests.conftest import TODAY
from tests.helpers import holder_data, id_number, permit_data, unit_data, uscc_code
from tests.reports.builders import save_roster
from tests.shared_register.office import OWNER, psycopg_url
from wrc_desktop.cli import main
from wrc_desktop.desk import due as desk_due
from wrc_desktop.desk import holders as desk_holders
from wrc_desktop.desk import imports as desk_imports
from wrc_desktop.desk import units as desk_units
from wrc_desktop.reports.roster_read import read_roster
from wrc_desktop.store import audit
from wrc_desktop.store.unit_access import NotAdministrator, NotServing

FIRST_ID = id_number(birth="19880808", sequence="101")  # 张伟, 单位甲
SECOND_ID = id_number(birth="19900909", sequence="202")  # 李娜, 单位乙
FIRST_EXPIRY = TODAY + dt.timedelta(days=40)  # due soon: on the due list


def _office(admin, zhang) -> dict[str, int]:
    """单位甲 served by zhangsan (the administrator names him), 单位乙 named to no one, one holder each."""
    first, _ = desk_units.save_unit(
        admin, None, unit=unit_data(name="单位甲"), agents=[], serving=["zhangsan"]
    )
    second, _ = desk_units.save_unit(
        admin, None, unit=unit_data(name="单位乙", uscc=uscc_code("91110108MA01ABCE")), agents=[]
    )
    first_holder, _ = desk_holders.create_holder(
        zhang, unit_id=first, holder=holder_data(name="张伟", id_number=FIRST_ID),
        permit=permit_data(certificate_no="京工居2024000123", expiry=FIRST_EXPIRY), family=[],
    )  # fmt: skip
    second_holder, _ = desk_holders.create_holder(
        zhang, unit_id=second, holder=holder_data(name="李娜", id_number=SECOND_ID),
        permit=permit_data(certificate_no="京工居2024000456", expiry=FIRST_EXPIRY), family=[],
    )  # fmt: skip
    return {"first": first, "second": second, "h1": first_holder, "h2": second_holder}


def _connect(url: str):
    return psycopg.connect(psycopg_url(url), autocommit=True)


def _state(url: str) -> dict:
    """Everything a refused write could have changed, read as the administrator."""
    with _connect(url) as connection:
        return {
            "holders": connection.execute(
                "SELECT id, unit_id, phone, version FROM holder ORDER BY id"
            ).fetchall(),
            "periods": connection.execute(
                "SELECT permit_id, expiry FROM permitperiod ORDER BY id"
            ).fetchall(),
            "units": connection.execute(
                "SELECT id, district, version FROM unit ORDER BY id"
            ).fetchall(),
            "clerks": connection.execute(
                "SELECT unit_id, login FROM unitclerk ORDER BY id"
            ).fetchall(),
            "audit": connection.execute("SELECT count(*) FROM auditentry").fetchone()[0],
            "marks": connection.execute("SELECT count(*) FROM warningstate").fetchone()[0],
            "imports": connection.execute("SELECT count(*) FROM importbatch").fetchone()[0],
        }


# ------------------------------------------------------------------ raw SQL with lisi's login


def test_raw_sql_with_the_non_serving_clerks_own_login_changes_nothing(office, office_desks):
    admin, zhang, _li = office_desks
    ids = _office(admin, zhang)
    before = _state(office.admin)
    with _connect(office.lisi) as li:
        assert li.execute("SELECT count(*) FROM holder").fetchone()[0] == 2  # reads are open
        hidden = [  # rows lisi may not change are not there for his UPDATE or DELETE
            ("UPDATE holder SET phone = '13900000001' WHERE id = %s", (ids["h1"],)),
            ("UPDATE unit SET district = '东城区' WHERE id = %s", (ids["first"],)),
            ("UPDATE permit SET status = 'cancelled' WHERE holder_id = %s", (ids["h1"],)),
            ("DELETE FROM holder WHERE id = %s", (ids["h1"],)),
            ("DELETE FROM unitclerk", ()),
        ]
        for statement, parameters in hidden:
            assert li.execute(statement, parameters).rowcount == 0, statement
        refused = [  # new rows the policies' checks refuse
            ("UPDATE holder SET unit_id = %s WHERE id = %s", (ids["first"], ids["h2"])),
            (
                (
                    "INSERT INTO permitperiod (permit_id, start, expiry, source, recorded_at) "
                    "SELECT id, '2027-06-01', '2031-05-31', 'manual', now() FROM permit "
                    "WHERE holder_id = %s"
                ),
                (ids["h1"],),
            ),
            ("INSERT INTO unitclerk (unit_id, login) VALUES (%s, 'lisi')", (ids["first"],)),
            (
                (
                    "INSERT INTO auditentry (at, entity, entity_id, action, field, old_value, "
                    "new_value, note, clerk) VALUES (now(), 'holder', %s, 'update', 'phone', '', '', "
                    "'', 'zhangsan')"
                ),
                (ids["h2"],),
            ),
            (
                (
                    "INSERT INTO warningstate (key, holder_id, kind, stage, level, action, note, at, "
                    "clerk) VALUES ('k', %s, 'renewal', 'due', 1, 'handled', '', now(), 'lisi')"
                ),
                (ids["h1"],),
            ),
        ]
        for statement, parameters in refused:
            with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
                li.execute(statement, parameters)
    assert _state(office.admin) == before

    with _connect(office.zhangsan) as zhangsan:  # the serving clerk's same write succeeds
        changed = zhangsan.execute(
            "UPDATE holder SET phone = '13900000001' WHERE id = %s", (ids["h1"],)
        )
        assert changed.rowcount == 1
        zhangsan.execute(
            "INSERT INTO warningstate (key, holder_id, kind, stage, level, action, note, at, "
            "clerk) VALUES ('k', %s, 'renewal', 'due', 1, 'handled', '', now(), 'zhangsan')",
            (ids["h1"],),
        )
    assert _state(office.admin)["marks"] == before["marks"] + 1


def test_a_clerk_cannot_step_out_of_the_policies(office, office_desks):
    admin, zhang, _li = office_desks
    ids = _office(admin, zhang)
    attempts = [
        f"SET ROLE {OWNER}",
        "ALTER TABLE holder NO FORCE ROW LEVEL SECURITY",
        "ALTER TABLE holder DISABLE ROW LEVEL SECURITY",
        "DROP POLICY wrc_update ON holder",
        "CREATE POLICY lisi_writes ON holder FOR UPDATE USING (true)",
        "ALTER FUNCTION wrc_is_admin() OWNER TO lisi",
        "CREATE OR REPLACE FUNCTION wrc_is_admin() RETURNS boolean LANGUAGE sql AS 'SELECT true'",
        "TRUNCATE holder CASCADE",
    ]
    with _connect(office.lisi) as li:
        for statement in attempts:
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                li.execute(statement)
        # the schema's revision is the administrator's: a clerk's DELETE finds no row
        assert li.execute("DELETE FROM alembic_version").rowcount == 0
        # a table of his own named unitclerk, first on his search path, stands in for nothing
        li.execute("CREATE TEMPORARY TABLE unitclerk (id int, unit_id int, login text)")
        li.execute("INSERT INTO pg_temp.unitclerk VALUES (1, %s, 'lisi')", (ids["first"],))
        li.execute("SET search_path = pg_temp, public")
        assert (
            li.execute(
                "UPDATE holder SET phone = '13900000001' WHERE id = %s", (ids["h1"],)
            ).rowcount
            == 0
        )
    with _connect(office.admin) as connection:
        forced = connection.execute(
            "SELECT count(*) FROM pg_class WHERE relname IN ('unit', 'holder', 'permit', "
            "'permitperiod', 'familymember', 'case', 'caseitem', 'caseattachment', "
            "'warningstate', 'auditentry', 'unitclerk', 'agent') "
            "AND relrowsecurity AND relforcerowsecurity"
        ).fetchone()[0]
        policies = connection.execute(
            "SELECT count(*) FROM pg_policies WHERE tablename = 'holder'"
        ).fetchone()[0]
        owners = connection.execute(
            "SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'public'"
        ).fetchall()
    assert forced == 12
    assert policies == 4
    assert owners == [(OWNER,)]


# ------------------------------------------------------------------ the app's own paths


def test_the_name_a_clerk_chooses_changes_nothing_about_who_acts(
    office, office_desks, monkeypatch, capsys
):
    admin, zhang, _li = office_desks
    ids = _office(admin, zhang)
    from tests.helpers import desk_over
    from wrc_desktop.store.db import open_url

    monkeypatch.setenv("WRC_CLERK", "zhangsan")  # lisi calls himself zhangsan
    register = open_url(office.lisi)
    try:
        li = desk_over(register, TODAY)
        assert register.clerk == "zhangsan"
        before = _state(office.admin)
        with pytest.raises(NotServing, match="您（lisi）不能修改"):
            desk_holders.archive_holder(li, ids["h1"], left_on=TODAY)
        item = next(i for i in desk_due.all_items(li) if i.holder_id == ids["h1"])
        with pytest.raises(NotServing):
            desk_due.mark(li, item, action="handled")
        assert _state(office.admin) == before
        theirs = next(i for i in desk_due.all_items(li) if i.holder_id == ids["h2"])
        desk_due.mark(li, theirs, action="handled")  # 单位乙: anyone; the mark records lisi
        with register.session() as session:
            assert audit.last_clerk(session, "warning", ids["h2"]) == "lisi"
    finally:
        register.close()
    assert main(["--database-url", office.lisi, "db", "status"]) == 0
    assert "经办人：lisi（显示名：zhangsan）" in capsys.readouterr().out


def _roster(tmp_path, name: str, rows: list[list]) -> str:
    header = ["姓名", "身份证号码", "单位", "联系电话", "证书编号", "有效期至"]
    return str(save_roster(tmp_path / f"{name}.xlsx", rows, header))


ROSTERS = {  # what lisi's roster would do to 单位甲
    "update": [["张伟", FIRST_ID, "单位甲", "13900000009", "京工居2024000123", str(FIRST_EXPIRY)]],
    "move-in": [
        ["李娜", SECOND_ID, "单位甲", "13800138000", "京工居2024000456", str(FIRST_EXPIRY)]
    ],
    "move-out": [
        ["张伟", FIRST_ID, "单位乙", "13800138000", "京工居2024000123", str(FIRST_EXPIRY)]
    ],
    "extension": [["张伟", FIRST_ID, "单位甲", "13800138000", "京工居2024000123", "2031-05-31"]],
}


def _import(desk, path: str):
    roster = read_roster(path)
    planned = desk_imports.plan(desk, roster, unit=None)
    assert not planned.errors, planned.errors
    return desk_imports.commit(
        desk, roster, unit=None, confirmed_rows=(), seen=desk_imports.plan_shape(planned),
        valid_only=False, accept_renames=True,
    )  # fmt: skip


@pytest.mark.parametrize("change", list(ROSTERS))
def test_an_import_touching_a_unit_the_clerk_does_not_serve_changes_nothing(
    change, office, office_desks, tmp_path, capsys
):
    admin, zhang, li = office_desks
    _office(admin, zhang)
    path = _roster(tmp_path, change, ROSTERS[change])
    before = _state(office.admin)
    with pytest.raises(NotServing, match="单位“单位甲”只由经办人 zhangsan 负责"):
        _import(li, path)  # the window's import goes through the same core
    assert main(["--database-url", office.lisi, "import", path, "--accept-renames"]) == 2
    err = capsys.readouterr().err.strip()
    assert "单位“单位甲”只由经办人 zhangsan 负责" in err and "\n" not in err
    assert _state(office.admin) == before

    _import(zhang, path)  # the serving clerk's same import is written
    after = _state(office.admin)
    assert after["imports"] == before["imports"] + 1
    assert after != before


def test_a_unit_and_its_serving_clerks_are_changed_only_by_whom_they_belong_to(
    office, office_desks, capsys
):
    admin, zhang, li = office_desks
    ids = _office(admin, zhang)
    before = _state(office.admin)

    def edit_district(desk):
        unit, _agents, seen = desk_units.unit_for_edit(desk, ids["first"])
        desk_units.save_unit(
            desk, ids["first"], unit={**unit.model_dump(), "district": "东城区"}, agents=[],
            expected_version=unit.version, seen=seen,
        )  # fmt: skip

    with pytest.raises(NotServing):
        edit_district(li)
    with pytest.raises(NotAdministrator, match="设置单位的负责经办人只能由共享登记册的管理员进行"):
        desk_units.change_serving(li, ids["first"], ["lisi"])
    with pytest.raises(NotAdministrator):  # serving it is not naming who serves it
        desk_units.change_serving(zhang, ids["first"], ["zhangsan", "lisi"])
    assert (
        main(["--database-url", office.lisi, "db", "clerks", str(ids["first"]), "--set", "lisi"])
        == 2
    )
    assert "只能由共享登记册的管理员进行" in capsys.readouterr().err
    assert _state(office.admin) == before

    edit_district(zhang)
    assert main(["--database-url", office.admin, "db", "clerks", str(ids["first"]), "--set", "zhangsan,lisi"]) == 0  # fmt: skip
    assert "zhangsan、lisi" in capsys.readouterr().out
    assert desk_units.read_only_units(li) == {}
    edit_district(li)  # named now, lisi may


def test_copy_and_restore_are_the_administrators(office, office_desks, tmp_path, capsys):
    admin, zhang, _li = office_desks
    _office(admin, zhang)
    target = tmp_path / "copy.sqlite3"
    assert main(["--database-url", office.lisi, "db", "copy", "--to", f"sqlite:///{target}"]) == 2
    assert "复制共享登记册只能由共享登记册的管理员进行" in capsys.readouterr().err
    assert main(["--database-url", office.lisi, "db", "backup"]) == 0  # any clerk backs up
    made = capsys.readouterr().out.split(" → ")[-1].strip()
    new = ["db", "restore", made, "--new-database", f"{office.database}_r"]
    assert main(["--database-url", office.lisi, *new]) == 2
    assert "恢复共享登记册只能由管理员进行" in capsys.readouterr().err
