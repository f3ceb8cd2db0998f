"""The expiry report read back with openpyxl (and LibreOffice when installed): formulas over TODAY(),
conditional colours, the table, borders and font, masking, formula escaping, the legend, temp files."""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
import subprocess
import tempfile

import openpyxl
import pytest

from tests.conftest import TODAY
from tests.helpers import source_on
from tests.reports.builders import add_holder, add_unit
from wrc_desktop.cli import main
from wrc_desktop.reports.expiry_report import COLUMNS, TABLE_NAME, write_expiry_report
from wrc_desktop.reports.report_style import BODY_FONT, STATUS_COLOURS
from wrc_desktop.reports.rows import deadline_rows
from wrc_desktop.rules.deadlines import renewal_deadlines

HEADERS = [name for name, _ in COLUMNS]
DAYS, STATUS, NOTE = HEADERS.index("距最晚提交日(天)"), HEADERS.index("状态"), HEADERS.index("备注")
LATEST = HEADERS.index("最晚提交日")


@pytest.fixture
def small_register(register):
    with register.session() as session:
        unit = add_unit(session)
        add_holder(
            session,
            unit.id,
            name='=HYPERLINK("http://x")',
            expiry=TODAY + dt.timedelta(days=40),
            department="+研发",
            job_title="x",
        )
        add_holder(
            session,
            unit.id,
            name="李四",
            sequence="135",
            expiry=TODAY - dt.timedelta(days=5),
            department="@财务",
        )
        add_holder(
            session,
            unit.id,
            name="王五",
            sequence="157",
            expiry=TODAY + dt.timedelta(days=500),
            department="-市场",
        )
    return register


def _detail(path, *, data_only: bool = False):
    book = openpyxl.load_workbook(path, data_only=data_only)
    return book, book["到期明细"]


def _rows(sheet):
    return {row[2].value: row for row in sheet.iter_rows(min_row=4) if row[2].value}


def test_cells_masking_and_the_values_of_the_day(small_register, tmp_path):
    out = tmp_path / "到期.xlsx"
    with small_register.session() as session:
        report = write_expiry_report(session, out, today=TODAY, source=source_on(TODAY))
    assert report.rows == 3
    book, sheet = _detail(out, data_only=True)  # the values cached for the day the report was made
    assert book.sheetnames == ["汇总", "到期明细"]
    assert [c.value for c in sheet[3]] == HEADERS
    assert "2026-11-22" in sheet["A2"].value and "全部单位" in sheet["A2"].value
    rows = _rows(sheet)
    li = rows["李四"]
    deadlines = renewal_deadlines("haidian", TODAY - dt.timedelta(days=5))
    assert li[5].value.date() == deadlines.expiry and li[5].number_format == "yyyy-mm-dd"
    assert li[6].value.date() == deadlines.window_opens
    assert li[7].value.date() == deadlines.latest_submission
    assert li[DAYS].value == (deadlines.latest_submission - TODAY).days < 0
    assert li[STATUS].value == "已失效" and rows["王五"][STATUS].value == "正常"
    assert li[3].value.count("*") == 8
    assert li[10].value.date() == dt.date(2027, 2, 28)  # contract end
    assert li[11].value is None  # no cases yet
    # sorted by expiry: the lapsed permit first
    assert sheet.cell(row=4, column=3).value == "李四"


def test_days_and_status_are_formulas_coloured_by_conditional_formats(small_register, tmp_path):
    out = tmp_path / "r.xlsx"
    with small_register.session() as session:
        write_expiry_report(session, out, today=TODAY, source=source_on(TODAY))
    book, sheet = _detail(out)
    li = _rows(sheet)["李四"]
    assert li[DAYS].value == f"=H{li[DAYS].row}-TODAY()"
    assert li[STATUS].data_type == "f" and li[STATUS].value.startswith(
        f"=IF(TODAY()>=F{li[STATUS].row}+"
    )
    assert (
        li[STATUS].fill.fill_type is None
    )  # the colour comes from the rules below, not a frozen fill
    rules = {
        rule.formula[0].strip('"'): rule
        for cf in sheet.conditional_formatting
        if str(cf.sqref) == "J4:J6"
        for rule in cf.rules
    }
    assert set(rules) == set(STATUS_COLOURS)
    assert rules["已失效"].dxf.fill.bgColor.rgb.endswith(STATUS_COLOURS["已失效"][0])
    assert rules["正常"].dxf.fill.bgColor.rgb.endswith(STATUS_COLOURS["正常"][0])
    assert any(
        str(cf.sqref) == "I4:I6" for cf in sheet.conditional_formatting
    )  # negative days in red
    summary = book["汇总"]
    counts = {r[0].value: r[1].value for r in summary.iter_rows(min_row=7, max_row=13)}
    assert counts["已失效"] == "=COUNTIF('到期明细'!J:J,A7)"


