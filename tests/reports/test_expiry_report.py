"""The expiry report read back with openpyxl (and LibreOffice when installed): formulas over TODAY(),
conditional colours, the filter, borders and font, masking, formula escaping, the legend, temp files."""

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
from wrc_desktop.reports.expiry_report import COLUMNS, write_expiry_report
from wrc_desktop.reports.live_status import STATUS_WORDS
from wrc_desktop.reports.report_style import BAND_FILL, BODY_FONT, STATUS_COLOURS
from wrc_desktop.reports.rows import deadline_rows
from wrc_desktop.rules.deadlines import STATUSES, renewal_deadlines
from wrc_desktop.rules.permit_state import NO_PERMIT, SUSPENDED
from wrc_desktop.rules.policy import get_policy
from wrc_desktop.rules.workdays import default_calendar

HEADERS = [name for name, _ in COLUMNS]
DAYS, STATUS, NOTE = HEADERS.index("剩余（距期限）"), HEADERS.index("状态"), HEADERS.index("备注")
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
    deadlines = renewal_deadlines(
        get_policy("haidian"), TODAY - dt.timedelta(days=5), calendar=default_calendar()
    )
    assert li[5].value.date() == deadlines.expiry and li[5].number_format == "yyyy-mm-dd"
    assert li[6].value.date() == deadlines.window_opens
    assert li[7].value.date() == deadlines.latest_submission
    # The register's figure: past the latest submission it counts to the day the permit was lost.
    assert li[DAYS].value == f"已过失效日 {(TODAY - deadlines.lapses_on).days} 日"
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
    li, wang = _rows(sheet)["李四"], _rows(sheet)["王五"]
    # The register's figure, recounted on the day the sheet is opened (words and all).
    assert li[DAYS].data_type == "f" and '"已过失效日 "&(TODAY()-' in li[DAYS].value
    assert (
        wang[DAYS].value.startswith("=IF(TODAY()<") and '"距最晚提交日还剩 "&(' in wang[DAYS].value
    )
    assert wang[STATUS].data_type == "f" and wang[STATUS].value.startswith(
        f"=LOOKUP(TODAY()-H{wang[STATUS].row},{{-99999,"
    )
    assert wang[STATUS].value.endswith(f"}},{STATUS_WORDS})")
    [words] = [n for n in book.defined_names.values() if n.name == STATUS_WORDS]
    assert words.attr_text == "{" + ",".join(f'"{s}"' for s in STATUSES) + "}"
    # Lapsed by its dates: 已失效 on every later day, so the words, not a formula.
    assert li[STATUS].data_type == "s" and li[STATUS].value == "已失效"
    # The colour comes from the rules below, not a frozen fill.
    assert li[STATUS].fill.fill_type is None and wang[STATUS].fill.fill_type is None
    rules = {
        rule.formula[0].strip('"'): rule
        for cf in sheet.conditional_formatting
        if str(cf.sqref) == "J4:J6"
        for rule in cf.rules
    }
    assert set(rules) == set(STATUS_COLOURS) >= {*STATUSES, NO_PERMIT, SUSPENDED}
    assert rules["已失效"].dxf.fill.bgColor.rgb.endswith(STATUS_COLOURS["已失效"][0])
    assert rules["正常"].dxf.fill.bgColor.rgb.endswith(STATUS_COLOURS["正常"][0])
    summary = book["汇总"]
    counts = {r[0].value: r[1].value for r in summary.iter_rows(min_row=7, max_row=13)}
    assert counts["已失效"] == "=COUNTIF('到期明细'!J:J,A7)"


def test_the_detail_is_filtered_banded_bordered_and_in_a_chinese_font(small_register, tmp_path):
    out = tmp_path / "r.xlsx"
    with small_register.session() as session:
        write_expiry_report(session, out, today=TODAY, source=source_on(TODAY))
    _, sheet = _detail(out)
    assert sheet.auto_filter.ref == "A3:M6"  # the header and every row
    [bands] = [cf for cf in sheet.conditional_formatting if "K4:M6" in str(cf.sqref)]
    assert str(bands.sqref) == "A4:H6 K4:M6"  # the days and the status keep their own colours
    [band] = bands.rules
    assert band.formula == ["MOD(ROW(),2)=1"] and band.dxf.fill.bgColor.rgb.endswith(BAND_FILL[1:])
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
    assert sheet.auto_filter.ref == "A3:M5"
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
    # 60 days from 2026-11-22 reach into January: three months, not twelve
    assert months == [("2026年11月", 1), ("2026年12月", 0), ("2027年1月", 1)]
    assert len(summary._charts) == 1
    assert any("筛选条件" in str(r[0].value) for r in summary.iter_rows() if r[0].value)


