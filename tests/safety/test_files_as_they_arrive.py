"""Every file the program reads at start or on request is checked before use, and every way it
can be wrong ends in one Chinese line that names the file and the fix: the register (empty,
truncated, from a newer version), its backups, the clerk's overrides and settings, fonts, the
data folder itself. Nothing is replaced, overwritten or half-restored; nothing raw (a traceback,
a library's English warning, a full ID number) reaches the terminal."""

from __future__ import annotations

import logging
import os
import sqlite3
import time
import warnings
from contextlib import closing

import pytest

from tests.helpers import id_number, unit_data
from wrc_desktop import paths
from wrc_desktop.cli import main
from wrc_desktop.desk import preferences
from wrc_desktop.logging_setup import keep_off_the_terminal, let_warnings_through
from wrc_desktop.rules.errors import WrcError
from wrc_desktop.rules.policy import get_policy
from wrc_desktop.store import backup, migrations, unit_records
from wrc_desktop.store.db import DatabaseUnavailable, open_register

pytestmark = pytest.mark.sqlite_only


def _register_with_a_unit(path, backups_dir):
    register = open_register(path, backups_dir)
    with register.session() as session:
        unit_records.create_unit(session, data=unit_data(name="甲公司"))
    register.close()
    with closing(sqlite3.connect(path)) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def _one_line(text: str) -> str:
    lines = [line for line in text.splitlines() if line.strip()]
    assert len(lines) == 1, text
    assert "Traceback" not in text and "Error:" not in text
    return lines[0]


# ---------------------------------------------------------------- the register file


def test_an_emptied_register_is_refused_naming_the_newest_good_backup(tmp_path):
    path, backups_dir = tmp_path / "wrc.sqlite3", tmp_path / "backups"
    _register_with_a_unit(path, backups_dir)
    older = backup.make_backup(path, backups_dir, reason="manual")
    time.sleep(0.01)
    newest = backup.make_backup(path, backups_dir, reason="daily")
    newest_damaged = backups_dir / "wrc-29991231-235959-000000-manual.sqlite3"
    newest_damaged.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)  # listed first, unusable
    path.write_bytes(b"")  # a failed copy or sync left it empty
    with pytest.raises(DatabaseUnavailable) as refused:
        open_register(path, backups_dir)
    assert "0 字节" in str(refused.value)
    assert f"最新的完好备份是 {newest}" in str(refused.value)
    assert str(older) not in str(refused.value)
    assert path.read_bytes() == b""  # not started anew as an empty register


def test_an_empty_file_with_no_backups_is_a_new_register(tmp_path):
    path = tmp_path / "wrc.sqlite3"
    path.touch()
    register = open_register(path, tmp_path / "backups")
    register.close()
    assert migrations.current_revision(register.engine) == migrations.SCHEMA_HEAD


