"""Every failure is one Chinese line (exit 2, no traceback); no log, message or crash log carries a
full ID number or SQL parameters; personal data stays private and temporaries are cleaned."""

from __future__ import annotations

import errno
import logging
import os
import sqlite3
import stat
import tempfile
import time

import pytest
from sqlalchemy import exc as sa_exc

from tests.helpers import holder_data, id_number
from tests.reports.builders import add_unit, save_roster
from wrc_desktop import paths
from wrc_desktop.cli import main
from wrc_desktop.failures import user_message
from wrc_desktop.logging_setup import MaskingFormatter, mask_text, setup_logging, stop_logging
from wrc_desktop.store import backup, holder_records

IDS = [id_number(birth=f"199001{n:02d}", sequence=f"{n:02d}1") for n in range(1, 11)]
SQL_ERROR = sa_exc.IntegrityError(
    "INSERT INTO holder (name, id_number) VALUES (?, ?)",
    [("赵一", IDS[0]), ("钱二", IDS[1])],
    sqlite3.IntegrityError("UNIQUE constraint failed: holder.id_number"),
)


@pytest.fixture
def unit_register(register):
    with register.session() as session:
        add_unit(session)
    return register


def _roster(tmp_path):
    return save_roster(
        tmp_path / "名单.xlsx",
        [[f"员工{n}", number] for n, number in enumerate(IDS)],
        ["姓名", "身份证号码"],
    )


def _log_text() -> str:
    folder = paths.logs_dir()
    return "".join(p.read_text(encoding="utf-8") for p in folder.glob("wrc-desk.log*"))


def test_mask_text_masks_ids_and_drops_sql_parameters():
    text = mask_text(
        f"{SQL_ERROR}\n证件 {IDS[2]}，全角 {''.join(chr(ord(c) + 0xFEE0) for c in IDS[3])}"
    )
    assert not any(number in text for number in IDS) and "赵一" not in text
    assert "[parameters: 已略去]" in text and IDS[2][:6] + "********" + IDS[2][14:] in text
    assert "UNIQUE constraint failed" in text  # what went wrong is kept


def test_every_log_record_and_traceback_is_masked(tmp_path):
    stop_logging()  # a window test may have left its log file attached
    setup_logging(tmp_path / "logs", faults=False)
    try:
        log = logging.getLogger("wrc.test")
        log.info("导入 %s", IDS[0])
        try:
            raise SQL_ERROR
        except sa_exc.IntegrityError:
            log.exception("写入失败 %s", IDS[1])
    finally:
        stop_logging()
    text = (tmp_path / "logs" / "wrc-desk.log").read_text(encoding="utf-8")
    assert "Traceback" in text and "IntegrityError" in text and "写入失败" in text
    assert not any(number in text for number in IDS) and "钱二" not in text
    formatter = MaskingFormatter()
    record = logging.LogRecord("wrc", logging.ERROR, __file__, 1, "%s", (IDS[4],), None)
    assert IDS[4] not in formatter.format(record)


def test_the_crash_log_and_its_dialog_text_are_masked(tmp_path):
    from wrc_desktop.gui.shell.crash import CrashHandler

    handler = CrashHandler(tmp_path / "logs", show_dialog=False)
    try:
        raise SQL_ERROR
    except sa_exc.IntegrityError as error:
        handler(type(error), error, error.__traceback__)
    text = handler.last_log.read_text(encoding="utf-8")
    assert (
        "IntegrityError" in text
        and not any(number in text for number in IDS)
        and "赵一" not in text
    )
    if os.name == "posix":
        assert stat.S_IMODE(handler.last_log.stat().st_mode) == 0o600


@pytest.mark.parametrize(
    ("error", "words"),
    [
        (SQL_ERROR, "冲突"),
        (
            sa_exc.OperationalError(
                "UPDATE holder SET name=?",
                (IDS[0],),
                sqlite3.OperationalError("database is locked"),
            ),
            "另一个程序或另一个导入使用",
        ),
        (
            sa_exc.OperationalError(
                "INSERT …", (IDS[0],), sqlite3.OperationalError("database or disk is full")
            ),
            "磁盘空间已满",
        ),
        (
            sa_exc.OperationalError(
                "INSERT …",
                (IDS[0],),
                sqlite3.OperationalError("attempt to write a readonly database"),
            ),
            "只读",
        ),
        (
            sa_exc.DatabaseError("SELECT …", (), sqlite3.DatabaseError("file is not a database")),
            "已损坏",
        ),
        (OSError(errno.ENOSPC, "No space left on device"), "磁盘空间已满"),
        (OSError(errno.EROFS, "Read-only file system"), "只读"),
        (
            PermissionError(errno.EACCES, "Permission denied", "报表.xlsx"),
            "没有权限读写文件（报表.xlsx）",
        ),
        (RuntimeError(f"boom {IDS[0]}"), "意外错误（RuntimeError）"),
    ],
)
def test_user_message_is_one_chinese_sentence_without_sql(error, words):
    message = user_message(error)
    assert words in message and "\n" not in message
    assert "INSERT" not in message and "SELECT" not in message and "UPDATE" not in message
    assert not any(number in message for number in IDS)


