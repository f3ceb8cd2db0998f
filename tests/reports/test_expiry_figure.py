"""The 剩余 figure's formula says, on every day it may be opened, what the register says that day;
and the file holds each formula exactly as the report built it (the writer rewrites none).

The formula is checked without a spreadsheet: its few parts (IF, comparisons with TODAY(), DAYS,
subtraction, ``&``) are read as the same Python, so any day can stand for TODAY(). The
LibreOffice test of test_expiry_report checks the real recalculation on the day it runs.
"""

from __future__ import annotations

import datetime as dt
import re

import openpyxl
import pytest

from tests.conftest import TODAY
from tests.helpers import source_on
from wrc_desktop.reports.cells import excel_serial
from wrc_desktop.reports.detail_rows import COLUMNS, DAYS_BETWEEN, figure_formula
from wrc_desktop.reports.expiry_report import DETAIL_SHEET, HEADER_ROW, write_expiry_report
from wrc_desktop.reports.rows import deadline_rows
from wrc_desktop.rules.countdown import permit_countdown
from wrc_desktop.rules.deadlines import renewal_deadlines
from wrc_desktop.rules.policy import get_policy
from wrc_desktop.rules.workdays import default_calendar

HEADERS = [name for name, _ in COLUMNS]
FIGURE, CERTIFICATE = HEADERS.index("剩余（距期限）"), HEADERS.index("证书编号")


class _Text(str):
    """Formula text: ``&`` (read as ``|``) joins it with a number the way Excel's ``&`` does."""

    def __or__(self, other: object) -> _Text:
        return _Text(f"{self}{other}")

    def __ror__(self, other: object) -> _Text:
        return _Text(f"{other}{self}")


def _shown_on(formula: str, day: dt.date) -> str:
    """What ``formula`` (the figure's few functions only) shows when opened on ``day``."""
    parts = re.split(r'("[^"]*")', formula.removeprefix("="))  # the words, kept as they are
    python = []
    for index, part in enumerate(parts):
        if index % 2:
            python.append(f"_Text({part})")
            continue
        part = part.replace("TODAY()", "today").replace(f"{DAYS_BETWEEN}(", "days(")
        part = part.replace("IF(", "when(").replace("&", "|")
        python.append(re.sub(r"(?<![<>])=", "==", part))
    names = {
        "today": excel_serial(day),
        "days": lambda end, start: end - start,  # Excel's DAYS(end, start) of day numbers
        "when": lambda condition, then, otherwise: then if condition else otherwise,
        "_Text": _Text,
    }
    # The text is the report's own formula, read with no builtins.
    return str(eval("".join(python), {"__builtins__": {}}, names))


def _every_day(deadlines):
    day = deadlines.latest_submission - dt.timedelta(days=40)
    while day <= deadlines.lapses_on + dt.timedelta(days=40):
        yield day
        day += dt.timedelta(days=1)


@pytest.mark.parametrize("district", ["haidian", "dongcheng", "xicheng", "shijingshan"])
@pytest.mark.parametrize("expiry", [dt.date(2026, 10, 8), dt.date(2027, 2, 17)])
def test_the_figure_formula_shows_the_registers_figure_every_day(district, expiry):
    deadlines = renewal_deadlines(get_policy(district), expiry, calendar=default_calendar())
    formula = figure_formula(deadlines)
    for day in _every_day(deadlines):
        assert _shown_on(formula, day) == permit_countdown(deadlines, day).text, day


def test_an_automatic_extension_counts_to_its_confirmation_every_day():
    deadlines = renewal_deadlines(
        get_policy("dongcheng"),
        dt.date(2027, 6, 30),
        first_issued=dt.date(2024, 6, 1),
        contract_end=dt.date(2030, 1, 1),
        calendar=default_calendar(),
    )
    assert deadlines.auto_extension
    formula = figure_formula(deadlines)
    for day in _every_day(deadlines):
        assert _shown_on(formula, day) == permit_countdown(deadlines, day).text, day


def test_the_file_holds_each_figure_formula_as_built(demo_register, tmp_path):
    """The formulas carry DAYS with the prefix Excel stores, so xlsxwriter keeps them verbatim
    instead of scanning each for newer functions (its documented rule; the report's speed rests
    on it): read back, each row's formula is the one built from that holder's deadlines."""
    out = tmp_path / "report.xlsx"
    with demo_register.session() as session:
        write_expiry_report(session, out, today=TODAY, source=source_on(TODAY))
        built = {
            r.row.certificate_no: figure_formula(r.deadlines)
            for r in deadline_rows(session, TODAY, source_on(TODAY))
            if r.figure(TODAY) is not None and r.deadlines is not None
        }
    sheet = openpyxl.load_workbook(out)[DETAIL_SHEET]
    stored = {
        row[CERTIFICATE].value: row[FIGURE].value
        for row in sheet.iter_rows(min_row=HEADER_ROW + 2)
        if row[FIGURE].data_type == "f"
    }
    assert built and stored == built
    assert all(f"{DAYS_BETWEEN}(" in formula for formula in stored.values())
