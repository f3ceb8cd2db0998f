"""生成表格 in two steps: the PDFs drawn from the register (a read, beside the writer), then
attached on the writer — refused when the case changed in between."""

from __future__ import annotations

import pytest

from tests.cases.conftest import TODAY
from tests.cases.test_case_forms import LOAN, _borrower_case, _record
from tests.helpers import desk_over
from wrc_desktop.desk import cases as desk_cases
from wrc_desktop.rules.errors import WrcError
from wrc_desktop.rules.form_facts import CaseFormFacts, LoanFacts


def _forms_in(desk) -> list[str]:
    return sorted(p.name for p in desk.case_root.rglob("*.pdf"))


def test_drawing_writes_nothing_and_attaching_writes_what_was_drawn(register):
    case_id = _borrower_case(register, "dongcheng")
    _record(register, case_id)
    desk = desk_over(register, TODAY)
    drawn = desk_cases.draw_forms(desk, case_id, on=TODAY)
    assert drawn.forms and _forms_in(desk) == []  # a read: nothing on disk, nothing attached
    assert not any(a for row in desk_cases.view(desk, case_id).rows for a in row.attachments)
    paths, changes = desk_cases.attach_forms(desk, drawn)
    assert sorted(p.name for p in paths) == sorted(f.name for f in drawn.forms) == _forms_in(desk)
    assert [p.read_bytes() for p in paths] == [f.data for f in drawn.forms]
    assert changes.cases == {case_id}
    attached = {
        a.path.split("/")[-1]
        for row in desk_cases.view(desk, case_id).rows
        for a in row.attachments
    }
    assert attached == {p.name for p in paths}


def test_forms_drawn_before_the_case_changed_are_not_attached(register):
    case_id = _borrower_case(register, "dongcheng")
    _record(register, case_id)
    desk = desk_over(register, TODAY)
    drawn = desk_cases.draw_forms(desk, case_id, on=TODAY)
    # Meanwhile another clerk corrects the loan's address: the drawn forms print the old one.
    _record(
        register, case_id, CaseFormFacts(loan=LoanFacts(**{**LOAN.__dict__, "room": "5号楼101室"}))
    )
    with pytest.raises(WrcError, match="办理事项在生成表格期间已被修改，表格未保存；请重新生成"):
        desk_cases.attach_forms(desk, drawn)
    assert _forms_in(desk) == []
    paths, _changes = desk_cases.attach_forms(desk, desk_cases.draw_forms(desk, case_id, on=TODAY))
    assert paths and _forms_in(desk) == sorted(p.name for p in paths)
