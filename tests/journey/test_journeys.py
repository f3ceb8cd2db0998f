"""One journey per case kind: from the due list's task (or the register) to the bundle for the counter.

Each test starts in the real main window over the demo register on a fixed day, opens the
case the way a clerk does, completes it through the desk's use cases the case window calls
and assembles 全部材料.pdf. At every step: the kind, a planned date no later than the latest
safe submission the due list shows, the forms' dates, and no blocking problem the app made.
"""

from __future__ import annotations

import datetime as dt

from tests.conftest import TODAY
from tests.journey.conftest import (
    accept_new_case,
    app_made_problems,
    check_bundle,
    click_link,
    complete_case,
    due_row,
)
from wrc_desktop.desk import cases as desk_cases


def _from_due_list(window, on_modal, qtbot, wanted, *, link="start:"):
    index, item = due_row(window, wanted)
    assert item.case_id is None and item.apply_kind is not None
    opened = accept_new_case(window, on_modal, lambda: click_link(qtbot, window, index, link))
    assert opened.notes["holder"] == item.holder_id
    if item.kind == "lapsed":  # settled by the new application: the item leaves the list
        qtbot.waitUntil(lambda: item.key not in _keys(window), timeout=10_000)
    else:  # the task now belongs to the open case: its link opens the case, not a new one
        qtbot.waitUntil(lambda: _task_of(window, item) is not None, timeout=10_000)
        assert _task_of(window, item).case_id == opened.case_id
    return item, opened


def _keys(window) -> set[str]:
    due = window.due_view.due
    return {task.key for task in due.shown + due.hidden}


def _task_of(window, item):
    due = window.due_view.due
    return next(
        (
            task
            for task in due.shown + due.hidden
            if task.holder_id == item.holder_id and task.kind == item.kind and task.case_id
        ),
        None,
    )


def _check_forms(done, planned_on: dt.date) -> None:
    """No form after the planned date; the declaration last where the district says so."""
    assert all(day is not None for day in done.forms.values())
    assert all(day <= planned_on for day in done.forms.values())
    declaration = done.forms.get("integrity_declaration")
    if done.declaration_last and declaration is not None:
        others = [day for key, day in done.forms.items() if key != "integrity_declaration"]
        assert all(day < declaration for day in others)


def test_renewal_from_the_due_list_to_the_bundle(desk_window, on_modal, qtbot, tmp_path):
    """西城 (the declaration dated after every other material): a renewal due within two weeks."""
    window, desk = desk_window, desk_window.desk
    item, opened = _from_due_list(
        window,
        on_modal,
        qtbot,
        lambda i: i.kind == "renewal" and i.urgency == "urgent" and "律师" in i.unit_name,
    )
    latest = window.page.model.state_of(item.holder_id).latest_submission
    assert opened.kind == "renewal" and item.apply_kind == "renewal"
    assert TODAY <= opened.submit == item.apply_on <= latest == item.date
    case = desk_cases.view(desk, opened.case_id).case
    assert (case.kind, case.submit_on) == ("renewal", opened.submit)
    assert app_made_problems(desk, opened.case_id) == []
    done = complete_case(desk, opened.case_id, tmp_path / "scans")
    assert done.declaration_last  # 西城 000 says so
    _check_forms(done, opened.submit)
    check_bundle(done.result, kind_label="续签", holder_name=item.holder_name)


def test_auto_extension_confirmation_from_the_due_list_to_the_bundle(
    desk_window, on_modal, qtbot, tmp_path
):
    """东城 permits first issued from 2019-05 are not renewed: the unit confirms (自动延续确认)."""
    window, desk = desk_window, desk_window.desk
    item, opened = _from_due_list(
        window,
        on_modal,
        qtbot,
        lambda i: i.kind == "auto_extension" and i.urgency == "urgent" and i.days_left >= 0,
    )
    state = window.page.model.state_of(item.holder_id)
    assert state.deadlines.auto_extension
    assert opened.kind == item.apply_kind == "auto-extension"
    assert TODAY <= opened.submit == item.apply_on <= state.latest_submission
    assert app_made_problems(desk, opened.case_id) == []
    done = complete_case(desk, opened.case_id, tmp_path / "scans")
    _check_forms(done, opened.submit)
    check_bundle(done.result, kind_label="自动延续确认", holder_name=item.holder_name)


