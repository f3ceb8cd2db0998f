"""Benchmarks of the expiry report (50 000 holders) and the roster import (10 000 rows).

Each is also timed against the bare library doing the same writes or reads, so a
slower machine shows in both numbers and the ratio says what our work costs:
the report against the same styled sheet (formats, formulas over TODAY(),
conditional colours, the table) written by bare xlsxwriter in constant-memory
mode from the register's rows with no rules applied, and — in the same run, to
justify the choice of writer — the same sheet written by bare openpyxl
(write-only mode); the import against a read-only openpyxl iteration of the file.

    python bench/bench_reports.py [--holders 50000] [--rows 10000] [--runs 3]

Targets: report ≤ 4 s and ≤ 1.3 × the bare writer, import ≤ 3 s (medians).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet.table import Table, TableColumn, TableStyleInfo
from xlsxwriter import Workbook as XlsxWorkbook

from wrc_desktop.reports import report_style as style
from wrc_desktop.reports.expiry_report import COLUMNS, write_expiry_report
from wrc_desktop.reports.roster_import import commit_import, plan_import, read_roster
from wrc_desktop.reports.rows import DeadlineSource
from wrc_desktop.rules.context import RulesContext
from wrc_desktop.rules.dates import add_years
from wrc_desktop.rules.identity import mask_id
from wrc_desktop.store import repo
from wrc_desktop.store.bulk import insert_holders
from wrc_desktop.store.db import open_register
from wrc_desktop.store.demo import DEMO_UNITS, generate_holders, make_uscc
from wrc_desktop.store.queries import register_rows

TODAY = dt.date(2026, 11, 22)
REPORT_TARGET, REPORT_RATIO, IMPORT_TARGET = 4.0, 1.3, 3.0
# The shape of the report's status formula (six comparisons of today with the row's dates).
STATUS_FORMULA = (
    '=IF(TODAY()>=F{r}+30,"已失效",IF(TODAY()>=F{r},"已过期（宽限期内）",IF(TODAY()>H{r},'
    '"已过最晚提交日",IF(TODAY()>=H{r}-7,"紧急",IF(TODAY()>=G{r},"续签期内",'
    'IF(TODAY()>=G{r}-30,"即将进入续签期","正常"))))))'
)


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
            repo.create_unit(session, data={**u, "uscc": make_uscc(rng)}).id for u in DEMO_UNITS
        ]
        if holders:
            insert_holders(
                session.connection(), list(generate_holders(rng, unit_ids, holders, TODAY))
            )
    return register


def bench_report(folder: Path, holders: int, runs: int) -> tuple[float, float, float]:
    """Medians of our report, the same styled sheet by bare xlsxwriter, and by bare openpyxl."""
    register = make_register(folder / "report", holders)
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

    result = (
        median_time(ours, runs),
        median_time(lambda: bare_xlsxwriter(rows(), folder / "bare.xlsx", temp), runs),
        median_time(lambda: bare_openpyxl(rows(), folder / "bare-openpyxl.xlsx"), runs),
    )
    register.close()
    return result


def bare_xlsxwriter(rows, path: Path, temp: Path) -> None:
    """The report's detail sheet with every cell styled as ours, plain values and no rules."""
    book = XlsxWorkbook(
        str(path), {**style.WORKBOOK_OPTIONS, "constant_memory": True, "tmpdir": str(temp)}
    )
    formats = style.make_formats(book)
    sheet = book.add_worksheet("到期明细")
    for column, (name, _) in enumerate(COLUMNS):
        sheet.write_string(0, column, name, formats.header)
    for index, r in enumerate(rows, start=1):
        expiry = (r.expiry or TODAY).toordinal() - 693594  # Excel's day number
        for column, value in enumerate(
            (r.unit_name, r.department, r.name, mask_id(r.id_number), r.certificate_no)
        ):
            sheet.write_string(index, column, value or "", formats.cell)
        for column in (5, 6, 7, 10):
            sheet.write_number(index, column, expiry, formats.date)
        sheet.write_formula(index, 8, f"=H{index + 1}-TODAY()", formats.days, 0)
        sheet.write_formula(index, 9, STATUS_FORMULA.format(r=index + 1), formats.cell, "正常")
        sheet.write_blank(index, 11, None, formats.cell)
        sheet.write_blank(index, 12, None, formats.cell)
    last = max(len(rows), 1)
    style.add_table_after_rows(
        sheet,
        0,
        last,
        {
            "name": "明细",
            "style": style.TABLE_STYLE,
            "columns": [{"header": name} for name, _ in COLUMNS],
        },
    )
    style.colour_statuses(sheet, f"J2:J{last + 1}", formats)
    book.close()


