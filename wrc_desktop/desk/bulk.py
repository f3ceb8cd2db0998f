"""Bulk actions on the due list (待办) and the register: 知悉, 暂缓 to a date, 登记失效 — and one undo.

Each action is one use case that writes everything in one unit of work (all or nothing)
and hands back, with what it changed, a :class:`BulkUndo`: exactly the marks it wrote and
the permit statuses it changed, at the versions it left them. :func:`undo` takes back just
that, and refuses in one line when any of it was changed again since.

The items an action applies to are chosen here (:func:`plan_items`, :func:`plan_holders`),
so the confirmation the clerk reads counts what the write will do, skipped items included.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..rules.due import DueItem
from ..rules.errors import WrcError
from ..store import mark_batches, permit_status
from ..store.mark_batches import NewMark
from .changes import ALL, Changes
from .core import Desk
from .due import holders_due

HANDLED = "handled"
SNOOZED = "snoozed"
LOST = "lost"
ACTIONS = {HANDLED: "知悉（标记已处理）", SNOOZED: "暂缓提醒", LOST: "登记失效"}
_SHORT = {HANDLED: "知悉", SNOOZED: "暂缓", LOST: "登记失效"}
# Why an item or holder was skipped: "{n}" is how many.
NOT_LAPSED = "{n} 项不是“证件已失效”的待办"
NO_ITEMS = "{n} 人当前没有待办"
HOLDER_NOT_LAPSED = "{n} 人的待办中没有“证件已失效”"
NO_PERMIT = "{n} 人没有登记证件"
ALREADY_LOST = "{n} 人的证件已登记为失效"


# Beyond this many holders the pages reload in the background rather than replace their rows
# one by one on the UI thread (measured: 3,268 holders held the window 20 s, then 45 s on undo).
FEW_HOLDERS = 100


def holders_changed(holder_ids: Iterable[int]) -> Changes:
    """What a write to these holders' permits changed, as the pages best take it."""
    ids = frozenset(holder_ids)
    return Changes.of_holders(ids) if len(ids) <= FEW_HOLDERS else Changes(holders=ALL)


class UndoRefused(WrcError):
    """Something a bulk action wrote was changed again since: nothing was taken back."""


@dataclass(frozen=True)
class BulkPlan:
    """What a bulk action will do: the items it applies to, and how many were skipped and why."""

    action: str
    items: tuple[DueItem, ...]
    skipped: tuple[str, ...] = ()  # how many were skipped and why, e.g. "3 项不是…"

    @property
    def count(self) -> int:
        return len(self.items)

    @property
    def holders(self) -> int:
        return len({item.holder_id for item in self.items})

    def question(self, until: dt.date | None = None) -> str:
        """The confirmation: how many of what, and what is skipped."""
        if not self.items:
            return f"所选内容中没有可以{_SHORT[self.action]}的待办。{self.skipped_text()}"
        if self.action == LOST:
            head = (
                f"将在登记册中把 {self.holders} 人的证件状态改为“失效”（有效 → 失效），"
                "了结这些“证件已失效”的待办；如需再次申请，请按新办办理。"
            )
        elif self.action == SNOOZED:
            day = until.isoformat() if until else "所选日期"
            head = f"将 {self.count} 项待办（{self.holders} 人）暂缓到 {day} 再提醒。"
        else:
            head = f"将 {self.count} 项待办（{self.holders} 人）标记为已处理（知悉）。"
        return head + self.skipped_text() + "完成后可用“编辑 → 撤销”（Ctrl+Z）一次撤销。"

    def skipped_text(self) -> str:
        if not self.skipped:
            return ""
        return f"跳过：{'；'.join(self.skipped)}。"


@dataclass(frozen=True)
class WrittenMark:
    """A mark a bulk action wrote: its row, its key and whose task it covered."""

    id: int
    key: str
    holder_id: int | None
    label: str  # e.g. 张三的续签提醒, to name it in a refusal


@dataclass(frozen=True)
class BulkUndo:
    """Exactly what one bulk action wrote, to take back with :func:`undo`."""

    what: str  # e.g. "知悉 120 项待办"
    marks: tuple[WrittenMark, ...] = ()
    permits: tuple[permit_status.StatusChange, ...] = ()


@dataclass(frozen=True)
class BulkDone:
    """What a bulk action did, in words for the status bar, and how to take it back."""

    message: str
    undo: BulkUndo | None  # None: nothing was written


def plan_items(items: Iterable[DueItem], action: str) -> BulkPlan:
    """The selected tasks an action applies to (each once): 登记失效 only to lost permits."""
    if action not in ACTIONS:
        raise WrcError(f"“{action}”不是可选的批量操作（可选：{'、'.join(ACTIONS)}）")
    unique = tuple({item.key: item for item in items}.values())
    if action != LOST:
        return BulkPlan(action, unique)
    lost = {item.holder_id: item for item in unique if item.kind == "lapsed"}
    others = sum(1 for item in unique if item.kind != "lapsed")
    return BulkPlan(action, tuple(lost.values()), _counted((NOT_LAPSED, others)))


