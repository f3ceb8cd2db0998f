"""A task whose application is not the permit's next one opens 新建办理事项 with that application."""

from __future__ import annotations

import datetime as dt

from tests.conftest import TODAY
from tests.gui.conftest import shown_window
from tests.helpers import holder_data, id_number, permit_data, unit_data
from tests.journey.conftest import accept_new_case, click_link, due_row
from wrc_desktop.desk import cases as desk_cases
from wrc_desktop.gui.models.due_model import link_specs
from wrc_desktop.store import holder_records, unit_records


def test_a_child_turning_18_opens_a_family_change(register, qtbot, on_modal, tmp_path):
    birthday = TODAY + dt.timedelta(days=10)
    with register.session() as session:
        unit = unit_records.create_unit(session, data=unit_data())
        holder = holder_records.create_holder(
            session,
            unit_id=unit.id,
            holder=holder_data(name="张三", id_number=id_number("110108", "19800307", "123")),
            permit=permit_data(expiry=dt.date(2028, 5, 31)),
            family=[
                {"relation": "spouse", "name": "李梅", "birth_date": "1982-05-01"},
                {
                    "relation": "child",
                    "name": "张小明",
                    "birth_date": birthday.replace(year=birthday.year - 18).isoformat(),
                },
            ],
        )
        holder_id = holder.id
    window = shown_window(register, qtbot)
    window.desk.save_preferences(
        window.desk.preferences().with_changes(case_root=tmp_path / "cases")
    )
    qtbot.waitUntil(lambda: window.due_view.due is not None, timeout=20_000)
    window.show_section("待办")
    index, item = due_row(window, lambda i: i.kind == "child_18")
    assert item.apply_kind == "family-change" and TODAY <= item.apply_on <= birthday
    assert link_specs(item)[0][:2] == ("办理", f"start:family-change:{holder_id}")
    assert desk_cases.suggest(window.desk, holder_id).kind != "family-change"  # not the permit's
    opened = accept_new_case(window, on_modal, lambda: click_link(qtbot, window, index, "start:"))
    assert opened.kind == "family-change" and opened.submit == item.apply_on
    assert "张小明" in opened.reason and "随往人员变更" in opened.reason
    case = desk_cases.view(window.desk, opened.case_id).case
    assert (case.kind, case.holder_id, case.submit_on) == (
        "family-change",
        holder_id,
        item.apply_on,
    )
