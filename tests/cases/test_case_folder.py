"""The case folder: numbered files, cover sheet, merged PDF with bookmarks; safe, idempotent, all or nothing."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import zipfile

import pytest
from pypdf import PdfReader

from tests.cases.conftest import TODAY
from tests.helpers import id_number, rules_on
from wrc_desktop.desk import case_lifecycle
from wrc_desktop.documents.case_files import attach_files, detach, folder_name, generate_forms
from wrc_desktop.documents.case_folder import MANIFEST, assemble, plan_assembly
from wrc_desktop.documents.case_zip import zip_case
from wrc_desktop.rules.errors import WrcError
from wrc_desktop.rules.form_facts import CaseFormFacts, LoanFacts, LoanOwner
from wrc_desktop.store import case_items, case_views, cases, holder_records
from wrc_desktop.store.case_facts import read_facts, write_facts


@pytest.fixture
def renewal(register, people):
    with register.session() as session:
        return case_lifecycle.create_case(
            session,
            holder_id=people["hai"],
            kind="renewal",
            rules=rules_on(TODAY),
            submit_on="2026-12-01",
        ).id


def run_assembly(register, case_id, root, *, draft=True):
    """These cases are incomplete on purpose: they are assembled as drafts unless told otherwise.

    They test the counter bundle's files, as a district that takes paper builds them; the
    holder's district (海淀) takes uploads only, which
    :func:`test_an_online_only_district_gets_no_counter_bundle` covers.
    """
    with register.session() as session:
        plan = plan_assembly(session, case_id, root=root, rules=rules_on(TODAY))
    return assemble(dataclasses.replace(plan, counter_bundle=True), draft=draft)


def test_assembly_writes_numbered_files_cover_and_bookmarked_merge(
    register, renewal, scans, tmp_path
):
    root = tmp_path / "cases"
    with register.session() as session:
        attach_files(
            session,
            renewal,
            "labor_contract",
            [scans / "upright.jpg", scans / "sideways.jpg"],
            root=root,
            rules=rules_on(TODAY),
        )
        attach_files(
            session,
            renewal,
            "income_proof",
            [scans / "doc.pdf", scans / "page.png"],
            root=root,
            dated="2026-11-20",
            rules=rules_on(TODAY),
        )
        generate_forms(session, renewal, root=root, on=TODAY, rules=rules_on(TODAY))
    result = run_assembly(register, renewal, root)
    folder = root / "2026" / "2026-0001 王五 续签"
    assert result.folder == folder
    names = sorted(p.name for p in folder.iterdir() if p.is_file())
    # A draft shows the generated (unsigned) forms where nothing signed is there yet, so it is
    # never "共 0 项材料"; a final bundle carries only what the clerk attached.
    assert names == [
        MANIFEST,
        "01 有效聘用（劳动）合同.pdf",
        "02 单位诚信声明.pdf",
        "03 持证期间近三年的应税收入材料.pdf",
        "04 个人诚信声明.pdf",
        "全部材料.pdf",
        "内部核对单（不提交）.pdf",
    ]
    # 海淀's own 申请人诚信声明 (附件2), dated after the unit's declaration (dated the day of
    # generation), headed and filed under the material's one title.
    assert sorted(p.name for p in (folder / "表格").iterdir()) == [
        "个人诚信声明_王五_20261124.pdf",
        "单位诚信声明_王五_20261123.pdf",
    ]
    contract = PdfReader(folder / "01 有效聘用（劳动）合同.pdf")
    assert [page.mediabox.height > page.mediabox.width for page in contract.pages] == [
        True,
        True,
    ]  # upright
    merged = PdfReader(result.merged)
    outline = [(item.title, merged.get_destination_page_number(item)) for item in merged.outline]
    assert outline == [
        ("材料目录", 0),
        ("1. 有效聘用（劳动）合同", 1),
        ("2. 单位诚信声明", 3),
        ("3. 持证期间近三年的应税收入材料（《申报收入查询记录》和《申请人所得税纳税记录》）", 4),
        ("4. 个人诚信声明", 6),
    ]
    assert len(merged.pages) == result.pages == 7
    cover = PdfReader(folder / "内部核对单（不提交）.pdf").pages[0].extract_text()
    assert (
        "续签 材料清单" in cover
        and "不随材料提交" in cover
        and "王五" in cover
        and "已附文件" in cover
        and "已生成表格" in cover
    )
    assert "2026-12-01" in cover


def test_reassembling_is_idempotent_and_never_touches_the_clerks_files(
    register, renewal, scans, tmp_path
):
    root = tmp_path / "cases"
    with register.session() as session:
        attach_files(
            session,
            renewal,
            "labor_contract",
            [scans / "upright.jpg"],
            root=root,
            rules=rules_on(TODAY),
        )
    first = run_assembly(register, renewal, root)
    folder = first.folder
    (folder / "我的备注.txt").write_text("经办人自己的文件", "utf-8")
    again = run_assembly(register, renewal, root)
    # numbered file, bundle, check sheet, and the upload kit's contract and 上传清单
    assert again.written == [] and len(again.unchanged) == 5
    # The clerk replaces the app's numbered file with their own version: it is kept, the app writes beside it.
    (folder / "01 有效聘用（劳动）合同.pdf").write_bytes(b"%PDF-1.4 clerk's own scan")
    third = run_assembly(register, renewal, root)
    assert third.kept == [folder / "01 有效聘用（劳动）合同.pdf"]
    assert (folder / "01 有效聘用（劳动）合同.pdf").read_bytes() == b"%PDF-1.4 clerk's own scan"
    assert (folder / "01 有效聘用（劳动）合同 (程序生成).pdf").is_file()
    assert run_assembly(register, renewal, root).written == []  # still stable
    # An item whose files are removed loses its numbered file; the clerk's files stay.
    with register.session() as session:
        for attachment in case_items.attachments_by_item(session, renewal)["labor_contract"]:
            detach(session, attachment.id, root=root)
    fourth = run_assembly(register, renewal, root)
    assert fourth.removed == [
        folder / "01 有效聘用（劳动）合同 (程序生成).pdf",
        folder / "上传" / "单位上传" / "劳动合同.pdf",
    ]
    assert (folder / "我的备注.txt").read_text("utf-8") == "经办人自己的文件"
    assert (folder / "01 有效聘用（劳动）合同.pdf").exists()
    assert set(json.loads((folder / MANIFEST).read_text("utf-8"))["files"]) == {
        "内部核对单（不提交）.pdf",
        "全部材料.pdf",
        "上传/上传清单.pdf",  # the contract's slot file went with its scans
    }
    assert not (folder / "上传" / "单位上传" / "劳动合同.pdf").exists()


def test_assembly_is_all_or_nothing(register, renewal, scans, tmp_path):
    root = tmp_path / "cases"
    with register.session() as session:
        attach_files(
            session,
            renewal,
            "labor_contract",
            [scans / "upright.jpg"],
            root=root,
            rules=rules_on(TODAY),
        )
        [copied] = case_items.attachments_by_item(session, renewal)["labor_contract"]
    folder = run_assembly(register, renewal, root).folder
    before = {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}
    (folder / copied.path).write_bytes(b"not an image any more")
    with register.session() as session:
        attach_files(
            session, renewal, "income_proof", [scans / "doc.pdf"], root=root, rules=rules_on(TODAY)
        )
    with pytest.raises(WrcError, match="无法读取图片“upright.jpg”"):
        run_assembly(register, renewal, root)
    assert {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()} == before
    assert [p.name for p in folder.parent.iterdir() if p.name.startswith(".~")] == []


def test_a_holder_named_dot_dot_con_stays_inside_the_case_root(register, people, scans, tmp_path):
    root = tmp_path / "cases"
    with register.session() as session:
        holder = holder_records.get_holder(session, people["hai"])
        holder_records.update_holder(
            session, holder.id, holder={**holder.model_dump(), "name": "../CON"}
        )
        case = case_lifecycle.create_case(
            session, holder_id=holder.id, kind="general-change", rules=rules_on(TODAY)
        )
        attach_files(
            session,
            case.id,
            "change_evidence",
            [scans / "upright.jpg"],
            root=root,
            rules=rules_on(TODAY),
        )
        case_id = case.id
    result = run_assembly(register, case_id, root)
    assert result.folder.parent == root / "2026"
    assert result.folder.name == "2026-0001 .._CON 一般信息变更"
    assert (result.folder / "01 变更信息的证明材料原件.pdf").is_file()
    for name in ("CON", "../CON", 'a<b>:"/\\|?*', "NUL.", " ", "李" * 200):
        safe = folder_name("2026-0009", name, "new")
        assert (
            not set('<>:"/\\|?*') & set(safe) and not safe.endswith((".", " ")) and len(safe) <= 120
        )


def test_zip_holds_the_folder(register, renewal, scans, tmp_path):
    root = tmp_path / "cases"
    with register.session() as session:
        attach_files(
            session,
            renewal,
            "labor_contract",
            [scans / "upright.jpg"],
            root=root,
            rules=rules_on(TODAY),
        )
    folder = run_assembly(register, renewal, root).folder
    archive = zip_case(folder)
    assert archive == folder.parent / f"{folder.name}.zip"
    names = set(zipfile.ZipFile(archive).namelist())
    assert (
        f"{folder.name}/全部材料.pdf" in names
        and f"{folder.name}/_原件/labor_contract/upright.jpg" in names
    )


def test_attach_refuses_bad_files_before_copying(register, renewal, scans, tmp_path):
    root = tmp_path / "cases"
    text = tmp_path / "notes.txt"
    text.write_text("x")
    fake = tmp_path / "fake.jpg"
    fake.write_bytes(b"no image")
    with register.session() as session:
        with pytest.raises(WrcError, match="“notes.txt”的类型 .txt 不能作为材料"):
            attach_files(
                session, renewal, "labor_contract", [text], root=root, rules=rules_on(TODAY)
            )
        with pytest.raises(WrcError, match="“fake.jpg”不是可读取的图片"):
            attach_files(
                session, renewal, "labor_contract", [fake], root=root, rules=rules_on(TODAY)
            )
        with pytest.raises(WrcError, match="没有“passport”"):
            attach_files(
                session,
                renewal,
                "passport",
                [scans / "upright.jpg"],
                root=root,
                rules=rules_on(TODAY),
            )
    assert not (root / "2026").exists() or not any((root / "2026").rglob("*.jpg"))


def _record_loan(session, case_id: int) -> None:
    """The facts a borrowed home's declaration needs (the register does not hold them)."""
    write_facts(
        session,
        case_id,
        CaseFormFacts(
            loan=LoanFacts(
                owners=(LoanOwner("张大山", id_number("110101", "19550307", "031")),),
                since=dt.date(2024, 3, 1),
                relation="父子",
                room="2号楼301室",
            )
        ),
    )


