"""Backups: made safely, pruned, listed, and restored with the current file kept."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from sqlmodel import select

from tests.helpers import unit_data, uscc_code
from wrc_desktop.store import backup, unit_records
from wrc_desktop.store.db import open_register
from wrc_desktop.store.models import Unit

# The SQLite file itself (its backups, header and integrity check).
pytestmark = pytest.mark.sqlite_only


def _unit_names(path, backups_dir):
    register = open_register(path, backups_dir)
    try:
        with register.session() as session:
            return [u.name for u in session.exec(select(Unit).order_by(Unit.id))]
    finally:
        register.close()


def test_restore_brings_back_the_chosen_backup_and_keeps_the_current_file(register):
    path, folder = register.path, register.backups_dir
    with register.session() as session:
        unit_records.create_unit(session, data=unit_data(name="备份前的单位"))
    saved = backup.make_backup(path, folder, reason="manual")
    with register.session() as session:
        unit_records.create_unit(
            session, data=unit_data(name="备份后的单位", uscc=uscc_code("91110101MA02XY8"))
        )
    register.close()

    safety = backup.restore_backup(saved, path, folder)

    assert _unit_names(path, folder) == ["备份前的单位"]
    assert safety is not None and "pre-restore" in safety.name
    assert _unit_names(safety, folder) == ["备份前的单位", "备份后的单位"]


def test_a_corrupt_backup_is_refused(tmp_path, register):
    broken = register.backups_dir / "wrc-20260101-000000-000000-manual.sqlite3"
    broken.parent.mkdir(parents=True, exist_ok=True)
    broken.write_bytes(b"SQLite format 3\x00" + b"\x00" * 100)
    register.close()
    before = register.path.read_bytes()
    with pytest.raises(ValueError, match="已损坏"):
        backup.restore_backup(broken, register.path, register.backups_dir)
    assert register.path.read_bytes() == before


def test_restoring_over_a_corrupt_file_moves_it_aside(register):
    saved = backup.make_backup(register.path, register.backups_dir)
    register.close()
    register.path.write_bytes(b"garbage" * 500)
    safety = backup.restore_backup(saved, register.path, register.backups_dir)
    assert "damaged" in safety.name and safety.read_bytes() == b"garbage" * 500
    assert backup.integrity_problem(register.path) is None


def test_prune_keeps_the_newest_and_every_pre_migration_backup(register):
    made = []
    for _ in range(5):
        made.append(backup.make_backup(register.path, register.backups_dir, reason="daily"))
        time.sleep(0.002)
    migration = backup.make_backup(register.path, register.backups_dir, reason="pre-migration")
    deleted = backup.prune_backups(register.backups_dir, keep=2)
    remaining = backup.list_backups(register.backups_dir)
    assert set(deleted) == set(made[:3])
    assert set(remaining) == {made[3], made[4], migration}


def test_backup_infos_describe_each_backup(register):
    backup.make_backup(register.path, register.backups_dir, reason="start")
    info = backup.backup_infos(register.backups_dir)[0]
    assert info.reason_label == "启动时"
    assert info.size > 0 and info.made_at.tzinfo is not None
    assert backup.newest_good_backup(register.backups_dir) == info.path


def test_restoring_over_a_damaged_file_keeps_its_wal_and_shm_beside_it(register):
    saved = backup.make_backup(register.path, register.backups_dir)
    register.close()
    register.path.write_bytes(b"garbage" * 500)
    wal, shm = Path(f"{register.path}-wal"), Path(f"{register.path}-shm")
    wal.write_bytes(b"latest committed changes")
    shm.write_bytes(b"index")

    safety = backup.restore_backup(saved, register.path, register.backups_dir)

    assert "damaged" in safety.name and safety.read_bytes() == b"garbage" * 500
    assert Path(f"{safety}-wal").read_bytes() == b"latest committed changes"
    assert Path(
        f"{safety}-shm"
    ).exists()  # SQLite's check may rebuild the index, so only its place is asserted
    assert not wal.exists() and not shm.exists()
    assert backup.integrity_problem(register.path) is None


def test_a_failed_copy_puts_the_damaged_file_and_its_wal_back(register, monkeypatch):
    saved = backup.make_backup(register.path, register.backups_dir)
    register.close()
    register.path.write_bytes(b"garbage" * 500)
    wal = Path(f"{register.path}-wal")
    wal.write_bytes(b"latest committed changes")
    before = sorted(p.name for p in register.path.parent.iterdir() if not p.name.endswith("-shm"))

    def disk_full(source, target):
        Path(target).write_bytes(b"half")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(backup, "_copy_database", disk_full)
    with pytest.raises(OSError, match="No space"):
        backup.restore_backup(saved, register.path, register.backups_dir)

    assert register.path.read_bytes() == b"garbage" * 500
    assert wal.read_bytes() == b"latest committed changes"
    after = sorted(p.name for p in register.path.parent.iterdir() if not p.name.endswith("-shm"))
    assert (
        after == before
    )  # nothing moved aside or left over (the -shm is an index SQLite's check may create)


def test_a_failed_copy_leaves_a_healthy_file_and_its_wal_in_place(register, monkeypatch):
    with register.session() as session:
        unit_records.create_unit(session, data=unit_data(name="在用的单位"))
    saved = backup.make_backup(register.path, register.backups_dir)
    register.close()
    wal = Path(f"{register.path}-wal")
    wal.write_bytes(b"")  # stands in for an un-checkpointed log
    before = register.path.read_bytes()
    real_copy = backup._copy_database

    def fail_into_place(source, target):
        if Path(target).suffix == ".restoring":
            raise OSError(28, "No space left on device")
        real_copy(source, target)

    monkeypatch.setattr(backup, "_copy_database", fail_into_place)
    with pytest.raises(OSError, match="No space"):
        backup.restore_backup(saved, register.path, register.backups_dir)
    assert register.path.read_bytes() == before and wal.exists()
    assert not register.path.with_suffix(".restoring").exists()