def test_a_truncated_register_names_the_newest_good_backup(tmp_path):
    path, backups_dir = tmp_path / "wrc.sqlite3", tmp_path / "backups"
    _register_with_a_unit(path, backups_dir)
    saved = backup.make_backup(path, backups_dir, reason="manual")
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(DatabaseUnavailable) as refused:
        open_register(path, backups_dir)
    assert f"最新的完好备份是 {saved}" in str(refused.value)
    assert path.read_bytes() == data[: len(data) // 2]


def _from_a_newer_version(path) -> bytes:
    # Closed here, not whenever the collector gets to it: closing checkpoints the journal into
    # the file, which must happen before the bytes are taken.
    with closing(sqlite3.connect(path)) as connection, connection:
        connection.execute("UPDATE alembic_version SET version_num = '0999'")
    return path.read_bytes()


def test_a_register_from_a_newer_version_is_never_touched(tmp_path, capsys):
    data_dir = tmp_path / "data"
    path, backups_dir = data_dir / "wrc.sqlite3", data_dir / "backups"
    _register_with_a_unit(path, backups_dir)
    before = _from_a_newer_version(path)
    with pytest.raises(migrations.NewerSchema) as refused:
        open_register(path, backups_dir)
    assert "0999" in str(refused.value) and migrations.SCHEMA_HEAD in str(refused.value)
    assert path.read_bytes() == before
    assert backup.list_backups(backups_dir) == []  # no pre-migration backup, no migration

    assert main(["--data-dir", str(data_dir), "holders", "--json"]) == 2
    line = _one_line(capsys.readouterr().err)
    assert "较新版本的程序" in line and "0999" in line and str(path) in line


def test_a_backup_from_a_newer_version_is_refused_before_the_live_file_is_touched(tmp_path):
    path, backups_dir = tmp_path / "wrc.sqlite3", tmp_path / "backups"
    _register_with_a_unit(path, backups_dir)
    newer = backup.make_backup(path, backups_dir, reason="manual")
    _from_a_newer_version(newer)
    live = path.read_bytes()
    with pytest.raises(migrations.NewerSchema) as refused:
        backup.restore_backup(newer, path, backups_dir)
    assert newer.name in str(refused.value)
    assert path.read_bytes() == live
    assert backup.list_backups(backups_dir) == [newer]  # not even a pre-restore backup


def test_the_cli_names_the_backup_for_a_damaged_register(tmp_path, capsys):
    data_dir = tmp_path / "data"
    path, backups_dir = data_dir / "wrc.sqlite3", data_dir / "backups"
    _register_with_a_unit(path, backups_dir)
    saved = backup.make_backup(path, backups_dir, reason="manual")
    path.write_bytes(b"")
    assert main(["--data-dir", str(data_dir), "due"]) == 2
    line = _one_line(capsys.readouterr().err)
    assert "发生意外错误" not in line and str(saved) in line


# ---------------------------------------------------------------- the data folder and the log


@pytest.mark.parametrize("kind", ["file", "device"])
def test_a_data_folder_that_is_not_a_folder_is_one_line(tmp_path, capsys, kind):
    folder = tmp_path / "afile" if kind == "file" else "/dev/null"
    if kind == "file":
        folder.write_text("x")
    assert main(["--data-dir", str(folder), "due"]) == 2
    line = _one_line(capsys.readouterr().err)
    assert f"数据文件夹 {folder} 不是文件夹" in line and "--data-dir" in line


def test_without_a_log_nothing_raw_reaches_the_terminal(tmp_path, capfd):
    """The log folder cannot be made (here: a file stands where it goes): a failing command
    still prints its one line, and the traceback with the statement's ID numbers goes nowhere
    near the terminal (Python's last-resort handler would print it unmasked)."""
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    (data_dir / "logs").write_text("not a folder")
    (data_dir / "wrc.sqlite3").write_bytes(b"this is not a database" * 100)
    number = id_number(birth="19900101", sequence="001")
    assert main(["--data-dir", str(data_dir), "due"]) == 2
    try:
        raise ValueError(f"INSERT INTO holder (id_number) VALUES ('{number}')")
    except ValueError:
        logging.getLogger("wrc.store").exception("statement failed")
    logging.getLogger("pypdf").warning("invalid pdf header: b'root:'")
    err = capfd.readouterr().err
    assert _one_line(err).startswith("无法打开登记册数据库")
    assert number not in err and "root:" not in err


def test_a_library_warning_goes_to_the_log_not_the_terminal(capfd):
    keep_off_the_terminal()
    try:
        logging.getLogger("pypdf._reader").warning("invalid pdf header: b'root:'")
        warnings.warn("Workbook contains no default style", UserWarning, stacklevel=1)
    finally:
        let_warnings_through()
    assert capfd.readouterr().err == ""


def test_a_pdf_that_is_not_one_is_refused_in_one_line(tmp_path, capfd):
    """pypdf warns in English and quotes the file's first bytes (a symlink to a system file
    showed ``b'root:'``): the clerk reads only the program's line."""
    from wrc_desktop.documents.scans import check_file

    fake = tmp_path / "合同.pdf"
    fake.write_bytes(b"root:x:0:0:root:/root:/bin/bash\n%PDF-1.4 junk")
    keep_off_the_terminal()
    try:
        with pytest.raises(WrcError, match="不是可读取的 PDF"):
            check_file(fake)
    finally:
        let_warnings_through()
    assert "root:" not in capfd.readouterr().err


def test_the_temp_folder_of_earlier_versions_is_cleaned_at_start():
    legacy = paths.data_dir() / paths.LEGACY_TEMP_DIRNAME / "report.abc"
    legacy.mkdir(parents=True)
    rows = legacy / "worksheet1.xml"
    rows.write_text(id_number(birth="19900101", sequence="002"))
    old = time.time() - paths.STALE_AFTER_SECONDS - 60
    os.utime(legacy, (old, old))
    assert legacy in paths.clean_stale_temp_files()
    assert not legacy.exists()


# ---------------------------------------------------------------- settings and fonts


@pytest.mark.parametrize(
    ("line", "named"),
    [
        ("backups_kept = true", "backups_kept 应为 1 到 1000 之间的整数（现为 true）"),
        ("backups_kept = 0", "backups_kept 应在 1 到 1000 之间（现为 0）"),
        ('extra_fonts = ["/dev/zero"]', "/dev/zero 不是字体文件"),
        ('extra_fonts = "a.ttf"', "extra_fonts 应为字体文件路径的列表"),
        ('use_system_fonts = "yes"', "use_system_fonts 应为 true 或 false"),
        ("backup_kept = 3", "backup_kept 不是本程序的设置项"),
        ("case_root = 3", "case_root 应为文件夹路径"),
    ],
)
def test_a_wrong_setting_is_refused_naming_the_key(tmp_path, line, named):
    (tmp_path / preferences.FILENAME).write_text(line + "\n", encoding="utf-8")
    with pytest.raises(WrcError) as refused:
        preferences.load(tmp_path)
    assert named in str(refused.value) and str(tmp_path / preferences.FILENAME) in str(
        refused.value
    )


def test_a_device_named_like_a_font_is_refused_without_reading_it(tmp_path):
    fake = tmp_path / "zero.ttf"
    fake.symlink_to("/dev/zero")
    (tmp_path / preferences.FILENAME).write_text(f'extra_fonts = ["{fake}"]\n', encoding="utf-8")
    with pytest.raises(WrcError, match="不是普通文件"):
        preferences.load(tmp_path)


def test_valid_settings_load_as_written(tmp_path):
    font = tmp_path / "rare.ttf"
    font.write_bytes(b"\0" * 10)
    (tmp_path / preferences.FILENAME).write_text(
        f'backups_kept = 7\nuse_system_fonts = false\nextra_fonts = ["{font}"]\n', encoding="utf-8"
    )
    loaded = preferences.load(tmp_path)
    assert (loaded.backups_kept, loaded.use_system_fonts, loaded.extra_fonts) == (7, False, (font,))


def test_a_truncated_font_is_skipped_and_the_bundled_fonts_still_set_the_form(tmp_path, caplog):
    from wrc_desktop.documents import fonts
    from wrc_desktop.paths import resource_path

    truncated = tmp_path / "truncated.ttf"
    truncated.write_bytes(resource_path("fonts", "LXGWWenKai-Regular.ttf").read_bytes()[:300_000])
    fonts.set_font_settings(fonts.FontSettings(extra_fonts=[truncated], use_system_fonts=False))
    try:
        with caplog.at_level(logging.WARNING, logger="wrc"):
            chain = fonts.font_chain("body")
        assert chain.font_for("证") is not None
        assert any(str(truncated) in record.getMessage() for record in caplog.records)
    finally:
        fonts.set_font_settings(fonts.FontSettings())


# ---------------------------------------------------------------- the clerk's rule files


def _policy_override(text: str | bytes, slug: str = "haidian"):
    folder = paths.overrides_dir() / "policies"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{slug}.toml"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def test_a_policy_override_naming_another_district_is_refused():
    path = _policy_override('slug = "chaoyang"\nname = "朝阳区"\n')
    with pytest.raises(WrcError) as refused:
        get_policy("haidian", overrides=paths.overrides_dir())
    assert str(path) in str(refused.value) and "海淀区" in str(refused.value)
    assert "朝阳区" in str(refused.value)


@pytest.mark.parametrize(
    ("content", "named"),
    [
        ("[renewal]\nreview_working_days = 20\n说明 = '海淀'".encode("gbk"), "不是 UTF-8 编码"),
        ("x = " + "[" * 5000 + "]" * 5000, "嵌套层数过多"),
        ("x = " + "1" * (300 * 1024), "大于此类文件的上限"),
    ],
)
def test_a_policy_override_that_is_not_a_policy_file_is_one_line(content, named):
    path = _policy_override(content)
    with pytest.raises(WrcError) as refused:
        get_policy("haidian", overrides=paths.overrides_dir())
    assert named in str(refused.value) and f"policies/{path.name}" in str(refused.value)


def test_a_checklist_override_for_another_district_is_refused():
    from wrc_desktop.rules.checklist_data import load_checklists

    folder = paths.overrides_dir() / "checklists"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "haidian.toml").write_text('district = "chaoyang"\n', encoding="utf-8")
    with pytest.raises(WrcError, match="与文件名 haidian.toml 不符"):
        load_checklists("haidian", overrides=paths.overrides_dir())


