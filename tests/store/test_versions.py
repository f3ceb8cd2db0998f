"""Optimistic concurrency: an edit from a stale copy is refused with the changes named; a fresh one bumps."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import update

from tests.helpers import holder_data, id_number, permit_data, rules_on, unit_data
from wrc_desktop.desk import case_lifecycle
from wrc_desktop.rules.errors import WrcError
from wrc_desktop.store import (
    case_items,
    case_views,
    cases,
    copies,
    holder_records,
    permit_records,
    unit_records,
)
from wrc_desktop.store.models import Holder, Permit
from wrc_desktop.store.versions import StaleRecord

TODAY = dt.date(2026, 11, 22)
AGENT = {
    "name": "王经办",
    "id_number": id_number("110101", "19900517", "002"),
    "department": "人力资源部",
    "title": "专员",
    "phone": "13800000000",
}


@pytest.fixture
def ids(register):
    with register.session() as session:
        unit = unit_records.create_unit(session, data=unit_data())
        unit_records.replace_agents(session, unit.id, agents=[AGENT])
        holder = holder_records.create_holder(
            session,
            unit_id=unit.id,
            holder=holder_data(name="张伟", department="研发", phone="13800000001"),
            permit=permit_data(certificate_no="京工居2024000123"),
            family=[
                {
                    "relation": "spouse",
                    "name": "李梅",
                    "birth_date": "1989-05-01",
                    "employer": "甲公司",
                }
            ],
        )
        detail = holder_records.holder_detail(session, holder.id)
        case = case_lifecycle.create_case(
            session, holder_id=holder.id, kind="renewal", rules=rules_on(TODAY)
        )
        return {
            "unit": unit.id,
            "holder": holder.id,
            "permit": detail.current_permit.permit.id,
            "member": detail.family[0].id,
            "case": case.id,
        }


def _copy(register, holder_id):
    """What a holder dialog keeps when it opens: versions and the values it shows."""
    with register.session() as session:
        detail = holder_records.holder_detail(session, holder_id)
        return (
            detail.holder.version,
            copies.holder_copy(detail),
            detail.current_permit.permit.version,
            copies.permit_copy(detail.current_permit),
            detail.holder.model_dump(),
        )


def _import_like_update(register, ids, **changes):
    """Another unit of work changes the holder and the certificate, as a roster import does."""
    with register.session() as session:
        holder = holder_records.get_holder(session, ids["holder"])
        holder_records.update_holder(
            session, ids["holder"], holder={**holder.model_dump(), **changes}
        )
        permit = session.get(Permit, ids["permit"])
        permit_records.update_permit(
            session,
            ids["permit"],
            data={
                "certificate_no": "京工居2026000999",
                "first_issued": permit.first_issued,
                "status": permit.status,
            },
        )


def test_a_fresh_holder_edit_succeeds_and_raises_the_version(register, ids):
    version, seen, *_, values = _copy(register, ids["holder"])
    with register.session() as session:
        saved = holder_records.update_holder(
            session,
            ids["holder"],
            holder={**values, "notes": "已核对"},
            expected_version=version,
            seen=seen,
        )
        assert saved.version == version + 1
    with register.session() as session:
        assert holder_records.get_holder(session, ids["holder"]).notes == "已核对"


def test_a_stale_holder_edit_is_refused_naming_each_change(register, ids):
    version, seen, *_, values = _copy(register, ids["holder"])
    _import_like_update(register, ids, phone="13900000002", department="市场")
    with register.session() as session, pytest.raises(StaleRecord) as refused:
        holder_records.update_holder(
            session,
            ids["holder"],
            holder={**values, "notes": "已核对"},
            expected_version=version,
            seen=seen,
        )
    message = str(refused.value)
    assert message == (
        "持证人 张伟 的信息已在您打开后被修改：联系电话 13800000001 → 13900000002；部门 研发 → 市场。"
        "您的修改未保存，请重新载入后再修改。"
    )
    assert isinstance(refused.value, WrcError)  # shown to the clerk as it is
    with register.session() as session:
        holder = holder_records.get_holder(session, ids["holder"])
        assert (holder.phone, holder.department, holder.notes) == ("13900000002", "市场", "")


def test_the_message_masks_id_numbers_and_shows_labels(register, ids):
    version, seen, *_, values = _copy(register, ids["holder"])
    new_number = id_number("110108", "19900307", "135")
    _import_like_update(register, ids, id_number=new_number, degree="master")
    with register.session() as session, pytest.raises(StaleRecord) as refused:
        holder_records.update_holder(
            session, ids["holder"], holder=values, expected_version=version, seen=seen
        )
    message = str(refused.value)
    assert new_number not in message and values["id_number"] not in message
    assert (
        f"证件号码 {values['id_number'][:6]}********{values['id_number'][-4:]} → 110108********"
        in message
    )
    assert "最高学位 （空） → 硕士" in message


def test_a_stale_permit_edit_is_refused_naming_the_certificate(register, ids):
    *_, permit_version, permit_seen, _ = _copy(register, ids["holder"])
    _import_like_update(register, ids)
    with register.session() as session, pytest.raises(StaleRecord) as refused:
        permit_records.update_permit(
            session,
            ids["permit"],
            data={"certificate_no": "京工居2024000123", "status": "valid"},
            expected_version=permit_version,
            seen=permit_seen,
        )
    assert str(refused.value).startswith(
        "张伟的工作居住证 的信息已在您打开后被修改：证书编号 京工居2024000123 → 京工居2026000999。"
    )


def test_a_renewal_makes_a_permit_copy_stale(register, ids):
    *_, permit_version, permit_seen, _ = _copy(register, ids["holder"])
    with register.session() as session:
        permit_records.add_period(session, ids["permit"], start="2027-06-01", expiry="2030-05-31")
    with (
        register.session() as session,
        pytest.raises(StaleRecord, match="有效期至 2027-05-31 → 2030-05-31"),
    ):
        permit_records.update_permit(
            session,
            ids["permit"],
            data={"certificate_no": "X1"},
            expected_version=permit_version,
            seen=permit_seen,
        )


def test_a_fresh_permit_edit_raises_its_version(register, ids):
    *_, permit_version, permit_seen, _ = _copy(register, ids["holder"])
    with register.session() as session:
        permit = permit_records.update_permit(
            session,
            ids["permit"],
            data={"certificate_no": "X1"},
            expected_version=permit_version,
            seen=permit_seen,
        )
        assert permit.version == permit_version + 1


def _unit_copy(register, unit_id):
    with register.session() as session:
        unit, agents = (
            unit_records.get_unit(session, unit_id),
            unit_records.list_agents(session, unit_id),
        )
        return (
            unit.version,
            copies.unit_copy(unit, agents),
            unit.model_dump(),
            [{**a.model_dump(), "seen": a.model_dump()} for a in agents],
        )


def test_unit_edits_fresh_and_stale(register, ids):
    version, seen, values, _ = _unit_copy(register, ids["unit"])
    with register.session() as session:
        assert (
            unit_records.update_unit(
                session,
                ids["unit"],
                data={**values, "phone": "010-1"},
                expected_version=version,
                seen=seen,
            ).version
            == version + 1
        )
    with register.session() as session, pytest.raises(StaleRecord) as refused:
        unit_records.update_unit(
            session,
            ids["unit"],
            data={**values, "address": "别处"},
            expected_version=version,
            seen=seen,
        )
    assert (
        "单位 北京测试科技有限公司 的信息已在您打开后被修改：联系电话 010-12345678 → 010-1。"
        in str(refused.value)
    )


def test_agents_are_changed_in_place_and_a_stale_agent_is_refused(register, ids):
    unit_version, _, _, agents = _unit_copy(register, ids["unit"])
    with register.session() as session:
        kept = unit_records.replace_agents(
            session, ids["unit"], agents=[{**agents[0], "phone": "13800000009"}]
        )
        assert kept[0].id == agents[0]["id"] and kept[0].version == agents[0]["version"] + 1
        assert (
            unit_records.get_unit(session, ids["unit"]).version == unit_version + 1
        )  # its copies see the change
    with register.session() as session, pytest.raises(StaleRecord) as refused:
        unit_records.replace_agents(session, ids["unit"], agents=[{**agents[0], "title": "主管"}])
    assert "经办人 王经办 的信息已在您打开后被修改：联系电话 13800000000 → 13800000009" in str(
        refused.value
    )
    message = str(refused.value)
    assert AGENT["id_number"] not in message


def test_unchanged_agents_leave_the_unit_version_alone(register, ids):
    unit_version, _, _, agents = _unit_copy(register, ids["unit"])
    with register.session() as session:
        unit_records.replace_agents(session, ids["unit"], agents=agents)
        assert unit_records.get_unit(session, ids["unit"]).version == unit_version


def _family(register, holder_id):
    with register.session() as session:
        return [
            {**m.model_dump(), "seen": m.model_dump()}
            for m in holder_records.holder_detail(session, holder_id).family
        ]


def test_family_members_keep_their_ids_so_cases_still_find_them(register, ids):
    version, seen, *_, values = _copy(register, ids["holder"])
    family = _family(register, ids["holder"])
    with register.session() as session:
        cases.update_case(session, ids["case"], data={"family_ids": [ids["member"]]})
        holder_records.update_holder(
            session,
            ids["holder"],
            holder=values,
            family=[{**family[0], "employer": "乙公司"}],
            expected_version=version,
            seen=seen,
        )
    with register.session() as session:
        member = holder_records.holder_detail(session, ids["holder"]).family[0]
        assert (member.id, member.employer, member.version) == (ids["member"], "乙公司", 2)
        assert (
            holder_records.get_holder(session, ids["holder"]).version == version + 1
        )  # the family is part of the holder
        assert case_views.case_facts(session, cases.get_case(session, ids["case"]), on=TODAY).spouse


def test_a_stale_family_member_is_refused(register, ids):
    version, seen, *_, values = _copy(register, ids["holder"])
    family = _family(register, ids["holder"])
    with register.session() as session:  # another window changes the spouse's employer
        holder_records.update_holder(
            session, ids["holder"], holder=values, family=[{**family[0], "employer": "丙公司"}]
        )
    with register.session() as session, pytest.raises(StaleRecord) as refused:
        holder_records.update_holder(
            session,
            ids["holder"],
            holder={**values, "notes": "x"},
            family=family,
            expected_version=version,
            seen=seen,
        )
    assert str(refused.value) == (
        "随往人员 李梅 的信息已在您打开后被修改：工作单位 甲公司 → 丙公司。"
        "您的修改未保存，请重新载入后再修改。"
    )


def test_a_member_added_elsewhere_is_not_deleted_by_a_stale_copy(register, ids):
    version, seen, *_, values = _copy(register, ids["holder"])
    family = _family(register, ids["holder"])
    with register.session() as session:
        holder_records.update_holder(
            session,
            ids["holder"],
            holder=values,
            family=[*family, {"relation": "child", "name": "张小明", "birth_date": "2016-04-01"}],
        )
    with (
        register.session() as session,
        pytest.raises(StaleRecord, match="随往人员 李梅（配偶） → 李梅（配偶）、张小明（子女）"),
    ):
        holder_records.update_holder(
            session,
            ids["holder"],
            holder=values,
            family=family,
            expected_version=version,
            seen=seen,
        )
    assert len(_family(register, ids["holder"])) == 2


def test_case_edits_fresh_and_stale(register, ids):
    with register.session() as session:
        case = cases.get_case(session, ids["case"])
        version, seen = case.version, cases.case_copy(case)
        assert (
            cases.update_case(
                session, case.id, data={"notes": "先办"}, expected_version=version, seen=seen
            ).version
            == version + 1
        )
    with register.session() as session, pytest.raises(StaleRecord) as refused:
        cases.update_case(
            session, ids["case"], data={"clause": 2}, expected_version=version, seen=seen
        )
    assert str(refused.value).startswith(
        f"办理事项 {case.number} 的信息已在您打开后被修改：备注 （空） → 先办。"
    )
    with register.session() as session, pytest.raises(StaleRecord):
        case_lifecycle.set_status(
            session,
            ids["case"],
            status="submitted",
            on=TODAY,
            rules=rules_on(TODAY),
            force=True,
            expected_version=version,
            seen=seen,
        )


def test_case_item_edits_fresh_and_stale(register, ids):
    with register.session() as session:
        row = case_views.case_view(session, ids["case"], rules=rules_on(TODAY)).rows[0]
        version, seen, key = row.version, case_items.item_copy(row.row), row.key
        old = row.row.dated.isoformat()  # prefilled from the holder's contract
        saved = case_items.update_item(
            session,
            ids["case"],
            key,
            rules=rules_on(TODAY),
            dated="2026-11-01",
            expected_version=version,
            seen=seen,
        )
        assert saved.version == version + 1
    with register.session() as session, pytest.raises(StaleRecord) as refused:
        case_items.update_item(
            session,
            ids["case"],
            key,
            rules=rules_on(TODAY),
            dated="2026-11-05",
            expected_version=version,
            seen=seen,
        )
    assert f"的材料“{row.title}” 的信息已在您打开后被修改：日期 {old} → 2026-11-01。" in str(
        refused.value
    )
    with register.session() as session:
        assert case_views.case_view(session, ids["case"], rules=rules_on(TODAY)).rows[
            0
        ].row.dated == dt.date(2026, 11, 1)


def test_writes_without_a_copy_still_raise_versions(register, ids):
    """Imports, the CLI and status moves read and write in one unit of work; copies made before see them."""
    version, *_ = _copy(register, ids["holder"])
    _import_like_update(register, ids, phone="13900000002")
    with register.session() as session:
        assert holder_records.get_holder(session, ids["holder"]).version == version + 1
        holder_records.archive_holder(session, ids["holder"], left_on="2026-11-20")
        assert holder_records.get_holder(session, ids["holder"]).version == version + 2


def test_a_row_changed_between_read_and_write_is_refused_too(register, ids):
    """The ORM's own check (UPDATE … WHERE version = read): a write that slipped in is never overwritten."""
    with (
        pytest.raises(StaleRecord, match="持证人 张伟 的信息已在您打开后被其他操作保存"),
        register.session() as session,
    ):
        holder = holder_records.get_holder(session, ids["holder"])
        values = holder.model_dump()
        table = Holder.__table__
        session.connection().execute(
            update(table)
            .where(table.c.id == holder.id)
            .values(phone="13900000002", version=table.c.version + 1)
        )
        holder_records.update_holder(session, ids["holder"], holder={**values, "notes": "x"})
    with register.session() as session:
        assert holder_records.get_holder(session, ids["holder"]).notes == ""
