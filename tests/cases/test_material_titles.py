"""One title per material: the checklist, the bundle's 材料目录, the generated forms (heading and
file name) and the upload kit name a material the same, in every district; 原件/复印件 is one
vocabulary."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from pypdf import PdfReader

from tests.cases.conftest import TODAY
from tests.cases.test_case_folder import _record_loan, run_assembly
from tests.helpers import rules_on
from tests.reports.builders import add_case, add_holder, add_unit
from wrc_desktop.desk import case_lifecycle
from wrc_desktop.documents.case_files import generate_forms
from wrc_desktop.documents.case_folder import plan_assembly
from wrc_desktop.documents.case_forms import as_material, plan
from wrc_desktop.documents.definition import load_form
from wrc_desktop.rules.checklist_data import load_checklists, parse_checklist
from wrc_desktop.rules.checklists import CaseFacts, Checklist, Child, checklist_from
from wrc_desktop.rules.errors import WrcError
from wrc_desktop.rules.materials import MATERIAL_KINDS, PAPER_KINDS
from wrc_desktop.rules.policy import get_policy
from wrc_desktop.rules.vocab import CASE_KINDS, HOUSING_KINDS

# The four districts with their own guide, and one that follows the default list.
DISTRICTS = ("xicheng", "shijingshan", "haidian", "dongcheng", "chaoyang")
TITLES = load_checklists("chaoyang")[0].titles


def _every_checklist(district: str) -> list[Checklist]:
    """The district's checklists over facts that switch every optional material on."""
    policy = get_policy(district)
    files = load_checklists(district)
    children = (Child("小明", dt.date(2012, 5, 1)),)
    found = []
    for kind, housing, clause, family in itertools.product(
        CASE_KINDS, [None, *HOUSING_KINDS], [None, 1, 2, 3, 4, 5, 6, 7, 8], (False, True)
    ):
        facts = CaseFacts(
            district,
            kind,
            TODAY,
            clause=clause,
            housing=housing,
            spouse=family,
            children=children if family else (),
            degree_date=dt.date(2005, 7, 1) if family else None,
            degree_foreign=family,
        )
        try:
            found.append(checklist_from(facts, policy, files))
        except WrcError:
            continue  # a kind the district does not have (自动延续)
    assert found
    return found


@pytest.fixture(scope="module")
def checklists() -> dict[str, list[Checklist]]:
    return {district: _every_checklist(district) for district in DISTRICTS}


def test_every_material_has_one_title_in_every_district(checklists):
    titles: dict[str, set[str]] = {}
    for item in (i for lists in checklists.values() for c in lists for i in c.items):
        title = item.title.removeprefix(f"{item.child}：") if item.child else item.title
        titles.setdefault(item.key.split(".")[0], set()).add(title)
        assert item.paper in PAPER_KINDS
        if item.guide_title:  # the guide's own name is kept beside the one title
            assert item.guide_title != title
    for key, title in TITLES.items():
        assert titles.get(key, {title}) == {title}, key
    # 诚信声明, 《诚信声明》, 申请人诚信声明 and 个人诚信声明 are one material
    assert titles["integrity_declaration"] == {"个人诚信声明"}
    assert titles["loan_declaration"] == {"房屋借住声明"}


def test_every_generated_form_is_titled_as_its_material(checklists):
    for district, lists in checklists.items():
        for item in (i for c in lists for i in c.items if i.form):
            assert item.key in TITLES, (district, item.key)  # one title in every district
            form = load_form(item.form, district)
            named = as_material(form, item.title)
            assert (named.title, named.file_label) == (item.title, item.title)
            assert named.blocks == form.blocks  # the district's wording (verbatim) stays
            name = MATERIAL_KINDS.get(item.material_kind)
            if item.material_kind not in ("id_card", "other"):
                assert name == item.title, (district, item.key)  # the checks' messages agree


