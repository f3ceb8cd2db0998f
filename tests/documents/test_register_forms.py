"""Forms filled from the register: context, files in a folder, batches, cancel, the CLI."""

from __future__ import annotations

import pytest
from sqlmodel import select

from tests.helpers import id_number, with_wrong_check_digit
from wrc_desktop.cli import main
from wrc_desktop.documents import (
    Cancelled,
    FormOptions,
    FormRequest,
    LoanDetails,
    build_context,
    generate,
)
from wrc_desktop.rules.context import RulesContext
from wrc_desktop.rules.errors import WrcError
from wrc_desktop.store.models import Holder, Unit

from .conftest import DAY, pdf_text, squash

RULES = RulesContext.load(today=DAY, overrides=None)  # the bundled rules


def _holders(session, district: str, count: int = 1, **where) -> list[Holder]:
    query = select(Holder).join(Unit, Unit.id == Holder.unit_id).where(Unit.district == district)
    for key, value in where.items():
        query = query.where(getattr(Holder, key) == value)
    return list(session.exec(query.order_by(Holder.id).limit(count)))


def test_context_reads_holder_unit_agent_and_bureau(demo_register):
    with demo_register.session() as session:
        holder = _holders(session, "dongcheng")[0]
        context = build_context(session, holder.id, FormOptions(on=DAY), rules=RULES)
    values = context.values
    assert values["bureau.name"] == "北京市东城区人力资源和社会保障局"
    assert values["unit.name"] == "北京东华文化传媒有限公司"
    assert values["holder.id_number"] == holder.id_number
    assert values["agent.name"] and values["agent.gender"] in ("男", "女")
    assert values["date"] == "2026年11月22日"


def test_unknown_agent_is_refused_with_the_known_names(demo_register):
    with demo_register.session() as session:
        holder = _holders(session, "haidian")[0]
        with pytest.raises(WrcError, match="没有名为“无名氏”的经办人"):
            build_context(session, holder.id, FormOptions(on=DAY, agent="无名氏"), rules=RULES)


def test_invalid_owner_id_is_refused_before_any_file(demo_register, tmp_path):
    bad = with_wrong_check_digit(id_number())
    options = FormOptions(on=DAY, loan=LoanDetails(owners=[("王建国", bad)]))
    with demo_register.session() as session:
        holder = _holders(session, "haidian")[0]
        with pytest.raises(WrcError, match="校验位"):
            generate(
                session, FormRequest("loan", [holder.id], options), tmp_path / "out", rules=RULES
            )
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_leaving_certificate_needs_the_leaving_date(demo_register, tmp_path):
    with demo_register.session() as session:
        active = _holders(session, "haidian", status="active")[0]
        left = _holders(session, "haidian", status="left")[0]
        with pytest.raises(WrcError, match="离职日期"):
            generate(
                session,
                FormRequest("leaving", [active.id], FormOptions(on=DAY)),
                tmp_path,
                rules=RULES,
            )
        [path] = generate(
            session, FormRequest("leaving", [left.id], FormOptions(on=DAY)), tmp_path, rules=RULES
        )
    text = squash(pdf_text(path.read_bytes()))
    assert f"{left.left_on.year}年{left.left_on.month}月{left.left_on.day}日" in text


def test_batch_one_file_each_and_combined(demo_register, tmp_path):
    seen = []
    with demo_register.session() as session:
        holders = _holders(session, "xicheng", count=3)
        ids = [h.id for h in holders]
        each = generate(
            session,
            FormRequest("declaration", ids, FormOptions(on=DAY)),
            tmp_path / "each",
            progress=lambda done, total: seen.append((done, total)),
            rules=RULES,
        )
        combined = generate(
            session,
            FormRequest("declaration", ids, FormOptions(on=DAY), combined=True),
            tmp_path / "one",
            rules=RULES,
        )
    assert len(each) == 3 and seen[-1] == (3, 3)
    for holder, path in zip(holders, each, strict=True):
        assert path.name == f"诚信声明_{holder.name}_20261122.pdf"
        assert holder.name in squash(pdf_text(path.read_bytes()))
    [single] = combined
    assert single.name == "诚信声明_合并3份_20261122.pdf"
    text = squash(pdf_text(single.read_bytes()))
    assert all(h.name in text for h in holders)
    assert not list(tmp_path.rglob("*.part"))