def plan_holders(
    desk: Desk, holder_ids: Iterable[int], action: str, today: dt.date | None = None
) -> BulkPlan:
    """The tasks of the selected holders an action applies to (a read: the register's bulk actions).

    知悉 and 暂缓 cover each holder's tasks shown on the due list; 登记失效 their lost permits.
    """
    ids = frozenset(holder_ids)
    items = holders_due(desk, ids, today).shown
    with_items = {item.holder_id for item in items}
    not_lapsed = 0
    if action == LOST:
        lost = [item for item in items if item.kind == "lapsed"]
        not_lapsed = len(with_items - {item.holder_id for item in lost})
        items = lost
    plan = plan_items(items, action)
    skipped = _counted((NO_ITEMS, len(ids - with_items)), (HOLDER_NOT_LAPSED, not_lapsed))
    return BulkPlan(action, plan.items, skipped)


def _counted(*reasons: tuple[str, int]) -> tuple[str, ...]:
    """Each reason that counts some items or holders, its number filled in."""
    return tuple(why.format(n=count) for why, count in reasons if count)


def apply(
    desk: Desk, plan: BulkPlan, *, until: dt.date | None = None, note: str = ""
) -> tuple[BulkDone, Changes]:
    """Write ``plan`` in one unit of work: all of it, or (on any refusal) nothing."""
    if plan.action == LOST:
        return _record_lost(desk, plan)
    return _mark(desk, plan, until=until, note=note)


def _mark(
    desk: Desk, plan: BulkPlan, *, until: dt.date | None, note: str
) -> tuple[BulkDone, Changes]:
    marks = [NewMark(i.key, i.holder_id, i.kind, i.stage, i.level) for i in plan.items]
    with desk._session() as session:
        ids = mark_batches.mark_many(
            session, marks, action=plan.action, until=until, note=note, today=desk.today()
        )
    if not ids:
        return BulkDone(plan.question(until), None), Changes()
    written = tuple(
        WrittenMark(mark_id, item.key, item.holder_id, f"{item.holder_name}的{item.kind_label}")
        for mark_id, item in zip(ids, plan.items, strict=True)
    )
    if plan.action == SNOOZED and until is not None:
        done = f"已将 {len(ids)} 项待办暂缓到 {until.isoformat()}。"
    else:
        done = f"已将 {len(ids)} 项待办标记为已处理。"
    what = f"{_SHORT[plan.action]} {len(ids)} 项待办"
    undo = BulkUndo(what, marks=written)
    return BulkDone(done + plan.skipped_text(), undo), Changes(marks=True)


def _record_lost(desk: Desk, plan: BulkPlan) -> tuple[BulkDone, Changes]:
    holder_ids = [item.holder_id for item in plan.items]
    with desk._session() as session:
        permits = permit_status.current_permits(session, holder_ids)
        changes = permit_status.set_status(
            session, [permits[h] for h in holder_ids if h in permits], "lapsed"
        )
    skipped = plan.skipped + _counted(
        (NO_PERMIT, len(holder_ids) - len(permits)), (ALREADY_LOST, len(permits) - len(changes))
    )
    told = BulkPlan(plan.action, plan.items, skipped)
    if not changes:
        return BulkDone(f"没有登记任何证件失效。{told.skipped_text()}", None), Changes()
    done = f"已将 {len(changes)} 人的证件登记为失效。{told.skipped_text()}"
    undo = BulkUndo(f"登记失效 {len(changes)} 人", permits=tuple(changes))
    return BulkDone(done, undo), holders_changed(c.holder_id for c in changes)


def undo(desk: Desk, record: BulkUndo) -> tuple[str, Changes]:
    """Take back exactly what one bulk action wrote; refused (nothing changed) when any of it
    was changed again since. Returns the sentence for the status bar and what changed."""
    with desk._session() as session:
        newer = mark_batches.newer_marks(session, ((m.id, m.key) for m in record.marks))
        moved = permit_status.moved_since(session, record.permits)
        if newer or moved:
            raise UndoRefused(_refusal(record, newer, moved))
        mark_batches.delete_marks(session, [(m.id, m.key, m.holder_id) for m in record.marks])
        permit_status.restore_status(session, record.permits)
    changes = Changes(marks=bool(record.marks)) | holders_changed(
        c.holder_id for c in record.permits
    )
    return f"已撤销：{record.what}。", changes


def _refusal(record: BulkUndo, newer: Sequence[str], moved: Sequence[str]) -> str:
    labels = {mark.key: mark.label for mark in record.marks}
    parts = []
    if newer:
        first = labels.get(newer[0], newer[0])
        more = f"等 {len(newer)} 项" if len(newer) > 1 else ""
        parts.append(f"{first}{more}此后又被标记")
    if moved:
        more = f"等 {len(moved)} 人" if len(moved) > 1 else ""
        parts.append(f"{moved[0]}{more}的工作居住证此后又被修改")
    return f"无法撤销“{record.what}”：{'，'.join(parts)}；撤销未执行，登记册没有改动。"
