"""``wrc demo`` and ``wrc holders`` as a clerk's script would run them."""

from __future__ import annotations

import json

from wrc_desktop.cli import main


def test_demo_then_holders_json(capsys, isolated_data_dir, database_engine):
    assert main(["demo", "--today", "2026-11-22", "--holders", "30"]) == 0
    assert "30 名持证人" in capsys.readouterr().out
    assert main(["holders", "--json"]) == 0
    holders = json.loads(capsys.readouterr().out)
    assert len(holders) == 30
    assert {"name", "id_number", "unit", "permits", "family"} <= set(holders[0])
    # on a server, nothing of the register is written into the data folder
    assert (isolated_data_dir / "wrc.sqlite3").exists() == (database_engine == "sqlite")


def test_demo_refuses_a_register_with_data(capsys):
    assert main(["demo", "--holders", "5"]) == 0
    capsys.readouterr()
    assert main(["demo"]) == 2
    err = capsys.readouterr().err.strip()
    assert "已有数据" in err and "\n" not in err


def test_data_dir_option(tmp_path, capsys, database_engine):
    folder = tmp_path / "elsewhere"
    assert main(["--data-dir", str(folder), "demo", "--holders", "3"]) == 0
    assert (folder / "wrc.sqlite3").exists() == (database_engine == "sqlite")


def test_bad_date_exits_2_with_one_chinese_line(capsys):
    try:
        code = main(["demo", "--today", "2026-02-30"])
    except SystemExit as exit_:
        code = exit_.code
    assert code == 2
    err = capsys.readouterr().err.strip()
    assert "2026-02-30" in err and "不存在" in err
    assert len(err.splitlines()) == 1


def test_unknown_command_exits_2(capsys):
    try:
        code = main(["nonsense"])
    except SystemExit as exit_:
        code = exit_.code
    assert code == 2
    assert "nonsense" in capsys.readouterr().err


def test_help_is_in_chinese(capsys):
    try:
        main(["--help"])
    except SystemExit as exit_:
        assert exit_.code == 0
    out = capsys.readouterr().out
    assert out.startswith("用法：") and "显示本帮助并退出" in out and "show this help" not in out
