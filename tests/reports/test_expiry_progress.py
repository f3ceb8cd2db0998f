"""The expiry report says how far it is (a bar on a terminal, the desk's progress for the window)
and stops when cancelled, leaving nothing behind."""

from __future__ import annotations

import io
import random

import openpyxl
import pytest

from tests.conftest import TODAY
from tests.helpers import desk_over, source_on
from tests.reports.builders import add_unit
from wrc_desktop import paths
from wrc_desktop.cli import main
from wrc_desktop.desk import reports
from wrc_desktop.reports.detail_rows import STEP, ReportCancelled
from wrc_desktop.reports.rows import deadline_rows
from wrc_desktop.store.bulk import insert_holders
from wrc_desktop.store.demo import generate_holders

HOLDERS = 1200  # some have left: about 1,150 on the report, three steps of progress


@pytest.fixture
def big_register(register):
    with register.session() as session:
        unit = add_unit(session)
        holders = list(generate_holders(random.Random(3), [unit.id], HOLDERS, TODAY))
        insert_holders(session.connection(), holders)
    return register


def on_report(register) -> int:
    with register.session() as session:
        return len(deadline_rows(session, TODAY, source_on(TODAY)))


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _report(tmp_path, extra=()):
    out = tmp_path / "r.xlsx"
    return out, ["report", "expiry", "--out", str(out), "--today", TODAY.isoformat(), *extra]


def test_the_cli_draws_one_line_of_progress_on_a_terminal(
    big_register, tmp_path, capsys, monkeypatch
):
    terminal = Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    out, command = _report(tmp_path)
    total = on_report(big_register)
    assert 2 * STEP < total <= 3 * STEP
    assert main(command) == 0
    shown = terminal.getvalue()
    frames = [frame for frame in shown.split("\r") if frame.strip()]
    percents = [frame.split("]")[1].split()[0] for frame in frames]
    assert percents == [f"{100 * STEP // total}%", f"{200 * STEP // total}%", "100%"]
    assert frames[0].startswith("正在生成到期报表 [" + "#" * (24 * STEP // total) + "-")
    assert frames[-1].startswith("正在生成到期报表 [" + "#" * 24 + "]")
    assert frames[-1].endswith(f"{total:,} / {total:,} 人")
    assert "\n" not in shown  # one line, redrawn in place
    # cleared for the result with as many spaces as its columns (a Chinese character takes two)
    columns = len(frames[-1]) + sum(1 for char in frames[-1] if "\u4e00" <= char <= "\u9fff")
    assert shown.endswith("\r" + " " * columns + "\r") and columns < 80
    assert f"（{total} 人；" in capsys.readouterr().out
    assert openpyxl.load_workbook(out, read_only=True)["到期明细"].max_row == total + 3


def test_the_cli_stays_quiet_when_stderr_is_not_a_terminal(big_register, tmp_path, capsys):
    out, command = _report(tmp_path, ["--within-days", "30"])
    assert main(command) == 0
    captured = capsys.readouterr()
    assert captured.err == "" and captured.out.startswith(f"已生成到期报表：{out}")


def test_the_desk_reports_progress_and_stops_when_cancelled(big_register, tmp_path):
    desk = desk_over(big_register, TODAY)
    seen: list[tuple[int, int]] = []
    report = reports.expiry_report(desk, tmp_path / "all.xlsx", progress=lambda *p: seen.append(p))
    total = report.rows
    assert total == on_report(big_register)
    assert seen == [(STEP, total), (2 * STEP, total), (total, total)]

    asked: list[tuple[int, int]] = []
    out = tmp_path / "cancelled.xlsx"
    with pytest.raises(ReportCancelled, match="已取消"):
        reports.expiry_report(
            desk, out, progress=lambda *p: asked.append(p), cancelled=lambda: bool(asked)
        )
    assert asked == [(STEP, total)]  # stopped at the next check
    assert not out.exists()
    assert list(paths.temp_dir().iterdir()) == []  # no half-written file, nor the row files