def test_the_guides_own_words_stay_in_the_verified_quote(checklists):
    xicheng = [
        i for c in checklists["xicheng"] for i in c.items if i.key == "integrity_declaration"
    ]
    shijingshan = [
        i for c in checklists["shijingshan"] for i in c.items if i.key == "integrity_declaration"
    ]
    own = next(i for i in xicheng if not i.unverified)
    assert own.title == "个人诚信声明" and own.guide_title == ""
    assert own.quote.startswith("个人诚信声明（附件 2 个人诚信声明")
    guide = next(i for i in shijingshan if not i.unverified)
    assert (guide.title, guide.guide_title, guide.quote) == (
        "个人诚信声明",
        "《诚信声明》",
        "《诚信声明》",
    )


def test_a_district_file_cannot_rename_a_material():
    text = 'district = "haidian"\n[titles]\nintegrity_declaration = "诚信声明"\n'
    with pytest.raises(WrcError, match="titles：材料名称只在 default.toml 中统一规定"):
        parse_checklist(text, "haidian.toml")


def _pdf_text(path) -> str:
    return "".join(page.extract_text() for page in PdfReader(path).pages)


@pytest.mark.parametrize(("holder", "kind"), [("dong", "new"), ("hai", "renewal")])
def test_checklist_contents_forms_and_kit_name_each_material_alike(
    register, people, tmp_path, holder, kind
):
    root = tmp_path / "cases"
    rules = rules_on(TODAY)
    with register.session() as session:
        case = case_lifecycle.create_case(
            session,
            holder_id=people[holder],
            kind=kind,
            clause=1 if kind == "new" else None,
            rules=rules,
            submit_on="2026-12-01",
        )
        if holder == "dong":
            _record_loan(session, case.id)
        planned = plan(session, case.id, rules=rules, on=TODAY)
        written = generate_forms(session, case.id, root=root, on=TODAY, rules=rules)
        assembly = plan_assembly(session, case.id, root=root, rules=rules)
    checklist = {row.number: row.title for row in assembly.cover.rows}
    assert "个人诚信声明" in checklist.values()
    # the forms: heading and file name are the item's title
    assert planned and {p.form.title for p in planned} <= set(checklist.values())
    for form in planned:
        assert form.form.title == form.title == form.form.file_label
        [path] = [p for p in written if p.name.startswith(f"{form.title}_")]
        assert _pdf_text(path).replace(" ", "").startswith(form.title)
    # the 材料目录 (its items and the bundle's contents page) and the upload kit
    for item in assembly.items:
        assert item.title == checklist[item.row_number]
    for entry in assembly.kit:
        assert entry.title == checklist[entry.number]
    result = run_assembly(register, case.id, root)
    contents = PdfReader(result.merged).pages[0].extract_text()
    cells = [cell.strip() for cell in contents.split("\n")]
    for item in assembly.items:
        row = cells.index(item.title)  # one table cell per line
        assert cells[row + 1] in PAPER_KINDS
    outline = [entry.title for entry in PdfReader(result.merged).outline]
    assert outline[1:] == [f"{item.number}. {item.title}" for item in assembly.items]


def test_a_xicheng_renewal_names_its_declaration_as_the_form_does(register, tmp_path):
    """The issue's case: 西城's renewal list comes from the default file (诚信声明) while its
    form is 西城's own 个人诚信声明 — one title now, in the list, the form and the 目录."""
    rules = rules_on(TODAY)
    with register.session() as session:
        unit = add_unit(
            session, name="北京西城测试有限公司", district="西城区", body="91110102MA01XCHA"
        )
        holder = add_holder(session, unit.id, expiry=TODAY + dt.timedelta(days=40))
        case = add_case(session, holder.id, "renewal", today=TODAY, submit_on="2026-12-01")
        checklist = rules.checklist(
            CaseFacts("xicheng", "renewal", dt.date(2026, 12, 1), housing="owned")
        )
        planned = plan(session, case.id, rules=rules, on=TODAY)
        assembly = plan_assembly(session, case.id, root=tmp_path, rules=rules)
    assert checklist.unverified  # 西城's guide has no renewal list: the default file's
    assert checklist.item("integrity_declaration").guide_title == "诚信声明"
    [declaration] = [p for p in planned if p.key == "integrity_declaration"]
    assert declaration.title == declaration.form.title == "个人诚信声明"
    assert declaration.form.blocks == load_form("declaration", "xicheng").blocks  # 西城's own
    assert "个人诚信声明" in [row.title for row in assembly.cover.rows]
