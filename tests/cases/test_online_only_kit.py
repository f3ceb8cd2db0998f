"""An online-only district (海淀, 002 四（一）"全程线上申请办理") gets the upload kit and no counter bundle."""

from __future__ import annotations

from tests.cases.conftest import TODAY
from tests.cases.test_case_folder import renewal  # noqa: F401  (a fixture)
from tests.helpers import rules_on
from wrc_desktop.documents.case_files import attach_files
from wrc_desktop.documents.case_folder import MANIFEST, assemble, plan_assembly


def test_an_online_only_district_gets_no_counter_bundle(
    register,
    renewal,  # noqa: F811  (the fixture imported above)
    scans,
    tmp_path,
):
    """002: "全程线上申请办理" — no 全部材料.pdf, no numbered files; the kit and its list are made."""
    root = tmp_path / "cases"
    with register.session() as session:
        attach_files(
            session, renewal, "labor_contract", [scans / "upright.jpg"], root=root,
            rules=rules_on(TODAY),
        )  # fmt: skip
        plan = plan_assembly(session, renewal, root=root, rules=rules_on(TODAY))
    assert plan.counter_bundle is False
    result = assemble(plan, draft=True)
    names = sorted(p.name for p in result.folder.iterdir() if p.is_file())
    assert names == [MANIFEST, "内部核对单（不提交）.pdf"]
    assert result.merged is None and result.pages == 0
    assert result.upload_list is not None and result.upload_list.is_file()
    assert result.as_dict()["merged"] is None