def test_the_detail_is_a_bordered_table_in_a_chinese_font(small_register, tmp_path):
    out = tmp_path / "r.xlsx"
    with small_register.session() as session:
        write_expiry_report(session, out, today=TODAY, source=source_on(TODAY))
    _, sheet = _detail(out)
    table = sheet.tables[TABLE_NAME]
    assert table.ref == "A3:M6"
    assert table.autoFilter is not None and table.tableStyleInfo.showRowStripes
    assert [column.name for column in table.tableColumns] == HEADERS
    for cell in (sheet["A4"], sheet["H5"], sheet["L6"], sheet["J4"]):  # text, date, empty, formula
        assert cell.border.left.style == "thin" and cell.border.bottom.style == "thin"
        assert cell.font.name == BODY_FONT


def test_text_that_looks_like_a_formula_stays_text(small_register, tmp_path):
    out = tmp_path / "r.xlsx"
    with small_register.session() as session:
        write_expiry_report(session, out, today=TODAY, source=source_on(TODAY))
    _, sheet = _detail(out)
    cells = [
        c
        for row in sheet.iter_rows(min_row=4)
        for c in row
        if c.data_type != "f" and isinstance(c.value, str) and c.value[:1] in "=+-@"
    ]
    assert {c.value for c in cells} >= {'=HYPERLINK("http://x")', "+研发", "@财务", "-市场"}
    assert all(c.data_type == "s" and c.quotePrefix for c in cells)
    formula_columns = {
        c.column - 1 for row in sheet.iter_rows(min_row=4) for c in row if c.data_type == "f"
    }
    assert formula_columns == {DAYS, STATUS}  # only the report's own formulas


def test_marks_go_to_the_date_and_the_legend_not_the_note(register, tmp_path):
    far = TODAY + dt.timedelta(days=900)  # a year without an official holiday schedule
    with register.session() as session:
        unit = add_unit(
            session, name="北京东城测试有限公司", district="东城区", body="91110101MA01DCHA"
        )
        add_holder(session, unit.id, name="赵六", expiry=far)
        write_expiry_report(session, tmp_path / "r.xlsx", today=TODAY, source=source_on(TODAY))
        [row] = deadline_rows(session, TODAY, source_on(TODAY))
    assert row.deadlines.calendar_warnings  # the case this test is about
    book, sheet = _detail(tmp_path / "r.xlsx")
    zhao = _rows(sheet)["赵六"]
    assert zhao[NOTE].value is None
    assert zhao[LATEST].value.date() == row.deadlines.latest_submission
    assert "△" in zhao[LATEST].number_format
    assert ("※" in zhao[LATEST].number_format) == bool(row.deadlines.unverified)
    legend = [r[0].value for r in book["汇总"].iter_rows() if isinstance(r[0].value, str)]
    [mark] = [text for text in legend if text.startswith("△（标在最晚提交日后，共 1 人）")]
    # The legend says how such a year is counted, as the rules count it (estimated holidays).
    assert "按预估假期计算" in mark and "只按周六" not in mark


