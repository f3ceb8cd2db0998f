"""Checklist data: ``resources/checklists/<district>.toml`` read, validated and cached.

A district file lists, per case kind, the materials its guide asks for, each with the
guide's section and words. A kind or a material group the district's guide does not
cover comes from ``default.toml`` and is shown as unverified. The clerk may lay
``<overrides>/checklists/<slug>.toml`` over a district's file (it replaces that file).
Errors name the file and the key, in Chinese, so a bad edit is easy to find.

The data are plain frozen dataclasses. A clerk's file is validated by pydantic
(:mod:`.checklist_check`, whose models mirror these classes field for field) before it is
made into them; the files bundled with the program are made into them directly — they are
part of the program, and ``tests/cases/test_checklist_plain.py`` checks that each one passes
the same validation and gives the very same data. Importing pydantic costs more than a due
list of 10,000 holders with a case being prepared takes to compute.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from .clerk_files import load_toml, read_clerk_file
from .errors import WrcError
from .vocab import DISTRICTS

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


@dataclass(frozen=True)
class When:
    """Conditions on the case's facts; every condition given must hold."""

    housing: tuple[str, ...] | None = None  # of HOUSING_KINDS
    clause: tuple[int, ...] | None = None
    not_clause: tuple[int, ...] | None = None
    spouse: bool | None = None
    spouse_removed: bool | None = None  # the case takes an accompanying spouse off the permit
    child: bool | None = None
    child_school_age: bool | None = None
    degree_old: bool | None = None
    degree_foreign: bool | None = None
    unit_kind: tuple[str, ...] | None = None  # of UNIT_KINDS
    unit_flag: tuple[str, ...] | None = None  # of UNIT_FLAGS


# Where a file goes in the online system (北京国际人才网): the login that uploads it and the
# module of that login (002 新办业务办理规范: "在职员工列表模块", "在附件管理模块"; 002 四（一）
# "系统照片"; 000: "如无对应附件名称，则上传至“其他材料”中").
UPLOAD_LOGINS = ("单位", "申请人")
UPLOAD_MODULES = ("员工列表", "附件管理", "证件照片", "其他材料")
UPLOAD_FORMATS = ("pdf", "jpg")


@dataclass(frozen=True)
class UploadSpec:
    """One item's slot in the online system, in its guide's words.

    ``slot`` is the attachment name the file is uploaded under; ``quote`` the guide's own
    words about it (verbatim). An item without an upload spec, or with ``unverified``,
    falls back to the provider's "其他材料" and is shown as unverified.
    """

    login: str  # of UPLOAD_LOGINS
    module: str  # of UPLOAD_MODULES
    slot: str
    format: str = "pdf"  # of UPLOAD_FORMATS
    source: str = ""
    quote: str = ""
    unverified: bool = False


@dataclass(frozen=True)
class OnlineSpec:
    """How the district takes applications: ``online_only`` — uploads only, no paper at a counter."""

    online_only: bool = False
    source: str = ""
    quote: str = ""
    unverified: bool = True


@dataclass(frozen=True)
class ItemSpec:
    key: str
    title: str
    provider: str  # 单位 / 申请人
    source: str
    preparation: str = ""
    validity: str = "document"  # a key of VALIDITY
    quote: str = ""
    required: bool = True
    form: str | None = None
    per_child: bool = False
    when: When = When()
    unverified: bool = False
    upload: UploadSpec | None = None


@dataclass(frozen=True)
class Include:
    include: str
    skip: tuple[str, ...] = ()


@dataclass(frozen=True)
class Group:
    items: tuple[ItemSpec, ...] = ()
    inherit: bool = (
        False  # use the default file's group as this district's own (it quotes this guide)
    )


@dataclass(frozen=True)
class KindSpec:
    source: str
    items: tuple[ItemSpec | Include, ...]


@dataclass(frozen=True)
class ChecklistFile:
    district: str
    guide: str = ""
    title: str = ""
    # One title per material (key → title), in the default file only: every district's checklist,
    # the bundle's 材料目录, the forms and the upload kit name the material so; a district file's
    # own ``title`` is its guide's name for it, kept beside (ChecklistItem.guide_title).
    titles: dict[str, str] = field(default_factory=dict)
    # The paper a material usually is where its preparation does not say (key → 原件 / 复印件),
    # in the default file only (rules.materials.paper_kind).
    paper: dict[str, str] = field(default_factory=dict)
    groups: dict[str, Group] = field(default_factory=dict)
    kinds: dict[str, KindSpec] = field(default_factory=dict)  # by a key of CASE_KINDS
    online: OnlineSpec = OnlineSpec()
    filename: str = ""


def checklist_file_from(data: Mapping[str, Any]) -> ChecklistFile:
    """A checklist file's data (a valid file's TOML, or what :mod:`.checklist_check` made of
    a clerk's file) as the dataclasses above: lists become tuples, sections left out their
    defaults."""
    return ChecklistFile(
        district=data["district"],
        guide=data.get("guide", ""),
        title=data.get("title", ""),
        titles=dict(data.get("titles", {})),
        paper=dict(data.get("paper", {})),
        groups={name: _group(group) for name, group in data.get("groups", {}).items()},
        kinds={kind: _kind(spec) for kind, spec in data.get("kinds", {}).items()},
        online=OnlineSpec(**data.get("online", {})),
        filename=data.get("filename", ""),
    )


def _group(data: Mapping[str, Any]) -> Group:
    return Group(tuple(_item(item) for item in data.get("items", ())), data.get("inherit", False))


def _kind(data: Mapping[str, Any]) -> KindSpec:
    return KindSpec(data["source"], tuple(_entry(entry) for entry in data["items"]))


def _entry(data: Mapping[str, Any]) -> ItemSpec | Include:
    if "include" in data:
        return Include(data["include"], tuple(data.get("skip", ())))
    return _item(data)


def _item(data: Mapping[str, Any]) -> ItemSpec:
    fields = dict(data)
    conditions: dict[str, Any] = {
        name: tuple(value) if isinstance(value, list | tuple) else value
        for name, value in (fields.get("when") or {}).items()
    }
    fields["when"] = When(**conditions)
    if fields.get("upload") is not None:
        fields["upload"] = UploadSpec(**fields["upload"])
    return ItemSpec(**fields)


def parse_checklist(text: str, filename: str, *, bundled: bool = False) -> ChecklistFile:
    """One checklist file, validated; :class:`WrcError` names the file and key of the first problem.

    ``bundled``: a file shipped with the program, whose validity its tests prove: made into
    the data without pydantic (see the module's note)."""
    data = load_toml(text, f"材料清单文件 {filename}")
    if bundled:
        parsed = checklist_file_from({**data, "filename": filename})
    else:
        from .checklist_check import validated  # pydantic: for a clerk's file only

        parsed = checklist_file_from(validated({**data, "filename": filename}, filename))
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
    return parse_checklist(_bundled_text(filename), filename, bundled=True)


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
