"""The forms dialog: generating in a worker thread with progress, and cancelling."""

from __future__ import annotations

import pytest
from sqlmodel import select

from tests.conftest import TODAY
from tests.helpers import desk_over
from wrc_desktop.gui.doors.operations import RegisterOps
from wrc_desktop.store import holder_records, unit_records
from wrc_desktop.store.models import Holder

from .conftest import pdf_text, squash

pytest.importorskip("pytestqt")


@pytest.fixture
def holder_ids(demo_register) -> list[int]:
    with demo_register.session() as session:
        return [h.id for h in session.exec(select(Holder).order_by(Holder.id).limit(4))]


def _dialog(qtbot, register, holder_ids, folder):
    from wrc_desktop.gui.dialogs.forms_dialog import FormsDialog

    dialog = FormsDialog(None, RegisterOps(desk_over(register, TODAY)), holder_ids, folder)
    assert dialog.ops.wait()  # the dialog fills when the register's answer arrives
    qtbot.addWidget(dialog)
    return dialog


def test_generates_one_file_each_off_the_ui_thread(qtbot, demo_register, holder_ids, tmp_path):
    dialog = _dialog(qtbot, demo_register, holder_ids, tmp_path / "out")
    dialog.form.setCurrentIndex(dialog.form.findData("declaration"))
    with qtbot.waitSignal(dialog.files_written, timeout=20_000) as signal:
        dialog.start()
        assert dialog.is_running()
    files = signal.args[0]
    assert len(files) == 4 and all(path.exists() for path in files)
    assert dialog.open_folder_button.isEnabled() and not dialog.open_pdf_button.isEnabled()
    assert "已生成 4 个文件" in dialog.status.text()


def test_combined_blank_form(qtbot, demo_register, holder_ids, tmp_path):
    dialog = _dialog(qtbot, demo_register, holder_ids[:1], tmp_path / "out")
    dialog.form.setCurrentIndex(dialog.form.findData("loan"))
    assert not dialog.loan_box.isHidden()
    dialog.blank.setChecked(True)
    assert dialog.loan_box.isHidden()
    with qtbot.waitSignal(dialog.files_written, timeout=20_000) as signal:
        dialog.start()
    [path] = signal.args[0]
    assert path.name.startswith("房屋借住声明_空白")
    assert dialog.open_pdf_button.isEnabled()


def _borrower(register) -> int:
    with register.session() as session:
        return session.exec(
            select(Holder.id).where(Holder.housing_kind == "borrowed").order_by(Holder.id)
        ).first()


def test_loan_details_are_checked_before_the_worker_starts(qtbot, demo_register, tmp_path):
    dialog = _dialog(qtbot, demo_register, [_borrower(demo_register)], tmp_path / "out")
    dialog.form.setCurrentIndex(dialog.form.findData("loan"))
    dialog.owners.setPlainText("王建国,110105194912310021")
    dialog.start()
    assert not dialog.is_running()
    assert "校验位" in dialog.status.text()
    dialog.owners.setPlainText("王建国,11010519491231002X")
    dialog.relation.setText("父子")
    dialog.start()  # refused in the worker: the facts the declaration states are missing
    qtbot.waitUntil(lambda: not dialog.is_running(), timeout=20_000)
    assert "开始借住日期" in dialog.status.text() and "门牌" in dialog.status.text()
    dialog.since_known.setChecked(True)
    dialog.loan_room.setText("5号楼1单元302室")
    with qtbot.waitSignal(dialog.files_written, timeout=20_000) as signal:
        dialog.start()
    text = squash(pdf_text(signal.args[0][0].read_bytes()))
    assert "11010519491231002X" in text and "父子" in text and "5号楼1单元302室" in text


def test_cancel_stops_the_batch(qtbot, demo_register, holder_ids, tmp_path):
    dialog = _dialog(qtbot, demo_register, holder_ids, tmp_path / "out")
    dialog.start()
    dialog.cancel()
    qtbot.waitUntil(lambda: not dialog.is_running(), timeout=20_000)
    written = list((tmp_path / "out").glob("*.pdf")) if (tmp_path / "out").exists() else []
    status = dialog.status.text()
    assert ("已取消" in status and len(written) < 4) or (
        "已生成 4 个文件" in status and len(written) == 4
    )
    assert not list(tmp_path.rglob("*.part"))