# ---------------------------------------------------------------- values typed on the command line


@pytest.mark.parametrize(
    ("argv", "named"),
    [
        (["due", "--today", "9999-12-31"], "“9999-12-31”的年份 9999 不合理"),
        (
            ["income-periods", "--district", "西城", "--case", "new", "--submit", "0001-01"],
            "“0001-01”的年份 1 不合理",
        ),
    ],
)
def test_an_impossible_year_is_named(capsys, argv, named):
    with pytest.raises(SystemExit) as exited:  # refused by the argument parser, before any work
        main(argv)
    assert exited.value.code == 2
    assert named in _one_line(capsys.readouterr().err)


def test_a_calendar_year_file_naming_another_year_is_refused():
    """``2027.toml`` holding ``year = 2026`` would replace the official 2026 (a 海淀 latest date
    moved from 09-15 to 09-21)."""
    from wrc_desktop.rules.workdays import get_calendar

    folder = paths.overrides_dir() / "calendar"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "2027.toml").write_text(
        'year = 2026\nsource = "x"\nholidays = []\nworking_weekends = []\n', encoding="utf-8"
    )
    with pytest.raises(WrcError) as refused:
        get_calendar(paths.overrides_dir())
    assert "写的是 2026 年" in str(refused.value) and "2027.toml" in str(refused.value)


