"""全部材料.pdf as the bureau receives it: a 材料目录 first, page numbers, bookmarks; the check sheet apart."""

from __future__ import annotations

import dataclasses
import hashlib

import pytest
from PIL import Image
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfgen.canvas import Canvas

from tests.cases.conftest import TODAY
from tests.helpers import rules_on
from wrc_desktop.desk import case_lifecycle
from wrc_desktop.documents.case_files import attach_files, generate_forms, scan_findings
from wrc_desktop.documents.case_folder import COVER_NAME, NotSubmittable, assemble, plan_assembly
from wrc_desktop.rules.materials import COPY, ORIGINAL, paper_kind
from wrc_desktop.store import holder_records

# What only the clerk may see: states, rule sources, data files.
INTERNAL_WORDS = ("可提交", "未收集", "依据", ".toml", "未核实", "已附文件", "核对单")


def _plan(register, case_id, root):
    """The plan with its counter bundle, as a district that takes paper builds it (海淀 takes
    uploads only and gets none: tests/cases/test_case_folder.py)."""
    with register.session() as session:
        plan = plan_assembly(session, case_id, root=root, rules=rules_on(TODAY))
    return dataclasses.replace(plan, counter_bundle=True)


@pytest.fixture
def ready_case(register, people, scans, tmp_path):
    """A 海淀 renewal with every material in hand, each as its scan (海淀 takes uploads only)."""
    root = tmp_path / "cases"
    rules = rules_on(TODAY)
    wide = tmp_path / "横向收入表.pdf"
    canvas = Canvas(str(wide), pagesize=landscape(A4))
    canvas.drawString(100, 100, "income table")
    canvas.showPage()
    canvas.save()
    card = tmp_path / "photo.jpg"
    Image.new("RGB", (390, 567), "white").save(card, dpi=(300, 300))
    with register.session() as session:
        case_id = case_lifecycle.create_case(
            session, holder_id=people["hai"], kind="renewal", rules=rules, submit_on="2026-12-01"
        ).id
        attach_files(
            session,
            case_id,
            "labor_contract",
            [scans / "upright.jpg", scans / "sideways.jpg"],
            root=root,
            rules=rules,
        )
        attach_files(
            session,
            case_id,
            "income_proof",
            [scans / "doc.pdf", wide],
            root=root,
            dated="2026-11-18",
            rules=rules,
        )
        attach_files(session, case_id, "system_photo", [card], root=root, rules=rules)
        for key, dated in (
            ("unit_tax", "2026-11-19"),
            ("unit_integrity_declaration", "2026-11-20"),
            ("integrity_declaration", "2026-11-21"),  # the declaration last
        ):
            # 海淀 is online only: the signed paper counts once its scan is attached (DOMAIN §8).
            attach_files(
                session, case_id, key, [scans / "doc.pdf"], root=root, dated=dated, rules=rules
            )
        # The check the window and ``wrc case attach`` run once files are in (what it finds and
        # the pages' text direction are recorded beside the scans for the upload kit).
        for key in (
            "labor_contract",
            "income_proof",
            "system_photo",
            "unit_tax",
            "unit_integrity_declaration",
            "integrity_declaration",
        ):
            scan_findings(session, case_id, key, root=root)
    return case_id, root


def test_original_or_copy_follows_the_guides_preparation():
    assert paper_kind("原件及复印件", form=False) == COPY
    assert paper_kind("原件及加盖单位公章复印件", form=False) == COPY
    assert paper_kind("原件扫描；录入合同期限截止日", form=False) == COPY
    assert paper_kind("原件扫描，加盖单位公章", form=False) == COPY  # a stamped scan is a copy
    assert paper_kind("单位出具并加盖公章", form=False) == ORIGINAL
    # a copy the unit certifies and signs is still a copy (海淀: 注明“经核真实有效”)
    assert paper_kind("逐页加盖申请单位财务章，注明“经核真实有效”", form=False) == COPY
    assert paper_kind("加盖财务章的原件，经办人签字", form=False) == ORIGINAL
    assert paper_kind("仅提供原件；须注明离职日期", form=False) == ORIGINAL
    assert paper_kind("原件", form=False) == ORIGINAL
    assert paper_kind("须注明离职日期", form=False) == COPY
    assert paper_kind("须注明离职日期", form=False, usual=ORIGINAL) == ORIGINAL
    assert paper_kind("原件扫描；须注明离职日期", form=False, usual=ORIGINAL) == COPY
    assert paper_kind(
        "申报收入查询打印；逐页加盖申请单位财务章，注明“经核真实有效”", form=False
    ) == (
        ORIGINAL  # printed from the tax system for this application: there is no other original
    )
    assert paper_kind("", form=True) == ORIGINAL


