"""The bare 待办: the same register read with sqlite3 and plain date checks, no rules, no library.

What every bare baseline of the due list does — in-process (the computation's line), as a
process printing JSON (``wrc due --json``'s line) and as a window painting the rows (the
start line): the holders with their unit, latest permit and its latest expiry, their
accompanying children, then one comparison of dates per task (renewal window, lapse, leaving,
a child's 18th birthday), sorted by date. Run as a script it prints the list as JSON.

    python bench/bare_due.py REGISTER.sqlite3 [YYYY-MM-DD]
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import sys

HOLDERS_SQL = """
select h.id, h.name, u.name, h.department, u.district, h.status, h.left_on, h.birth_date,
       h.contract_end, p.first_issued, p.status,
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


def _day(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def bare_due(database: str, today: dt.date) -> list[tuple]:
    """One tuple per task, most urgent first."""
    connection = sqlite3.connect(database)
    children: dict[int, list[tuple[str, str]]] = {}
    for holder_id, name, birth in connection.execute(CHILDREN_SQL):
        children.setdefault(holder_id, []).append((name, birth))
    window, grace, soon = dt.timedelta(days=60), dt.timedelta(days=30), dt.timedelta(days=60)
    tasks = []
    for row in connection.execute(HOLDERS_SQL):
        holder_id, name, unit, department, district, status, left_on = row[:7]
        expiry = _day(row[11])
        head = (holder_id, name, unit, department, district)
        if status == "left":
            left = _day(left_on)
            if left is not None and today <= left + grace:
                tasks.append((*head, "leaver", left + grace))
            continue
        if expiry is not None and row[10] not in ("cancelled", "lapsed"):
            if today >= expiry + grace:
                tasks.append((*head, "lapsed", expiry + grace))
            elif today >= expiry - window:
                tasks.append((*head, "renewal", expiry - window))
        for _child, birth in children.get(holder_id, ()):
            born = _day(birth)
            assert born is not None
            adult = dt.date(born.year + 18, born.month, min(born.day, 28))
            if today <= adult <= today + soon:
                tasks.append((*head, "child", adult))
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
