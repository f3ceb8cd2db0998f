"""The command line runs the desk's use cases as the window does: an import is written only as it
was previewed, its undo waits for no other clerk's import, and every backup is pruned to the
number the clerk keeps. (Run on SQLite and on PostgreSQL, as every ``test_cli`` module.)"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from sqlmodel import select

from tests.helpers import holder_data, id_number, unit_data
from tests.reports.builders import save_roster
from wrc_desktop.cli import main
from wrc_desktop.desk import Desk, Preferences, backups
from wrc_desktop.desk import imports as desk_imports
from wrc_desktop.desk import preferences as prefs_file
from wrc_desktop.rules.errors import WrcError
from wrc_desktop.store import holder_records, unit_records
from wrc_desktop.store import imports as store_imports
from wrc_desktop.store.models import Holder
from wrc_desktop.store.pg import IMPORT_BUSY, hold_import_lock

HEADER = ["姓名", "身份证号码", "部门"]
IDS = [id_number(birth="19900101", sequence=f"{n:03d}") for n in (11, 21, 31)]
ROWS = [[f"员工{n}", number, "研发中心"] for n, number in enumerate(IDS, start=1)]


@pytest.fixture
def unit_register(register):
    with register.session() as session:
        unit_records.create_unit(session, data=unit_data(name="甲公司"))
    return register


def _holders(register) -> list[str]:
    with register.session() as session:
        return sorted(h.id_number for h in session.exec(select(Holder)))


def _batches(register) -> int:
    with register.session() as session:
        return len(store_imports.list_batches(session))


def _another_clerk_writes_after_the_preview(monkeypatch, register, holder: dict) -> None:
    """Between ``wrc import``'s preview and its write (as its write takes the import lock),
    another clerk saves ``holder`` into the register."""
    original = desk_imports.hold_import_lock

    def meanwhile(session) -> None:
        with register.session() as other:
            holder_records.create_holder(other, unit_id=1, holder=holder)
        original(session)

    monkeypatch.setattr(desk_imports, "hold_import_lock", meanwhile)


def test_wrc_import_writes_nothing_when_the_register_changed_since_its_preview(
    unit_register, tmp_path, capsys, monkeypatch
):
    path = save_roster(tmp_path / "名单.xlsx", ROWS, HEADER)
    # 员工2 is saved by hand meanwhile: the preview's "新增 员工2" is no longer what would happen
    _another_clerk_writes_after_the_preview(
        monkeypatch, unit_register, holder_data(name="员工2", id_number=IDS[1])
    )

    assert main(["import", str(path), "--json"]) == 2

    captured = capsys.readouterr()
    assert captured.err.strip() == desk_imports.PLAN_CHANGED
    assert captured.out == ""  # refused before anything is printed as if written
    assert _holders(unit_register) == [IDS[1]]  # the other clerk's holder only
    assert _batches(unit_register) == 0


def test_wrc_import_is_written_when_what_changed_meanwhile_is_not_in_its_preview(
    unit_register, tmp_path, capsys, monkeypatch
):
    path = save_roster(tmp_path / "名单.xlsx", ROWS, HEADER)
    elsewhere = id_number(birth="19800101", sequence="991")
    _another_clerk_writes_after_the_preview(
        monkeypatch, unit_register, holder_data(name="别人", id_number=elsewhere)
    )

    assert main(["import", str(path), "--json"]) == 0

    result = json.loads(capsys.readouterr().out)
    assert result["written"] is True and result["created"] == 3
    assert _holders(unit_register) == sorted([*IDS, elsewhere])
    assert _batches(unit_register) == 1


@pytest.mark.parametrize("path", ["window", "command"])
def test_a_preview_whose_holder_was_edited_since_is_refused(unit_register, tmp_path, path):
    """The preview's "before" values are part of what it showed: the window's write (the shape
    it saw) and the command's (the preview itself) both refuse it once another clerk edited."""
    first = save_roster(tmp_path / "名单.xlsx", ROWS, HEADER)
    assert main(["import", str(first)]) == 0
    moved = [[name, number, "产品部"] for name, number, _ in ROWS]
    desk = Desk.open()
    try:
        roster = desk_imports.read(save_roster(tmp_path / "调岗.xlsx", moved, HEADER))
        previewed = desk_imports.preview(desk, roster, unit=None)
        assert previewed.shape == desk_imports.plan_shape(
            desk_imports.plan(desk, roster, unit=None)
        )
        with unit_register.session() as session:  # another clerk moves 员工1 first, to 市场部
            holder = holder_records.find_holder(session, IDS[0])
            assert holder is not None
            holder.department = "市场部"
            session.add(holder)
        with pytest.raises(WrcError, match="预览之后登记册发生了变化"):
            if path == "window":
                desk_imports.commit(
                    desk, roster, unit=None, confirmed_rows=(), seen=previewed.shape,
                    valid_only=False, accept_renames=False,
                )  # fmt: skip
            else:
                desk_imports.write_previewed(
                    desk, previewed, valid_only=False, accept_renames=False
                )
    finally:
        desk.close()
    assert _batches(unit_register) == 1  # the first import only
    with unit_register.session() as session:
        departments = {h.id_number: h.department for h in session.exec(select(Holder))}
    assert departments == {IDS[0]: "市场部", IDS[1]: "研发中心", IDS[2]: "研发中心"}