def test_dongcheng_forms_attach_to_their_items(register, people, tmp_path):
    root = tmp_path / "cases"
    with register.session() as session:
        case = case_lifecycle.create_case(
            session,
            holder_id=people["dong"],
            kind="new",
            clause=1,
            rules=rules_on(TODAY),
            submit_on="2026-12-01",
        )
        _record_loan(session, case.id)
        written = generate_forms(session, case.id, root=root, on=TODAY, rules=rules_on(TODAY))
        files = case_items.attachments_by_item(session, case.id)
    assert sorted(p.name for p in written) == sorted(
        [
            "授权委托书_张三_20261123.pdf",
            "房屋借住声明_张三_20261123.pdf",
            "个人诚信声明_张三_20261124.pdf",  # dated after every other material
        ]
    )
    assert {key for key, attached in files.items() if attached[0].kind == "form"} == {
        "authorization",
        "integrity_declaration",
        "loan_declaration",
    }


def test_a_move_failing_partway_is_finished_by_the_next_assembly(
    register, renewal, scans, tmp_path, monkeypatch
):
    from wrc_desktop.documents import case_folder
    from wrc_desktop.documents.case_files import sha256_of

    root = tmp_path / "cases"
    with register.session() as session:
        attach_files(
            session,
            renewal,
            "labor_contract",
            [scans / "upright.jpg"],
            root=root,
            rules=rules_on(TODAY),
        )
    folder = run_assembly(register, renewal, root).folder
    (folder / "我的备注.txt").write_text("经办人自己的文件", "utf-8")
    with register.session() as session:  # item 01 changes (replaced on disk), item 02 is new
        attach_files(
            session,
            renewal,
            "labor_contract",
            [scans / "sideways.jpg"],
            root=root,
            rules=rules_on(TODAY),
        )
        attach_files(
            session, renewal, "income_proof", [scans / "doc.pdf"], root=root, rules=rules_on(TODAY)
        )
    real_put, calls = case_folder._put, []

    def put_failing_second(source, target):
        calls.append(target)
        if len(calls) == 2:
            raise PermissionError(13, "open in a viewer", str(target))
        real_put(source, target)

    monkeypatch.setattr(case_folder, "_put", put_failing_second)
    with pytest.raises(OSError):
        run_assembly(register, renewal, root)
    assert len(calls) == 2
    manifest = json.loads((folder / MANIFEST).read_text("utf-8"))["files"]
    assert (
        len(PdfReader(folder / "01 有效聘用（劳动）合同.pdf").pages) == 2
    )  # moved before the failure
    assert all(
        sha256_of(folder / name) == digest for name, digest in manifest.items()
    )  # describes the disk
    monkeypatch.setattr(case_folder, "_put", real_put)
    result = run_assembly(register, renewal, root)
    assert result.kept == []
    names = sorted(p.name for p in folder.iterdir() if p.is_file())
    assert names == [
        MANIFEST,
        "01 有效聘用（劳动）合同.pdf",
        "02 持证期间近三年的应税收入材料.pdf",
        "全部材料.pdf",
        "内部核对单（不提交）.pdf",
        "我的备注.txt",
    ]
    assert not [name for name in names if "程序生成" in name]
    assert len(PdfReader(result.merged).pages) == result.pages == 4
    assert (folder / "我的备注.txt").read_text("utf-8") == "经办人自己的文件"
    assert run_assembly(register, renewal, root).written == []