def test_the_bundle_opens_with_a_clean_contents_page(register, ready_case):
    case_id, root = ready_case
    plan = _plan(register, case_id, root)
    assert plan.blocking == ()
    originals = {p: hashlib.sha256(p.read_bytes()).hexdigest() for i in plan.items for p in i.files}
    result = assemble(plan)
    assert not result.draft
    reader = PdfReader(result.merged)
    total = len(reader.pages)
    assert total == result.pages == 1 + 2 + 1 + 1 + 2 + 1 + 1
    contents = reader.pages[0].extract_text()
    assert contents.startswith("材料目录")
    for expected in (
        "北京智源星图科技有限公司",
        "91110108MA01HAXD",
        "王五",
        "居民身份证号码",
        plan.head.id_number,  # the bureau needs the full number
        "续签（海淀区）",
        "2026-0001",
    ):
        assert expected in contents, expected
    cells = [cell.strip() for cell in contents.split("\n")]  # one line per table cell
    row = cells.index("有效聘用（劳动）合同")
    assert cells[row - 1 : row + 4] == ["1", "有效聘用（劳动）合同", "复印件", "2–3", "2"]
    row = cells.index("单位诚信声明")
    assert cells[row - 1 : row + 4] == ["3", "单位诚信声明", "原件", "5", "1"]  # its signed scan
    assert "另附" not in contents  # online only: nothing is handed in on paper
    assert cells[-5:-2] == ["复印件", "9", "1"]  # the photo, last row
    assert cells[cells.index("6–7") - 1] == "原件"  # the income printouts are stamped: originals
    assert cells[cells.index("个人诚信声明") + 2] == "8"
    summary = "共 6 项材料，连同本目录共 9 页。"
    assert summary in contents.replace("\n", "")
    # The clerk's check sheet is a file of its own; nothing of it reaches the bureau.
    for number, page in enumerate(reader.pages, start=1):
        text = page.extract_text()
        assert f"第 {number} 页 共 {total} 页" in text
        assert "草稿" not in text
        assert not [word for word in INTERNAL_WORDS if word in text], number
    assert (result.folder / COVER_NAME).is_file() and result.cover == result.folder / COVER_NAME
    # One bookmark per material, shown when the file opens.
    outline = [(item.title, reader.get_destination_page_number(item)) for item in reader.outline]
    assert outline[0] == ("材料目录", 0)
    assert [page for _title, page in outline] == [0, 1, 3, 4, 5, 7, 8]
    assert [title[:2] for title, _page in outline[1:]] == ["1.", "2.", "3.", "4.", "5.", "6."]
    assert outline[1][0] == "1. 有效聘用（劳动）合同"
    names = sorted(p.name for p in result.folder.glob("0*.pdf"))
    assert [name[:3] for name in names] == ["01 ", "02 ", "03 ", "04 ", "05 ", "06 "]
    assert reader.trailer["/Root"]["/PageMode"] == "/UseOutlines"
    # Page sizes: scans on upright A4, the landscape PDF stays landscape (with its number).
    shapes = [float(p.mediabox.width) > float(p.mediabox.height) for p in reader.pages]
    assert shapes == [False, False, False, False, False, False, True, False, False]
    # The clerk's files are kept as they were, beside the bundle.
    assert {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in originals} == originals


def test_the_check_sheet_is_readable(register, ready_case):
    case_id, root = ready_case
    result = assemble(_plan(register, case_id, root))
    sizes: set[float] = set()

    def visit(text, cm, tm, font_dict, font_size):
        if text.strip():
            sizes.add(round(font_size * tm[0] * cm[0], 2))

    for page in PdfReader(result.cover).pages:
        page.extract_text(visitor_text=visit)
    assert sizes and min(sizes) >= 10.5


def test_a_case_that_cannot_be_submitted_is_refused_before_anything_is_built(
    register, people, scans, tmp_path
):
    root = tmp_path / "cases"
    with register.session() as session:
        case_id = case_lifecycle.create_case(
            session, holder_id=people["hai"], kind="renewal", rules=rules_on(TODAY)
        ).id
        attach_files(
            session,
            case_id,
            "labor_contract",
            [scans / "upright.jpg"],
            root=root,
            rules=rules_on(TODAY),
        )
        generate_forms(session, case_id, root=root, on=TODAY, rules=rules_on(TODAY))
    plan = _plan(register, case_id, root)
    before = sorted(p.relative_to(root) for p in root.rglob("*"))
    with pytest.raises(NotSubmittable) as refused:
        assemble(plan)
    message = str(refused.value)
    assert "尚不能提交" in message and f"有 {len(plan.blocking)} 个问题" in message
    assert "个人诚信声明" in message and "1. " in message
    assert sorted(p.relative_to(root) for p in root.rglob("*")) == before  # nothing built
    # A draft, asked for explicitly, says so on every page.
    result = assemble(plan, draft=True)
    reader = PdfReader(result.merged)
    assert reader.pages[0].extract_text().startswith("材料目录（草稿）")
    assert all("草稿 · 第" in page.extract_text() for page in reader.pages)


def test_the_holders_id_is_printed_only_in_the_bundle_not_in_messages(register, people):
    with register.session() as session:
        holder = holder_records.get_holder(session, people["hai"])
    assert len(holder.id_number) == 18  # the 材料目录 prints it whole; messages never carry it