@pytest.mark.postgresql_only  # SQLite has one writer at a time by itself: the lock is the server's
def test_wrc_import_undo_takes_the_import_lock(unit_register, tmp_path, capsys):
    path = save_roster(tmp_path / "名单.xlsx", ROWS, HEADER)
    assert main(["import", str(path)]) == 0
    capsys.readouterr()

    with unit_register.session() as other:  # another clerk's import is being written
        hold_import_lock(other)
        assert main(["import-undo", "--json"]) == 2
        assert capsys.readouterr().err.strip() == IMPORT_BUSY
        assert len(_holders(unit_register)) == 3  # nothing undone

    assert main(["import-undo", "--json"]) == 0  # once the other clerk is done
    assert json.loads(capsys.readouterr().out)["deleted"] == 3
    assert _holders(unit_register) == []


def test_wrc_import_undo_with_nothing_to_undo_makes_no_backup(unit_register, capsys):
    assert main(["import-undo"]) == 2
    assert capsys.readouterr().err.strip() == desk_imports.NOTHING_TO_UNDO
    desk = Desk.open()
    try:
        assert backups.infos(desk) == []
    finally:
        desk.close()


def test_command_line_backups_are_pruned_to_the_number_the_clerk_keeps(
    unit_register, isolated_data_dir, tmp_path, capsys
):
    prefs_file.save(isolated_data_dir, Preferences(backups_kept=2))
    made = []
    for _ in range(3):
        assert main(["db", "backup"]) == 0
        made.append(capsys.readouterr().out.split(" → ")[-1].strip())
    path = save_roster(tmp_path / "名单.xlsx", ROWS, HEADER)
    assert main(["import", str(path), "--json"]) == 0  # its pre-import backup counts too
    pre_import = json.loads(capsys.readouterr().out)["backup"]

    desk = Desk.open()
    try:
        kept = [str(info.path) for info in backups.infos(desk)]
    finally:
        desk.close()
    assert kept == [pre_import, made[-1]]  # newest first; the older ones pruned


@pytest.mark.sqlite_only
def test_wrc_help_loads_none_of_the_register_libraries():
    probe = (
        "import sys, io, contextlib\n"
        "from wrc_desktop.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):\n"
        "    main(['--help'])\n"
        "print([m for m in ('sqlalchemy', 'sqlmodel', 'wrc_desktop.desk') if m in sys.modules])\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["[]"]


def test_wrc_import_plans_once_when_nothing_it_read_changed(
    unit_register, tmp_path, capsys, monkeypatch
):
    """The previewed plan itself is written when the rows it read are unchanged (planning a
    large roster twice would double the command's time); a change makes it plan again."""
    path = save_roster(tmp_path / "名单.xlsx", ROWS, HEADER)
    planned = []
    original = desk_imports.plan_import

    def counted(*args, **kwargs):
        planned.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(desk_imports, "plan_import", counted)
    assert main(["import", str(path)]) == 0
    assert len(planned) == 1 and len(_holders(unit_register)) == 3

    again = [[name, number, "产品部"] for name, number, _ in ROWS]
    path = save_roster(tmp_path / "调岗.xlsx", again, HEADER)
    planned.clear()
    _another_clerk_writes_after_the_preview(
        monkeypatch,
        unit_register,
        holder_data(name="别人", id_number=id_number(birth="19800101", sequence="992")),
    )
    assert main(["import", str(path)]) == 0
    assert len(planned) == 2  # the register changed after the preview: planned again, same shape
