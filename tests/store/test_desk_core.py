"""The application core's use cases, as the windows and the command line call them, on both
engines: holders, stale copies, due-list marks, cases and imports. Every row names its clerk."""

from __future__ import annotations

import pytest
from sqlmodel import select

from tests.conftest import TODAY
from tests.helpers import desk_over, holder_data, id_number, permit_data, unit_data
from tests.reports.builders import save_roster
from wrc_desktop.desk import Changes
from wrc_desktop.desk import cases as desk_cases
from wrc_desktop.desk import due as desk_due
from wrc_desktop.desk import holders as desk_holders
from wrc_desktop.desk import imports as desk_imports
from wrc_desktop.reports.roster_read import read_roster
from wrc_desktop.store import audit, holder_records, unit_records
from wrc_desktop.store.case_models import Case
from wrc_desktop.store.models import AuditEntry
from wrc_desktop.store.versions import StaleRecord


@pytest.fixture
def desk(register, monkeypatch):
    monkeypatch.setenv("WRC_CLERK", "王芳")
    register.clerk = "王芳"  # the name on a file; on a server only shown beside the login
    return desk_over(register, TODAY)


def acting(desk) -> str:
    """Who the rows record: the chosen name on a clerk's file, the login on a server (the test
    server's superuser), whatever ``WRC_CLERK`` says."""
    return "wrc_test" if desk.shared else "王芳"


@pytest.fixture
def unit_id(desk) -> int:
    with desk._session() as session:
        return unit_records.create_unit(session, data=unit_data()).id


def _expiring_holder(desk, unit_id: int, sequence: str = "123") -> int:
    permit = permit_data(start=TODAY.replace(year=2023), expiry=TODAY.replace(month=12, day=20))
    holder_id, changes = desk_holders.create_holder(
        desk,
        unit_id=unit_id,
        holder=holder_data(id_number=id_number(sequence=sequence)),
        permit=permit,
        family=[],
    )
    assert changes == Changes.of_holders([holder_id])
    return holder_id


def test_a_holder_saved_from_two_copies_keeps_the_first_and_names_the_change(desk, unit_id):
    holder_id = _expiring_holder(desk, unit_id)
    detail, first = desk_holders.read_for_edit(desk, holder_id)
    _detail, second = desk_holders.read_for_edit(desk, holder_id)
    values = detail.holder.model_dump()
    with desk._session() as session:
        holder_records.update_holder(
            session,
            holder_id,
            holder={**values, "phone": "13900000009"},
            expected_version=first.version,
            seen=first.seen,
        )
    with (
        pytest.raises(StaleRecord, match="联系电话 13800138000 → 13900000009"),
        desk._session() as s,
    ):
        holder_records.update_holder(
            s,
            holder_id,
            holder={**values, "department": "市场部"},
            expected_version=second.version,
            seen=second.seen,
        )
    with desk._session() as session:
        holder = holder_records.get_holder(session, holder_id)
        assert (holder.phone, holder.department) == ("13900000009", "研发中心")
        assert {e.clerk for e in audit.trail(session, "holder", holder_id)} == {acting(desk)}


def test_a_mark_on_the_due_list_names_the_clerk(desk, unit_id):
    _expiring_holder(desk, unit_id)
    item = desk_due.due_list(desk).shown[0]
    assert desk_due.mark(desk, item, action="handled", note="已通知本人") == Changes(marks=True)
    after = desk_due.due_list(desk)
    assert item.key not in {i.key for i in after.shown}
    from wrc_desktop.store.warnings_state import latest_marks

    with desk._session() as session:
        mark = latest_marks(session)[item.key]
    assert (mark.action, mark.clerk) == ("handled", acting(desk))


def test_a_new_case_is_assigned_to_the_clerk_who_opened_it(desk, unit_id):
    holder_id = _expiring_holder(desk, unit_id)
    case_id, changes = desk_cases.create(desk, holder_id=holder_id, kind="renewal")
    assert changes == Changes.of_case(case_id, holder_id)
    with desk._session() as session:
        assert session.get(Case, case_id).assigned_to == acting(desk)


def test_an_import_and_its_undo_through_the_core(desk, unit_id, tmp_path):
    rows = [
        [f"员工{i}", id_number(birth="19910101", sequence=f"{i:03d}"), "研发中心"] for i in (1, 3)
    ]
    roster = read_roster(save_roster(tmp_path / "名单.xlsx", rows, ["姓名", "身份证号码", "部门"]))
    seen = desk_imports.plan_shape(desk_imports.plan(desk, roster, unit=None))
    batch_id, changes = desk_imports.commit(
        desk, roster, unit=None, confirmed_rows=(), seen=seen, valid_only=False,
        accept_renames=False,
    )  # fmt: skip
    assert changes == Changes.everything() and batch_id
    with desk._session() as session:
        assert holder_records.holder_count(session) == 2
        assert {e.clerk for e in session.exec(select(AuditEntry))} == {acting(desk)}
    desk_imports.undo_last(desk)
    with desk._session() as session:
        assert holder_records.holder_count(session) == 0


def test_a_case_is_handed_on_with_a_record_of_who_did_it(desk, unit_id):
    holder_id = _expiring_holder(desk, unit_id)
    case_id, _ = desk_cases.create(desk, holder_id=holder_id, kind="renewal")
    assert desk_cases.assign(desk, case_id, " 李四 ") == Changes.of_case(case_id, holder_id)
    with desk._session() as session:
        assert session.get(Case, case_id).assigned_to == "李四"
        [entry] = [e for e in audit.trail(session, "case", case_id) if e.action == "assign"]
    assert (entry.old_value, entry.new_value, entry.clerk) == (acting(desk), "李四", acting(desk))


def test_the_clerks_fonts_reach_the_forms_and_the_defaults_need_no_forms_module(desk, tmp_path):
    import dataclasses

    from wrc_desktop.documents import fonts

    chosen = tmp_path / "extra.ttf"
    try:
        fonts.set_font_settings(fonts.FontSettings())
        assert desk.preferences().use_system_fonts  # the defaults: nothing to apply
        assert fonts._settings == fonts.FontSettings()
        desk.save_preferences(
            dataclasses.replace(desk.preferences(), extra_fonts=(chosen,), use_system_fonts=False)
        )
        assert fonts._settings == fonts.FontSettings(extra_fonts=[chosen], use_system_fonts=False)
        desk.save_preferences(
            dataclasses.replace(desk.preferences(), extra_fonts=(), use_system_fonts=True)
        )
        assert fonts._settings == fonts.FontSettings()  # back to the defaults once changed
    finally:
        fonts.set_font_settings(fonts.FontSettings())
