"""A clerk's journey in the real main window: from a due-list task to the bundle for the counter.

The window runs over the demo register dated :data:`tests.conftest.TODAY`; the case is opened
the way a clerk opens it (the row's 办理 link, or the register's 新建办理事项) and completed
through the desk's use cases the case window calls.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from PIL import Image, ImageDraw
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from tests.conftest import TODAY
from tests.gui.conftest import on_modal, shown_window  # noqa: F401  (fixture reused here)
from tests.helpers import id_number
from wrc_desktop.desk import case_facts as desk_facts
from wrc_desktop.desk import cases as desk_cases
from wrc_desktop.documents.case_folder import AssemblyResult, assemble
from wrc_desktop.documents.context import format_date
from wrc_desktop.gui.models.due_model import LINK_COLUMN
from wrc_desktop.rules.due import DueItem

# What only the clerk may see: item states, rule sources, data files, the check sheet.
INTERNAL_WORDS = ("可提交", "未收集", "依据", ".toml", "未核实", "已附文件", "核对单", "待签字")
# The only blocking problems a case may have before the clerk has supplied everything.
# (A generated form's problem goes on to say, by district, how it is handed in and its date.)
MISSING = ("缺少此项材料", "表格已生成，尚需签字盖章后扫描附上")


@pytest.fixture(autouse=True)
def _close_case_windows(qtbot):
    """Case windows are top-level windows of their own: none stays open after a journey."""
    yield
    from PySide6.QtWidgets import QApplication

    from wrc_desktop.gui.case.case_window import CaseWindow

    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, CaseWindow) and widget.isVisible():
            widget.close()


@pytest.fixture
def desk_window(demo_register, qtbot, tmp_path):
    """The main window over the demo register; the cases' folders go to the test's folder."""
    window = shown_window(demo_register, qtbot)
    window.desk.save_preferences(
        window.desk.preferences().with_changes(case_root=tmp_path / "cases")
    )
    qtbot.waitUntil(lambda: window.due_view.due is not None, timeout=20_000)
    window.show_section("待办")
    return window


def due_row(window, wanted: Callable[[DueItem], bool]):
    """The due list's first row (in the order shown) whose task satisfies ``wanted``."""
    view = window.due_view
    model = view.table.model()
    for row in range(model.rowCount()):
        index = model.index(row, 0)
        item = model.item(index)
        if item is not None and wanted(item):
            return index, item
    raise AssertionError("the due list has no such task")


def click_link(qtbot, window, index, prefix: str) -> None:
    """Press the row's link whose target starts with ``prefix``, where the clerk sees it."""
    view = window.due_view
    cell = index.siblingAtColumn(LINK_COLUMN)
    view.table.scrollTo(cell)
    item = view.model.item(index)
    rect = view.table.visualRect(cell)
    links = view.links.link_rects(rect, item, QFontMetrics(view.table.font()))
    area = next(area for area, _text, target in links if target.startswith(prefix))
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=area.center())


@dataclass
class Opened:
    """What the new-case dialog showed when the clerk pressed 新建, and the case it made."""

    kind: str = ""
    submit: dt.date | None = None
    reason: str = ""
    case_id: int | None = None
    notes: dict = field(default_factory=dict)


def accept_new_case(window, arm_modal, trigger: Callable[[], None], *, kind: str | None = None):
    """Run ``trigger`` (a click); in 新建办理事项 read the defaults, choose ``kind`` if given, press 新建."""
    from wrc_desktop.gui.widgets.shared import set_combo_code

    opened = Opened()

    def fill(dialog) -> None:
        assert dialog.ops.wait()  # the holder's data arrives from a query
        opened.notes["suggested_kind"] = dialog.kind.currentData()
        opened.notes["holder"] = dialog.holder.currentData()
        if kind is not None:
            set_combo_code(dialog.kind, kind)
            assert dialog.ops.wait()  # the kind's own date arrives from a query (新建 waits for it)
        opened.kind = dialog.kind.currentData()
        opened.submit = dialog.submit.date().toPython()
        opened.reason = dialog.reason.text()
        dialog.create_case()
        assert window.ops.wait()
        assert dialog.error.text() == "", dialog.error.text()
        opened.case_id = dialog.case_id

    seen = arm_modal(fill)
    trigger()
    assert seen, "新建办理事项 did not open"
    assert opened.case_id is not None
    case_window = window.case_windows[opened.case_id]  # the case opens in its own window
    assert window.ops.wait()  # the case is read in the background
    assert case_window.view is not None
    view = case_window.view
    assert view.case.kind == opened.kind and view.kind_label in case_window.windowTitle()
    has_forms = any(row.item is not None and row.item.form for row in view.rows)
    assert case_window.forms_button.isEnabled() == has_forms  # 生成表格 only where there are forms
    return opened


# ------------------------------------------------------------------ the clerk's files


def scan_png(path: Path, label: str) -> Path:
    """A "photo" of a signed A4 page, 100 dpi."""
    page = Image.new("RGB", (827, 1169), "white")
    draw = ImageDraw.Draw(page)
    draw.rectangle((40, 40, 787, 1129), outline="black", width=4)
    draw.text((80, 80), label.encode("ascii", "replace").decode(), fill="black")
    draw.line((500, 1000, 740, 1040), fill="blue", width=5)  # a signature
    page.save(path, dpi=(100, 100))
    return path


def scan_pdf(path: Path, label: str) -> Path:
    canvas = Canvas(str(path), pagesize=A4)
    canvas.drawString(72, 760, label.encode("ascii", "replace").decode())
    canvas.rect(60, 60, 475, 720)
    canvas.showPage()
    canvas.save()
    return path


