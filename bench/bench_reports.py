"""Benchmarks of the expiry report (50 000 holders) and the roster import (10 000 rows).

Each is also timed against bare openpyxl doing the same reads or writes (write-only
workbook of the same values without styles; read-only iteration of the same file),
so a slower machine shows in both numbers and the ratio says what our work costs.

    python bench/bench_reports.py [--holders 50000] [--rows 10000] [--runs 3]

Targets: report ≤ 6 s, import ≤ 3 s (medians).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from openpyxl import Workbook, load_workbook

from wrc_desktop.reports.rows import DeadlineSource
from wrc_desktop.rules.context import RulesContext
from wrc_desktop.reports.expiry_report import COLUMNS, write_expiry_report
from wrc_desktop.reports.roster_import import commit_import, plan_import, read_roster
from wrc_desktop.rules.identity import mask_id
from wrc_desktop.store import repo
from wrc_desktop.store.bulk import insert_holders
from wrc_desktop.store.db import open_register
from wrc_desktop.store.demo import DEMO_UNITS, generate_holders, make_uscc
from wrc_desktop.store.queries import register_rows

TODAY = dt.date(2026, 11, 22)
REPORT_TARGET, IMPORT_TARGET = 6.0, 3.0


def median_time(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def make_register(folder: Path, holders: int):
    register = open_register(folder / "wrc.sqlite3", folder / "backups")
    rng = random.Random(7)
    with register.session() as session:
        unit_ids = [repo.create_unit(session, data={**u, "uscc": make_uscc(rng)}).id for u in DEMO_UNITS]
        if holders:
            insert_holders(session.connection(), list(generate_holders(rng, unit_ids, holders, TODAY)))
    return register


def bench_report(folder: Path, holders: int, runs: int) -> tuple[float, float]:
    register = make_register(folder / "report", holders)
    out = folder / "report.xlsx"

    def ours() -> None:
        with register.session() as session:
            write_expiry_report(session, out, today=TODAY, source=DeadlineSource(RulesContext.load(today=TODAY, overrides=None)))

    def bare() -> None:
        # The same number of rows and cells, plain values, no styles and no rules.
        with register.session() as session:
            rows = register_rows(session, include_left=False)
        book = Workbook(write_only=True)
        sheet = book.create_sheet("到期明细")
        sheet.append([name for name, _ in COLUMNS])
        for r in rows:
            sheet.append([r.unit_name, r.department, r.name, mask_id(r.id_number), r.certificate_no, r.expiry,
                          r.expiry, r.expiry, 0, "正常", r.contract_end, "", ""])
        book.save(folder / "bare.xlsx")

    result = median_time(ours, runs), median_time(bare, runs)
    register.close()
    return result


def write_roster(path: Path, rows: int) -> None:
    rng = random.Random(11)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("花名册")
    sheet.append(["姓名", "身份证号码", "部门", "入职日期", "合同到期", "证书编号", "有效期至"])
    for item in generate_holders(rng, [1], rows, TODAY):
        h, p = item.holder, item.permit
        sheet.append([h["name"], h["id_number"], h["department"], h["hire_date"], h["contract_end"].isoformat(),
                      p["certificate_no"], p["expiry"]])
    book.save(path)


def bench_import(folder: Path, rows: int, runs: int) -> tuple[float, float]:
    roster = folder / "roster.xlsx"
    write_roster(roster, rows)
    counter = iter(range(1000))

    def ours() -> None:
        register = make_register(folder / f"import{next(counter)}", 0)
        try:
            plan = read_roster(roster)
            with register.session() as session:
                result = plan_import(session, plan)
                assert not result.errors and len(result.creates) == rows, result.errors[:3]
                commit_import(session, result)
        finally:
            register.close()

    def bare() -> None:
        book = load_workbook(roster, read_only=True, data_only=True)
        for sheet in book.worksheets:
            for _ in sheet.iter_rows(values_only=True):
                pass
        book.close()

    return median_time(ours, runs), median_time(bare, runs)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--holders", type=int, default=50_000)
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        report, bare_report = bench_report(folder, args.holders, args.runs)
        print(f"expiry report, {args.holders} holders: median {report:.2f} s (target ≤ {REPORT_TARGET} s); "
              f"bare openpyxl {bare_report:.2f} s; ratio {report / bare_report:.2f}")
        imported, bare_read = bench_import(folder, args.rows, args.runs)
        print(f"roster import, {args.rows} rows: median {imported:.2f} s (target ≤ {IMPORT_TARGET} s); "
              f"bare openpyxl read {bare_read:.2f} s; ratio {imported / bare_read:.2f}")
    ok = report <= REPORT_TARGET and imported <= IMPORT_TARGET
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