def test_new_application_after_a_lost_permit_from_the_due_list_to_the_bundle(
    desk_window, on_modal, qtbot, tmp_path
):
    """海淀 (a unit's and an applicant's declaration): a lost permit's task offers 新办."""
    window, desk = desk_window, desk_window.desk
    item, opened = _from_due_list(
        window, on_modal, qtbot, lambda i: i.kind == "lapsed" and "智源" in i.unit_name
    )
    assert opened.kind == item.apply_kind == "new"
    suggested = desk_cases.suggest(desk, item.holder_id)
    assert (
        suggested.latest is None or opened.submit <= suggested.latest
    )  # a new one has no deadline
    assert opened.submit >= TODAY
    assert app_made_problems(desk, opened.case_id) == []
    # 海淀 takes uploads only (002 四（一）): a signed form marked 已收集原件 does not do.
    done = complete_case(desk, opened.case_id, tmp_path / "scans")
    _check_forms(done, opened.submit)
    cells = check_bundle(done.result, kind_label="新办", holder_name=item.holder_name)
    # The signed forms go in as their scans: originals with pages, never 另附; each is a file of
    # the upload kit. The unsigned blanks are never printed.
    view = desk_cases.view(desk, opened.case_id)
    titles = [row.title for row in view.rows if row.key in done.forms]
    assert titles
    assert done.result.upload_list is not None and done.result.upload_list.is_file()
    # 海淀 takes uploads only: no counter bundle; each signed form is a file of the kit
    assert done.result.merged is None and cells == []
    files = {row["title"]: row["file"] for row in done.result.uploads}
    assert all(files[title].endswith(".pdf") for title in titles), files


def test_leaving_unit_from_the_due_list_to_the_bundle(desk_window, on_modal, qtbot, tmp_path):
    """聘用单位变更（离职）: the old unit's part of an employer change, from a leaver's task."""
    window, desk = desk_window, desk_window.desk
    item, opened = _from_due_list(
        window,
        on_modal,
        qtbot,
        lambda i: i.kind == "cancellation" and i.urgency == "urgent" and i.days_left >= 0,
    )
    assert opened.kind == item.apply_kind == "leave"
    assert TODAY <= opened.submit == item.apply_on <= item.date  # by the cancellation deadline
    assert app_made_problems(desk, opened.case_id) == []
    done = complete_case(desk, opened.case_id, tmp_path / "scans")
    _check_forms(done, opened.submit)
    check_bundle(done.result, kind_label="聘用单位变更", holder_name=item.holder_name)


def test_cancellation_from_a_leavers_task_to_the_bundle(desk_window, on_modal, qtbot, tmp_path):
    """注销 is the clerk's choice (the leaver moves to no new unit): the due list proposes the
    old unit's 聘用单位变更（离职） for a leaver, so the clerk opens the task's 办理 link and
    chooses 注销 in 新建办理事项 (the register's 新建办理事项 is closed to leavers)."""
    window, desk = desk_window, desk_window.desk
    index, item = due_row(
        window,
        lambda i: i.kind == "cancellation" and i.urgency == "urgent" and i.days_left >= 0,
    )
    opened = accept_new_case(
        window, on_modal, lambda: click_link(qtbot, window, index, "start:"), kind="cancel"
    )
    assert opened.notes["holder"] == item.holder_id
    assert opened.notes["suggested_kind"] == "leave" and opened.kind == "cancel"
    assert TODAY <= opened.submit == item.apply_on <= item.date  # by the cancellation deadline
    case = desk_cases.view(desk, opened.case_id).case
    assert (case.kind, case.holder_id) == ("cancel", item.holder_id)
    assert app_made_problems(desk, opened.case_id) == []
    done = complete_case(desk, opened.case_id, tmp_path / "scans")
    _check_forms(done, opened.submit)
    check_bundle(done.result, kind_label="注销", holder_name=item.holder_name)


def test_employer_change_into_the_unit_from_the_registers_new_case_to_the_bundle(
    desk_window, on_modal, tmp_path
):
    """聘用单位变更（转入）is filed by the new unit for a holder who joined it with a permit: the due
    list has no task for it (the register holds no date to warn about), so the clerk starts it
    from the register's 新建办理事项 and chooses the kind."""
    window, desk = desk_window, desk_window.desk
    model = window.page.model
    rows = [model.row_at(n) for n in range(model.rowCount())]
    holder_id = next(
        row.holder_id
        for row in rows
        if model.state_of(row.holder_id).label == "正常" and row.district == "haidian"
    )
    window.show_section("登记册")
    window.show_holder(holder_id)
    opened = accept_new_case(window, on_modal, window.act_new_case.trigger, kind="employer-change")
    assert opened.notes["holder"] == holder_id and opened.kind == "employer-change"
    assert opened.notes["suggested_kind"] == "renewal"  # the permit's own next application
    # Chosen instead, the change has its own date (not the renewal's) and says why.
    assert opened.submit == desk_cases.suggest(desk, holder_id, kind="employer-change").planned
    assert "聘用单位变更（转入）：材料备齐即可提交" in opened.reason
    deadlines = desk_cases.view(desk, opened.case_id).check.deadlines
    latest = next(d.day for d in deadlines if d.what == "有效期满前须预留审核时间的最晚提交日")
    assert TODAY < opened.submit <= latest
    assert app_made_problems(desk, opened.case_id) == []
    done = complete_case(desk, opened.case_id, tmp_path / "scans")
    _check_forms(done, opened.submit)
    check_bundle(
        done.result,
        kind_label="聘用单位变更（转入）",
        holder_name=desk_cases.view(desk, opened.case_id).holder.name,
    )
