"""Checklist data: ``resources/checklists/<district>.toml`` read, validated and cached.

A district file lists, per case kind, the materials its guide asks for, each with the
guide's section and words. A kind or a material group the district's guide does not
cover comes from ``default.toml`` and is shown as unverified. The clerk may lay
``<overrides>/checklists/<slug>.toml`` over a district's file (it replaces that file).
Errors name the file and the key, in Chinese, so a bad edit is easy to find.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from .clerk_files import load_toml, read_clerk_file
from .errors import WrcError
from .policy_check import describe_problem
from .vocab import CASE_KINDS, DISTRICTS, HOUSING_KINDS, UNIT_FLAGS, UNIT_KINDS

CHECKLIST_SUBDIR = "checklists"
DEFAULT_FILE = "default.toml"

# Case kinds, by the code the CLI and the register use.

# How a material's dates are checked: the key used in the data → the kind that
# rules.materials.check_materials knows. "document" has no rule of its own; only a
# district's general rules for dated/expiring materials apply to it.
VALIDITY = {
    "document": "id_card",
    "id_card": "id_card",
    "residence_permit": "residence_permit",
    "rental_contract": "rental_contract",
    "borrow_declaration": "borrow_declaration",
    "integrity_declaration": "integrity_declaration",
    "labor_contract": "labor_contract",
    "degree": "degree",
    "income_proof": "income_proof",
    "unit_residence_certificate": "unit_residence_certificate",
    "leaving_certificate": "leaving_certificate",
    "case_document": "other",
}


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


# Where a file goes in the online system (北京国际人才网): the login that uploads it and the
# module of that login (002 新办业务办理规范: "在职员工列表模块", "在附件管理模块"; 002 四（一）
# "系统照片"; 000: "如无对应附件名称，则上传至“其他材料”中").
UPLOAD_LOGINS = ("单位", "申请人")
UPLOAD_MODULES = ("员工列表", "附件管理", "证件照片", "其他材料")
UPLOAD_FORMATS = ("pdf", "jpg")


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


def parse_checklist(text: str, filename: str) -> ChecklistFile:
    """One checklist file, validated; :class:`WrcError` names the file and key of the first problem."""
    data = load_toml(text, f"材料清单文件 {filename}")
    try:
        parsed = ChecklistFile.model_validate({**data, "filename": filename})
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
    if parsed.district != "default" and parsed.district not in DISTRICTS:
        raise WrcError(f"材料清单文件 {filename} 中 district：“{parsed.district}”不是北京市的区")
    _check_includes(parsed, filename)
    _check_titles(parsed, filename)
    return parsed


def _check_titles(parsed: ChecklistFile, filename: str) -> None:
    if parsed.titles and parsed.district != "default":
        raise WrcError(
            f"材料清单文件 {filename} 中 titles：材料名称只在 {DEFAULT_FILE} 中统一规定，"
            "各区文件请用各项的 title 写本区指南的叫法"
        )
    if parsed.paper and parsed.district != "default":
        raise WrcError(
            f"材料清单文件 {filename} 中 paper：原件/复印件的通常情形只在 {DEFAULT_FILE} 中规定，"
            "各区指南另有要求的请写在该项的 preparation 中（如“仅提供原件”“原件扫描”）"
        )
    for key, title in parsed.titles.items():
        if not title.strip() or title != title.strip():
            raise WrcError(f"材料清单文件 {filename} 中 titles.{key}：名称为空或首尾有空格")


def _check_includes(parsed: ChecklistFile, filename: str) -> None:
    """Every include names a group of this file or of the default file (checked when resolving)."""
    for kind, spec in parsed.kinds.items():
        keys: set[str] = set()
        for index, entry in enumerate(spec.items):
            if isinstance(entry, ItemSpec):
                if entry.key in keys:
                    raise WrcError(
                        f"材料清单文件 {filename} 中 kinds.{kind}.items.{index}：材料 {entry.key} 重复"
                    )
                keys.add(entry.key)


def _bundled_text(filename: str) -> str:
    node = resources.files("wrc_desktop.resources").joinpath(CHECKLIST_SUBDIR, filename)
    try:
        return node.read_text("utf-8")
    except FileNotFoundError:
        raise WrcError(f"缺少材料清单文件 {CHECKLIST_SUBDIR}/{filename}") from None


@lru_cache(maxsize=64)
def _load(filename: str, override: tuple) -> ChecklistFile | None:
    if override:
        path = Path(override[0])
        parsed = parse_checklist(
            read_clerk_file(path), f"{CHECKLIST_SUBDIR}/{path.name}（经办人修改）"
        )
        if parsed.district != path.stem:  # 海淀's file for 朝阳 would list 朝阳's materials
            raise WrcError(
                f"材料清单文件 {path} 写着 district = “{parsed.district}”，与文件名 {path.name} 不符；"
                f"请把 district 改为 “{path.stem}”，或把文件改成对应的文件名"
            )
        return parsed
    node = resources.files("wrc_desktop.resources").joinpath(CHECKLIST_SUBDIR, filename)
    if not node.is_file():
        return None
    return parse_checklist(_bundled_text(filename), filename)


def load_checklists(
    slug: str, *, overrides: Path | None = None
) -> tuple[ChecklistFile, ChecklistFile | None]:
    """The default file and the district's own file (None when its guide is not in the data)."""
    default = _load(DEFAULT_FILE, ())
    assert default is not None
    override: tuple = ()
    if overrides is not None:
        path = Path(overrides) / CHECKLIST_SUBDIR / f"{slug}.toml"
        if path.is_file():
            stat = path.stat()
            override = (str(path), stat.st_mtime_ns, stat.st_size)
    return default, _load(f"{slug}.toml", override)


def district_files() -> list[str]:
    """Slugs of the districts that have their own checklist file."""
    folder = resources.files("wrc_desktop.resources").joinpath(CHECKLIST_SUBDIR)
    return sorted(
        node.name.removesuffix(".toml")
        for node in folder.iterdir()
        if node.name.endswith(".toml") and node.name != DEFAULT_FILE
    )
