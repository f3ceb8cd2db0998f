"""The shared register's lines: the same work on PostgreSQL and on SQLite, and the ratio.

    python bench/bench_shared.py [--holders 10000] [--rows 10000] [--runs 3]

PostgreSQL is a throwaway local cluster (tests/pg_fixture.py; or ``WRC_TEST_DATABASE_URL``),
so the ratio shows the engine and its driver, not an office network's latency (on a LAN,
add about one round trip per statement). Lines:

- the register's rows as the window's first paint reads them (``holders.snapshot``);
- an edit by one clerk → the typed changes arrive at another clerk's core (PostgreSQL only:
  on SQLite there is no other clerk; the window then reloads the row as after its own edit);
- importing a roster through the core (plan + commit, after the pre-import backup).
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


def engine_lines(register, folder: Path, holders: int, rows: int, runs: int) -> dict[str, float]:
    from wrc_desktop.desk import holders as desk_holders
    from wrc_desktop.desk import imports as desk_imports
    from wrc_desktop.store import repo

    desk = _desk(register, folder)
    _filled(register, holders)
    desk_holders.snapshot(desk)  # the rules context and the imports, as before a first paint
    found = {"paint": _timed(lambda: desk_holders.snapshot(desk), runs)}
    with register.session() as session:
        unit = repo.list_units(session)[0].name
    roster = _roster(folder, rows)

    def import_once() -> None:
        seen = desk_imports.plan_shape(desk_imports.plan(desk, roster, unit=unit))
        desk_imports.commit(
            desk, roster, unit=unit, confirmed_rows=(), seen=seen, valid_only=True,
            accept_renames=True,
        )  # fmt: skip
        desk_imports.undo_last(desk, force=True)

    found["import"] = _timed(import_once, max(1, runs // 2))
    return found


def edit_heard(url: str, folder: Path, runs: int) -> float:
    """One clerk saves a holder; the other clerk's core has the typed changes."""
    from sqlmodel import select

    from wrc_desktop.desk import Changes
    from wrc_desktop.store import repo
    from wrc_desktop.store.db import open_url
    from wrc_desktop.store.models import Holder

    first, second = open_url(url), open_url(url)
    writer, reader = _desk(first, folder), _desk(second, folder)
    feed = reader.listener()
    with first.session() as session:
        holder = session.exec(select(Holder).order_by(Holder.id)).first()
        values = holder.model_dump()
    times = []
    for run in range(runs):
        began = time.perf_counter()
        with writer.session() as session:
            repo.update_holder(session, holder.id, holder={**values, "department": f"部门{run}"})
        writer.announce(Changes.of_holders([holder.id]))
        heard = None
        while heard is None:
            heard = feed.wait(2.0)
        times.append(time.perf_counter() - began)
    feed.close()
    first.close()
    second.close()
    return statistics.median(times)


def measure(holders: int, rows: int, runs: int) -> tuple[dict, dict, float]:
    """SQLite's and PostgreSQL's times for the same work, and the edit → heard latency."""
    from tests.pg_fixture import start_cluster
    from wrc_desktop.store.db import open_register, open_url

    cluster = start_cluster()
    try:
        with tempfile.TemporaryDirectory() as scratch:
            root = Path(scratch)
            (root / "lite").mkdir()
            (root / "pg").mkdir()
            lite = open_register(root / "lite" / "wrc.sqlite3", root / "lite" / "backups")
            sqlite = engine_lines(lite, root / "lite", holders, rows, runs)
            lite.close()
            url = cluster.url(cluster.create_database())
            server = open_url(url, root / "pg" / "backups")
            postgres = engine_lines(server, root / "pg", holders, rows, runs)
            server.close()
            heard = edit_heard(url, root / "pg", runs * 3)
    finally:
        for stop in cluster.stop:
            stop()
    return sqlite, postgres, heard


LABELS = {
    "paint": "登记册首屏数据（{holders:,} 名持证人）",
    "import": "导入花名册并撤销（{rows:,} 行，含导入前备份）",
}
HEARD_LABEL = "一位经办人保存 → 另一位经办人的程序收到变更"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--holders", type=int, default=10_000)
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    sqlite, postgres, heard = measure(args.holders, args.rows, args.runs)
    print("| 测量 | SQLite | PostgreSQL | 比值 PG/SQLite |")
    print("|---|---|---|---|")
    for key, label in LABELS.items():
        a, b = sqlite[key], postgres[key]
        shown = label.format(holders=args.holders, rows=args.rows)
        print(f"| {shown} | {a * 1000:.0f} ms | {b * 1000:.0f} ms | {b / a:.2f} |")
    print(f"| {HEARD_LABEL} | — | {heard * 1000:.0f} ms | — |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
