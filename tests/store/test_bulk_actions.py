"""Bulk actions on the due list (知悉, 暂缓, 登记失效): one unit of work each, and one undo that
takes back exactly what the action wrote — refused when any of it changed since. Both engines."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from sqlmodel import col, select

from tests.conftest import TODAY
from tests.helpers import desk_over
from wrc_desktop.desk import Changes, bulk
from wrc_desktop.desk import due as desk_due
from wrc_desktop.rules.errors import FieldError
from wrc_desktop.store import permit_records
from wrc_desktop.store.models import AuditEntry, Permit
from wrc_desktop.store.warnings_state import latest_marks


@pytest.fixture
def desk(demo_register):
    return desk_over(demo_register, TODAY)


def _marks(desk) -> dict:
    with desk._session() as session:
        return latest_marks(session)


def _statuses(desk) -> dict[int, tuple[str, int]]:
    with desk._session() as session:
        return {p.id: (p.status, p.version) for p in session.exec(select(Permit))}


def _settle(due) -> list:
    return [item for item in due.shown if item.urgency == "settle"]


def test_a_bulk_handled_of_a_group_then_one_undo_gives_the_same_marks_as_before(desk):
    due = desk_due.due_list(desk)
    group = _settle(due)
    assert len(group) == 48
    before = _marks(desk)
    plan = bulk.plan_items(group + group[:3], bulk.HANDLED)  # a row picked twice counts once
    assert plan.count == 48 and not plan.skipped
    assert plan.question().startswith(f"将 48 项待办（{plan.holders} 人）标记为已处理（知悉）")

    done, changes = bulk.apply(desk, plan, note="年底清理")
    assert changes == Changes(marks=True)
    assert done.message == "已将 48 项待办标记为已处理。"
    assert done.undo is not None and done.undo.what == "知悉 48 项待办"
    after = desk_due.due_list(desk)
    assert not _settle(after)
    assert {item.key for item in group} <= {item.key for item in after.hidden}
    marks = _marks(desk)
    assert {marks[item.key].action for item in group} == {"handled"}
    assert {marks[item.key].note for item in group} == {"年底清理"}
    with desk._session() as session:
        entries = session.exec(
            select(AuditEntry).where(AuditEntry.entity == "warning", AuditEntry.action == "handled")
        ).all()
    assert sorted(e.field for e in entries) == sorted(item.key for item in group)

    message, undone = bulk.undo(desk, done.undo)
    assert message == "已撤销：知悉 48 项待办。" and undone == Changes(marks=True)
    assert _marks(desk) == before
    assert desk_due.due_list(desk) == due


def test_a_bulk_snooze_hides_until_its_day_and_a_day_not_after_today_writes_nothing(desk):
    due = desk_due.due_list(desk)
    chosen = [item for item in due.shown if item.urgency == "soon"][:10]
    plan = bulk.plan_items(chosen, bulk.SNOOZED)
    with pytest.raises(FieldError, match="应晚于今天"):
        bulk.apply(desk, plan, until=TODAY)
    assert _marks(desk) == {}  # nothing of it written
    until = TODAY + dt.timedelta(days=14)
    done, _changes = bulk.apply(desk, plan, until=until)
    assert done.message == f"已将 10 项待办暂缓到 {until.isoformat()}。"
    marks = _marks(desk)
    assert {(marks[i.key].action, marks[i.key].until) for i in chosen} == {("snoozed", until)}
    assert not {i.key for i in chosen} & {i.key for i in desk_due.due_list(desk).shown}
    on_the_day = {i.key for i in desk_due.due_list(desk, until).shown}
    assert {i.key for i in chosen} <= on_the_day  # the snooze ran out


def test_bulk_lost_records_only_lost_permits_and_undo_restores_their_status(desk):
    due = desk_due.due_list(desk)
    statuses = _statuses(desk)
    plan = bulk.plan_items(_settle(due), bulk.LOST)
    assert plan.count == 36 and plan.skipped == ("12 项不是“证件已失效”的待办",)
    assert "将在登记册中把 36 人的证件状态改为“失效”" in plan.question()

    done, changes = bulk.apply(desk, plan)
    assert done.message == "已将 36 人的证件登记为失效。跳过：12 项不是“证件已失效”的待办。"
    lost = {item.holder_id for item in plan.items}
    assert changes == Changes.of_holders(lost)
    assert done.undo is not None and len(done.undo.permits) == 36
    after = desk_due.due_list(desk)
    assert not [item for item in after.shown if item.kind == "lapsed"]
    changed = {p for p, (status, _v) in _statuses(desk).items() if status != statuses[p][0]}
    assert {c.permit_id for c in done.undo.permits} == changed
    assert {_statuses(desk)[p][0] for p in changed} == {"lapsed"}

    message, undone = bulk.undo(desk, done.undo)
    assert message == "已撤销：登记失效 36 人。" and undone == Changes.of_holders(lost)
    restored = _statuses(desk)
    assert {p: status for p, (status, _v) in restored.items()} == {
        p: status for p, (status, _v) in statuses.items()
    }
    assert desk_due.due_list(desk) == due


def test_undo_is_refused_when_a_task_was_marked_again_since(desk):
    due = desk_due.due_list(desk)
    group = _settle(due)
    done, _changes = bulk.apply(desk, bulk.plan_items(group, bulk.HANDLED))
    again = group[5]
    desk_due.mark(desk, again, action="reopened", note="重新提醒")
    marks = _marks(desk)
    with pytest.raises(bulk.UndoRefused) as refused:
        bulk.undo(desk, done.undo)
    assert str(refused.value) == (
        f"无法撤销“知悉 48 项待办”：{again.holder_name}的{again.kind_label}此后又被标记；"
        "撤销未执行，登记册没有改动。"
    )
    assert _marks(desk) == marks  # nothing taken back


def test_undo_is_refused_when_a_permit_was_saved_since(desk):
    due = desk_due.due_list(desk)
    done, _changes = bulk.apply(desk, bulk.plan_items(_settle(due), bulk.LOST))
    first = done.undo.permits[0]
    with desk._session() as session:
        permit = session.get(Permit, first.permit_id)
        permit_records.update_permit(
            session,
            first.permit_id,
            data={
                "certificate_no": "京A9999999",
                "first_issued": permit.first_issued,
                "status": "lapsed",
            },
        )
    statuses = _statuses(desk)
    with pytest.raises(bulk.UndoRefused, match="的工作居住证此后又被修改；撤销未执行"):
        bulk.undo(desk, done.undo)
    assert _statuses(desk) == statuses
    # A record that did not change since is not enough: the one that did is named.
    stale = dataclasses.replace(done.undo, permits=done.undo.permits[1:])
    message, _changes = bulk.undo(desk, stale)
    assert message == "已撤销：登记失效 36 人。"


def test_the_registers_holders_plan_counts_the_holders_skipped(desk):
    due = desk_due.due_list(desk)
    with_tasks = {item.holder_id for item in due.shown}
    lapsed = {item.holder_id for item in due.shown if item.kind == "lapsed"}
    with desk._session() as session:
        holders = {p.holder_id for p in session.exec(select(Permit).order_by(col(Permit.id)))}
    quiet = sorted(holders - with_tasks)[:4]
    others = sorted(with_tasks - lapsed)[:3]
    chosen = sorted(lapsed)[:5] + others + quiet
    plan = bulk.plan_holders(desk, chosen, bulk.LOST)
    assert {item.holder_id for item in plan.items} == set(sorted(lapsed)[:5])
    assert plan.skipped == ("4 人当前没有待办", "3 人的待办中没有“证件已失效”")
    handled = bulk.plan_holders(desk, chosen, bulk.HANDLED)
    assert {item.key for item in handled.items} == {
        item.key for item in due.shown if item.holder_id in set(chosen)
    }
    assert handled.skipped == ("4 人当前没有待办",)
