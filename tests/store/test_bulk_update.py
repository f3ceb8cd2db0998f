"""A re-import writes updates in bulk: the register, the audit trail, the versions and what
undo keeps are exactly what the repository's one-by-one path gives, and undo restores them."""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import select

from tests.conftest import TODAY
from tests.helpers import id_number
from tests.reports.builders import add_holder, add_unit, save_roster
from wrc_desktop.reports.roster_import import commit_import, plan_import, read_roster
from wrc_desktop.store import imports
from wrc_desktop.store.db import open_register
from wrc_desktop.store.imports import undo_last_import
from wrc_desktop.store.models import AuditEntry, Holder, ImportChange, Permit, PermitPeriod

HEADER = ["姓名", "身份证号码", "部门", "合同到期", "证书编号", "有效期至"]


def _id(n: int) -> str:
    return id_number(birth=f"1990010{n}", sequence=f"{n:02d}1")


def _fill(register) -> None:
    with register.session() as session:
        add_unit(session)
        add_holder(
            session,
            1,
            name="赵一",
            birth="19900101",
            sequence="011",
            expiry=dt.date(2026, 6, 1),
            department="旧部门",
        )
        add_holder(
            session,
            1,
            name="钱二",
            birth="19900102",
            sequence="021",
            expiry=dt.date(2026, 8, 1),
            department="产品部",
        )
        add_holder(
            session,
            1,
            name="孙三",
            birth="19900103",
            sequence="031",
            expiry=dt.date(2026, 9, 1),
            department="法务部",
        )
        add_holder(
            session, 1, name="李四", birth="19900104", sequence="041", department="财务部"
        )  # no permit yet


def _rows() -> list[list]:
    return [
        ["赵一", _id(1), "研发中心", "2029-01-05", "", "2027-01-05"],  # a later period
        ["钱二", _id(2), "产品部", "2030-03-01", "", ""],  # the contract only
        ["孙三", _id(3), "法务二部", "", "京工居999", "2029-09-01"],  # another certificate
        ["李四", _id(4), "财务部", "", "京工居004", "2028-04-01"],  # a first permit
    ]


def _state(register) -> dict:
    """What both paths must agree on; row ids aside (the paths may write rows in another order)."""
    with register.session() as session:
        connection = session.connection()

        def rows(table, drop=()):
            return sorted(
                (
                    tuple((k, v) for k, v in row._mapping.items() if k not in drop)
                    for row in connection.execute(select(table))
                ),
                key=repr,
            )

        certificates = dict(connection.execute(select(Permit.id, Permit.certificate_no)).all())
        periods = {
            row.id: (certificates[row.permit_id], row.start, row.expiry, row.source)
            for row in connection.execute(select(PermitPeriod.__table__))
        }
        befores = []
        for (text,) in connection.execute(
            select(ImportChange.__table__.c.before).order_by(ImportChange.__table__.c.holder_id)
        ):
            before = json.loads(text)
            if "added_period_id" in before:  # the period it added, by what it holds
                before["added_period_id"] = periods[before["added_period_id"]]
            if "added_permit_id" in before:
                before["added_permit_id"] = certificates[before["added_permit_id"]]
            befores.append(before)
        return {
            "holders": rows(Holder.__table__, ("updated_at", "created_at")),
            "permits": rows(Permit.__table__, ("id", "created_at")),
            "periods": sorted(periods.values(), key=repr),
            "audit": rows(AuditEntry.__table__, ("id", "at", "entity_id")),
            "befores": befores,
        }


def _import(register, roster) -> None:
    with register.session() as session:
        plan = plan_import(session, read_roster(roster), today=TODAY)
        assert not plan.errors and len(plan.updates) == 4
        commit_import(session, plan)


def _one_by_one(session, updates):
    return [imports._apply_update(session, update) for update in updates]


def test_bulk_updates_equal_the_repository_path_and_undo_restores_them(
    tmp_path, monkeypatch, isolated_data_dir
):
    bulk = open_register(tmp_path / "a" / "wrc.sqlite3", tmp_path / "a" / "backups")
    slow = open_register(tmp_path / "b" / "wrc.sqlite3", tmp_path / "b" / "backups")
    try:
        _fill(bulk)
        _fill(slow)
        before_import = _state(bulk)
        roster = save_roster(tmp_path / "名单.xlsx", _rows(), HEADER)
        _import(bulk, roster)
        with monkeypatch.context() as patch:
            patch.setattr(imports, "_apply_updates", _one_by_one)
            _import(slow, roster)
        state = _state(bulk)
        assert state == _state(slow)
        audit = [dict(entry) for entry in state["audit"]]
        department = next(a for a in audit if a["old_value"] == "旧部门")
        assert (department["entity"], department["action"], department["field"]) == (
            "holder",
            "update",
            "department",
        )
        assert department["new_value"] == "研发中心"
        assert any(a["action"] == "import" and a["new_value"] == "2027-01-05" for a in audit)
        holders = {dict(h)["name"]: dict(h) for h in state["holders"]}
        assert holders["赵一"]["version"] == 2 and holders["赵一"]["department"] == "研发中心"
        assert str(holders["钱二"]["contract_end"]) == "2030-03-01"
        with bulk.session() as session:
            undo_last_import(session)
        after_undo = _state(bulk)

        def without_version(rows):
            return [tuple((k, v) for k, v in row if k != "version") for row in rows]

        assert without_version(after_undo["holders"]) == without_version(before_import["holders"])
        assert without_version(after_undo["permits"]) == without_version(before_import["permits"])
        assert after_undo["periods"] == before_import["periods"]
    finally:
        bulk.close()
        slow.close()