def test_cancel_keeps_finished_files_and_no_temporary_ones(demo_register, tmp_path):
    calls = iter([False, False, True])
    with demo_register.session() as session:
        ids = [h.id for h in _holders(session, "haidian", count=5)]
        with pytest.raises(Cancelled) as raised:
            generate(
                session,
                FormRequest("authorization", ids, FormOptions(on=DAY)),
                tmp_path / "out",
                cancelled=lambda: next(calls),
                rules=RULES,
            )
    assert len(raised.value.written) == 2
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(
        p.name for p in raised.value.written
    )


def test_blank_form_without_a_holder(register, tmp_path):
    with register.session() as session:
        [path] = generate(
            session,
            FormRequest("authorization", [], FormOptions(on=DAY, blank=True)),
            tmp_path,
            rules=RULES,
        )
    assert path.name == "授权委托书_空白_20261122.pdf"


# ---------------------------------------------------------------- CLI


def _holder_number(register, district="dongcheng", **where) -> str:
    with register.session() as session:
        return _holders(session, district, **where)[0].id_number


def test_cli_writes_the_loan_declaration(demo_register, tmp_path, capsys):
    number = _holder_number(demo_register, housing_kind="borrowed")
    out = tmp_path / "借住声明.pdf"
    owner = id_number("110105", "19600101", "222")
    code = main(
        [
            "form",
            "loan",
            "--holder",
            number,
            "--out",
            str(out),
            "--date",
            "2026-11-20",
            "--owner",
            f"王建国,{owner}",
            "--owner",
            f"李秀兰，{id_number('110105', '19620202', '224')}",
            "--address",
            "北京市东城区东四十条 88 号 3 门 201 室",
            "--relation",
            "父女",
            "--since",
            "2025-03-01",
        ]
    )
    assert code == 0, capsys.readouterr().err
    text = squash(pdf_text(out.read_bytes()))
    assert number in text and owner in text and "北京市东城区东四十条88号3门201室" in text
    assert "2026年11月20日" in text and "2025年3月1日" in text and "房主（李秀兰）签字" in text


