"""What the clerk did with due-list warnings (handled / snoozed) and the warning lead times.

A warning is a state computed from dates, never an event, so nothing here
stores warnings themselves: only the clerk's marks on them. Each mark names the
deadline (``key``) and how urgent its stage was (``level``); the due list hides
a warning while a mark covers it, and shows it again at a more urgent stage.
Every mark also goes into the audit trail with the clerk's note.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from ..rules.errors import FieldError
from . import tables
from .reading import connection_of, each_row

if TYPE_CHECKING:
    from sqlmodel import Session

    from .models import Setting, WarningState
    from .reading import Reader

LEAD_TIMES_KEY = "warning_lead_days"
ACTIONS = {"handled": "已处理", "snoozed": "暂缓提醒", "reopened": "重新提醒"}
MAX_LEAD_DAYS = 1100  # three years: no warning needs more notice than one permit's life


@dataclass(frozen=True, slots=True)
class Mark:
    """The latest mark on one warning key."""

    key: str
    holder_id: int | None
    kind: str
    stage: str
    level: int
    action: str
    until: dt.date | None
    note: str
    at: dt.datetime
    clerk: str = ""  # who marked it (on a shared register, one of several clerks)


def mark_warning(
    session: Session,
    *,
    key: str,
    holder_id: int | None,
    kind: str,
    stage: str,
    level: int,
    action: str,
    until: dt.date | None = None,
    note: str = "",
    today: dt.date | None = None,
) -> WarningState:
    """Record that the clerk handled, snoozed or reopened a warning."""
    from . import audit  # the writes' models: loaded by a write, not by reading the marks
    from .models import WarningState

    until, note = checked_mark(action, until, note, today)
    state = WarningState(
        key=key,
        holder_id=holder_id,
        kind=kind,
        stage=stage,
        level=level,
        action=action,
        until=until,
        note=note,
    )
    session.add(state)
    session.flush()
    audit.record(
        session,
        "warning",
        holder_id or 0,
        action,
        field=key,
        new=until.isoformat() if until else ACTIONS[action],
        note=note,
    )
    return state


def checked_mark(
    action: str, until: dt.date | None, note: str, today: dt.date | None
) -> tuple[dt.date | None, str]:
    """The mark's date and note as stored; a mistake in either refused in one line."""
    if action not in ACTIONS:
        raise FieldError(
            "action", f"“{action}”不是可选操作（可选：{'、'.join(ACTIONS)}）", label="操作"
        )
    if action == "snoozed":
        if until is None:
            raise FieldError("until", "暂缓提醒须填写提醒日期", label="提醒日期")
        if today is not None and until <= today:
            raise FieldError(
                "until",
                f"提醒日期 {until.isoformat()} 应晚于今天（{today.isoformat()}）",
                label="提醒日期",
            )
    else:
        until = None
    note = (note or "").strip()
    if len(note) > 500:
        raise FieldError("note", "备注过长（最多 500 个字符）", label="备注")
    return until, note


def latest_marks(reader: Reader) -> dict[str, Mark]:
    """The latest mark of every key (one query; the due list needs them all at once)."""
    c = tables.warning_state.c
    latest = select(func.max(c.id)).group_by(c.key).scalar_subquery()
    statement = select(
        c.key, c.holder_id, c.kind, c.stage, c.level, c.action, c.until, c.note, c.at, c.clerk
    ).where(c.id.in_(latest))
    marks = {}
    for row in each_row(reader, statement):
        at = row.at if row.at is None or row.at.tzinfo else row.at.replace(tzinfo=dt.UTC)
        marks[row.key] = Mark(
            row.key,
            row.holder_id,
            row.kind,
            row.stage,
            row.level,
            row.action,
            row.until,
            row.note,
            at,
            row.clerk,
        )
    return marks


def history(session: Session, key: str) -> list[WarningState]:
    """Every mark on one key, oldest first."""
    from sqlmodel import col
    from sqlmodel import select as orm_select

    from .models import WarningState

    return list(
        session.exec(
            orm_select(WarningState).where(WarningState.key == key).order_by(col(WarningState.id))
        )
    )


# ---------------------------------------------------------------- lead times


def get_lead_times(reader: Reader) -> dict[str, int]:
    """The clerk's own lead times (days) by warning kind; kinds not set use the policy defaults."""
    s = tables.setting.c
    value = connection_of(reader).execute(select(s.value).where(s.key == LEAD_TIMES_KEY)).scalar()
    if not value:
        return {}
    try:
        data = json.loads(value)
    except ValueError:
        return {}
    return {
        str(k): int(v) for k, v in data.items() if isinstance(v, int) and 0 <= v <= MAX_LEAD_DAYS
    }


def set_lead_times(
    session: Session, *, values: Mapping[str, int | None], known: Mapping[str, str]
) -> dict[str, int]:
    """Change lead times; ``None`` restores a kind's default. ``known`` maps kind → Chinese name."""
    from . import audit
    from .models import Setting

    current = get_lead_times(session)
    for kind, days in values.items():
        if kind not in known:
            raise FieldError(
                kind, f"“{kind}”不是提醒类型（可选：{'、'.join(known)}）", label="提醒类型"
            )
        if days is None:
            old = current.pop(kind, None)
        else:
            if (
                isinstance(days, bool)
                or not isinstance(days, int)
                or not 0 <= days <= MAX_LEAD_DAYS
            ):
                raise FieldError(
                    kind,
                    f"提前天数“{days}”无效（应为 0 到 {MAX_LEAD_DAYS} 的整数）",
                    label=known[kind],
                )
            old = current.get(kind)
            current[kind] = days
        if old != current.get(kind):
            audit.record(
                session,
                "setting",
                0,
                "update",
                field=f"{LEAD_TIMES_KEY}.{kind}",
                old=old,
                new=current.get(kind, "默认"),
            )
    setting = _setting(session) or Setting(key=LEAD_TIMES_KEY)
    setting.value = json.dumps(current, ensure_ascii=False, sort_keys=True)
    session.add(setting)
    session.flush()
    return current


def _setting(session: Session) -> Setting | None:
    from sqlmodel import select as orm_select

    from .models import Setting

    return session.exec(orm_select(Setting).where(Setting.key == LEAD_TIMES_KEY)).first()
