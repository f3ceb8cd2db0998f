"""Big and hostile files stay within bounds; files are written through the data folder's tmp."""

from __future__ import annotations

import errno
import io
import os
import zipfile

import pytest

from tests.helpers import id_number
from tests.reports.builders import add_unit, save_roster
from wrc_desktop import paths
from wrc_desktop.cli import main
from wrc_desktop.reports import files, xlsx_read
from wrc_desktop.reports.roster_import import read_roster
from wrc_desktop.reports.xlsx_read import UnreadableFile


def _with_padding(path, megabytes: int):
    """The roster with an XML comment of ``megabytes`` MB in its sheet (compresses to a few KB)."""
    with zipfile.ZipFile(path) as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
    sheet = parts["xl/worksheets/sheet1.xml"]
    comment = b"<!--" + b"a" * (megabytes * 1024 * 1024) + b"-->"
    head, _, rest = sheet.partition(b"?>")
    parts["xl/worksheets/sheet1.xml"] = head + b"?>" + comment + rest
    out = path.with_name("padded.xlsx")
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)
    return out


def test_a_part_padded_with_a_huge_comment_is_refused_before_parsing(tmp_path):
    roster = save_roster(tmp_path / "名单.xlsx", [["赵一", id_number()]], ["姓名", "身份证号码"])
    padded = _with_padding(roster, 19)
    assert padded.stat().st_size < 200 * 1024
    with pytest.raises(UnreadableFile, match="异常庞大"):
        read_roster(padded)


def test_a_legitimate_part_is_not_refused(tmp_path):
    rows = [
        [
            f"员工{n}",
            id_number(
                birth=f"{1980 + n % 20}{n % 12 + 1:02d}{n % 28 + 1:02d}",
                sequence=f"{n % 90 + 10:02d}{n % 9 + 1}",
            ),
            f"部门{n % 37}",
        ]
        for n in range(3000)
    ]
    path = save_roster(tmp_path / "名单.xlsx", rows, ["姓名", "身份证号码", "部门"])
    assert len(read_roster(path).rows) == 3000


def test_reading_stops_at_the_time_bound(tmp_path, monkeypatch):
    rows = [[f"员工{n}", "x"] for n in range(2500)]
    path = save_roster(tmp_path / "名单.xlsx", rows, ["姓名", "身份证号码"])
    monkeypatch.setattr(xlsx_read, "MAX_READ_SECONDS", -1.0)  # every check finds the time up
    with pytest.raises(UnreadableFile, match="读取超时"):
        read_roster(path)


def test_the_cli_shows_progress_on_a_terminal(register, tmp_path, capsys, monkeypatch):
    with register.session() as session:
        add_unit(session)
    rows = [
        [
            f"员工{n}",
            id_number(
                birth=f"{1980 + n % 20}{n % 12 + 1:02d}{n % 28 + 1:02d}",
                sequence=f"{n % 90 + 10:02d}{n % 9 + 1}",
            ),
        ]
        for n in range(1100)
    ]
    path = save_roster(tmp_path / "名单.xlsx", rows, ["姓名", "身份证号码"])

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    terminal = Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    assert main(["import", str(path), "--dry-run"]) == 0
    assert "正在核对：第 1000 / 1100 行" in terminal.getvalue()
    assert "新增 1100 人" in capsys.readouterr().out


def test_files_are_written_through_the_data_folder_and_no_temporary_is_left(tmp_path, monkeypatch):
    seen = []
    folder = tmp_path / "桌面"
    folder.mkdir()
    out = folder / "报表.xlsx"
    files.write_atomically(out, lambda temp: seen.append(temp) or temp.write_bytes(b"data"))
    assert seen[0].parent == paths.temp_dir() and out.read_bytes() == b"data"
    assert list(paths.temp_dir().iterdir()) == [] and [p.name for p in folder.iterdir()] == [
        "报表.xlsx"
    ]

    real_replace = os.replace
    calls = []

    def across_drives(source, target):
        calls.append(source)
        if len(calls) == 1:
            raise OSError(errno.EXDEV, "Invalid cross-device link")
        return real_replace(source, target)

    monkeypatch.setattr(files.os, "replace", across_drives)
    files.write_atomically(out, lambda temp: temp.write_bytes(b"newer"))
    assert out.read_bytes() == b"newer" and len(calls) == 2
    assert list(paths.temp_dir().iterdir()) == [] and [p.name for p in folder.iterdir()] == [
        "报表.xlsx"
    ]
