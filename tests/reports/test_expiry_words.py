"""The expiry report says what its cells say: every state word the rules can produce is coloured
in the written file, the month table covers the months the filter reaches and adds up to the
rows, and the legend names the sheet's own columns, state words and sheet names."""

from __future__ import annotations

import datetime as dt

import openpyxl

from tests.conftest import TODAY
from wrc_desktop import paths
from wrc_desktop.desk import Desk
from wrc_desktop.desk import reports as desk_reports
from wrc_desktop.reports.expiry_report import COLUMNS, DETAIL_SHEET, SUMMARY_SHEET
from wrc_desktop.reports.live_status import STATUS_WORDS
from wrc_desktop.rules.countdown import LAPSE
from wrc_desktop.rules.deadlines import STATUSES
from wrc_desktop.rules.permit_state import NO_PERMIT, SCALE

HEADERS = [name for name, _ in COLUMNS]
STATUS_LETTER = openpyxl.utils.get_column_letter(HEADERS.index("状态") + 1)


def _report(register, out, within_days=None):
    desk = Desk(register, data_dir=paths.data_dir(), clock=lambda: TODAY)
    return desk_reports.expiry_report(desk, out, within_days=within_days)


def _coloured_words(sheet, column: str) -> dict[str, str]:
    """State word → fill colour of the conditional formats on ``column`` of ``sheet``."""
    found = {}
    for cells, rules in sheet.conditional_formatting._cf_rules.items():
        if not all(r.min_col == r.max_col == ord(column) - 64 for r in cells.sqref.ranges):
            continue
        for rule in rules:
            if rule.type == "cellIs" and rule.operator == "equal":
                word = rule.formula[0].strip('"')
                found[word] = rule.dxf.fill.bgColor.rgb
    return found


def test_every_state_word_the_rules_can_produce_is_coloured(demo_register, tmp_path):
    report = _report(demo_register, tmp_path / "r.xlsx")
    book = openpyxl.load_workbook(report.path)
    detail = book[DETAIL_SHEET]
    coloured = _coloured_words(detail, STATUS_LETTER)
    assert set(SCALE) <= set(coloured), set(SCALE) - set(coloured)
    # the words the status formulas pick from are the rules' renewal stages, each coloured
    defined = book.defined_names[STATUS_WORDS].attr_text
    assert defined == "{" + ",".join(f'"{word}"' for word in STATUSES) + "}"
    # every word a cell holds on the day it was made has its colour (the static states: 已失效 …)
    written = {
        row[0]
        for row in detail.iter_rows(
            min_row=4,
            min_col=HEADERS.index("状态") + 1,
            max_col=HEADERS.index("状态") + 1,
            values_only=True,
        )
        if row[0] and not str(row[0]).startswith("=")
    }
    assert written and written <= set(coloured)
    # the summary's state lines carry the same colours, and list every state a row has
    summary = book[SUMMARY_SHEET]
    assert _coloured_words(summary, "A") == coloured
    listed = [word for word in report.by_status]
    assert set(written) <= set(listed) and set(STATUSES) <= set(listed)


def test_a_report_of_30_days_lists_only_the_months_it_reaches(demo_register, tmp_path):
    report = _report(demo_register, tmp_path / "r.xlsx", within_days=30)
    limit = TODAY + dt.timedelta(days=30)  # 2026-12-22
    assert (TODAY.month, limit.month) == (11, 12)
    months = [month for month, _count in report.by_month if month.endswith("月")]
    assert months == ["2026年11月", "2026年12月"]
    assert report.months == "2026年11月至2026年12月"
    # the permits that expired before this month are in the report ("含已过期"): one line says so
    table = dict(report.by_month)
    assert table["2026年10月及以前"] > 0
    assert sum(table.values()) == report.rows
    assert not any(label.endswith("及以后") for label in table)  # nothing beyond the filter
    summary = openpyxl.load_workbook(report.path)[SUMMARY_SHEET]
    lines = [str(row[0]) for row in summary.iter_rows(values_only=True) if row[0]]
    assert any("逐月列出 2026年11月至2026年12月" in line for line in lines)
    written = {
        row[0]: row[1]
        for row in summary.iter_rows(values_only=True)
        if row[0] in table and isinstance(row[1], int)
    }
    assert written == table


def test_a_register_without_a_filter_counts_every_row_in_the_months(register, tmp_path):
    from tests.reports.builders import add_holder, add_unit

    with register.session() as session:
        unit = add_unit(session)
        add_holder(session, unit.id, expiry=TODAY + dt.timedelta(days=800))
        add_holder(session, unit.id, name="李四", sequence="135", expiry=None)
    report = _report(register, tmp_path / "r.xlsx")
    table = dict(report.by_month)
    assert table["2027年11月及以后"] == 1
    assert table[f"无到期日（{NO_PERMIT}）"] == 1
    assert sum(table.values()) == report.rows == 2


def test_the_legend_names_the_sheets_own_words(demo_register, tmp_path):
    report = _report(demo_register, tmp_path / "r.xlsx")
    book = openpyxl.load_workbook(report.path)
    assert book.sheetnames == [SUMMARY_SHEET, DETAIL_SHEET]
    detail = book[DETAIL_SHEET]
    headers = [cell.value for cell in detail[3]]
    assert headers == HEADERS
    summary = book[SUMMARY_SHEET]
    notes = [str(row[0]) for row in summary.iter_rows(values_only=True) if row[0]]
    legend = notes[notes.index("说明") + 1 :]
    quoted = {word for note in legend for word in _quoted(note)}
    # every “…” the legend quotes is a header of the detail sheet or a sheet's name
    assert quoted and quoted <= set(headers) | set(book.sheetnames), quoted
    assert any(f"过了（{STATUSES[4]}）就数到{LAPSE}，并标为红色" in note for note in legend)
    # …and the red it promises is the figure column's rule for the cells naming that deadline
    days_column = chr(ord("A") + headers.index("剩余（距期限）"))
    red = [
        rule
        for ranges in detail.conditional_formatting
        if str(ranges.sqref).startswith(days_column)
        for rule in ranges.rules
        if rule.type == "containsText"
    ]
    assert [rule.text for rule in red] == [LAPSE]
    for line in [str(detail["A2"].value), *notes]:
        assert set(_quoted(line)) - set(headers) - set(book.sheetnames) == set(), line


def _quoted(text: str) -> list[str]:
    parts = text.split("“")[1:]
    return [part.split("”", 1)[0] for part in parts]
