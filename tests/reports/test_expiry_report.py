"""The expiry report read back with openpyxl: cells, colours, masking, formula escaping, layout."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess

import openpyxl
import pytest

from tests.conftest import TODAY
from tests.helpers import source_on
from tests.reports.builders import add_holder, add_unit
from wrc_desktop.cli import main
from wrc_desktop.reports.expiry_report import COLUMNS, write_expiry_report
from wrc_desktop.reports.report_style import STATUS_COLOURS
from wrc_desktop.rules.deadlines import renewal_deadlines

HEADERS = [name for name, _ in COLUMNS]


@pytest.fixture
def small_register(register):
    with register.session() as session:
        unit = add_unit(session)
        add_holder(session, unit.id, name="=HYPERLINK(\"http://x\")", expiry=TODAY + dt.timedelta(days=40),
                   department="+研发", job_title="x")
        add_holder(session, unit.id, name="李四", sequence="135", expiry=TODAY - dt.timedelta(days=5),
                   department="@财务")
        add_holder(session, unit.id, name="王五", sequence="157", expiry=TODAY + dt.timedelta(days=500),
                   department="-市场")
    return register


def _detail(path):
    book = openpyxl.load_workbook(path)
    return book, book["到期明细"]


def _rows(sheet):
    return {row[2].value: row for row in sheet.iter_rows(min_row=4) if row[2].value}


def test_cells_colours_and_masking(small_register, tmp_path):
    out = tmp_path / "到期.xlsx"
    with small_register.session() as session:
        report = write_expiry_report(session, out, today=TODAY, source=source_on(TODAY))
    assert report.rows == 3
    book, sheet = _detail(out)
    assert book.sheetnames == ["汇总", "到期明细"]
    assert [c.value for c in sheet[3]] == HEADERS
    assert "2026-11-22" in sheet["A2"].value and "全部单位" in sheet["A2"].value
    rows = _rows(sheet)
    li = rows["李四"]
    deadlines = renewal_deadlines("haidian", TODAY - dt.timedelta(days=5))
    assert li[5].value.date() == deadlines.expiry and li[5].number_format == "yyyy-mm-dd"
    assert li[6].value.date() == deadlines.window_opens
    assert li[7].value.date() == deadlines.latest_submission
    assert li[8].value == (deadlines.latest_submission - TODAY).days < 0
    assert li[9].value == "已失效"
    assert li[9].fill.fgColor.rgb.endswith(STATUS_COLOURS["已失效"][0])
    assert rows["王五"][9].value == "正常"
    assert rows["王五"][9].fill.fgColor.rgb.endswith(STATUS_COLOURS["正常"][0])
    assert li[3].value == "110105********1352" or li[3].value.count("*") == 8
    assert li[10].value.date() == dt.date(2027, 2, 28)  # contract end
    assert li[11].value is None  # no cases yet
    # sorted by expiry: the lapsed permit first
    assert sheet.cell(row=4, column=3).value == "李四"


def test_text_that_looks_like_a_formula_stays_text(small_register, tmp_path):
    out = tmp_path / "r.xlsx"
    with small_register.session() as session:
        write_expiry_report(session, out, today=TODAY, source=source_on(TODAY))
    _, sheet = _detail(out)
    cells = [c for row in sheet.iter_rows(min_row=4) for c in row
             if isinstance(c.value, str) and c.value[:1] in "=+-@"]
    assert {c.value for c in cells} >= {"=HYPERLINK(\"http://x\")", "+研发", "@财务", "-市场"}
    assert all(c.data_type == "s" and c.quotePrefix for c in cells)
    formulas = openpyxl.load_workbook(out, data_only=False)["到期明细"]
    assert all(c.data_type != "f" for row in formulas.iter_rows() for c in row)


def test_unmask_filters_and_layout(small_register, tmp_path):
    out = tmp_path / "r.xlsx"
    with small_register.session() as session:
        report = write_expiry_report(session, out, today=TODAY, source=source_on(TODAY), within_days=60, unit="北京测试科技有限公司",
                                     unmask=True)
    assert report.rows == 2 and "60 天内" in report.filters and "完整显示" in report.filters
    book, sheet = _detail(out)
    assert set(_rows(sheet)) == {"李四", "=HYPERLINK(\"http://x\")"}
    assert "*" not in _rows(sheet)["李四"][3].value and len(_rows(sheet)["李四"][3].value) == 18
    assert sheet.freeze_panes == "D4"
    assert sheet.auto_filter.ref == f"A3:M{3 + 2}"
    assert sheet.page_setup.orientation == "landscape" and str(sheet.page_setup.paperSize) == "9"
    assert sheet.page_setup.fitToWidth == 1 and sheet.page_setup.fitToHeight == 0
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.print_title_rows == "$3:$3"
    summary = book["汇总"]
    months = [(r[0].value, r[1].value) for r in summary.iter_rows() if isinstance(r[0].value, str)
              and r[0].value.endswith("月") and "年" in r[0].value]
    assert len(months) == 12 and months[0][0] == "2026年11月"
    expected = {"2026年11月": 1, "2027年1月": 1}  # 李四 expired this month; the other expires in 40 days
    assert {m: c for m, c in months if c} == expected
    assert len(summary._charts) == 1
    assert any("筛选条件" in str(r[0].value) for r in summary.iter_rows() if r[0].value)


def test_unknown_unit_and_cli(small_register, tmp_path, capsys):
    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / "r.xlsx"
    assert main(["report", "expiry", "--out", str(out), "--unit", "不存在的公司"]) == 2
    assert "不在登记册中" in capsys.readouterr().err and not out.exists()
    assert main(["report", "expiry", "--out", str(out), "--within-days", "30", "--today", TODAY.isoformat()]) == 0
    assert "1 人" in capsys.readouterr().out
    assert [p.name for p in folder.iterdir()] == ["r.xlsx"]  # no temporary file left behind


@pytest.mark.skipif(shutil.which("libreoffice") is None and shutil.which("soffice") is None,
                    reason="LibreOffice is not installed")
def test_the_report_opens_in_libreoffice(small_register, tmp_path):
    out = tmp_path / "report.xlsx"
    with small_register.session() as session:
        write_expiry_report(session, out, today=TODAY, source=source_on(TODAY))
    office = shutil.which("libreoffice") or shutil.which("soffice")
    subprocess.run([office, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to",
                    "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,2",
                    "--outdir", str(tmp_path), str(out)], check=True, capture_output=True, timeout=120)
    detail = (tmp_path / "report-到期明细.csv").read_text("utf-8")
    assert "李四" in detail and "已失效" in detail and "=HYPERLINK" in detail
    assert "证件号码" in detail