def test_a_concurrent_import_ends_in_one_chinese_line_and_a_masked_log(
    unit_register, tmp_path, capsys, monkeypatch
):
    """Another import writes the same people after this one's last check, as its rows go in."""
    from wrc_desktop.desk import imports as desk_imports

    original = desk_imports.commit_import

    def the_other_import_wins(session, plan, **options):
        with unit_register.session() as other:
            for item in plan.creates[:3]:
                holder_records.create_holder(
                    other,
                    unit_id=1,
                    holder=holder_data(
                        name=item.holder["name"], id_number=item.holder["id_number"]
                    ),
                )
        return original(session, plan, **options)

    monkeypatch.setattr(desk_imports, "commit_import", the_other_import_wins)
    assert main(["import", str(_roster(tmp_path))]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "冲突" in err and "Traceback" not in err
    assert not any(number in err for number in IDS)
    log = _log_text()
    assert (
        "IntegrityError" in log and not any(number in log for number in IDS) and "员工4" not in log
    )
    with unit_register.session() as session:
        assert (
            holder_records.holder_count(session) == 3
        )  # the other import's rows only: nothing half-written


def test_a_locked_register_is_named_as_such(unit_register, tmp_path, capsys):
    holder = sqlite3.connect(paths.database_path())
    holder.execute("BEGIN EXCLUSIVE")
    try:
        assert main(["import", str(_roster(tmp_path))]) == 2
    finally:
        holder.rollback()
        holder.close()
    err = capsys.readouterr().err
    assert "另一个程序或另一个导入" in err and "Traceback" not in err and err.count("\n") == 1


@pytest.mark.parametrize(
    "complaint",
    ["unable to open database file", "disk I/O error", "attempt to write a readonly database"],
)
def test_an_unreachable_register_is_not_reported_as_failing_its_integrity_check(
    unit_register, capsys, monkeypatch, complaint
):
    unit_register.close()
    real_connect = sqlite3.connect

    def refuse(target, *args, **kwargs):
        if "mode=ro" in str(target):
            raise sqlite3.OperationalError(complaint)
        return real_connect(target, *args, **kwargs)

    monkeypatch.setattr(backup.sqlite3, "connect", refuse)
    assert main(["holders", "--json"]) == 2
    err = capsys.readouterr().err
    assert "完整性" not in err and "Traceback" not in err and err.count("\n") == 1
    assert "数据本身没有被改动" in err


def test_a_full_disk_while_writing_a_report_is_one_line(
    unit_register, tmp_path, capsys, monkeypatch
):
    from wrc_desktop.desk import reports as desk_reports

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(desk_reports, "write_template", full)
    assert main(["import-template", "--out", str(tmp_path / "模板.xlsx")]) == 2
    err = capsys.readouterr().err
    assert "磁盘空间已满" in err and "Traceback" not in err


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_register_backups_and_logs_are_private(unit_register, tmp_path):
    old_umask = os.umask(0o022)
    try:
        assert main(["import", str(_roster(tmp_path))]) == 0
    finally:
        os.umask(old_umask)
    folder = paths.data_dir()
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE(paths.database_path().stat().st_mode) == 0o600
    (made,) = backup.list_backups(paths.backups_dir())
    assert stat.S_IMODE(made.stat().st_mode) == 0o600
    assert stat.S_IMODE((paths.logs_dir() / "wrc-desk.log").stat().st_mode) == 0o600
    assert tempfile.tempdir != str(paths.temp_dir())  # the command put the process back as it was


def test_stale_temporaries_are_cleaned_and_fresh_ones_kept(isolated_data_dir):
    cases = paths.cases_dir()
    stale = [
        paths.temp_dir() / "tmpabc.xlsx",
        paths.backups_dir() / "wrc-x.partial",
        cases / ".~案件.abc.tmp",
        cases / "张三-续签" / ".~x.part",
    ]
    for path in stale:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.mkdir() if path.suffix == ".tmp" else path.write_text(
            "姓名 身份证号码", encoding="utf-8"
        )
    fresh = paths.temp_dir() / "writing-now.xlsx"
    fresh.write_text("x", encoding="utf-8")
    keep = cases / "张三-续签" / "申请表.pdf"
    keep.write_text("pdf", encoding="utf-8")
    old = time.time() - 2 * paths.STALE_AFTER_SECONDS
    for path in stale:
        os.utime(path, (old, old))
    os.utime(keep, (old, old))
    elsewhere = isolated_data_dir.parent / "案件文件夹"
    elsewhere.mkdir()
    left_there = elsewhere / ".~李四-新办.x1.tmp"
    left_there.mkdir()
    os.utime(left_there, (old, old))
    stale.append(left_there)
    removed = paths.clean_stale_temp_files(case_roots=[elsewhere])
    assert sorted(removed) == sorted(stale)
    assert fresh.exists() and keep.exists() and not any(p.exists() for p in stale)


def test_temporary_files_are_written_inside_the_data_folder(isolated_data_dir):
    restore = paths.prepare_data_dir()
    try:
        with tempfile.NamedTemporaryFile() as handle:
            assert handle.name.startswith(str(isolated_data_dir))
    finally:
        restore()
    assert not (tempfile.tempdir or "").startswith(str(isolated_data_dir))


def test_the_window_says_what_an_unreachable_register_is(isolated_data_dir, monkeypatch):
    from wrc_desktop import app
    from wrc_desktop.store import db

    def unreachable(*args, **kwargs):
        raise backup.DatabaseAccessError("登记册文件或其所在文件夹是只读的：…")

    shown = []
    monkeypatch.setattr(db, "open_register", unreachable)
    monkeypatch.setattr(app, "_message", lambda title, text, detail="": shown.append((title, text)))
    assert app.launch() is None
    assert shown == [("无法打开登记册", "登记册文件或其所在文件夹是只读的：…")]
