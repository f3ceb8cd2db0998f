"""A clerk's checklist file validated by pydantic, and its first error worded in Chinese.

The models mirror :mod:`.checklist_data`'s dataclasses field for field, with the limits a file
must keep (known keys only, the words each field may take, a clause of 1–8);
``tests/cases/test_checklist_plain.py`` checks that the two describe the same fields. The
program's own files do not come here (see :mod:`.checklist_data`).
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from .checklist_data import UPLOAD_FORMATS, UPLOAD_LOGINS, UPLOAD_MODULES, VALIDITY
from .errors import WrcError
from .policy_check import describe_problem
from .vocab import CASE_KINDS, HOUSING_KINDS, UNIT_FLAGS, UNIT_KINDS


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class When(_Model):
    """Conditions on the case's facts; every condition given must hold."""

    housing: tuple[Literal[tuple(HOUSING_KINDS)], ...] | None = None  # type: ignore[valid-type]
    clause: tuple[int, ...] | None = None
    not_clause: tuple[int, ...] | None = None
    spouse: bool | None = None
    spouse_removed: bool | None = None  # the case takes an accompanying spouse off the permit
    child: bool | None = None
    child_school_age: bool | None = None
    degree_old: bool | None = None
    degree_foreign: bool | None = None
    unit_kind: tuple[Literal[tuple(UNIT_KINDS)], ...] | None = None  # type: ignore[valid-type]
    unit_flag: tuple[Literal[tuple(UNIT_FLAGS)], ...] | None = None  # type: ignore[valid-type]

    @model_validator(mode="after")
    def _clauses_exist(self) -> When:
        for clause in (self.clause or ()) + (self.not_clause or ()):
            if not 1 <= clause <= 8:
                raise ValueError(f"申报条款应为 1–8，而不是 {clause}")
        return self


class UploadSpec(_Model):
    """One item's slot in the online system, in its guide's words.

    ``slot`` is the attachment name the file is uploaded under; ``quote`` the guide's own
    words about it (verbatim). An item without an upload spec, or with ``unverified``,
    falls back to the provider's "其他材料" and is shown as unverified.
    """

    login: Literal[UPLOAD_LOGINS]  # type: ignore[valid-type]
    module: Literal[UPLOAD_MODULES]  # type: ignore[valid-type]
    slot: str = Field(min_length=1)
    format: Literal[UPLOAD_FORMATS] = "pdf"  # type: ignore[valid-type]
    source: str = ""
    quote: str = ""
    unverified: bool = False


class OnlineSpec(_Model):
    """How the district takes applications: ``online_only`` — uploads only, no paper at a counter."""

    online_only: bool = False
    source: str = ""
    quote: str = ""
    unverified: bool = True


class ItemSpec(_Model):
    key: str = Field(min_length=1, pattern=r"^[a-z][a-z0-9_]*$")
    title: str = Field(min_length=1)
    provider: Literal["单位", "申请人"]
    preparation: str = ""
    validity: Literal[tuple(VALIDITY)] = "document"  # type: ignore[valid-type]
    source: str = Field(min_length=1)
    quote: str = ""
    required: bool = True
    form: str | None = None
    per_child: bool = False
    when: When = When()
    unverified: bool = False
    upload: UploadSpec | None = None


class Include(_Model):
    include: str = Field(min_length=1)
    skip: tuple[str, ...] = ()


class Group(_Model):
    items: tuple[ItemSpec, ...] = ()
    inherit: bool = (
        False  # use the default file's group as this district's own (it quotes this guide)
    )


class KindSpec(_Model):
    source: str = Field(min_length=1)
    items: tuple[ItemSpec | Include, ...]


class ChecklistFile(_Model):
    district: str
    guide: str = ""
    title: str = ""
    # One title per material (key → title), in the default file only: every district's checklist,
    # the bundle's 材料目录, the forms and the upload kit name the material so; a district file's
    # own ``title`` is its guide's name for it, kept beside (ChecklistItem.guide_title).
    titles: dict[str, str] = Field(default_factory=dict)
    # The paper a material usually is where its preparation does not say (key → 原件 / 复印件),
    # in the default file only (rules.materials.paper_kind).
    paper: dict[str, Literal["原件", "复印件"]] = Field(default_factory=dict)
    groups: dict[str, Group] = Field(default_factory=dict)
    kinds: dict[Literal[tuple(CASE_KINDS)], KindSpec] = Field(default_factory=dict)  # type: ignore[valid-type]
    online: OnlineSpec = OnlineSpec()
    filename: str = ""


def validated(data: dict[str, Any], filename: str) -> dict[str, Any]:
    """``data`` (a checklist file's TOML with its ``filename``) as pydantic validates it, as
    plain values; :class:`WrcError` names the file and key of the first problem."""
    try:
        return ChecklistFile.model_validate(data).model_dump()
    except ValidationError as error:
        first = error.errors()[0]
        key = ".".join(
            str(part) for part in first["loc"] if not str(part).startswith(("ItemSpec", "Include"))
        )
        shown = "" if first["type"] == "missing" else f"（当前值：{first.get('input')!r}）"
        problem = first.get("ctx", {}).get("error") if first["type"] == "value_error" else None
        raise WrcError(
            f"材料清单文件 {filename} 中 {key}：{problem or describe_problem(first)}{shown}"
        ) from None
