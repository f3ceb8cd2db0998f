"""Property: whatever merged ranges, formulas (with and without cached values) and error cells
a roster holds, every row either arrives with exactly what Excel shows or is reported naming
its row and each column it cannot read.

The model below is what Excel displays: a covered cell of a merged range shows the range's
first cell (down one column the roster gives that value to every row it covers; across
columns it is refused), a formula shows its cached value, or, without one, the value of a
constant (DATE(y,m,d), a number, a text); any other formula without a cached value and any
error value has nothing to import.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import select

from tests.helpers import id_number
from tests.reports.builders import add_unit
from tests.reports.xlsx_parts import DATE_STYLE, cell, row, write_xlsx
from wrc_desktop.reports.roster_import import plan_import, read_roster
from wrc_desktop.store.models import Unit

HEADER = ["单位", "姓名", "身份证号码", "有效期至"]
UNITS = ["甲公司", "乙公司"]
EPOCH = dt.date(1899, 12, 30)
TODAY = dt.date(2026, 12, 6)  # expiry dates up to six years ahead are plausible
ISSUE = object()  # a cell with nothing to import: it must be reported


@dataclass(frozen=True)
class Cell:
    """How one cell is written, and what Excel shows for it."""

    xml: str  # the <c> element, without its reference
    shown: object  # the value, None for empty, ISSUE for nothing importable


def _dates():
    return st.dates(min_value=dt.date(2027, 1, 1), max_value=dt.date(2032, 11, 30))


def _expiry_cell():
    def plain(day):
        return Cell(f"n|{(day - EPOCH).days}", day)

    def text(day):
        return Cell(f"s|{day.year}/{day.month}/{day.day}", day)

    def cached(day):
        return Cell(f"f|TODAY()+1|{(day - EPOCH).days}", day)

    def constant(day):
        return Cell(f"f|DATE({day.year},{day.month},{day.day})|", day)

    return st.one_of(
        st.just(Cell("", None)),
        _dates().map(plain),
        _dates().map(text),
        _dates().map(cached),
        _dates().map(constant),
        st.just(Cell("f|TODAY()+365|", ISSUE)),
        st.sampled_from(["#N/A", "#VALUE!", "#REF!"]).map(lambda e: Cell(f"e|{e}", ISSUE)),
    )


def _text_cell(values: list[str], *, empty: bool):
    options = [
        st.sampled_from(values).map(lambda v: Cell(f"s|{v}", v)),
        st.sampled_from(values).map(lambda v: Cell(f'f|"{v}"|', v)),  # a constant text
        st.sampled_from(values).map(lambda v: Cell(f"f|CONCAT(X1)|{v}", v)),  # cached
        st.just(Cell("f|VLOOKUP(A1,Z:Z,2,0)|", ISSUE)),
        st.sampled_from(["#N/A", "#NAME?"]).map(lambda e: Cell(f"e|{e}", ISSUE)),
    ]
    if empty:
        options.append(st.just(Cell("", None)))
    return st.one_of(options)


def _write(ref: str, spec: str) -> str:
    if not spec:
        return ""
    kind, _, rest = spec.partition("|")
    if kind == "n":
        return cell(ref, int(rest), style=DATE_STYLE)
    if kind == "s":
        return cell(ref, rest)
    if kind == "e":
        return cell(ref, error=rest)
    formula, _, cached = rest.partition("|")
    style = DATE_STYLE if ref.startswith("D") else None
    value = (int(cached) if cached.isdigit() else cached) if cached else None
    return cell(ref, formula=formula, cached=value, style=style)


@st.composite
def rosters(draw):
    count = draw(st.integers(min_value=1, max_value=7))
    columns = {
        "A": [draw(_text_cell(UNITS, empty=True)) for _ in range(count)],
        "B": [draw(_text_cell(["赵一", "钱二", "孙三"], empty=False)) for _ in range(count)],
        "D": [draw(_expiry_cell()) for _ in range(count)],
    }
    merges = []
    for letter in ("A", "B", "D"):  # runs merged down one column, not overlapping
        first = 0
        while first < count - 1:
            length = draw(st.integers(min_value=1, max_value=count - first))
            if length > 1 and draw(st.booleans()):
                merges.append((letter, first, first + length - 1))
            first += length
    across = draw(st.lists(st.integers(0, count - 1), max_size=2, unique=True))
    return count, columns, merges, across


def _shown(count, columns, merges, across):
    """What Excel shows, per row and column letter, by the roster's reading rule."""
    shown = {letter: [c.shown for c in cells] for letter, cells in columns.items()}
    for letter, first, last in merges:
        for index in range(first + 1, last + 1):
            shown[letter][index] = shown[letter][first]
    for index in across:  # C{n}:D{n} merged: D shows C's value spread over both columns
        if any(first <= index <= last for letter, first, last in merges if letter == "D"):
            continue  # (not generated: ranges never overlap)
        shown["D"][index] = "across"  # an ID number is always there: D is refused
    return shown


@pytest.fixture
def units(register):
    with register.session() as session:
        add_unit(session, name="甲公司")
        add_unit(session, name="乙公司", body="91110108MA01ABCE")
    return register


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rosters())
def test_every_row_arrives_as_excel_shows_it_or_is_reported(units, tmp_path, roster):
    count, columns, merges, across = roster
    merges_d = {
        index for letter, first, last in merges if letter == "D" for index in range(first, last + 1)
    }
    across = [index for index in across if index not in merges_d]
    lines = [row(1, HEADER)]
    for index in range(count):
        number = index + 2
        cells = [
            _write(f"{letter}{number}", columns[letter][index].xml) if letter in columns else ""
            for letter in "ABD"
        ]
        ident = cell(f"C{number}", id_number(sequence=f"{index:02d}1"))
        lines.append(f'<row r="{number}">{cells[0]}{cells[1]}{ident}{cells[2]}</row>')
    ranges = [f"{letter}{first + 2}:{letter}{last + 2}" for letter, first, last in merges]
    ranges += [f"C{index + 2}:D{index + 2}" for index in across]
    path = write_xlsx(tmp_path / "roster.xlsx", lines, merges=ranges)
    shown = _shown(count, columns, merges, across)

    with units.session() as session:
        names = {u.id: u.name for u in session.exec(select(Unit))}
        plan = plan_import(session, read_roster(path), unit="甲公司", today=TODAY)

    errors = {(e.row, e.column) for e in plan.errors}
    created = iter(plan.creates)
    by_row = {planned.row: planned for planned in plan.rows}
    for index in range(count):
        number = index + 2
        unit, name, expiry = shown["A"][index], shown["B"][index], shown["D"][index]
        unreadable = {
            header
            for header, value in zip(
                ("单位", "姓名", "有效期至"), (unit, name, expiry), strict=True
            )
            if value is ISSUE or value == "across"
        }
        if unreadable:
            assert by_row[number].action == "reject"
            assert unreadable <= {column for row_number, column in errors if row_number == number}
            continue
        assert by_row[number].action == "create", plan.errors
        new = next(created)
        assert new.holder["name"] == name
        assert names[new.unit_id] == (unit or "甲公司")
        assert (new.permit["expiry"] if new.permit else None) == expiry
    assert next(created, None) is None
