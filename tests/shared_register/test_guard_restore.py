"""A clerk's backup before an import is whole under the row-level security, and the
administrator's restore of it gives a database set up as the live one: the same owner, grants,
policies and no PUBLIC access, which both clerks use at once, as before."""

from __future__ import annotations

import pytest

from tests.shared_register.office import CLERK, OWNER
from tests.shared_register.test_guard import (
    FIRST_EXPIRY,
    SECOND_ID,
    _connect,
    _import,
    _office,
    _roster,
)
from wrc_desktop import paths
from wrc_desktop.cli import main
from wrc_desktop.desk import holders as desk_holders
from wrc_desktop.store import pg_backup
from wrc_desktop.store.unit_access import NotServing

TABLES = ("unit", "unitclerk", "holder", "permit", "permitperiod", "auditentry", "alembic_version")


def _counts(url: str) -> dict[str, int]:
    with _connect(url) as connection:
        return {
            table: connection.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
            for table in TABLES
        }


def _setup(url: str) -> dict:
    with _connect(url) as connection:
        return {
            "owners": connection.execute(
                "SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'public'"
            ).fetchall(),
            "database_owner": connection.execute(
                "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = current_database()"
            ).fetchone()[0],
            "public_may_connect": connection.execute(
                "SELECT has_database_privilege('public', current_database(), 'CONNECT')"
            ).fetchone()[0],
            "clerks_may_connect": connection.execute(
                "SELECT has_database_privilege(%s, current_database(), 'CONNECT')", (CLERK,)
            ).fetchone()[0],
            "clerks_may_update": connection.execute(
                "SELECT has_table_privilege(%s, 'public.holder', 'UPDATE')", (CLERK,)
            ).fetchone()[0],
            "forced": connection.execute(
                "SELECT count(*) FROM pg_class WHERE relforcerowsecurity"
            ).fetchone()[0],
            "policies": connection.execute("SELECT count(*) FROM pg_policies").fetchone()[0],
        }


def _edit_phone(desk, holder_id: int, phone: str) -> None:
    detail, copy = desk_holders.read_for_edit(desk, holder_id)
    permit = detail.current_permit.permit
    desk_holders.save_holder(
        desk, copy, unit_id=detail.holder.unit_id,
        holder={**detail.holder.model_dump(), "phone": phone}, family=[],
        permit={"certificate_no": permit.certificate_no, "first_issued": permit.first_issued,
                "status": permit.status},
    )  # fmt: skip


@pytest.mark.parametrize("with_pg_dump", [True, False], ids=["pg_dump", "own-export"])
def test_a_clerks_backup_before_an_import_restores_whole_and_the_office_works_on(
    with_pg_dump, office, office_desks, pg_cluster, tmp_path, monkeypatch, capsys
):
    from tests.conftest import TODAY
    from tests.helpers import desk_over
    from wrc_desktop.store.db import open_url

    if not with_pg_dump:  # no PostgreSQL client programs: the app's own export
        monkeypatch.setenv("PATH", str(tmp_path / "no-programs"))
    admin, zhang, li = office_desks
    ids = _office(admin, zhang)
    before_import = _counts(office.admin)
    roster = [["李娜", SECOND_ID, "单位乙", "13900000002", "京工居2024000456", str(FIRST_EXPIRY)]]
    _import(li, _roster(tmp_path, "li", roster))  # lisi's import: a backup of his first
    made = pg_backup.list_backups(paths.backups_dir(), office.lisi)[0]
    assert made.name.endswith("pre-import" + (".dump" if with_pg_dump else ".sqlite3"))

    restored = f"{office.database}_r"
    try:
        command = ["db", "restore", str(made), "--new-database", restored]
        assert main(["--database-url", office.admin, *command]) == 0, capsys.readouterr().err
        url = pg_cluster.url(restored, user="office_admin")
        assert _counts(url) == before_import  # whole: every row, as it was before the import
        assert _setup(url) == {**_setup(office.admin), "public_may_connect": False}
        assert _setup(url)["owners"] == [(OWNER,)]
        assert _setup(url)["clerks_may_connect"] and _setup(url)["clerks_may_update"]

        registers = [open_url(pg_cluster.url(restored, user=u)) for u in ("zhangsan", "lisi")]
        try:
            zhang_after, li_after = (desk_over(r, TODAY) for r in registers)
            _edit_phone(zhang_after, ids["h1"], "13900000011")  # each writes as before
            _edit_phone(li_after, ids["h2"], "13900000012")
            with pytest.raises(NotServing):  # and the limit holds as before
                _edit_phone(li_after, ids["h1"], "13900000013")
            assert desk_holders.holder_detail(li_after, ids["h1"]).holder.phone == "13900000011"
        finally:
            for register in registers:
                register.close()
    finally:
        pg_cluster.drop_database(restored)
