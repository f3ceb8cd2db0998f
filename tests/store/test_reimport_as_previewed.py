"""A re-import of updated rows stores exactly what its preview showed, old → new, and audits
exactly those changes: nothing more, nothing less, whichever way the rows are written. A holder
saved elsewhere after the preview is refused, and the import writes nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from tests.helpers import id_number
from tests.reports.builders import add_unit, save_roster
from wrc_desktop.reports.roster_import import commit_import, plan_import, read_roster
from wrc_desktop.rules.validation import HOLDER_LABELS
from wrc_desktop.store import holder_records
from wrc_desktop.store.models import AuditEntry, Holder, ImportChange, Permit, PermitPeriod
from wrc_desktop.store.versions import StaleRecord

TODAY = dt.date(2026, 11, 30)
HEADER = ["姓名", "身份证号码", "部门", "合同到期", "证书编号", "有效期至"]
EMPTY = "（空）"  # how the preview shows an empty value


def _id(n: int) -> str:
    return id_number(birth=f"1990{n % 12 + 1:02d}{n % 28 + 1:02d}", sequence=f"{n:03d}")


def _first(n: int) -> list:
    certificate = f"京工居{n:04d}" if n % 3 else ""  # every third without a number yet
    return [f"员工{n}", _id(n), "研发中心", "2027-06-30", certificate, "2027-01-31"]


def _second(n: int) -> list:
    name, number, department, contract_end, certificate, expiry = _first(n)
    if n % 4 == 0:
        department = "研发二部"
    if n % 5 == 0:
        contract_end = "2030-06-30"
    if n % 3 == 0:
        certificate = f"京工居{n:04d}"  # the missing number filled in
    if n % 2 == 0:
        expiry = "2029-01-31"  # renewed
    if n == 7:
        certificate, expiry = "京工居新0007", "2030-01-31"  # another certificate: a new permit
    return [name, number, department, contract_end, certificate, expiry]


def _plan(register, path):
    with register.session() as session:
        return plan_import(session, read_roster(path), today=TODAY)


def _holders(session) -> dict[str, dict]:
    return {
        row.id_number: dict(row._mapping)
        for row in session.connection().execute(select(Holder.__table__))
    }


def _current_permits(session) -> dict[int, tuple[str, dt.date]]:
    """Each holder's latest permit: its number and its current expiry."""
    p, pp = Permit.__table__.c, PermitPeriod.__table__.c
    found = {}
    statement = select(p.holder_id, p.certificate_no, pp.expiry).join(
        PermitPeriod.__table__, pp.permit_id == p.id
    )
    for holder_id, certificate_no, expiry in session.connection().execute(
        statement.order_by(p.id, pp.expiry)
    ):
        found[holder_id] = (certificate_no, expiry)
    return found


def _shown(value) -> str:
    if value is None or value == "":
        return EMPTY
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def _stored(text: str) -> str:
    return "" if text == EMPTY else text


