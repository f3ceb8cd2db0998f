"""A settings tab typed in but not saved asks before another tab is shown."""

from __future__ import annotations

from tests.gui.test_unsaved_edits import Prompt
from wrc_desktop.gui.widgets.unsaved import DISCARD, KEEP_EDITING, QUESTION


def _index(page, tab) -> int:
    return next(
        i
        for i in range(page.tabs.count())
        if page.tabs.widget(i).isAncestorOf(tab) or page.tabs.widget(i) is tab
    )


def test_a_typed_wage_keeps_its_tab_until_discarded(page, qtbot):
    wages, units = _index(page, page.wages), _index(page, page.units)
    page.tabs.setCurrentIndex(wages)
    page.wages.annual.setText("150000")
    prompt = Prompt(KEEP_EDITING)
    page.tabs.setCurrentIndex(units)
    assert prompt.asked == [QUESTION]
    assert page.tabs.currentIndex() == wages and page.wages.annual.text() == "150000"

    prompt = Prompt(DISCARD)
    page.tabs.setCurrentIndex(units)
    assert prompt.asked == [QUESTION]
    assert page.tabs.currentIndex() == units and page.wages.annual.text() == ""


def test_an_untouched_tab_is_left_without_a_question(page, qtbot):
    page.tabs.setCurrentIndex(_index(page, page.shared))
    prompt = Prompt(KEEP_EDITING)
    page.tabs.setCurrentIndex(_index(page, page.units))
    qtbot.wait(50)
    assert prompt.asked == [] and page.tabs.currentIndex() == _index(page, page.units)


def test_a_typed_server_address_is_asked_about_and_discard_shows_the_saved_one(page, qtbot):
    page.tabs.setCurrentIndex(_index(page, page.shared))
    page.shared.host.setText("192.168.1.10")
    prompt = Prompt(DISCARD)
    assert page.may_leave()
    assert prompt.asked == [QUESTION] and page.shared.host.text() == ""


def test_the_window_keeps_the_settings_page_while_its_edits_are_kept(window, qtbot):
    """Leaving 设置 for another section asks as leaving a tab does; 继续编辑 stays there."""
    window.show_section("设置")
    page = window.sections.currentWidget()
    page.tabs.setCurrentIndex(_index(page, page.wages))
    page.wages.annual.setText("150000")
    prompt = Prompt(KEEP_EDITING)
    window.show_section("待办")
    assert prompt.asked == [QUESTION]
    assert window.sections.currentWidget() is page and window.nav.currentRow() == 4
    assert page.wages.annual.text() == "150000"

    prompt = Prompt(DISCARD)
    window.show_section("待办")
    assert prompt.asked == [QUESTION]
    assert window.sections.currentWidget() is window.due_view and page.wages.annual.text() == ""
