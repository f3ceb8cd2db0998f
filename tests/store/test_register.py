"""The register store: round trips, validity history, audit trail, all-or-nothing writes."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlmodel import select

from tests.helpers import holder_data, id_number, permit_data, unit_data, uscc_code
from wrc_desktop.rules.errors import ValidationErrors
from wrc_desktop.store import audit, holder_records, permit_records, queries, unit_records
from wrc_desktop.store.models import AuditEntry, Holder, PermitPeriod


@pytest.fixture
def unit_id(register):
    with register.session() as session:
        return unit_records.create_unit(session, data=unit_data()).id


def _create(register, unit_id, **holder_overrides):
    with register.session() as session:
        holder = holder_records.create_holder(
            session,
            unit_id=unit_id,
            holder=holder_data(**holder_overrides),
            permit=permit_data(),
            family=[
                {"relation": "配偶", "name": "王芳", "id_number": id_number(sequence="222")},
                {"relation": "子女", "name": "张小明", "birth_date": "2016-04-01"},
            ],
        )
        return holder.id


def test_holder_round_trip_with_permit_and_family(register, unit_id):
    holder_id = _create(register, unit_id)
    with register.session() as session:
        detail = holder_records.holder_detail(session, holder_id)
    assert detail.holder.name == "张三"
    assert detail.holder.gender == "M"
    assert detail.holder.contract_end == dt.date(2027, 2, 28)
    assert detail.unit.district == "haidian"
    assert detail.current_permit.permit.certificate_no == "京工居2024000123"
    assert detail.current_permit.current.expiry == dt.date(2027, 5, 31)
    assert [m.relation for m in detail.family] == ["spouse", "child"]
    assert detail.family[0].gender == "F"


def test_renewal_adds_a_period_and_keeps_the_old_one(register, unit_id):
    holder_id = _create(register, unit_id)
    with register.session() as session:
        permit_id = holder_records.holder_detail(session, holder_id).current_permit.permit.id
        permit_records.add_period(session, permit_id, start="2027-06-01", expiry="2030-05-31")
    with register.session() as session:
        history = holder_records.holder_detail(session, holder_id).current_permit
        rows = queries.register_rows(session)
    assert [p.expiry for p in history.periods] == [dt.date(2027, 5, 31), dt.date(2030, 5, 31)]
    assert history.periods[-1].source == "renewal"
    assert rows[0].expiry == dt.date(2030, 5, 31)


def test_a_renewal_cannot_move_expiry_backwards(register, unit_id):
    holder_id = _create(register, unit_id)
    with register.session() as session:
        permit_id = holder_records.holder_detail(session, holder_id).current_permit.permit.id
        with pytest.raises(ValidationErrors, match="应晚于当前有效期至"):
            permit_records.add_period(session, permit_id, start="2024-01-01", expiry="2026-01-01")


def test_every_change_is_in_the_audit_trail(register, unit_id):
    holder_id = _create(register, unit_id)
    with register.session() as session:
        data = holder_records.get_holder(session, holder_id).model_dump()
        data.update(department="法务部", phone="13900139000")
        holder_records.update_holder(session, holder_id, holder=data)
    with register.session() as session:
        entries = audit.trail(session, "holder", holder_id)
    changes = {(e.field, e.old_value, e.new_value) for e in entries if e.action == "update"}
    assert ("department", "研发中心", "法务部") in changes
    assert ("phone", "13800138000", "13900139000") in changes
    assert entries[0].action == "create"
    assert entries[0].at.tzinfo is not None


def test_archiving_keeps_the_record_and_its_history(register, unit_id):
    holder_id = _create(register, unit_id)
    with register.session() as session:
        holder_records.archive_holder(session, holder_id, left_on="2026-10-31")
    with register.session() as session:
        detail = holder_records.holder_detail(session, holder_id)
        active = queries.register_rows(session, include_left=False)
        everyone = queries.register_rows(session)
        trail = audit.trail(session, "holder", holder_id)
    assert detail.holder.status == "left"
    assert detail.holder.left_on == dt.date(2026, 10, 31)
    assert len(detail.current_permit.periods) == 1
    assert active == [] and len(everyone) == 1
    assert any(e.field == "status" and e.new_value == "left" for e in trail)


def test_duplicate_id_number_is_refused(register, unit_id):
    _create(register, unit_id)
    with pytest.raises(ValidationErrors, match="已登记（张三）"):
        _create(register, unit_id, name="张三丰")


def test_nothing_invalid_is_stored(register, unit_id):
    with pytest.raises(ValidationErrors) as error, register.session() as session:
        holder_records.create_holder(
            session,
            unit_id=unit_id,
            holder=holder_data(),
            permit=permit_data(expiry="2020-01-01"),
            family=[{"relation": "子女", "name": "张小明"}],
        )
    messages = str(error.value)
    assert "有效期至" in messages and "第 1 位随往人员的出生日期" in messages
    with register.session() as session:
        assert session.exec(select(Holder)).all() == []
        assert session.exec(select(PermitPeriod)).all() == []
        assert session.exec(select(AuditEntry).where(AuditEntry.entity == "holder")).all() == []


def test_several_units_and_the_default_unit(register):
    with register.session() as session:
        first = unit_records.create_unit(session, data=unit_data())
        second = unit_records.create_unit(
            session,
            data=unit_data(name="北京第二公司", uscc=uscc_code("91110101MA02XY8"), district="东城"),
        )
        assert unit_records.get_default_unit_id(session) == first.id
        unit_records.set_default_unit(session, unit_id=second.id)
        assert unit_records.get_default_unit_id(session) == second.id
        with pytest.raises(ValidationErrors, match="已登记为单位"):
            unit_records.create_unit(session, data=unit_data(name="重复"))


def test_agents_are_validated_all_or_nothing(register, unit_id):
    with register.session() as session:
        unit_records.replace_agents(
            session, unit_id, agents=[{"name": "刘经办", "id_number": id_number(sequence="246")}]
        )
    with (
        pytest.raises(ValidationErrors, match="第 2 位经办人的身份证号码"),
        register.session() as session,
    ):
        unit_records.replace_agents(
            session,
            unit_id,
            agents=[
                {"name": "甲", "id_number": id_number(sequence="248")},
                {"name": "乙", "id_number": "110105199003071230"},
            ],
        )
    with register.session() as session:
        assert [a.name for a in unit_records.list_agents(session, unit_id)] == ["刘经办"]


def test_holders_document_has_full_ids_units_permits_and_family(demo_register):
    with demo_register.session() as session:
        document = queries.holders_document(session)
    assert len(document) == 200
    first = document[0]
    assert len(first["id_number"]) == 18 and "*" not in first["id_number"]
    assert first["unit"]["district"] in {"haidian", "dongcheng", "xicheng", "shijingshan"}
    assert first["permits"][0]["periods"][0]["expiry"]
    assert sum(len(item["family"]) for item in document) > 0
    assert any(item["status"] == "left" for item in document)
