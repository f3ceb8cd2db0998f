"""The shared register's lines: the same work on PostgreSQL and on SQLite, and the ratio.

    python bench/bench_shared.py [--holders 10000] [--rows 10000] [--filter-holders 50000] [--runs 3]

PostgreSQL is a throwaway local cluster (tests/pg_fixture.py; or ``WRC_TEST_DATABASE_URL``),
so the ratio shows the engine and its driver, not an office network's latency (on a LAN,
add about one round trip per statement). Lines:

- the register's rows as the window's first paint reads them (``holders.snapshot``);
- every row of a 50,000-holder register as the window loads it: the register page filters
  in memory (a proxy model over the loaded rows), so the engine's part of a filter is this load;
- an edit by one clerk → the row visible in another clerk's window: the save, the
  announcement, the other core hearing the typed changes and reloading that row (on SQLite,
  one clerk per file: the save and the row's reload); and the edit → heard latency alone;
- importing a roster through the core (preview + commit, after the pre-import backup;
  the undo between runs is not timed).
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

TODAY = dt.date(2026, 11, 22)


def _desk(register, folder: Path):
    from wrc_desktop.desk import Desk

    return Desk(register, data_dir=folder, clock=lambda: TODAY)


def _filled(register, holders: int) -> None:
    from wrc_desktop.store.demo import load_demo

    with register.session() as session:
        load_demo(session, today=TODAY, holders=holders)


def _timed(work, runs: int) -> float:
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        work()
        times.append(time.perf_counter() - began)
    return statistics.median(times)


def _roster(folder: Path, rows: int):
    from openpyxl import Workbook
    from stdnum.cn import ric

    from wrc_desktop.reports.roster_read import read_roster

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("花名册")
    sheet.append(["姓名", "身份证号码", "部门"])
    for i in range(rows):
        body = f"110108{19700101 + (i % 28) + 100 * (i // 28 % 12):08d}{i % 1000:03d}"
        number = body + ric.calc_check_digit(body + "0")
        sheet.append([f"导入{i}", number, "研发中心"])
    path = folder / "roster.xlsx"
    workbook.save(path)
    return read_roster(path)


FILTER_HOLDERS = 50_000


def engine_lines(register, folder: Path, holders: int, rows: int, runs: int) -> dict[str, float]:
    from wrc_desktop.desk import holders as desk_holders
    from wrc_desktop.desk import imports as desk_imports
    from wrc_desktop.store import unit_records

    desk = _desk(register, folder)
    _filled(register, holders)
    desk_holders.snapshot(desk)  # the rules context and the imports, as before a first paint
    found = {"paint": _timed(lambda: desk_holders.snapshot(desk), runs)}
    with register.session() as session:
        unit = unit_records.list_units(session)[0].name
    roster = _roster(folder, rows)
    times = []
    for _ in range(max(1, runs // 2)):
        began = time.perf_counter()
        seen = desk_imports.plan_shape(desk_imports.plan(desk, roster, unit=unit))
        desk_imports.commit(
            desk, roster, unit=unit, confirmed_rows=(), seen=seen, valid_only=True,
            accept_renames=True,
        )  # fmt: skip
        times.append(time.perf_counter() - began)
        desk_imports.undo_last(desk, force=True)  # not timed: the next run imports again
    found["import"] = statistics.median(times)
    return found


def filter_load(register, folder: Path, holders: int, runs: int) -> float:
    """Every row of a large register as the window loads it (the filter then runs in memory)."""
    from wrc_desktop.desk import holders as desk_holders

    desk = _desk(register, folder)
    _filled(register, holders)
    desk_holders.snapshot(desk)
    return _timed(lambda: desk_holders.snapshot(desk), runs)


def edit_visible(writer, reader, runs: int) -> tuple[float, float]:
    """One clerk saves a holder → the row as another clerk's window reloads it shows the change.

    On SQLite the other clerk is the same core (one clerk per file): the save and the row's
    reload. On PostgreSQL: the save, its announcement, the other core hearing the typed
    changes and reloading the row. Returns (edit → row visible, edit → changes heard).
    """
    from sqlmodel import select

    from wrc_desktop.desk import Changes
    from wrc_desktop.desk import holders as desk_holders
    from wrc_desktop.store import holder_records
    from wrc_desktop.store.models import Holder

    feed = reader.listener() if reader is not writer else None
    with writer._register.session() as session:  # the bench reads its own row directly
        holder = session.exec(select(Holder).order_by(Holder.id)).first()
        values = holder.model_dump()
    visible, heard_times = [], []
    for run in range(runs):
        department = f"部门{run}"
        began = time.perf_counter()
        with writer._register.session() as session:
            holder_records.update_holder(
                session, holder.id, holder={**values, "department": department}
            )
        changes = Changes.of_holders([holder.id])
        writer.announce(changes)
        if feed is not None:
            heard = None
            while heard is None:
                heard = feed.wait(2.0)
            changes = heard
            heard_times.append(time.perf_counter() - began)
        rows = desk_holders.snapshot(reader, changes.holders).rows
        assert any(r.department == department for r in rows), "the edit is not visible"
        visible.append(time.perf_counter() - began)
    if feed is not None:
        feed.close()
    return statistics.median(visible), statistics.median(heard_times) if heard_times else 0.0


def measure(
    holders: int, rows: int, runs: int, filter_holders: int = FILTER_HOLDERS
) -> tuple[dict, dict, float]:
    """SQLite's and PostgreSQL's times for the same work, and the edit → heard latency."""
    from tests.pg_fixture import start_cluster
    from wrc_desktop.store.db import open_register, open_url

    cluster = start_cluster()
    try:
        with tempfile.TemporaryDirectory() as scratch:
            root = Path(scratch)
            for name in ("lite", "lite-big", "pg", "pg-big"):
                (root / name).mkdir()
            lite = open_register(root / "lite" / "wrc.sqlite3", root / "lite" / "backups")
            sqlite = engine_lines(lite, root / "lite", holders, rows, runs)
            one = _desk(lite, root / "lite")
            sqlite["visible"], _ = edit_visible(one, one, runs * 3)
            lite.close()
            big = open_register(root / "lite-big" / "wrc.sqlite3", root / "lite-big" / "backups")
            sqlite["filter_load"] = filter_load(big, root / "lite-big", filter_holders, runs)
            big.close()

            url = cluster.url(cluster.create_database())
            server = open_url(url, root / "pg" / "backups")
            postgres = engine_lines(server, root / "pg", holders, rows, runs)
            other = open_url(url, root / "pg" / "backups")
            postgres["visible"], heard = edit_visible(
                _desk(server, root / "pg"), _desk(other, root / "pg"), runs * 3
            )
            other.close()
            server.close()
            big_url = cluster.url(cluster.create_database())
            big = open_url(big_url, root / "pg-big" / "backups")
            postgres["filter_load"] = filter_load(big, root / "pg-big", filter_holders, runs)
            big.close()
    finally:
        for stop in cluster.stop:
            stop()
    return sqlite, postgres, heard


LABELS = {
    "paint": "登记册首屏数据（{holders:,} 名持证人）",
    "filter_load": f"筛选前载入全部行（{FILTER_HOLDERS:,} 名持证人；筛选本身在内存中进行）",
    "visible": "一位经办人保存 → 另一位经办人的窗口可见该行（SQLite：同一程序重新读取该行）",
    "import": "导入花名册（{rows:,} 行，含预览与导入前备份）",
}
HEARD_LABEL = "一位经办人保存 → 另一位经办人的程序收到变更"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--holders", type=int, default=10_000)
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--filter-holders", type=int, default=FILTER_HOLDERS)
    args = parser.parse_args()
    sqlite, postgres, heard = measure(args.holders, args.rows, args.runs, args.filter_holders)
    print("| 测量 | SQLite | PostgreSQL | 比值 PG/SQLite |")
    print("|---|---|---|---|")
    for key, label in LABELS.items():
        a, b = sqlite[key], postgres[key]
        shown = label.format(holders=args.holders, rows=args.rows).replace(
            f"{FILTER_HOLDERS:,}", f"{args.filter_holders:,}"
        )
        print(f"| {shown} | {a * 1000:.0f} ms | {b * 1000:.0f} ms | {b / a:.2f} |")
    print(f"| {HEARD_LABEL} | — | {heard * 1000:.0f} ms | — |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
