"""The bare 待办: the same register read with sqlite3 and plain date checks, no rules, no library.

What every bare baseline of the due list does — in-process (the computation's line), as a
process printing JSON (``wrc due --json``'s line) and as a window painting the rows (the
start line): the holders with their unit, latest permit and its latest expiry, their
accompanying children, then one comparison of dates per task, sorted by date. It makes every
kind of task the due list makes, each with a fixed number of days instead of the district's
rules: the permit's renewal window or its loss, a leaver's cancellation and employer change,
the contract's end, the age limit, a child's 16th and 18th birthdays — the same work, done
the plain way. Run as a script it prints the list as JSON.

    python bench/bare_due.py REGISTER.sqlite3 [YYYY-MM-DD]
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import sys

HOLDERS_SQL = """
select h.id, h.name, u.name, h.department, u.district, h.status, h.left_on, h.birth_date,
       h.gender, h.contract_end, p.first_issued, p.status,
       (select max(expiry) from permitperiod pp where pp.permit_id = p.id)
from holder h join unit u on u.id = h.unit_id
left join permit p on p.id = (select max(id) from permit where holder_id = h.id)
order by h.id
"""
CHILDREN_SQL = """
select holder_id, name, birth_date from familymember
where relation = 'child' and accompanying and birth_date is not null order by id
"""
KEYS = ("holder_id", "name", "unit", "department", "district", "kind", "date", "days")
SETTLED = ("cancelled", "lapsed", "suspended")
DAYS = dt.timedelta  # plain numbers of days, no working-day calendar
WINDOW, GRACE, CONTRACT, AGE_NOTICE = DAYS(60), DAYS(30), DAYS(180), DAYS(180)
CHANGE, SCHOOL_NOTICE, ADULT_NOTICE = DAYS(90), DAYS(30), DAYS(90)
AGE_LIMITS = {"M": 60, "F": 55}


def _day(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def _birthday(born: dt.date, years: int) -> dt.date:
    return dt.date(born.year + years, born.month, min(born.day, 28))


def _permit_tasks(head: tuple, expiry: dt.date, today: dt.date) -> list[tuple]:
    if today >= expiry + GRACE:
        return [(*head, "lapsed", expiry + GRACE)]
    if today >= expiry - WINDOW:
        return [(*head, "renewal", expiry - WINDOW)]
    return []


def _life_tasks(head: tuple, row: tuple, today: dt.date) -> list[tuple]:
    """The contract's end and the age limit of an active holder."""
    tasks = []
    end = _day(row[9])
    if end is not None and today >= end - CONTRACT:
        tasks.append((*head, "contract_end", end))
    born, limit = _day(row[7]), AGE_LIMITS.get(row[8])
    if born is not None and limit is not None:
        reached = _birthday(born, limit)
        if today >= reached - AGE_NOTICE:
            tasks.append((*head, "age_limit", reached))
    return tasks


def _child_tasks(head: tuple, births: list[tuple[str, str]], today: dt.date) -> list[tuple]:
    tasks = []
    for _child, birth in births:
        born = _day(birth)
        assert born is not None
        for kind, years, notice in (
            ("child_16", 16, SCHOOL_NOTICE),
            ("child_18", 18, ADULT_NOTICE),
        ):
            day = _birthday(born, years)
            if today >= day - notice:
                tasks.append((*head, kind, day))
    return tasks


def bare_due(database: str, today: dt.date) -> list[tuple]:
    """One tuple per task, most urgent first."""
    connection = sqlite3.connect(database)
    children: dict[int, list[tuple[str, str]]] = {}
    for holder_id, name, birth in connection.execute(CHILDREN_SQL):
        children.setdefault(holder_id, []).append((name, birth))
    tasks: list[tuple] = []
    for row in connection.execute(HOLDERS_SQL):
        head = row[:5]
        expiry = _day(row[12]) if row[11] not in SETTLED else None
        if row[5] == "left":
            left = _day(row[6])
            if left is not None and expiry is not None:
                tasks += [
                    (*head, "cancellation", left + GRACE),
                    (*head, "employer_change", left + CHANGE),
                ]
        else:
            if expiry is not None:
                tasks += _permit_tasks(head, expiry, today)
            tasks += _life_tasks(head, row, today)
        if row[0] in children:
            tasks += _child_tasks(head, children[row[0]], today)
    connection.close()
    tasks.sort(key=lambda task: (task[6], task[0]))
    return [(*task, (task[6] - today).days) for task in tasks]


def as_json(tasks: list[tuple]) -> str:
    return json.dumps(
        [dict(zip(KEYS, task, strict=True)) for task in tasks], ensure_ascii=False, default=str
    )


if __name__ == "__main__":
    day = dt.date.fromisoformat(sys.argv[2]) if len(sys.argv) > 2 else dt.date.today()
    sys.stdout.write(as_json(bare_due(sys.argv[1], day)))
    sys.stdout.write("\n")
