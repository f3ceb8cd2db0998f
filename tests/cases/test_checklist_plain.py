"""The checklist files bundled with the program are made into their data without pydantic,
and that data is exactly what pydantic's validation of the same file gives.

A clerk's own file is always validated (tests/cases/test_checklists.py words its errors);
the program's files are part of the program, proven valid here, so a process that only
reads them — ``wrc due`` with a case being prepared — never imports pydantic.
"""

from __future__ import annotations

import dataclasses
import subprocess
import sys

import pytest

from wrc_desktop.rules import checklist_check, checklist_data
from wrc_desktop.rules.checklist_data import DEFAULT_FILE, district_files, parse_checklist

BUNDLED = [DEFAULT_FILE, *(f"{slug}.toml" for slug in district_files())]
PAIRS = [
    (checklist_data.When, checklist_check.When),
    (checklist_data.UploadSpec, checklist_check.UploadSpec),
    (checklist_data.OnlineSpec, checklist_check.OnlineSpec),
    (checklist_data.ItemSpec, checklist_check.ItemSpec),
    (checklist_data.Include, checklist_check.Include),
    (checklist_data.Group, checklist_check.Group),
    (checklist_data.KindSpec, checklist_check.KindSpec),
    (checklist_data.ChecklistFile, checklist_check.ChecklistFile),
]


def test_every_district_has_a_bundled_file_beside_the_default():
    assert len(BUNDLED) >= 5  # the default and the four districts with a guide


@pytest.mark.parametrize("filename", BUNDLED)
def test_a_bundled_file_read_plainly_is_the_data_validation_gives(filename):
    text = checklist_data._bundled_text(filename)
    plain = parse_checklist(text, filename, bundled=True)
    checked = parse_checklist(text, filename)
    assert plain == checked
    # and it is the data the program uses
    assert plain.kinds and all(isinstance(kind.items, tuple) for kind in plain.kinds.values())


@pytest.mark.parametrize(("plain", "model"), PAIRS, ids=lambda cls: cls.__name__)
def test_the_validating_models_have_the_dataclasses_fields_and_defaults(plain, model):
    fields = {f.name: f for f in dataclasses.fields(plain)}
    assert set(fields) == set(model.model_fields)
    for name, spec in fields.items():
        declared = model.model_fields[name]
        if spec.default is not dataclasses.MISSING:
            default = declared.get_default(call_default_factory=True)
            # a nested section's default is the model of the dataclass's default
            as_plain = default.model_dump() if hasattr(default, "model_dump") else default
            expected = (
                dataclasses.asdict(spec.default)
                if dataclasses.is_dataclass(spec.default)
                else spec.default
            )
            assert as_plain == expected, name
        elif spec.default_factory is not dataclasses.MISSING:
            assert declared.get_default(call_default_factory=True) == spec.default_factory()
        else:
            assert declared.is_required(), name


def test_reading_the_programs_checklists_does_not_import_pydantic():
    code = (
        "import sys, datetime as dt\n"
        "from wrc_desktop.rules.checklists import CaseFacts\n"
        "from wrc_desktop.rules.context import RulesContext\n"
        "rules = RulesContext.load(today=dt.date(2026, 12, 1), overrides=None)\n"
        "for district in ('西城区', '石景山区', '海淀区', '东城区', '朝阳区'):\n"
        "    assert rules.checklist(CaseFacts(district, 'renewal', rules.today)).items\n"
        "print('pydantic' in sys.modules)\n"
    )
    found = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert found.strip() == "False"
