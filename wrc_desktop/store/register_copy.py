"""Moving a register to another database: the clerk's SQLite file to the office's server, and back.

All or nothing: the target must be empty (its schema brought to the same revision
first), every table is copied in foreign-key order inside one transaction on the
target, and the rows are counted on both sides before that transaction commits.
A difference rolls everything back, so a half-copied register never exists.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Table, func, insert, select
from sqlalchemy.engine import Connection, Engine

from ..rules.errors import WrcError
from . import engines, pg

_CHUNK = 500  # rows per INSERT: well under every engine's limit on bound parameters


class CopyRefused(WrcError):
    """The copy was not made (a non-empty target, a count that did not match); nothing changed."""


@dataclass(frozen=True)
class TableCount:
    table: str
    source: int
    target: int


def tables() -> list[Table]:
    """The register's tables, parents before children."""
    # The table models, loaded by a copy (not by every command that names this module).
    from sqlmodel import SQLModel

    from . import case_models, models  # noqa: F401 - every table on SQLModel.metadata

    return list(SQLModel.metadata.sorted_tables)


def count_rows(connection: Connection) -> dict[str, int]:
    return {
        table.name: connection.execute(select(func.count()).select_from(table)).scalar_one()
        for table in tables()
    }


def refuse_unless_empty(connection: Connection, target_label: str) -> None:
    """Raise :class:`CopyRefused` when the target register holds any row (before a copy, and
    when the clerk's assistant checks the server first)."""
    already = {name: n for name, n in count_rows(connection).items() if n}
    if already:
        listed = "、".join(f"{name} {n} 行" for name, n in sorted(already.items()))
        raise CopyRefused(
            f"目标登记册 {target_label} 不是空的（{listed}），为避免覆盖数据未复制任何内容；"
            "请指定一个新建的空数据库"
        )


def copy_register(
    source: Engine,
    target: Engine,
    *,
    target_label: str,
    progress: Callable[[str, int], None] | None = None,
) -> list[TableCount]:
    """Copy every row of ``source`` into the empty register ``target`` (both at the newest schema)."""
    with source.connect() as reading, target.begin() as writing:
        if engines.is_server(source):  # clerks may be saving while it copies
            pg.one_snapshot(reading)
        refuse_unless_empty(writing, target_label)
        for table in tables():
            copied = _copy_table(reading, writing, table)
            if progress is not None:
                progress(table.name, copied)
        if engines.is_server(target):
            pg.reset_sequences(writing, [t for t in tables() if "id" in t.c])
            pg.refresh_statistics(writing, tables())
        before, after = count_rows(reading), count_rows(writing)
        counts = [TableCount(t.name, before[t.name], after[t.name]) for t in tables()]
        wrong = [c for c in counts if c.source != c.target]
        if wrong:
            listed = "、".join(f"{c.table}（源 {c.source}，目标 {c.target}）" for c in wrong)
            raise CopyRefused(f"复制后行数不一致：{listed}；已全部撤销，目标登记册未改变")
    return counts


def _copy_table(reading: Connection, writing: Connection, table: Table) -> int:
    order = [c for c in table.primary_key.columns] or list(table.columns)
    result = reading.execute(select(table).order_by(*order))
    copied = 0
    while True:
        rows = result.fetchmany(_CHUNK)
        if not rows:
            return copied
        writing.execute(insert(table), [dict(row._mapping) for row in rows])
        copied += len(rows)