def test_an_empty_selection_still_makes_a_valid_table(register, tmp_path):
    out = tmp_path / "r.xlsx"
    with register.session() as session:
        add_unit(session)
        report = write_expiry_report(session, out, today=TODAY, source=source_on(TODAY))
    assert report.rows == 0
    _, sheet = _detail(out)
    assert sheet.auto_filter.ref == "A3:M4"
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
            r.row.certificate_no: (
                r.status,
                figure.text if (figure := r.figure(opened_on)) else None,
            )
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
    shown = {line[4]: (line[STATUS], line[DAYS] or None) for line in lines[3:]}
    assert shown == expected  # LibreOffice's TODAY() agrees with the rules, row by row
    marked = [line[LATEST] for line in lines[3:] if line[LATEST].endswith(("※", "△"))]
    assert marked and all(line[NOTE] in ("", "自动延续：由单位确认") for line in lines[3:])


def test_rows_without_a_permit_or_suspended_show_the_apps_words_coloured(register, tmp_path):
    from sqlmodel import select

    from wrc_desktop.store import permit_records
    from wrc_desktop.store.models import Permit

    with register.session() as session:
        unit = add_unit(session)
        add_holder(session, unit.id, name="无证")  # no permit recorded
        holder = add_holder(
            session, unit.id, name="挂起", sequence="135", expiry=TODAY + dt.timedelta(days=20)
        )
        permit = session.exec(select(Permit).where(Permit.holder_id == holder.id)).one()
        permit_records.update_permit(session, permit.id, data={"status": "suspended"})
        write_expiry_report(session, tmp_path / "r.xlsx", today=TODAY, source=source_on(TODAY))
        states = {r.row.name: r.status for r in deadline_rows(session, TODAY, source_on(TODAY))}
    assert states == {"无证": NO_PERMIT, "挂起": SUSPENDED}
    book, sheet = _detail(tmp_path / "r.xlsx")
    rows = _rows(sheet)
    # The register decided these, not the dates: the words stay whatever day the sheet is opened.
    assert rows["无证"][STATUS].value == NO_PERMIT and rows["无证"][STATUS].data_type == "s"
    assert rows["挂起"][STATUS].value == SUSPENDED and rows["挂起"][STATUS].data_type == "s"
    # The register decided its state: no deadline of its dates is counted (as in the register).
    assert rows["挂起"][DAYS].value is None
    colours = {
        rule.formula[0].strip('"'): rule.dxf.fill.bgColor.rgb
        for cf in sheet.conditional_formatting
        if str(cf.sqref) == "J4:J5"
        for rule in cf.rules
    }
    for status in (NO_PERMIT, SUSPENDED):
        assert colours[status].endswith(STATUS_COLOURS[status][0])
    # The summary counts them too, each on its own line.
    summary = {r[0].value: r[1] for r in book["汇总"].iter_rows(min_row=7) if r[1].value}
    for status in (NO_PERMIT, SUSPENDED):
        count = summary[status]
        assert count.value == f"=COUNTIF('到期明细'!J:J,A{count.row})"


@pytest.mark.parametrize(
    ("within_days", "months"),
    [
        (0, ["2026年11月"]),
        (30, ["2026年11月", "2026年12月"]),  # 2026-12-22
        (None, [f"2026年{m}月" for m in (11, 12)] + [f"2027年{m}月" for m in range(1, 11)]),
        (3000, [f"2026年{m}月" for m in (11, 12)] + [f"2027年{m}月" for m in range(1, 11)]),
    ],
)
def test_the_summary_lists_the_months_the_report_covers(
    small_register, tmp_path, within_days, months
):
    with small_register.session() as session:
        report = write_expiry_report(
            session,
            tmp_path / "r.xlsx",
            today=TODAY,
            source=source_on(TODAY),
            within_days=within_days,
        )
    assert [month for month, _count in report.by_month if month.endswith("月")] == months
    # the permits before and after the months listed have a line each: the table adds up
    assert sum(count for _month, count in report.by_month) == report.rows
    summary = openpyxl.load_workbook(tmp_path / "r.xlsx")["汇总"]
    listed = [
        r[0].value
        for r in summary.iter_rows()
        if isinstance(r[0].value, str) and r[0].value.endswith("月") and "年" in r[0].value
    ]
    assert listed == months
    [chart] = summary._charts
    title = "".join(run.t for p in chart.title.tx.rich.p for run in p.r)
    assert title == (
        f"{months[0]}至{months[-1]}到期人数" if len(months) > 1 else f"{months[0]}到期人数"
    )
