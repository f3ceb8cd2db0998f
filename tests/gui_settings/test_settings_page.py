"""The 设置 page: each tab changes what the rules and the register say, and refuses bad input with a Chinese message."""

from __future__ import annotations

from PySide6.QtCore import Qt

from wrc_desktop.desk.due import lead_times
from wrc_desktop.rules.explain import UNVERIFIED_NOTE
from wrc_desktop.rules.income import load_wages, monthly_thresholds
from wrc_desktop.store import unit_records


def test_a_new_wage_year_sets_the_next_application_years_thresholds(page, overrides, qtbot):
    before = monthly_thresholds(2026, load_wages(overrides))
    assert (
        before.base_year == 2024 and before.notes
    )  # 2025 not published yet: the year before applies
    wages = page.wages
    assert "2024 年度" in wages.summary.text() and "尚未录入" in wages.summary.text()
    wages.year.setValue(2025)
    wages.annual.setText("150000")
    wages.source.setText("北京市人力资源和社会保障局公布")
    with qtbot.waitSignal(page.changed):
        assert wages.save_entry()
    after = monthly_thresholds(2026, load_wages(overrides))
    assert (after.base_year, after.monthly_base, after.monthly["1.5"], after.notes) == (
        2025,
        12500,
        18750,
        (),
    )
    assert "18,750" in wages.summary.text()
    row = wages.years.index(2025)
    assert wages.table.item(row, 3).text() == "自行录入"
    assert wages.table.item(wages.years.index(2024), 3).text() == "内置"


def test_a_bad_wage_entry_is_shown_at_its_field_and_nothing_is_written(page, overrides):
    page.wages.annual.setText("十五万")
    assert not page.wages.save_entry()
    assert "不是整数" in page.wages.errors.message_of("annual")
    assert "来源" in page.wages.errors.message_of("source")
    assert not (overrides / "wages.toml").exists()


def test_a_lead_time_change_persists_and_can_be_restored(demo_page, qtbot):
    tab = demo_page.leads
    # 海淀 warns 3 months ahead (002: "提供时一般应在有效期截止前3个月以上"), the others 6.
    assert "东城区 6 个月" in tab.defaults["contract_end"].text()
    assert "海淀区 3 个月" in tab.defaults["contract_end"].text()
    spin = tab.spins["contract_end"]
    with qtbot.waitSignal(demo_page.changed):
        spin.setValue(200)
    assert demo_page.ops.wait()  # the tab reads the lead times again in the background
    assert lead_times(demo_page.ops.desk) == {"contract_end": 200}
    assert tab.reset_buttons["contract_end"].isEnabled()
    tab.reload()
    assert demo_page.ops.wait()
    assert tab.spins["contract_end"].value() == 200
    tab.reset_buttons["contract_end"].click()
    assert demo_page.ops.wait()
    assert lead_times(demo_page.ops.desk) == {}
    assert spin.text() == "按默认"


def test_the_default_unit_changes(demo_page):
    tab = demo_page.units
    units = demo_page.ops.desk._run(unit_records.list_units)
    assert demo_page.ops.desk._run(unit_records.get_default_unit_id) == units[0].id
    tab.default_combo.setCurrentIndex(2)
    tab.default_combo.activated.emit(2)
    assert demo_page.ops.wait()
    assert demo_page.ops.desk._run(unit_records.get_default_unit_id) == units[2].id
    assert tab.table.item(2, 5).text() == "✓" and tab.table.item(0, 5).text() == ""
    assert units[2].name in tab.status.text()


def test_the_unit_dialog_opens_from_the_list_and_saves(demo_page, on_modal):
    tab = demo_page.units
    tab.table.selectRow(1)

    def rename(dialog):
        dialog.ui.phoneEdit.setText("010-88886666")
        dialog.save()
        assert dialog.ops.wait()

    on_modal(rename)
    tab.edit_selected()
    unit = demo_page.ops.desk._run(lambda s: unit_records.list_units(s)[1])
    assert unit.phone == "010-88886666"


def test_an_unverified_value_says_so_in_the_policy_view(page):
    tab = page.policy
    tab.district.setCurrentIndex(tab.district.findData("haidian"))
    assert tab.policy.is_unverified("renewal.validity_years")
    assert not tab.policy.is_unverified("renewal.review_working_days")
    unverified = tab.row_of("renewal.validity_years")
    verified = tab.row_of("renewal.review_working_days")
    assert tab.table.item(unverified, 3).text() == UNVERIFIED_NOTE
    assert tab.table.item(verified, 3).text() == "已有依据"
    assert tab.table.item(verified, 1).text() == "20"
    assert "002" in tab.table.item(verified, 2).text()
    assert "未核实" in tab.summary.text()
    assert not tab.table.item(verified, 1).flags() & Qt.ItemFlag.ItemIsEditable


def test_the_policy_view_says_when_a_value_comes_from_another_districts_guide(page):
    """海淀's permit validity (3 years) cites 001 and 003: 002 does not state it."""
    tab = page.policy
    tab.district.setCurrentIndex(tab.district.findData("haidian"))
    validity = tab.table.item(tab.row_of("renewal.validity_years"), 2).text()
    assert "取自其他区的指南" in validity and "石景山区" in validity and "东城区" in validity
    assert "其他区" not in tab.table.item(tab.row_of("renewal.review_working_days"), 2).text()
    assert (
        tab.table.item(tab.row_of("employer_change.cancellation_working_days"), 1)
        .text()
        .startswith("0（立即")
    )
    tab.district.setCurrentIndex(tab.district.findData("dongcheng"))
    assert tab.table.item(tab.row_of("counter.large_unit_weekdays"), 1).text() == "周三、周四、周五"
    window = tab.table.item(tab.row_of("renewal.window_days_before_expiry"), 2).text()
    assert "说明：" in window and "61 天" in window


def test_the_case_root_and_backups_are_kept_in_the_settings(page, settings, tmp_path, qtbot):
    folder = tmp_path / "办理事项"
    page.folders.ask_folder = lambda start: folder
    with qtbot.waitSignal(page.case_root_changed) as signal:
        page.folders.choose_case_root()
    assert signal.args == [folder] and folder.is_dir() and settings.case_root == folder
    assert page.ops.desk.case_root == folder  # the desk's preference: the CLI reads the same file
    with qtbot.waitSignal(page.backups_keep_changed):
        page.folders.keep.setValue(12)
    assert page.ops.desk.preferences().backups_kept == 12


def test_font_files_are_checked_and_applied_at_once(page, tmp_path):
    from wrc_desktop.documents import fonts

    desk = page.ops.desk
    good, cff = tmp_path / "rare.ttf", tmp_path / "noto.otf"
    good.write_bytes(b"\x00\x01\x00\x00" + b"\x00" * 60)
    cff.write_bytes(b"OTTO" + b"\x00" * 60)
    page.fonts.add_font_files([good, cff])
    assert page.ops.wait()  # saved through the write door: the desk writes settings.toml
    assert desk.preferences().extra_fonts == (good,)
    assert fonts._settings.extra_fonts == [good]  # the next form uses it
    assert "CFF" in page.fonts.status.text()
    page.fonts.use_system.setChecked(False)
    assert page.ops.wait()
    assert desk.preferences().use_system_fonts is False
    assert fonts._settings.use_system_fonts is False
    page.fonts.extra.setCurrentRow(0)
    page.fonts.remove_selected()
    assert page.ops.wait()
    assert desk.preferences().extra_fonts == () and fonts._settings.extra_fonts == []