def test_print_sends_every_generated_file_to_the_printer(
    qtbot, demo_register, holder_ids, tmp_path, monkeypatch
):
    from wrc_desktop.gui.shell import printing

    sent: list[list[str]] = []
    monkeypatch.setattr(printing.sys, "platform", "linux")
    monkeypatch.setattr(
        printing.shutil, "which", lambda name: "/usr/bin/lp" if name == "lp" else None
    )
    monkeypatch.setattr(printing.subprocess, "run", lambda args, **kwargs: sent.append(args))
    dialog = _dialog(qtbot, demo_register, holder_ids[:2], tmp_path / "out")
    dialog.form.setCurrentIndex(dialog.form.findData("authorization"))
    assert not dialog.print_button.isEnabled()
    with qtbot.waitSignal(dialog.files_written, timeout=20_000):
        dialog.start()
    assert dialog.print_button.isEnabled()
    dialog.print_button.click()
    assert sent == [["/usr/bin/lp", *map(str, dialog.files)]]
    assert "已将 2 个文件发送到默认打印机" in dialog.status.text()


def test_the_change_form_ticks_the_boxes_the_clerk_chose(
    qtbot, demo_register, holder_ids, tmp_path
):
    dialog = _dialog(qtbot, demo_register, holder_ids[:1], tmp_path / "out")
    dialog.form.setCurrentIndex(dialog.form.findData("authorization"))
    assert dialog.change_box.isHidden()
    dialog.form.setCurrentIndex(dialog.form.findData("info-change"))
    assert not dialog.change_box.isHidden()
    assert (
        not dialog.change_checks["address"].isHidden()
        and dialog.change_checks["transfer"].isHidden()
    )
    dialog.change_checks["address"].setChecked(True)
    dialog.other_change.setText("手机号码")
    request = dialog.request()
    assert (
        request.options.changes == frozenset({"address"})
        and request.options.other_change == "手机号码"
    )
    dialog.form.setCurrentIndex(dialog.form.findData("unit-change"))
    assert not dialog.change_checks[
        "address"
    ].isChecked()  # a box of the other form is never carried over
    assert dialog.request().options.changes == frozenset()


def test_a_blank_form_for_no_holder_names_the_chosen_districts_bureau(
    qtbot, demo_register, tmp_path
):
    dialog = _dialog(qtbot, demo_register, [], tmp_path / "out")
    dialog.form.setCurrentIndex(dialog.form.findData("authorization"))
    assert dialog.district.isHidden()
    dialog.blank.setChecked(True)
    assert not dialog.district.isHidden()
    dialog.district.setCurrentIndex(dialog.district.findData("haidian"))
    with qtbot.waitSignal(dialog.files_written, timeout=20_000) as signal:
        dialog.start()
    [path] = signal.args[0]
    assert "北京市海淀区人力资源和社会保障局" in squash(pdf_text(path.read_bytes()))


def test_a_blank_form_for_a_holder_names_the_holders_bureau(
    qtbot, demo_register, holder_ids, tmp_path
):
    from wrc_desktop.rules.policy import get_policy

    with demo_register.session() as session:
        holder = holder_records.get_holder(session, holder_ids[0])
        district = unit_records.get_unit(session, holder.unit_id).district
    dialog = _dialog(qtbot, demo_register, holder_ids[:1], tmp_path / "out")
    dialog.form.setCurrentIndex(dialog.form.findData("authorization"))
    dialog.blank.setChecked(True)
    assert dialog.district.isHidden()
    with qtbot.waitSignal(dialog.files_written, timeout=20_000) as signal:
        dialog.start()
    [path] = signal.args[0]
    assert get_policy(district).bureau.name in squash(pdf_text(path.read_bytes()))
