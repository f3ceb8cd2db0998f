"""设置 → 工作日历: the month grid, the pasted notice, and saving a year through the desk."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt

from wrc_desktop.desk import calendar as desk_calendar
from wrc_desktop.rules.errors import WrcError
from wrc_desktop.rules.workdays import ESTIMATED_NOTE, get_calendar

NOTICES = Path(__file__).resolve().parents[1] / "rules" / "notices"


def test_2027_is_offered_and_shown_as_not_published(page):
    tab = page.calendar
    # TODAY is 2026-11-22: next year is selected first, and it is 未收录.
    assert tab.year == 2027
    assert "未收录" in tab.year_box.currentText()
    assert "未收录" in tab.state_label.text() and "font-weight" in tab.state_label.styleSheet()
    assert tab.grid.holidays == set() and tab.grid.working == set()
    assert not tab.remove_button.isEnabled()
    # What the app assumes until the notice is entered is drawn under the grid, not as marks:
    # counted back, 除夕 (02-05) … 02-12 may be off; counted forward, 02-13 may be worked.
    assert {dt.date(2027, 2, 5), dt.date(2027, 2, 12)} <= tab.grid.estimated_off
    assert dt.date(2027, 2, 13) in tab.grid.estimated_worked
    assert "预估可能放假" in tab.grid._tip(dt.date(2027, 2, 8))
    tab.select_year(2026)
    assert tab.grid.estimated_off == frozenset() and tab.grid.estimated_worked == frozenset()


def test_a_click_marks_a_weekday_off_and_a_weekend_worked(page, qtbot):
    tab = page.calendar
    grid = tab.grid
    monday, saturday = dt.date(2027, 2, 8), dt.date(2027, 2, 20)
    qtbot.mouseClick(grid, Qt.MouseButton.LeftButton, pos=grid._day_rect(monday).center())
    assert grid.state_of(monday) == "放假" and monday in grid.changed_days()
    qtbot.mouseClick(grid, Qt.MouseButton.LeftButton, pos=grid._day_rect(saturday).center())
    assert grid.state_of(saturday) == "上班（调休）"
    assert "2027-02-20 改为上班（调休）" in tab.status.text()
    qtbot.mouseClick(grid, Qt.MouseButton.LeftButton, pos=grid._day_rect(monday).center())
    assert grid.state_of(monday) == "上班" and monday not in grid.changed_days()
    # Every day of the year can be hit: each one is found where it is drawn.
    for offset in range(365):
        day = dt.date(2027, 1, 1) + dt.timedelta(days=offset)
        assert grid.day_at(grid._day_rect(day).center()) == day
    assert grid.day_at(QPoint(-5, -5)) is None


def test_a_pasted_notice_shows_on_the_grid_before_anything_is_saved(page, overrides):
    tab = page.calendar
    tab.select_year(2026)
    tab.notice.setPlainText((NOTICES / "2026.txt").read_text("utf-8"))
    assert tab.parse_notice()
    assert dt.date(2026, 2, 20) in tab.grid.holidays and dt.date(2026, 2, 14) in tab.grid.working
    # The real notice and the bundled schedule (the holidays package) agree on every day.
    assert tab.grid.changed_days() == set()
    assert "春节：02-15 至 02-23 放假 9 天；02-14、02-28 上班" in tab.parsed.toPlainText()
    assert "0 天与原来不同" in tab.status.text()
    assert not (overrides / "calendar").exists()


def test_a_notice_it_cannot_read_names_the_sentence_and_changes_nothing(page):
    tab = page.calendar
    tab.grid.toggle(dt.date(2027, 2, 8))
    tab.notice.setPlainText("二、春节：2月5日（农历除夕、周四）至12日放假调休，共8天。")
    assert not tab.parse_notice()
    assert "未能解析" in tab.status.text() and "通知写的是周四" in tab.status.text()
    assert tab.grid.holidays == {dt.date(2027, 2, 8)}


def test_saving_2027_goes_through_the_desk_and_the_estimate_gives_way(page, overrides, qtbot):
    tab = page.calendar
    calendar = get_calendar(overrides)
    assert any(ESTIMATED_NOTE in w for w in calendar.warnings_for(dt.date(2027, 3, 1)))
    assert not calendar.is_working_day(dt.date(2027, 2, 12))  # the estimate closes it, counted back
    for day in (dt.date(2027, 2, 5), dt.date(2027, 2, 8), dt.date(2027, 2, 20)):
        tab.grid.toggle(day)
    assert not tab.save_entry()  # no source yet
    assert "来源" in tab.status.text()
    assert not (overrides / "calendar").exists()
    tab.source.setText("测试用安排")
    with qtbot.waitSignal(page.changed):
        assert tab.save_entry()
    calendar = get_calendar(overrides)
    assert calendar.warnings_for(dt.date(2027, 3, 1)) == []
    assert not calendar.is_working_day(dt.date(2027, 2, 8))
    assert calendar.is_working_day(dt.date(2027, 2, 12)) and calendar.is_working_day(
        dt.date(2027, 2, 20)
    )
    assert "自行录入" in tab.year_box.currentText() and tab.remove_button.isEnabled()
    assert "已保存 2027 年：放假 2 个工作日，调休上班 1 天" in tab.status.text()
    text = (overrides / "calendar" / "2027.toml").read_text("utf-8")
    assert 'source = "测试用安排"' in text and '"2027-02-20"' in text
    tab.remove_entry(confirm=False)
    assert not (overrides / "calendar" / "2027.toml").exists()
    assert "未收录" in tab.year_box.currentText()


def test_an_official_year_opens_with_its_schedule_and_can_be_reverted(page):
    tab = page.calendar
    tab.select_year(2026)
    assert dt.date(2026, 10, 7) in tab.grid.holidays and dt.date(2026, 1, 4) in tab.grid.working
    assert "官方安排（内置）" in tab.state_label.text()
    tab.grid.toggle(dt.date(2026, 10, 7))
    tab.revert()
    assert dt.date(2026, 10, 7) in tab.grid.holidays and tab.grid.changed_days() == set()


def test_the_desk_refuses_an_empty_year(overrides):
    with pytest.raises(WrcError, match="没有任何放假日"):
        desk_calendar.save_year(overrides, 2027, set(), set(), "测试")
    with pytest.raises(WrcError, match="不是周六或周日"):
        desk_calendar.save_year(overrides, 2027, set(), {dt.date(2027, 3, 3)}, "测试")
    assert not (overrides / "calendar").exists() or not any((overrides / "calendar").iterdir())


def test_a_notice_reaching_into_december_adds_those_days_to_that_year_when_it_is_known(overrides):
    notice = desk_calendar.read_notice(2019, (NOTICES / "2019.txt").read_text("utf-8"))
    days = (notice.weekday_holidays(2019), notice.working_weekends(2019))
    # 2018 is bundled and already has 12-31 off and 12-29 worked: nothing more to write.
    saved = desk_calendar.save_year(overrides, 2019, *days, "国办发明电〔2018〕15号", notice)
    assert (saved.also_saved, saved.left_out) == ((), ())
    assert not (overrides / "calendar" / "2018.toml").exists()
    # A 2018 the clerk entered without them gets them added, with the notice as its source.
    desk_calendar.save_year(overrides, 2018, {dt.date(2018, 10, 1)}, set(), "测试用")
    saved = desk_calendar.save_year(overrides, 2019, *days, "国办发明电〔2018〕15号", notice)
    assert saved.also_saved == (2018,)
    calendar = get_calendar(overrides)
    assert not calendar.is_working_day(dt.date(2018, 12, 31))
    assert calendar.is_working_day(dt.date(2018, 12, 29))
    assert not calendar.is_working_day(dt.date(2018, 10, 1))
    assert "跨年部分" in (overrides / "calendar" / "2018.toml").read_text("utf-8")


def test_a_year_still_estimated_is_not_overwritten_by_the_next_notices_december(overrides):
    # A made-up notice (not 2029's, which is not published): its 元旦 begins in December 2028.
    text = "一、元旦：2028年12月30日至2029年1月1日放假调休，共3天。2028年12月29日（周五）上班。"
    with pytest.raises(WrcError, match="不能是调休上班日"):
        desk_calendar.read_notice(2029, text)
    text = "一、元旦：2028年12月30日至2029年1月1日放假，共3天。"
    notice = desk_calendar.read_notice(2029, text)
    saved = desk_calendar.save_year(
        overrides, 2029, notice.weekday_holidays(2029), set(), "测试用", notice
    )
    assert (saved.also_saved, saved.left_out) == ((), (2028,))
    assert not (overrides / "calendar" / "2028.toml").exists()
    assert get_calendar(overrides).warnings_for(
        dt.date(2028, 12, 29)
    )  # still estimated, and says so
