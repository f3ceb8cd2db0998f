"""The case window's 上传清单 tab: a 海淀 renewal from its warning to a complete upload kit."""

from __future__ import annotations

import datetime as dt

import pytest
from PIL import Image, ImageDraw
from sqlmodel import select

from tests.conftest import TODAY
from tests.gui_cases.test_cases_gui import _ops
from tests.helpers import rules_on
from wrc_desktop.desk import case_lifecycle
from wrc_desktop.documents.scan_checks import direction_readable
from wrc_desktop.store.models import Holder, Permit, PermitPeriod, Unit

# What the list says of each file's direction: by its text where the OCR extra is installed.
DIRECTION_SAID = "已按文字方向核对" if direction_readable() else "未按文字方向核对"


@pytest.fixture
def due_case(demo_register):
    """A 海淀 holder's renewal, submitted nine days from now, inside the 60-day window."""
    submit = TODAY + dt.timedelta(days=9)
    with demo_register.session() as session:
        holder = session.exec(
            select(Holder)
            .join(Unit, Unit.id == Holder.unit_id)
            .join(Permit, Permit.holder_id == Holder.id)
            .join(PermitPeriod, PermitPeriod.permit_id == Permit.id)
            .where(Unit.district == "haidian", Holder.status == "active")
            .where(PermitPeriod.expiry > submit + dt.timedelta(days=25))
            .where(PermitPeriod.expiry < submit + dt.timedelta(days=55))
        ).first()
        return case_lifecycle.create_case(
            session, holder_id=holder.id, kind="renewal", rules=rules_on(TODAY), submit_on=submit
        ).id


def _scan(path):
    page = Image.new("RGB", (2480, 3508), "white")
    draw = ImageDraw.Draw(page)
    draw.rectangle((200, 200, 2280, 500), fill=(190, 30, 30))
    for line in range(20):
        draw.rectangle((200, 700 + line * 120, 2280, 720 + line * 120), fill=(20, 40, 150))
    page.save(path, dpi=(300, 300), quality=85)
    return path


def test_the_upload_list_tab_follows_the_case_to_a_complete_kit(
    qtbot,
    demo_register,
    due_case,
    tmp_path,
):
    from wrc_desktop.gui.case.case_window import CaseWindow

    window = CaseWindow(_ops(demo_register, tmp_path), due_case)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.view is not None)  # the case is read in the background
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    uploads = window.uploads
    assert window.lower_tabs.tabText(1) == "上传清单"
    assert uploads.tree.topLevelItemCount() == 6
    assert "缺扫描件 6 项" in uploads.heading.text()
    first = uploads.tree.topLevelItem(0)
    assert (first.text(0), first.text(1), first.text(2)) == (
        "单位",
        "员工列表 → 劳动合同",
        "尚无扫描件",
    )
    assert "未核实" in uploads.tree.topLevelItem(1).text(1)  # 单位纳税材料: 其他材料
    assert "□ " in uploads.tree.topLevelItem(3).text(3)  # the income print's stamp and signatures
    scan = _scan(tmp_path / "scan.jpg")
    photo = tmp_path / "photo.jpg"
    Image.new("RGB", (413, 579), (240, 240, 250)).save(photo, dpi=(300, 300))
    keys = [row.key for row in window.view.rows]
    for key in keys:
        assert window.attach(key, [str(photo if key == "system_photo" else scan)])
        assert window.ops.wait()
    for index, key in enumerate(keys):  # dates: the declaration after every other material
        window.tree.setCurrentItem(window.tree.topLevelItem(index))
        window.dated.setText(
            str(TODAY + dt.timedelta(days=2 if key == "integrity_declaration" else -2))
        )
        window.valid_until.setText("2029-12-31" if key == "labor_contract" else "")
        window.save_dates()
        assert window.ops.wait()
    assert "缺扫描件 0 项" in uploads.heading.text()
    blocking = [
        window.problems.item(i).text()
        for i in range(window.problems.count())
        if window.problems.item(i).text().startswith("●")
    ]
    assert "可提交" in window.verdict.text() and not blocking, blocking
    with qtbot.waitSignal(window.assembled, timeout=30000) as signal:
        window.start_assembly()
    result = signal.args[0]
    assert not result.draft and result.upload_list.is_file()
    assert "已按上次整理生成" in uploads.heading.text()
    rows = [uploads.tree.topLevelItem(i) for i in range(uploads.tree.topLevelItemCount())]
    assert rows[0].text(2) == "单位上传/劳动合同.pdf"
    assert rows[-1].text(2) == "申请人上传/证件照片.jpg"
    assert all(DIRECTION_SAID in row.text(4) for row in rows[:-1])
    assert "证件照片没有文字方向可核对" in rows[-1].text(4)  # a portrait: upright by EXIF
    window._result_box.close()
    window.lower_tabs.setCurrentIndex(1)
    window.grab().save(str(tmp_path / "upload_tab.png"))
