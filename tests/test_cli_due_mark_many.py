"""``wrc due-mark`` with several keys or ``--group``: one unit of work (all or nothing), one line."""

from __future__ import annotations

from tests.conftest import TODAY
from tests.helpers import desk_over
from wrc_desktop.cli import main
from wrc_desktop.desk import due as desk_due
from wrc_desktop.store.warnings_state import latest_marks


def _marks(register) -> dict:
    with register.session() as session:
        return latest_marks(session)


def test_several_keys_are_marked_together_and_an_unknown_one_marks_none(demo_register, capsys):
    due = desk_due.due_list(desk_over(demo_register, TODAY))
    keys = [item.key for item in due.shown[:3]]
    today = ["--today", TODAY.isoformat()]
    assert main(["due-mark", *keys, "renewal:999:2026-01-01", "--handled", *today]) == 2
    assert (
        capsys.readouterr()
        .err.strip()
        .endswith("没有编号为“renewal:999:2026-01-01”的待办（请用 wrc due --json 查看当前的编号）")
    )
    assert _marks(demo_register) == {}  # nothing of it written
    assert main(["due-mark", *keys, "--snooze-until", "2026-12-20", *today]) == 0
    assert capsys.readouterr().out.strip() == "已将 3 项待办暂缓到 2026-12-20。"
    assert {key: mark.action for key, mark in _marks(demo_register).items()} == dict.fromkeys(
        keys, "snoozed"
    )


def test_a_whole_group_is_marked_handled(demo_register, capsys):
    due = desk_due.due_list(desk_over(demo_register, TODAY))
    settle = {item.key for item in due.shown if item.urgency == "settle"}
    assert main(["due-mark", "--group", "settle", "--handled", "--today", TODAY.isoformat()]) == 0
    assert capsys.readouterr().out.strip() == f"已将 {len(settle)} 项待办标记为已处理。"
    assert set(_marks(demo_register)) == settle
    assert main(["due-mark", "--handled"]) == 2
    assert "请写出待办的编号，或用 --group 指定一组" in capsys.readouterr().err
