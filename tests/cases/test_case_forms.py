"""A case's own forms: dated so its district's rules hold, filled from its facts, in its wording."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from tests.cases.conftest import TODAY
from tests.helpers import (
    desk_over,
    holder_data,
    id_number,
    permit_data,
    rules_on,
    unit_data,
    uscc_code,
)
from wrc_desktop.desk import case_facts as desk_facts
from wrc_desktop.desk import case_lifecycle
from wrc_desktop.desk import cases as desk_cases
from wrc_desktop.documents.case_files import generate_forms
from wrc_desktop.documents.context import MissingFacts
from wrc_desktop.rules.form_dates import FormDateError
from wrc_desktop.rules.form_facts import CaseFormFacts, LoanFacts, LoanOwner
from wrc_desktop.store import audit, case_items, case_views, holder_records, unit_records
from wrc_desktop.store.case_facts import read_facts, write_facts
from wrc_desktop.store.versions import StaleRecord

SUBMIT = dt.date(2026, 12, 1)
OWNER = LoanOwner("张大山", id_number("110101", "19550307", "031"))
LOAN = LoanFacts(owners=(OWNER,), since=dt.date(2024, 3, 1), relation="父子", room="2号楼301室")
NEW_HOME = "北京市西城区德胜门外大街 10 号院 3 号楼 502 室"
DISTRICTS = {
    "dongcheng": ("东城区", "91110101MA01DCXA", "111"),
    "xicheng": ("西城区", "91110102MA01XCXA", "113"),
    "haidian": ("海淀区", "91110108MA01HDXA", "115"),
    "shijingshan": ("石景山区", "91110107MA01JKXA", "117"),
}


def _borrower_case(register, district: str, *, submit: dt.date | None = SUBMIT) -> int:
    """A new application (clause 1) of a holder living in a borrowed home, in ``district``."""
    name, body, sequence = DISTRICTS[district]
    with register.session() as session:
        unit = unit_records.create_unit(
            session,
            data=unit_data(name=f"北京{name}测试有限公司", district=name, uscc=uscc_code(body)),
        )
        unit_records.replace_agents(
            session,
            unit.id,
            agents=[{"name": "王经办", "id_number": id_number("110101", "19900517", "002")}],
        )
        holder = holder_records.create_holder(
            session,
            unit_id=unit.id,
            holder=holder_data(
                name="张三",
                id_number=id_number("110105", "19900307", sequence),
                housing_kind="borrowed",
                degree="bachelor",
                degree_date="2010-07-01",
                address="北京市东城区东四十条 1 号",
            ),
        )
        return case_lifecycle.create_case(
            session,
            holder_id=holder.id,
            kind="new",
            clause=1,
            housing="borrowed",
            rules=rules_on(TODAY),
            submit_on=submit.isoformat() if submit else None,
        ).id


def _generate(register, case_id: int, tmp_path, **kwargs):
    with register.session() as session:
        return generate_forms(
            session, case_id, root=tmp_path / "cases", on=TODAY, rules=rules_on(TODAY), **kwargs
        )


def _view(register, case_id: int):
    with register.session() as session:
        return case_views.case_view(session, case_id, rules=rules_on(TODAY))


def _record(register, case_id: int, facts: CaseFormFacts | None = None) -> None:
    with register.session() as session:
        write_facts(session, case_id, facts or CaseFormFacts(loan=LOAN))


# ---------------------------------------------------------------- dates by construction


@pytest.mark.parametrize("district", sorted(DISTRICTS))
def test_the_forms_of_a_case_raise_no_date_problem_in_its_district(register, tmp_path, district):
    case_id = _borrower_case(register, district)
    _record(register, case_id)
    written = _generate(register, case_id, tmp_path)
    view = _view(register, case_id)
    form_keys = {row.key for row in view.rows if row.item and row.item.form}
    assert "loan_declaration" in form_keys and "integrity_declaration" in form_keys
    assert len(written) == len(form_keys)
    date_problems = [
        p for p in view.check.problems if p.item in form_keys and p.rule.startswith("materials.")
    ]
    assert date_problems == []
    dated = {row.key: row.state.dated for row in view.rows if row.key in form_keys}
    declaration = dated.pop("integrity_declaration")
    # Every generated form carries a date; the declaration is the last of them, on or before S.
    # TODAY is a Sunday: nobody signs then, so the forms take Monday, the declaration Tuesday.
    monday = TODAY + dt.timedelta(days=1)
    assert TODAY.weekday() == 6 and all(day == monday for day in dated.values())
    assert declaration == monday + dt.timedelta(days=1) <= SUBMIT


def test_the_declaration_follows_the_clerks_own_later_materials(register, tmp_path):
    case_id = _borrower_case(register, "xicheng")
    _record(register, case_id)
    with register.session() as session:
        case_items.update_item(
            session,
            case_id,
            "income_proof",
            collected=True,
            dated="2026-11-25",
            rules=rules_on(TODAY),
        )
    _generate(register, case_id, tmp_path)
    view = _view(register, case_id)
    rows = {row.key: row for row in view.rows}
    assert rows["integrity_declaration"].state.dated == dt.date(2026, 11, 26)
    assert not [
        p for p in view.check.blocking if p.rule == "materials.integrity_declaration_latest"
    ]


def test_a_submission_today_dates_the_declaration_today_and_the_rest_the_day_before(
    register, tmp_path
):
    case_id = _borrower_case(register, "xicheng", submit=TODAY)
    _record(register, case_id)
    _generate(register, case_id, tmp_path)
    rows = {row.key: row for row in _view(register, case_id).rows}
    # TODAY is a Sunday: the declaration takes the last working day before it (Friday), the
    # rest the working day before that — no form is dated on a weekend.
    assert rows["integrity_declaration"].state.dated == TODAY - dt.timedelta(days=2)
    assert rows["loan_declaration"].state.dated == TODAY - dt.timedelta(days=3)


def test_each_forms_date_can_be_chosen_and_a_date_that_breaks_the_rule_is_refused(
    register, tmp_path
):
    case_id = _borrower_case(register, "xicheng")
    _record(register, case_id, CaseFormFacts(loan=LOAN, form_dates={"loan": dt.date(2026, 11, 20)}))
    _generate(register, case_id, tmp_path, dates={"declaration": dt.date(2026, 11, 28)})
    rows = {row.key: row for row in _view(register, case_id).rows}
    assert rows["loan_declaration"].state.dated == dt.date(2026, 11, 20)
    assert rows["integrity_declaration"].state.dated == dt.date(2026, 11, 28)
    with pytest.raises(FormDateError, match="须晚于其他所有材料的落款日期"):
        _generate(register, case_id, tmp_path, dates={"declaration": dt.date(2026, 11, 20)})
    with pytest.raises(FormDateError, match="晚于提交日"):
        _generate(register, case_id, tmp_path, dates={"loan": dt.date(2026, 12, 5)})


def test_a_planned_date_months_away_is_refused_rather_than_dating_forms_too_early(
    register, tmp_path
):
    case_id = _borrower_case(register, "haidian", submit=dt.date(2027, 3, 1))
    _record(register, case_id)
    with pytest.raises(FormDateError, match="须在提交前 1 个月内"):
        _generate(register, case_id, tmp_path)
    assert not (tmp_path / "cases" / "2026").exists() or not any(
        (tmp_path / "cases").rglob("*.pdf")
    )


def test_the_declaration_latest_rule_blocks_only_where_the_guide_states_it(register):
    for district, blocks in (("xicheng", True), ("dongcheng", False)):
        case_id = _borrower_case(register, district)
        with register.session() as session:
            for key, day in (
                ("integrity_declaration", "2026-11-20"),
                ("loan_declaration", "2026-11-21"),
            ):
                case_items.update_item(
                    session, case_id, key, collected=True, dated=day, rules=rules_on(TODAY)
                )
        [problem] = [
            p
            for p in _view(register, case_id).check.problems
            if p.rule == "materials.integrity_declaration_latest"
        ]
        assert problem.blocking is blocks, district
        assert problem.unverified is not blocks


# ---------------------------------------------------------------- facts


def test_a_borrowed_home_without_its_facts_is_refused_naming_each_missing_field(register, tmp_path):
    case_id = _borrower_case(register, "dongcheng")
    with pytest.raises(MissingFacts) as raised:
        _generate(register, case_id, tmp_path)
    assert raised.value.labels == [
        "房主姓名及身份证号码",
        "开始借住日期",
        "借住地址（精确至门牌）",
        "借住人与房主的关系",
    ]
    assert "《房屋借住声明》缺少“张三”的房主姓名及身份证号码、开始借住日期" in str(raised.value)
    assert not any((tmp_path / "cases").rglob("*.pdf"))  # nothing half-done


def test_the_loan_declaration_prints_every_owner_and_the_address_to_the_door(register, tmp_path):
    from tests.documents.conftest import pdf_text, squash

    case_id = _borrower_case(register, "dongcheng")
    second = LoanOwner("李秀英", id_number("110101", "19570811", "042"))
    _record(
        register,
        case_id,
        CaseFormFacts(loan=LoanFacts(**{**LOAN.__dict__, "owners": (OWNER, second)})),
    )
    written = _generate(register, case_id, tmp_path)
    [loan] = [p for p in written if p.name.startswith("房屋借住声明")]
    text = squash(pdf_text(loan.read_bytes()))
    assert "北京市东城区东四十条1号2号楼301室" in text
    assert "张大山" in text and "李秀英" in text and second.id_number in text and "父子" in text
    assert "2024年3月1日" in text


def test_facts_round_trip_with_the_cases_version_check(register):
    case_id = _borrower_case(register, "dongcheng")
    desk = desk_over(register, TODAY)
    facts, version = desk_facts.read(desk, case_id)
    assert facts == CaseFormFacts()
    desk_facts.save(
        desk,
        case_id,
        {
            "loan": {
                "owners": [{"name": "张大山", "id_number": OWNER.id_number}],
                "since": "2024-03-01",
                "relation": "父子",
                "room": "2号楼301室",
            },
            "form_dates": {"declaration": "2026-11-28"},
        },
        expected_version=version,
        seen=facts,
    )
    stored, new_version = desk_facts.read(desk, case_id)
    assert stored == CaseFormFacts(loan=LOAN, form_dates={"declaration": dt.date(2026, 11, 28)})
    assert new_version > version
    with pytest.raises(StaleRecord, match="表格信息") as raised:  # a second window's older copy
        desk_facts.save(desk, case_id, CaseFormFacts(), expected_version=version, seen=facts)
    assert OWNER.id_number not in str(raised.value)
    assert desk_facts.read(desk, case_id)[0] == stored
    with register.session() as session:
        entries = [e for e in audit.trail(session, "case", case_id) if e.field == "facts"]
    assert entries and all(OWNER.id_number not in e.new_value for e in entries)


def test_bad_facts_are_refused_with_each_field_named(register):
    from wrc_desktop.rules.errors import ValidationErrors

    case_id = _borrower_case(register, "dongcheng")
    desk = desk_over(register, TODAY)
    bad = OWNER.id_number[:17] + ("0" if OWNER.id_number[17] != "0" else "1")
    with pytest.raises(ValidationErrors) as raised:
        desk_facts.save(
            desk,
            case_id,
            {"loan": {"owners": [{"name": "", "id_number": bad}], "since": "2024-02-30"}},
        )
    fields = raised.value.by_field()
    assert set(fields) == {"loan.owners.1.name", "loan.owners.1.id_number", "loan.since"}
    with register.session() as session:
        assert read_facts(session, case_id)[0] == CaseFormFacts()


def test_desk_generate_uses_the_cases_facts(register, tmp_path):
    case_id = _borrower_case(register, "dongcheng")
    desk = desk_over(register, TODAY)
    _record(register, case_id)
    written = desk_cases.generate_forms(desk, case_id, on=TODAY)
    assert any(p.name.startswith("房屋借住声明") for p in written)


# ---------------------------------------------------------------- the command line


def _run(capsys, *argv):
    from wrc_desktop.cli import main

    try:
        code = main(list(argv))
    except SystemExit as exit_:
        code = exit_.code
    captured = capsys.readouterr()
    return code, captured.out, captured.err.strip()


def test_cli_case_forms_refuses_missing_facts_then_saves_the_ones_given(
    register, capsys, monkeypatch
):
    case_id = _borrower_case(register, "dongcheng")
    number = _view(register, case_id).case.number
    code, _out, err = _run(capsys, "case", "forms", number, "--date", TODAY.isoformat())
    assert code == 2 and "\n" not in err
    assert "房主姓名及身份证号码、开始借住日期、借住地址（精确至门牌）、借住人与房主的关系" in err
    code, out, err = _run(
        capsys,
        "case",
        "forms",
        number,
        "--date",
        TODAY.isoformat(),
        "--owner",
        f"张大山,{OWNER.id_number}",
        "--since",
        "2024-03-01",
        "--relation",
        "父子",
        "--room",
        "2号楼301室",
        "--form-date",
        "authorization=2026-11-21",
    )
    assert code == 0, err
    assert "已保存表格信息" in out and OWNER.id_number not in out
    # the clerk's own date stands; the rest move off Sunday (TODAY) to Monday, the declaration after
    assert "授权委托书_张三_20261121.pdf" in out and "诚信声明_张三_20261124.pdf" in out
    with register.session() as session:
        assert read_facts(session, case_id)[0].loan == LOAN


def test_cli_case_forms_refuses_a_bad_form_date(register, capsys):
    case_id = _borrower_case(register, "dongcheng")
    number = _view(register, case_id).case.number
    code, _out, err = _run(capsys, "case", "forms", number, "--form-date", "loan:2026-11-21")
    assert code == 2 and "--form-date" in err and "\n" not in err


# ---------------------------------------------------------------- district wording


@pytest.mark.parametrize("district", ["dongcheng", "xicheng", "haidian"])
def test_every_case_kind_gets_forms_without_a_date_problem(register, tmp_path, district):
    """Each kind of application whose checklist has forms: none of its dates is a problem."""
    from wrc_desktop.rules.errors import ValidationErrors, WrcError
    from wrc_desktop.rules.vocab import CASE_KINDS

    name, body, _sequence = DISTRICTS[district]
    with register.session() as session:
        unit = unit_records.create_unit(
            session,
            data=unit_data(name=f"北京{name}测试有限公司", district=name, uscc=uscc_code(body)),
        )
        unit_records.replace_agents(
            session,
            unit.id,
            agents=[{"name": "王经办", "id_number": id_number("110101", "19900517", "002")}],
        )
    for index, kind in enumerate(CASE_KINDS):
        with register.session() as session:
            holder = holder_records.create_holder(
                session,
                unit_id=unit.id,
                holder=holder_data(
                    name="李四",
                    id_number=id_number("110105", "19900307", f"{index * 2 + 301:03d}"),
                    housing_kind="borrowed",
                    status="left" if kind in ("leave", "cancel") else "active",
                    left_on="2026-11-15" if kind in ("leave", "cancel") else None,
                    address="北京市西城区金融街 9 号",
                ),
                permit=permit_data(
                    certificate_no=f"京工居20240{index:05d}",
                    start=dt.date(2024, 1, 10),
                    expiry=dt.date(2026, 12, 20),
                    first_issued=dt.date(2018, 1, 10),
                ),
            )
            try:
                case_id = case_lifecycle.create_case(
                    session,
                    holder_id=holder.id,
                    kind=kind,
                    clause=1 if kind == "new" else None,
                    rules=rules_on(TODAY),
                    submit_on=SUBMIT.isoformat(),
                ).id
            except ValidationErrors as error:  # no automatic extension outside 东城
                assert kind == "auto-extension" and district != "dongcheng", str(error)
                continue
            # a move states the whole new address (the register still holds the old one)
            loan = LOAN if kind != "address-change" else replace(LOAN, address=NEW_HOME)
            write_facts(session, case_id, CaseFormFacts(loan=loan))
        try:
            _generate(register, case_id, tmp_path)
        except WrcError as error:
            assert "没有可由本程序生成的表格" in str(error), (kind, str(error))
            continue
        view = _view(register, case_id)
        form_keys = {row.key for row in view.rows if row.item and row.item.form}
        problems = [
            (p.item, p.rule)
            for p in view.check.problems
            if p.item in form_keys and p.rule.startswith("materials.")
        ]
        assert problems == [], (kind, problems)
        if kind == "auto-extension":  # first issued 2018: 东城 extends only permits from 2019-05
            [refusal] = [p for p in view.check.problems if p.rule == "auto_extension.enabled"]
            assert refusal.blocking and "应办理续签" in refusal.message


def test_cli_case_facts_shows_saves_and_restores_automatic_dates(register, capsys):
    case_id = _borrower_case(register, "xicheng")
    number = _view(register, case_id).case.number
    day = TODAY.isoformat()
    code, out, err = _run(capsys, "case", "facts", number, "--date", day)
    assert code == 0, err
    assert "表格信息：（无）" in out and "《个人诚信声明》落款日期：2026-11-24" in out
    code, out, err = _run(
        capsys,
        "case",
        "facts",
        number,
        "--date",
        day,
        "--relation",
        "朋友",
        "--form-date",
        "loan=2026-11-24",
    )
    assert code == 0, err
    assert "已修改 与房主的关系：（空） → 朋友" in out
    assert "已修改 《房屋借住声明》落款日期：（空） → 2026-11-24" in out
    assert "《房屋借住声明》落款日期：2026-11-24" in out
    assert "《个人诚信声明》落款日期：2026-11-25" in out  # still after every other form
    code, out, err = _run(
        capsys, "case", "facts", number, "--date", day, "--form-date", "loan=auto"
    )
    assert code == 0 and "《房屋借住声明》落款日期：2026-11-23" in out  # Sunday → Monday
    with register.session() as session:
        assert read_facts(session, case_id)[0].form_dates == {}


def test_a_clerks_material_dated_on_the_submission_day_blocks_only_where_the_guide_says(
    register, tmp_path
):
    for district in ("xicheng", "dongcheng"):
        case_id = _borrower_case(register, district)
        _record(register, case_id)
        with register.session() as session:
            case_items.update_item(
                session,
                case_id,
                "income_proof",
                collected=True,
                dated=SUBMIT,
                rules=rules_on(TODAY),
            )
        if district == "xicheng":  # "且晚于其他所有申报材料落款日期" (000): no date can follow S
            with pytest.raises(FormDateError, match="须晚于其他所有材料的落款日期"):
                _generate(register, case_id, tmp_path)
            continue
        _generate(register, case_id, tmp_path)  # elsewhere an unverified default: a hint
        view = _view(register, case_id)
        [hint] = [
            p for p in view.check.problems if p.rule == "materials.integrity_declaration_latest"
        ]
        assert not hint.blocking and hint.unverified