# ------------------------------------------------------------------ checks at each step


def blocking(desk, case_id: int) -> list[str]:
    return [f"{p.subject}：{p.message}" for p in desk_cases.view(desk, case_id).check.blocking]


def app_made_problems(desk, case_id: int) -> list[str]:
    """Blocking problems other than materials the clerk has not supplied yet: the app's own."""
    check = desk_cases.view(desk, case_id).check
    return [
        f"{p.subject}：{p.message}" for p in check.blocking if not p.message.startswith(MISSING)
    ]


@dataclass
class Completed:
    forms: dict[str, dt.date]  # item key → the date its form carries
    declaration_last: bool  # the district says the integrity declaration is dated last
    result: AssemblyResult


def complete_case(
    desk, case_id: int, folder: Path, *, today: dt.date = TODAY, signed_on_paper: bool = False
) -> Completed:
    """What the case window's buttons do, in the clerk's order: the facts the forms need,
    the clerk's scans with their dates, the forms (dated by the app), the signed forms (scans,
    or with ``signed_on_paper`` marked 已收集原件), then 整理材料. Asserts after every step that
    nothing but missing materials blocks."""
    folder.mkdir(parents=True, exist_ok=True)
    view = desk_cases.view(desk, case_id, today)
    submit = view.case.submit_on
    assert submit is not None
    assert app_made_problems(desk, case_id) == []

    # 表格信息: the loan's owner, start and relationship when the holder borrows a home.
    if view.case.housing == "borrowed" or any(r.key == "loan_declaration" for r in view.rows):
        facts, version = desk_facts.read(desk, case_id)
        desk_facts.save(
            desk,
            case_id,
            {
                "loan": {
                    "owners": [
                        {"name": "张大山", "id_number": id_number("110101", "19550307", "031")}
                    ],
                    "since": "2024-03-01",
                    "relation": "父子",
                    "room": "2号楼301室",
                }
            },
            expected_version=version,
            seen=facts,
        )
        assert app_made_problems(desk, case_id) == []

    # The clerk's own materials: a scan each, dated a few days ago, valid well past the submission.
    forms = {r.key for r in view.rows if r.item and r.item.form}
    for number, row in enumerate(view.rows, start=1):
        if row.key in forms or row.item is None or not row.item.required:
            continue
        scan = scan_pdf if number % 2 else scan_png
        path = scan(folder / f"{row.key}.{'pdf' if number % 2 else 'png'}", row.key)
        desk_cases.attach(
            desk,
            case_id,
            row.key,
            [path],
            dated=(today - dt.timedelta(days=5)).isoformat(),
            valid_until=(submit + dt.timedelta(days=800)).isoformat(),
        )
        assert app_made_problems(desk, case_id) == [], row.key

    # 生成表格: the forms, dated by the app so the district's date rules hold.
    planned = (
        {p.key: p.dated for p in desk_facts.planned_dates(desk, case_id, on=today)} if forms else {}
    )
    generated = desk_cases.generate_forms(desk, case_id, on=today) if forms else []
    assert len(generated) == len(planned)
    assert app_made_problems(desk, case_id) == []
    view = desk_cases.view(desk, case_id, today)
    dates = {r.key: r.state.dated for r in view.rows if r.key in forms}
    assert dates == planned  # each form's item carries the date printed on it
    for path, day in zip(generated, planned.values(), strict=True):  # in the plan's order
        text = "".join(page.extract_text() for page in PdfReader(path).pages)
        assert format_date(day) in text and path.stem.endswith(day.strftime("%Y%m%d")), path.name
    # The signed and stamped forms come back as scans and are attached to the same item.
    for key in sorted(forms):
        if signed_on_paper:  # the signed originals go to the counter on paper
            desk_cases.update_item(desk, case_id, key, collected=True, dated=dates[key])
        else:
            path = scan_png(folder / f"{key}-signed.png", key)
            desk_cases.attach(desk, case_id, key, [path])
    assert blocking(desk, case_id) == []

    plan = desk_cases.plan_assembly(desk, case_id, today)
    assert plan.blocking == ()
    policy = desk.rules(today).policy(view.case.district)
    return Completed(dates, bool(policy.materials.integrity_declaration_latest), assemble(plan))


def check_bundle(result: AssemblyResult, *, kind_label: str, holder_name: str) -> list[str]:
    """The bundle as the bureau receives it; returns the 材料目录's text.

    A district that takes uploads only (海淀) gets no counter bundle: its upload kit is checked
    instead and the 材料目录 is empty.
    """
    assert not result.draft
    if result.merged is None:
        assert result.pages == 0 and result.upload_list is not None
        assert result.upload_list.is_file() and result.uploads
        assert not (result.folder / "全部材料.pdf").exists()
        assert all(row["file"] for row in result.uploads if row["required"])
        return []
    reader = PdfReader(result.merged)
    total = len(reader.pages)
    assert total == result.pages and total >= 2
    contents = reader.pages[0].extract_text()
    assert contents.startswith("材料目录")
    assert kind_label in contents and holder_name in contents
    for number, page in enumerate(reader.pages, start=1):
        text = page.extract_text()
        assert f"第 {number} 页 共 {total} 页" in text
        assert "草稿" not in text
        assert [word for word in INTERNAL_WORDS if word in text] == [], number
    outline = [(item.title, reader.get_destination_page_number(item)) for item in reader.outline]
    assert outline[0] == ("材料目录", 0)
    assert result.cover is not None and result.cover.is_file()
    assert result.cover != result.merged
    return [cell.strip() for cell in contents.split("\n")]