def bare_openpyxl(rows, path: Path) -> None:
    """The same styled sheet with openpyxl's write-only mode (named-once styles copied per cell)."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet("到期明细")
    side = Side(style="thin", color="A6A6A6")
    border, font = (
        Border(left=side, right=side, top=side, bottom=side),
        Font(name=style.BODY_FONT, size=10),
    )

    def template(value, **extra):
        cell = WriteOnlyCell(sheet, value)
        cell.border, cell.font = border, font
        for name, item in extra.items():
            setattr(cell, name, item)
        return cell

    header = [
        template(
            name, fill=PatternFill("solid", fgColor="305496"), alignment=Alignment(wrap_text=True)
        )
        for name, _ in COLUMNS
    ]
    text, date, number = template("x"), template(TODAY, number_format="yyyy-mm-dd"), template(0)

    def like(model, value):
        cell = WriteOnlyCell(sheet, value)
        cell._style = model._style
        return cell

    last = max(len(rows), 1) + 1
    for status, (fill, colour) in style.STATUS_COLOURS.items():
        sheet.conditional_formatting.add(
            f"J2:J{last}",
            CellIsRule(
                operator="equal",
                formula=[f'"{status}"'],
                fill=PatternFill(bgColor=fill),
                font=Font(color=colour),
            ),
        )
    table = Table(displayName="明细", ref=f"A1:M{last}")
    table.tableStyleInfo = TableStyleInfo(name="TableStyleLight9", showRowStripes=True)
    table.tableColumns = [
        TableColumn(id=index, name=name) for index, (name, _) in enumerate(COLUMNS, start=1)
    ]
    with (
        warnings.catch_warnings()
    ):  # it warns that write-only tables need their columns: they have them
        warnings.simplefilter("ignore", UserWarning)
        sheet.add_table(table)
    sheet.append(header)
    for index, r in enumerate(rows, start=2):
        expiry = r.expiry or TODAY
        sheet.append(
            [
                like(text, r.unit_name),
                like(text, r.department),
                like(text, r.name),
                like(text, mask_id(r.id_number)),
                like(text, r.certificate_no),
                like(date, expiry),
                like(date, expiry),
                like(date, expiry),
                like(number, f"=H{index}-TODAY()"),
                like(text, STATUS_FORMULA.format(r=index)),
                like(date, expiry),
                like(text, None),
                like(text, None),
            ]
        )
    book.save(path)


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
        result = plan_import(session, plan, confirmed_ids=suspects)
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
    parser.add_argument("--holders", type=int, default=50_000)
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        report, bare_report, bare_openpyxl_report = bench_report(folder, args.holders, args.runs)
        print(
            f"expiry report, {args.holders} holders: median {report:.2f} s (target ≤ {REPORT_TARGET} s); "
            f"bare xlsxwriter {bare_report:.2f} s; ratio {report / bare_report:.2f} (target ≤ {REPORT_RATIO}); "
            f"the same sheet by bare openpyxl {bare_openpyxl_report:.2f} s"
        )
        imported, updated, bare_read = bench_import(folder, args.rows, args.runs)
        print(
            f"roster import, {args.rows} rows: median {imported:.2f} s (target ≤ {IMPORT_TARGET} s); "
            f"bare openpyxl read {bare_read:.2f} s; ratio {imported / bare_read:.2f}; "
            f"the same rows updated {updated:.2f} s, ratio to new {updated / imported:.2f} (≤ 1.5)"
        )
    ok = (
        report <= REPORT_TARGET
        and report / bare_report <= REPORT_RATIO
        and imported <= IMPORT_TARGET
        and updated <= 1.5 * imported
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
