"""A `wrc import` killed while it writes leaves the register as it was: none of the roster, or all of it."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import time
from pathlib import Path

from openpyxl import Workbook
from sqlmodel import select
from stdnum.cn import ric

from tests.helpers import unit_data
from wrc_desktop import paths
from wrc_desktop.store import backup, holder_records, unit_records
from wrc_desktop.store.db import open_register
from wrc_desktop.store.models import ImportBatch

ROWS = 20_000  # ≈4 s of reading and checking, then ≈0.7 s of writing on these machines


def _big_roster(path: Path) -> Path:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("花名册")
    sheet.append(["姓名", "身份证号码", "部门", "证书编号", "有效期起", "有效期至"])
    first = dt.date(1970, 1, 1)
    for n in range(ROWS):
        body = (
            "110105"
            + (first + dt.timedelta(days=n // 400)).strftime("%Y%m%d")
            + f"{(n % 400) * 2 + 1:03d}"
        )
        sheet.append(
            [
                f"员工{n}",
                body + ric.calc_check_digit(body + "0"),
                "研发中心",
                f"京工居{2024000000 + n}",
                "2024-03-01",
                "2027-02-28",
            ]
        )
    workbook.save(path)
    return path


def test_an_import_killed_while_writing_leaves_none_or_all_of_the_roster(register, tmp_path):
    with register.session() as session:
        unit_records.create_unit(session, data=unit_data(name="甲公司"))
    database, backups_dir = register.path, register.backups_dir
    register.close()
    roster = _big_roster(tmp_path / "big.xlsx")
    wal = Path(f"{database}-wal")
    assert not wal.exists() or wal.stat().st_size == 0  # closing checkpointed everything

    env = {**os.environ, paths.ENV_DATA_DIR: str(paths.data_dir())}
    process = subprocess.Popen(
        [sys.executable, "-m", "wrc_desktop", "import", str(roster), "--json"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    try:
        # The write has begun once the write-ahead log holds pages of it.
        while process.poll() is None and time.monotonic() < deadline:
            if wal.exists() and wal.stat().st_size > 0:
                break
            time.sleep(0.005)
        writing = process.poll() is None and wal.exists() and wal.stat().st_size > 0
        process.kill()
    finally:
        process.wait(10)
    assert writing, f"the import never started writing: {process.stderr.read().decode()[-500:]}"

    assert backup.integrity_problem(database) is None
    assert [i.reason for i in backup.backup_infos(backups_dir)] == [
        "pre-import"
    ]  # made before the write began
    reopened = open_register(database, backups_dir)  # runs the start-up checks as well
    try:
        with reopened.session() as session:
            holders = holder_records.holder_count(session)
            batches = len(session.exec(select(ImportBatch)).all())
    finally:
        reopened.close()
    assert (holders, batches) in {(0, 0), (ROWS, 1)}, (
        f"{holders} of {ROWS} holders survived the kill"
    )
    print(f"killed {'before' if holders == 0 else 'after'} the commit")
