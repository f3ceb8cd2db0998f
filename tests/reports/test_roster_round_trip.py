"""Export the register to the import template, import it into an empty register: the same holders,
permits and history come back."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlmodel import select as orm_select

from tests.conftest import TODAY
from wrc_desktop.cli import main
from wrc_desktop.reports.roster_import import commit_import, plan_import, read_roster
from wrc_desktop.reports.roster_template import export_register
from wrc_desktop.store import holder_records, permit_records, unit_records
from wrc_desktop.store.db import open_register
from wrc_desktop.store.models import Holder, Permit, PermitPeriod, Unit

_SKIP = {
    "id",
    "unit_id",
    "holder_id",
    "permit_id",
    "created_at",
    "updated_at",
    "recorded_at",
    "source",
    "version",
}


def _snapshot(register) -> dict:
    """Holders with unit name, permits (with unit name) and periods, keyed by ID number."""
    with register.session() as session:
        connection = session.connection()
        units = dict(connection.execute(select(Unit.__table__.c.id, Unit.__table__.c.name)).all())
        people = {}
        for row in connection.execute(select(Holder.__table__)):
            data = dict(row._mapping)
            people[data["id"]] = {
                "holder": {k: v for k, v in data.items() if k not in _SKIP},
                "unit": units[data["unit_id"]],
                "permits": [],
            }
        permits = {}
        for row in connection.execute(select(Permit.__table__).order_by(Permit.__table__.c.id)):
            data = dict(row._mapping)
            entry = {
                "unit": units[data["unit_id"]],
                "periods": [],
                **{k: v for k, v in data.items() if k not in _SKIP},
            }
            permits[data["id"]] = entry
            people[data["holder_id"]]["permits"].append(entry)
        for row in connection.execute(
            select(PermitPeriod.__table__).order_by(PermitPeriod.__table__.c.expiry)
        ):
            data = dict(row._mapping)
            permits[data["permit_id"]]["periods"].append((data["start"], data["expiry"]))
    return {person["holder"]["id_number"]: person for person in people.values()}


def _empty_register_with_the_same_units(source, folder):
    target = open_register(folder / "wrc.sqlite3", folder / "backups")
    with source.session() as session:
        units = [
            u.model_dump(exclude={"id", "created_at", "updated_at"})
            for u in unit_records.list_units(session)
        ]
    with target.session() as session:
        for data in units:
            unit_records.create_unit(session, data=data)
    return target


def _add_history(register) -> None:
    """Renewals, a second certificate and a permit from an earlier unit for a few demo holders."""
    with register.session() as session:
        holders = session.exec(
            orm_select(Holder).where(Holder.status == "active").order_by(Holder.id)
        ).all()
        with_permit = [
            h for h in holders if holder_records.holder_detail(session, h.id).current_permit
        ][:6]
        units = unit_records.list_units(session)
        for holder in with_permit[:2]:  # a renewal: a second period of the same permit
            current = holder_records.holder_detail(session, holder.id).current_permit
            permit_records.add_period(
                session,
                current.permit.id,
                start=current.current.expiry + dt.timedelta(days=1),
                expiry=current.current.expiry + dt.timedelta(days=3 * 365),
            )
        for n, holder in enumerate(with_permit[2:4]):  # a new certificate: a second permit
            current = holder_records.holder_detail(session, holder.id).current_permit.current
            permit_records.add_permit(
                session,
                holder.id,
                permit={
                    "certificate_no": f"京工居2026{n:06d}",
                    "first_issued": dt.date(2026, 1, 5),
                    "start": current.expiry + dt.timedelta(days=1),
                    "expiry": current.expiry + dt.timedelta(days=900),
                },
            )
        for holder in with_permit[
            4:6
        ]:  # moved to another unit: the old permit stays with the old unit
            other = next(u for u in units if u.id != holder.unit_id)
            current = holder_records.holder_detail(session, holder.id).current_permit.current
            holder_records.update_holder(
                session, holder.id, holder=holder.model_dump(), unit_id=other.id
            )
            permit_records.add_permit(
                session,
                holder.id,
                permit={
                    "certificate_no": "",
                    "first_issued": None,
                    "start": None,
                    "expiry": current.expiry + dt.timedelta(days=700),
                },
            )


def test_export_then_import_gives_the_same_holders_permits_and_history(demo_register, tmp_path):
    _add_history(demo_register)
    before = _snapshot(demo_register)
    assert len(before) == 200
    assert any(
        len(p["permits"]) > 1 or any(len(x["periods"]) > 1 for x in p["permits"])
        for p in before.values()
    ), "the demo register should have some history to carry"
    with demo_register.session() as session:
        path = export_register(session, tmp_path / "登记册.xlsx")
    target = _empty_register_with_the_same_units(demo_register, tmp_path / "new")
    try:
        roster = read_roster(path)
        assert roster.sheet == "人员名单" and roster.history is not None
        with target.session() as session:
            # IDs that end in 000 are confirmed one by one, as the clerk would after checking them
            suspects = [number for number in before if number.endswith("000")]
            plan = plan_import(session, roster, today=TODAY, confirmed_ids=suspects)
            assert [str(e) for e in plan.errors] == []
            assert len(plan.creates) == 200
            commit_import(session, plan)
        after = _snapshot(target)
    finally:
        target.close()
    assert after.keys() == before.keys()
    for number, person in before.items():
        assert after[number] == person, number


def test_the_cli_exports_the_register_in_the_template_shape(demo_register, tmp_path, capsys):
    out = tmp_path / "导出.xlsx"
    assert main(["import-template", "--out", str(out), "--with-data"]) == 0
    assert "妥善保管" in capsys.readouterr().out
    roster = read_roster(out)
    assert len(roster.rows) == 200 and roster.columns.unmapped == []
    with demo_register.session() as session:
        periods = len(session.exec(orm_select(PermitPeriod)).all())
    assert len(roster.history.rows) == periods


def test_a_bad_history_row_rejects_its_holder_and_names_the_sheet(demo_register, tmp_path):
    from openpyxl import load_workbook

    with demo_register.session() as session:
        path = export_register(session, tmp_path / "登记册.xlsx")
    workbook = load_workbook(path)
    history = workbook["证件历史"]
    header = [c.value for c in history[1]]
    history.cell(row=2, column=header.index("有效期至") + 1, value="2207-03-01")
    broken_id = history.cell(row=2, column=header.index("身份证号码") + 1).value
    workbook.save(path)
    target = _empty_register_with_the_same_units(demo_register, tmp_path / "new")
    try:
        with target.session() as session:
            plan = plan_import(
                session,
                read_roster(path),
                today=TODAY,
                confirmed_ids=[n for n in _snapshot(demo_register) if n.endswith("000")],
            )
    finally:
        target.close()
    history_errors = [e for e in plan.errors if e.sheet == "证件历史"]
    assert [(e.row, e.column) for e in history_errors] == [(2, "有效期至")]
    assert str(history_errors[0]).startswith("工作表“证件历史”第 2 行“有效期至”")
    (rejected,) = [r for r in plan.rows if r.action == "reject"]
    assert rejected.id_masked == broken_id[:6] + "********" + broken_id[14:]
    assert len(plan.creates) == 199