def test_a_wage_file_nested_beyond_reason_is_one_line():
    from wrc_desktop.rules.income import load_wages

    (paths.overrides_dir() / "wages.toml").write_text(
        "x = " + "[" * 5000 + "]" * 5000, encoding="utf-8"
    )
    with pytest.raises(WrcError, match="平均工资文件 .*嵌套层数过多"):
        load_wages(paths.overrides_dir())


@pytest.mark.parametrize(
    ("url", "named"),
    [
        ("postgresql://u:secret@127.0.0.1:abc/db", "端口是 1–65535 的数字"),
        ("postgresql://u:secret@127.0.0.1:99999/db", "端口 99999 不存在"),
    ],
)
def test_an_impossible_port_is_named_without_the_password(capsys, url, named):
    assert main(["--database-url", url, "due"]) == 2
    line = _one_line(capsys.readouterr().err)
    assert named in line and "secret" not in line and "***" in line


def test_command_line_backups_keep_the_number_the_clerk_chose(tmp_path, capsys):
    data_dir = tmp_path / "data"
    _register_with_a_unit(data_dir / "wrc.sqlite3", data_dir / "backups")
    (data_dir / preferences.FILENAME).write_text("backups_kept = 2\n", encoding="utf-8")
    for _ in range(4):
        assert main(["--data-dir", str(data_dir), "db", "backup"]) == 0
        time.sleep(0.01)
    made = [line.split(" → ")[1] for line in capsys.readouterr().out.splitlines()]
    kept = backup.list_backups(data_dir / "backups")
    assert [str(p) for p in kept] == made[:-3:-1]  # the newest two, newest first
