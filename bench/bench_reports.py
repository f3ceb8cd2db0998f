"""Benchmarks of the expiry report (1,000 and 50,000 holders) and the roster import (10,000 rows).

Each is also timed against the bare library doing the same writes or reads, so a
slower machine shows in both numbers: the report against a script that writes
the same detail sheet through xlsxwriter's public calls in constant-memory mode
(the same formats, the 剩余 figure and the status as formulas over TODAY() in the
report's shapes on every row, the status colours, the filter and the bands) from
the register's rows with no rules applied; the import against a read-only openpyxl iteration of the file.

    python bench/bench_reports.py [--holders 1000 50000] [--rows 10000] [--runs 3]

Targets (medians): the whole report ≤ 1.5 s at 1,000 holders and ≤ 10 s at 50,000;
the import ≤ 3 s.
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

from bare_report import FIGURE_FORMULA, STATUS_FORMULA, WORDS, WORDS_DEFINITION
from openpyxl import load_workbook
from xlsxwriter import Workbook as XlsxWorkbook

from wrc_desktop.reports import report_style as style
from wrc_desktop.reports.cells import excel_serial
from wrc_desktop.reports.expiry_report import COLUMNS, write_expiry_report
from wrc_desktop.reports.roster_import import commit_import, plan_import, read_roster
from wrc_desktop.reports.rows import DeadlineSource
from wrc_desktop.rules.context import RulesContext
from wrc_desktop.rules.dates import add_years
from wrc_desktop.rules.identity import mask_id
from wrc_desktop.store import unit_records
from wrc_desktop.store.bulk import insert_holders
from wrc_desktop.store.db import open_register
from wrc_desktop.store.demo import DEMO_UNITS, generate_holders, make_uscc
from wrc_desktop.store.queries import register_rows

TODAY = dt.date(2026, 11, 22)
REPORT_TARGETS = {1_000: 1.5, 50_000: 10.0}  # holders → seconds, the whole report
IMPORT_TARGET = 3.0


def report_target(holders: int) -> float | None:
    return REPORT_TARGETS.get(holders)


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
        unit_ids = [
            unit_records.create_unit(session, data={**u, "uscc": make_uscc(rng)}).id
            for u in DEMO_UNITS
        ]
        if holders:
            insert_holders(
                session.connection(), list(generate_holders(rng, unit_ids, holders, TODAY))
            )
    return register


def bench_report(folder: Path, holders: int, runs: int) -> tuple[float, float]:
    """Medians of our whole report and of the same detail sheet by the bare public-API script."""
    register = make_register(folder / f"report{holders}", holders)
    out = folder / "report.xlsx"
    temp = folder / "writer-temp"
    temp.mkdir(exist_ok=True)

    def ours() -> None:
        with register.session() as session:
            write_expiry_report(
                session,
                out,
                today=TODAY,
                source=DeadlineSource(RulesContext.load(today=TODAY, overrides=None)),
            )

    def rows():
        with register.session() as session:
            return register_rows(session, include_left=False)

    result = interleaved_medians(
        ours, lambda: bare_xlsxwriter(rows(), folder / "bare.xlsx", temp), runs
    )
    register.close()
    return result


def interleaved_medians(
    first: Callable[[], object], second: Callable[[], object], runs: int
) -> tuple[float, float]:
    """Medians of ``first`` and ``second`` run in turn, so a change in the machine's load
    during the runs weighs on both alike."""
    firsts, seconds = [], []
    for _ in range(runs):
        firsts.append(timed(first))
        seconds.append(timed(second))
    return statistics.median(firsts), statistics.median(seconds)


def bare_xlsxwriter(rows, path: Path, temp: Path) -> None:
    """The report's detail sheet through xlsxwriter's public calls: every cell styled as ours,
    both formulas on every row in the report's shapes (those of bare_report.py), plain values
    and no rules."""
    book = XlsxWorkbook(
        str(path), {**style.WORKBOOK_OPTIONS, "constant_memory": True, "tmpdir": str(temp)}
    )
    formats = style.make_formats(book)
    book.define_name(WORDS, WORDS_DEFINITION)
    sheet = book.add_worksheet("到期明细")
    sheet.write_row(0, 0, [name for name, _ in COLUMNS], formats.header)
    for index, r in enumerate(rows, start=1):
        expiry = excel_serial(r.expiry or TODAY)
        n = index + 1
        for column, value in enumerate(
            (r.unit_name, r.department, r.name, mask_id(r.id_number), r.certificate_no)
        ):
            sheet.write_string(index, column, value or "", formats.cell)
        for column in (5, 6, 7, 10):
            sheet.write_number(index, column, expiry, formats.date)
        figure = FIGURE_FORMULA.format(latest=expiry - 30, lapse=expiry + 30)
        sheet.write_formula(index, 8, figure, formats.cell, "")
        sheet.write_formula(index, 9, STATUS_FORMULA.format(r=n), formats.cell, "正常")
        sheet.write_blank(index, 11, None, formats.cell)
        sheet.write_blank(index, 12, None, formats.cell)
    last = max(len(rows), 1)
    sheet.autofilter(0, 0, last, len(COLUMNS) - 1)
    style.colour_statuses(sheet, f"J2:J{last + 1}", formats)
    style.mark_overdue_days(sheet, f"I2:I{last + 1}", formats, "失效日")
    style.band_rows(sheet, f"A2:H{last + 1} K2:M{last + 1}", formats)
    book.close()


def write_roster(path: Path, rows: int, *, updated: bool = False) -> None:
    """A roster saved the way Excel and WPS save one: a <dimension>, shared strings.

    ``updated`` writes the same people a year on: another department, a renewed
    contract, the permit renewed (a later expiry under the same certificate).
    """
    rng = random.Random(11)
    book = XlsxWorkbook(str(path))  # the ordinary (not constant-memory) mode: shared strings
    sheet = book.add_worksheet("花名册")
    sheet.write_row(
        0, 0, ["姓名", "身份证号码", "部门", "入职日期", "合同到期", "证书编号", "有效期至"]
    )
    dates = book.add_format({"num_format": "yyyy-mm-dd"})
    for index, item in enumerate(generate_holders(rng, [1], rows, TODAY), start=1):
        h, p = item.holder, item.permit
        department, contract_end, expiry = h["department"], h["contract_end"], p["expiry"]
        if updated:
            department = f"{department}二部"
            contract_end = add_years(contract_end, 3)
            expiry = add_years(expiry, 3)
        sheet.write_string(index, 0, h["name"])
        sheet.write_string(index, 1, h["id_number"])
        sheet.write_string(index, 2, department)
        sheet.write_datetime(index, 3, h["hire_date"], dates)
        sheet.write_string(index, 4, contract_end.isoformat())
        sheet.write_string(index, 5, p["certificate_no"])
        sheet.write_datetime(index, 6, expiry, dates)
    book.close()


def import_roster(register, roster: Path, rows: int, action: str) -> None:
    """Read, plan and commit ``roster``; every row must come out as ``action``."""
    plan = read_roster(roster)
    # The generated IDs that end in 000 pass their check digit: confirmed, as a clerk would one by one.
    suspects = [str(cells[1]) for _row, cells in plan.rows if str(cells[1]).endswith("000")]
    with register.session() as session:
        result = plan_import(session, plan, confirmed_ids=suspects, today=TODAY)
        done = len(result.creates) if action == "create" else len(result.updates)
        assert not result.errors and done == rows, (result.errors[:3], done)
        commit_import(session, result)


def bench_import(folder: Path, rows: int, runs: int) -> tuple[float, float, float]:
    """Medians of a new import, of a re-import of the same rows updated, and of a bare read."""
    roster, updated = folder / "roster.xlsx", folder / "roster-updated.xlsx"
    write_roster(roster, rows)
    write_roster(updated, rows, updated=True)
    counter = iter(range(1000))
    new_times, update_times = [], []
    for _ in range(runs):
        register = make_register(folder / f"import{next(counter)}", 0)
        try:
            new_times.append(timed(lambda r=register: import_roster(r, roster, rows, "create")))
            update_times.append(timed(lambda r=register: import_roster(r, updated, rows, "update")))
        finally:
            register.close()

    def bare() -> None:
        book = load_workbook(roster, read_only=True, data_only=True)
        for sheet in book.worksheets:
            for _ in sheet.iter_rows(values_only=True):
                pass
        book.close()

    return (
        statistics.median(new_times),
        statistics.median(update_times),
        median_time(bare, runs),
    )


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--holders", type=int, nargs="+", default=sorted(REPORT_TARGETS))
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    ok = True
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        for holders in args.holders:
            report, bare_report = bench_report(folder, holders, args.runs)
            target = report_target(holders)
            ok = ok and (target is None or report <= target)
            print(
                f"expiry report, {holders} holders: median {report:.2f} s "
                f"(target {'≤ ' + str(target) + ' s' if target else 'none'}); "
                f"bare public-API xlsxwriter, same sheet {bare_report:.2f} s; "
                f"ratio {report / bare_report:.2f}"
            )
        imported, updated, bare_read = bench_import(folder, args.rows, args.runs)
        print(
            f"roster import, {args.rows} rows: median {imported:.2f} s (target ≤ {IMPORT_TARGET} s); "
            f"bare openpyxl read {bare_read:.2f} s; ratio {imported / bare_read:.2f}; "
            f"the same rows updated {updated:.2f} s, ratio to new {updated / imported:.2f} (≤ 1.5)"
        )
    ok = ok and imported <= IMPORT_TARGET and updated <= 1.5 * imported
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