def test_a_reimport_stores_and_audits_exactly_the_previewed_changes(register, tmp_path):
    people = range(1, 25)
    with register.session() as session:
        add_unit(session)
    first = save_roster(tmp_path / "第一版.xlsx", [_first(n) for n in people], HEADER)
    second = save_roster(tmp_path / "第二版.xlsx", [_second(n) for n in people], HEADER)
    with register.session() as session:
        commit_import(session, plan_import(session, read_roster(first), today=TODAY))

    preview = _plan(register, second)
    assert not preview.errors
    updated = [row for row in preview.rows if row.action == "update"]
    assert len(updated) == len(preview.updates) and len(updated) >= 15
    assert any(row.action == "unchanged" for row in preview.rows)
    with register.session() as session:
        before = _holders(session)
        last_audit = session.connection().execute(select(func.max(AuditEntry.id))).scalar()
    by_masked = {}
    for number in before:
        by_masked.setdefault(number[:6] + "*" * 8 + number[14:], []).append(number)
    assert all(len(numbers) == 1 for numbers in by_masked.values())

    with register.session() as session:
        commit_import(session, preview)
    with register.session() as session:
        after = _holders(session)
        permits = _current_permits(session)
        connection = session.connection()
        written = connection.execute(
            select(AuditEntry.__table__).where(AuditEntry.id > last_audit)
        ).all()
        permit_owner = dict(connection.execute(select(Permit.id, Permit.holder_id)).all())
        changes = connection.execute(select(ImportChange.__table__)).all()

    audited: dict[int, set] = {}
    for entry in written:
        owner = entry.entity_id if entry.entity == "holder" else permit_owner[entry.entity_id]
        audited.setdefault(owner, set()).add(
            (entry.field, entry.old_value, entry.new_value, entry.action)
        )
    previewed_ids = set()
    for row in updated:
        (number,) = by_masked[row.id_masked]
        holder_id = before[number]["id"]
        previewed_ids.add(holder_id)
        stored, was = after[number], before[number]
        shown_fields = {change.field for change in row.changes}
        for name in HOLDER_LABELS:  # what the preview names is stored; the rest is untouched
            if name in shown_fields:
                change = next(c for c in row.changes if c.field == name)
                assert (_shown(was[name]), _shown(stored[name])) == (change.old, change.new)
            else:
                assert stored[name] == was[name], (row.row, name)
        certificate_no, expiry = permits[holder_id]
        shown = {c.field: c for c in row.changes}
        if "certificate_no" in shown:
            assert certificate_no == shown["certificate_no"].new
        if "expiry" in shown:
            assert expiry.isoformat() == shown["expiry"].new
        if number == _id(7):  # a new permit is written by the repository, audited as it does
            assert certificate_no == "京工居新0007"
            continue
        # The holder's version rises with its own fields only (a new period raises the permit's).
        raised = 1 if shown_fields & set(HOLDER_LABELS) else 0
        assert stored["version"] == was["version"] + raised, row.row
        expected = {
            (c.field, _stored(c.old), _stored(c.new), "update")
            for c in row.changes
            if c.field in HOLDER_LABELS
        }
        if "certificate_no" in shown:
            change = shown["certificate_no"]
            expected.add(("certificate_no", _stored(change.old), change.new, "update"))
        if "expiry" in shown:
            change = shown["expiry"]
            expected.add(("expiry", _stored(change.old), change.new, "import"))
        assert audited.get(holder_id) == expected, row.row
    assert set(audited) == previewed_ids  # nobody unchanged was audited
    for number, was in before.items():
        if was["id"] not in previewed_ids:
            assert after[number] == was
    assert sorted(c.holder_id for c in changes if c.action == "update") == sorted(previewed_ids)


def test_a_holder_saved_after_the_preview_is_refused_and_nothing_is_written(register, tmp_path):
    with register.session() as session:
        add_unit(session)
    first = save_roster(tmp_path / "第一版.xlsx", [_first(n) for n in range(1, 9)], HEADER)
    second = save_roster(tmp_path / "第二版.xlsx", [_second(n) for n in range(1, 9)], HEADER)
    with register.session() as session:
        commit_import(session, plan_import(session, read_roster(first), today=TODAY))
    preview = _plan(register, second)
    assert len(preview.updates) >= 5
    with register.session() as session:  # another window saves one of them meanwhile
        holder = holder_records.find_holder(session, _id(4))
        holder_records.update_holder(
            session, holder.id, holder={**holder_records.get_holder(session, holder.id).model_dump(),
                                        "phone": "13900000004"},
        )  # fmt: skip
        before = _holders(session)
        audits = session.connection().execute(select(func.count(AuditEntry.id))).scalar()

    with pytest.raises(StaleRecord), register.session() as session:
        commit_import(session, preview)
    with register.session() as session:
        assert _holders(session) == before  # neither that holder nor any other
        assert session.connection().execute(select(func.count(AuditEntry.id))).scalar() == audits
        assert session.connection().execute(select(func.count(ImportChange.id))).scalar() == 8