def _form_files(register, case_id, root):
    """The case's form attachments (path → sha256) and the files in 表格/."""
    with register.session() as session:
        folder = root / cases.get_case(session, case_id).folder
        attached = {
            a.path: a.sha256
            for rows in case_items.attachments_by_item(session, case_id).values()
            for a in rows
            if a.kind == "form"
        }
    return folder, attached, sorted(p.name for p in (folder / "表格").iterdir())


@pytest.mark.parametrize("failing", ["render_pdf", "write_atomic"])
def test_regenerating_forms_that_fails_partway_keeps_the_old_forms(
    register, people, tmp_path, monkeypatch, failing
):
    import datetime as dt

    from wrc_desktop.documents import case_files

    root = tmp_path / "cases"
    with register.session() as session:
        case_id = case_lifecycle.create_case(
            session,
            holder_id=people["dong"],
            kind="new",
            clause=1,
            rules=rules_on(TODAY),
            submit_on="2026-12-01",
        ).id
        _record_loan(session, case_id)
        generate_forms(session, case_id, root=root, on=TODAY, rules=rules_on(TODAY))
    folder, attached, files = _form_files(register, case_id, root)
    before = {name: (folder / "表格" / name).read_bytes() for name in files}
    real, calls = getattr(case_files, failing), []

    def fail_second(*args, **kwargs):
        calls.append(args)
        if len(calls) == 2:
            raise OSError("disk full")
        return real(*args, **kwargs)

    monkeypatch.setattr(case_files, failing, fail_second)
    with pytest.raises(OSError, match="disk full"), register.session() as session:
        generate_forms(
            session, case_id, root=root, on=TODAY + dt.timedelta(days=1), rules=rules_on(TODAY)
        )
    assert _form_files(register, case_id, root)[1:] == (attached, files)
    assert {
        name: (folder / "表格" / name).read_bytes() for name in files
    } == before  # nothing deleted or changed
    assert all(case_files.sha256_of(folder / path) == digest for path, digest in attached.items())
    with register.session() as session:
        plan_assembly(
            session, case_id, root=root, rules=rules_on(TODAY)
        )  # the case can still be assembled


