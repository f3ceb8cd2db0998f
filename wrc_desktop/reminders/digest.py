"""What the daily reminder says, computed from the due list of a register opened read-only."""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import create_engine
from sqlalchemy.exc import DatabaseError, OperationalError
from sqlmodel import Session

from ..reports.due_list import DueList, due_list
from ..reports.rows import DeadlineSource
from ..rules.context import RulesContext
from ..rules.errors import WrcError
from ..store.warnings_state import get_lead_times

WEEK_DAYS = 7


@dataclass(frozen=True)
class Reminder:
    """One notification: a title with the counts, and the most urgent item."""

    title: str
    body: str
    overdue: int
    this_week: int


def reminder_from(due: DueList) -> Reminder | None:
    """The notification for ``due``; None when nothing is overdue or due within a week."""
    groups = due.groups()
    overdue = groups.get("overdue", [])
    this_week = [
        item
        for item in due.shown
        if item not in overdue and item.urgency != "settle" and 0 <= item.days_left <= WEEK_DAYS
    ]  # an item to settle (a permit lost today) is over, not due this week
    pressing = overdue + this_week
    if not pressing:
        return None
    parts = []
    if overdue:
        parts.append(f"{len(overdue)} 项已逾期")
    if this_week:
        parts.append(f"{len(this_week)} 项本周到期")
    first = pressing[0]  # the due list is sorted most urgent first, and so are both parts
    body = f"最紧急：{first.holder_name}（{first.kind_label}）：{first.title}\n点击打开待办查看全部事项"
    return Reminder("工作居住证待办：" + "，".join(parts), body, len(overdue), len(this_week))


def read_only_due_list(database: Path, today: dt.date, overrides: Path | None) -> DueList | None:
    """The due list of the register at ``database``, never writing to it; None when there is none yet.

    The file is opened with SQLite's read-only mode: no migration, no backup, no
    journal written. A register made by a newer or older version of the app
    than this one fails its queries and is reported, not upgraded.
    """
    if not database.exists() or database.stat().st_size == 0:
        return None
    uri = database.resolve().as_uri() + "?mode=ro"

    def connect() -> sqlite3.Connection:
        connection = sqlite3.connect(uri, uri=True, check_same_thread=False)
        connection.execute("PRAGMA busy_timeout=5000")
        return connection

    return _due_list_of(
        create_engine("sqlite://", creator=connect), database.name, today, overrides
    )


def read_only_shared_due_list(url: str, today: dt.date, overrides: Path | None) -> DueList:
    """The due list of a shared register on a PostgreSQL server, read in a read-only transaction."""
    from ..store.engines import make_engine, masked

    engine = make_engine(url).execution_options(postgresql_readonly=True)
    return _due_list_of(engine, masked(url), today, overrides)


def _due_list_of(engine, name: str, today: dt.date, overrides: Path | None) -> DueList:
    try:
        with Session(engine) as session:
            # The same rules context the app builds (wrc_desktop.desk.Desk.deadlines), read-only.
            leads = get_lead_times(session)
            return due_list(
                session,
                DeadlineSource(RulesContext.load(today=today, overrides=overrides, leads=leads)),
            )
    except (OperationalError, DatabaseError) as error:
        raise WrcError(
            f"无法读取登记册 {name}（请先打开一次工作居住证办理助手）：{error.orig}"
        ) from None
    finally:
        engine.dispose()