def test_cli_residence_proof_prints_the_door_number_given_by_room(demo_register, tmp_path, capsys):
    with demo_register.session() as session:
        [holder] = [
            h
            for district in ("xicheng", "dongcheng", "haidian", "shijingshan")
            for h in _holders(session, district, housing_kind="unit")
        ][:1]
        number, registered = holder.id_number, holder.address
    out = tmp_path / "居住证明.pdf"
    args = ["form", "unit-housing", "--holder", number, "--room", "3号楼2单元502室"]
    assert main([*args, "--out", str(out)]) == 0
    assert squash(f"{registered}3号楼2单元502室") in squash(pdf_text(out.read_bytes()))
    whole = tmp_path / "居住证明2.pdf"
    args = ["form", "unit-housing", "--holder", number, "--address", "北京市西城区某路1号3室"]
    assert main([*args, "--out", str(whole)]) == 0
    assert "北京市西城区某路1号3室" in squash(pdf_text(whole.read_bytes()))
    args = ["form", "unit-housing", "--holder", number, "--relation", "父子"]
    assert main([*args, "--out", str(tmp_path / "x.pdf")]) == 2
    assert "仅用于房屋借住声明" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["authorization", "--holder", "11010519900307123"], "18 位"),
        (["authorization", "--holder", with_wrong_check_digit(id_number())], "校验位"),
        (["authorization", "--holder", id_number("110105", "19800101", "001")], "没有证件号码"),
        (["loan", "--holder", "{holder}", "--owner", "王建国"], "姓名,身份证号"),
        (
            [
                "loan",
                "--holder",
                "{holder}",
                "--owner",
                f"王建国,{with_wrong_check_digit(id_number())}",
            ],
            "校验位",
        ),
        (["authorization", "--holder", "{holder}", "--relation", "父子"], "仅用于房屋借住声明"),
        (["authorization"], "--holder"),
        # A loan declaration states its facts: without them it is refused, each one named.
        (["loan", "--holder", "{borrower}"], "房主姓名及身份证号码（--owner 姓名,身份证号）"),
        (
            ["loan", "--holder", "{borrower}", "--owner", f"王建国,{id_number()}"],
            "开始借住日期（--since）、借住地址（精确至门牌）（--room 或 --address）",
        ),
        (["unit-housing", "--holder", "{borrower}"], "仅用于“单位宿舍/单位住房”"),
    ],
)
def test_cli_bad_input_exits_2_in_chinese_and_writes_nothing(
    demo_register, tmp_path, capsys, args, message
):
    (tmp_path / "out").mkdir()
    out = tmp_path / "out" / "x.pdf"
    borrower = _holder_number(demo_register, housing_kind="borrowed")
    args = [
        a.replace("{holder}", _holder_number(demo_register)).replace("{borrower}", borrower)
        for a in args
    ]
    assert main(["form", *args, "--out", str(out)]) == 2
    err = capsys.readouterr().err.strip()
    assert message in err and "\n" not in err
    assert list((tmp_path / "out").iterdir()) == []


def test_cli_blank_form_needs_no_register_data(register, tmp_path, capsys):
    out = tmp_path / "空白.pdf"
    assert main(["form", "declaration", "--blank", "--out", str(out)]) == 0
    text = squash(pdf_text(out.read_bytes()))
    assert "诚信声明" in text and "申请单位声明" in text and "＿" in text


@pytest.mark.parametrize(
    ("district", "title", "wording"),
    [
        ("dongcheng", "诚信声明", "申请单位声明"),
        ("xicheng", "个人诚信声明", "单位法人（签字）"),
        ("haidian", "申请人诚信声明", "申请人（签字）"),
    ],
)
def test_cli_blank_declaration_in_a_districts_wording(tmp_path, capsys, district, title, wording):
    out = tmp_path / "空白.pdf"
    assert main(["form", "declaration", "--blank", "--district", district, "--out", str(out)]) == 0
    assert f"《{title}》" in capsys.readouterr().out
    text = squash(pdf_text(out.read_bytes()))
    assert squash(title) in text and squash(wording) in text


def test_the_bureau_on_a_form_is_the_rules_contexts(demo_register, tmp_path):
    """A bureau the clerk renamed in the policy overrides of the context passed is renamed on
    paper; the bundled context keeps the guide's name (no path is read behind the caller)."""
    (tmp_path / "policies").mkdir()
    (tmp_path / "policies" / "dongcheng.toml").write_text(
        'slug = "dongcheng"\nname = "东城区"\n[bureau]\nname = "东城区人才服务中心（试点）"\n',
        encoding="utf-8",
    )
    renamed = RulesContext.load(today=DAY, overrides=tmp_path)
    with demo_register.session() as session:
        holder = _holders(session, "dongcheng")[0]
        ours = build_context(session, holder.id, FormOptions(on=DAY), rules=renamed)
        bundled = build_context(session, holder.id, FormOptions(on=DAY), rules=RULES)
        blank = build_context(
            session, None, FormOptions(on=DAY, blank=True, district="dongcheng"), rules=renamed
        )
    assert ours.values["bureau.name"] == "东城区人才服务中心（试点）"
    assert blank.values["bureau.name"] == "东城区人才服务中心（试点）"
    assert bundled.values["bureau.name"] == "北京市东城区人力资源和社会保障局"