def test_filters_layout_and_summary(small_register, tmp_path):
    out = tmp_path / "r.xlsx"
    with small_register.session() as session:
        report = write_expiry_report(
            session,
            out,
            today=TODAY,
            source=source_on(TODAY),
            within_days=60,
            unit="北京测试科技有限公司",
            unmask=True,
        )
    assert report.rows == 2 and "60 天内" in report.filters and "完整显示" in report.filters
    book, sheet = _detail(out)
    assert set(_rows(sheet)) == {"李四", '=HYPERLINK("http://x")'}
    assert "*" not in _rows(sheet)["李四"][3].value and len(_rows(sheet)["李四"][3].value) == 18
    assert sheet.freeze_panes == "D4"
    assert sheet.tables[TABLE_NAME].ref == "A3:M5"
    assert sheet.page_setup.orientation == "landscape" and str(sheet.page_setup.paperSize) == "9"
    assert (sheet.page_setup.fitToWidth or 1) == 1  # left out when 1, the file format's default
    assert sheet.page_setup.fitToHeight == 0
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.print_title_rows == "$3:$3"
    summary = book["汇总"]
    months = [
        (r[0].value, r[1].value)
        for r in summary.iter_rows()
        if isinstance(r[0].value, str) and r[0].value.endswith("月") and "年" in r[0].value
    ]
    assert len(months) == 12 and months[0][0] == "2026年11月"
    expected = {
        "2026年11月": 1,
        "2027年1月": 1,
    }  # 李四 expired this month; the other expires in 40 days
    assert {m: c for m, c in months if c} == expected
    assert len(summary._charts) == 1
    assert any("筛选条件" in str(r[0].value) for r in summary.iter_rows() if r[0].value)


def test_an_empty_selection_still_makes_a_valid_table(register, tmp_path):
    out = tmp_path / "r.xlsx"
    with register.session() as session:
        add_unit(session)
        report = write_expiry_report(session, out, today=TODAY, source=source_on(TODAY))
    assert report.rows == 0
    _, sheet = _detail(out)
    assert sheet.tables[TABLE_NAME].ref == "A3:M4"
    assert sheet["A4"].value == "没有符合筛选条件的持证人"


def test_writer_temp_files_stay_in_the_data_folder(
    small_register, tmp_path, monkeypatch, isolated_data_dir
):
    # A system temp folder that does not exist: any temp file written there fails the report.
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "no-system-temp"))
    out = tmp_path / "r.xlsx"
    with small_register.session() as session:
        write_expiry_report(session, out, today=TODAY, source=source_on(TODAY))
    assert openpyxl.load_workbook(out)["到期明细"]["C4"].value == "李四"
    assert list((isolated_data_dir / "tmp").iterdir()) == []  # the writer's folder is removed


def test_unknown_unit_and_cli(small_register, tmp_path, capsys):
    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / "r.xlsx"
    assert main(["report", "expiry", "--out", str(out), "--unit", "不存在的公司"]) == 2
    assert "不在登记册中" in capsys.readouterr().err and not out.exists()
    assert (
        main(
            [
                "report",
                "expiry",
                "--out",
                str(out),
                "--within-days",
                "30",
                "--today",
                TODAY.isoformat(),
            ]
        )
        == 0
    )
    assert "1 人" in capsys.readouterr().out
    assert [p.name for p in folder.iterdir()] == ["r.xlsx"]  # no temporary file left behind


OFFICE = shutil.which("libreoffice") or shutil.which("soffice")


@pytest.mark.skipif(OFFICE is None, reason="LibreOffice is not installed")
def test_libreoffice_recalculates_the_statuses_the_rules_give_for_today(demo_register, tmp_path):
    out = tmp_path / "report.xlsx"
    with demo_register.session() as session:
        write_expiry_report(session, out, today=TODAY, source=source_on(TODAY))
        opened_on = dt.date.today()
        expected = {
            r.row.certificate_no: (r.status, r.days_left(opened_on))
            for r in deadline_rows(session, opened_on, source_on(opened_on))
        }
    subprocess.run(
        [
            OFFICE,
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,2",
            "--outdir",
            str(tmp_path),
            str(out),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    if dt.date.today() != opened_on:
        pytest.skip("midnight passed while LibreOffice opened the report")
    lines = list(csv.reader(io.StringIO((tmp_path / "report-到期明细.csv").read_text("utf-8"))))
    assert lines[2] == HEADERS
    shown = {line[4]: (line[STATUS], int(line[DAYS]) if line[DAYS] else None) for line in lines[3:]}
    assert shown == expected  # LibreOffice's TODAY() agrees with the rules, row by row
    marked = [line[LATEST] for line in lines[3:] if line[LATEST].endswith(("※", "△"))]
    assert marked and all(line[NOTE] in ("", "自动延续：由单位确认") for line in lines[3:])