def test_regenerated_forms_replace_the_old_ones_once_committed(register, people, tmp_path):
    root = tmp_path / "cases"
    with register.session() as session:
        case_id = case_lifecycle.create_case(
            session,
            holder_id=people["dong"],
            kind="new",
            clause=1,
            rules=rules_on(TODAY),
            submit_on="2026-12-01",
        ).id
        _record_loan(session, case_id)
        first = generate_forms(session, case_id, root=root, on=TODAY, rules=rules_on(TODAY))
    with register.session() as session:
        second = generate_forms(session, case_id, root=root, on=TODAY, rules=rules_on(TODAY))
        assert all(p.is_file() for p in first + second)  # the old forms stay until the commit
    _folder, attached, files = _form_files(register, case_id, root)
    assert (
        sorted(f"表格/{name}" for name in files)
        == sorted(attached)
        == sorted(f"表格/{p.name}" for p in second)
    )
    assert not any(p.is_file() for p in first)
    with register.session() as session:
        third = generate_forms(session, case_id, root=root, on=TODAY, rules=rules_on(TODAY))
    assert sorted(p.name for p in third) == sorted(p.name for p in first)  # the usual names again
    assert sorted(_form_files(register, case_id, root)[2]) == sorted(p.name for p in third)


def test_an_address_change_declares_the_new_home_never_the_registers_old_one(
    register, people, tmp_path
):
    root = tmp_path / "cases"
    with register.session() as session:
        old_address = holder_records.get_holder(session, people["dong"]).address
        case = case_lifecycle.create_case(
            session,
            holder_id=people["dong"],
            kind="address-change",
            rules=rules_on(TODAY),
            submit_on="2026-12-01",
        )
        assert "loan_declaration" in {
            row.key for row in case_views.case_view(session, case.id, rules=rules_on(TODAY)).rows
        }
        _record_loan(session, case.id)  # a room number only: it would follow the old address
        with pytest.raises(WrcError, match="借住地址"):
            generate_forms(session, case.id, root=root, on=TODAY, rules=rules_on(TODAY))
        new_home = "北京市东城区和平里东街11号院3号楼2单元502室"
        facts = read_facts(session, case.id)[0]
        write_facts(
            session,
            case.id,
            dataclasses.replace(facts, loan=dataclasses.replace(facts.loan, address=new_home)),
        )
        written = generate_forms(session, case.id, root=root, on=TODAY, rules=rules_on(TODAY))
    [loan] = [path for path in written if path.name.startswith("房屋借住声明")]
    text = "".join("".join(page.extract_text().split()) for page in PdfReader(loan).pages)
    assert new_home in text
    assert old_address and "".join(old_address.split()) not in text
