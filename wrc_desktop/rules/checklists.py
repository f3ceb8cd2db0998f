"""A case's checklist: the district's materials list filtered by the case's facts (DOMAIN §6).

Data (``resources/checklists/``, see :mod:`.checklist_data`) + :class:`CaseFacts` →
:class:`Checklist`: the items in the order the bureau expects, each saying who provides
it, how to prepare it, which validity rule applies and where the guide says so. Facts
that make the case impossible as planned (a child of 18 cannot accompany) come back as
:class:`FactProblem`. Nothing here touches files, the database or Qt.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field

from .checklist_data import (
    VALIDITY,
    ChecklistFile,
    Include,
    ItemSpec,
    OnlineSpec,
    UploadSpec,
    When,
)
from .dates import age_on
from .errors import WrcError
from .explain import UNVERIFIED_NOTE
from .materials import COPY, paper_kind
from .policy import DistrictPolicy
from .vocab import CASE_KINDS, HOUSING_KINDS


@dataclass(frozen=True)
class Child:
    name: str
    birth_date: dt.date | None = None


@dataclass(frozen=True)
class CaseFacts:
    """What decides a case's materials. ``on`` is the planned submission date (ages are taken then)."""

    district: str
    kind: str
    on: dt.date
    clause: int | None = None
    housing: str | None = None
    unit_kind: str = "enterprise"
    unit_flags: frozenset[str] = frozenset()
    spouse: bool = False
    # The spouse is taken off the permit (减少随往配偶); None: not known, so the item that only
    # a removal needs is listed as optional.
    spouse_removed: bool | None = None
    children: tuple[Child, ...] = ()
    degree_date: dt.date | None = None
    degree_foreign: bool = False


OTHER_MATERIALS = "其他材料"


@dataclass(frozen=True)
class UploadSlot:
    """Where an item's file goes in the online system: login → module → attachment name.

    ``unverified``: the guides do not name this slot; the file goes to "其他材料" (000: "如无对应
    附件名称，则上传至“其他材料”中"), a reading the clerk should confirm.
    """

    login: str  # 单位 / 申请人
    module: str  # 员工列表 / 附件管理 / 证件照片 / 其他材料
    slot: str
    format: str = "pdf"  # pdf / jpg
    source: str = ""
    quote: str = ""
    unverified: bool = True


def upload_slot(spec: UploadSpec | None, provider: str, title: str) -> UploadSlot:
    """The item's slot from its data, or the provider's 其他材料 (unverified) when the guide is silent."""
    if spec is None or spec.unverified:
        return UploadSlot(
            spec.login if spec else provider,
            OTHER_MATERIALS,
            spec.slot if spec else title,
            spec.format if spec else "pdf",
            spec.source if spec else "000 二、办理流程 2（3）",
            spec.quote if spec else "如无对应附件名称，则上传至“其他材料”中",
            True,
        )
    return UploadSlot(
        spec.login, spec.module, spec.slot, spec.format, spec.source, spec.quote, False
    )


@dataclass(frozen=True)
class ChecklistItem:
    key: str
    title: str
    provider: str
    preparation: str
    validity: str  # key of checklist_data.VALIDITY
    material_kind: str  # the kind rules.materials checks
    validity_text: str  # the rule in words, with the district's figures
    source: str
    quote: str
    required: bool
    form: str | None
    unverified: bool
    child: str = ""  # the child a per-child item is for
    upload: UploadSlot | None = None  # where the file goes in the online system
    # The district guide's own name for the material where it differs from ``title`` (the one
    # title every list, form and file uses, checklist_data.ChecklistFile.titles): "《诚信声明》".
    guide_title: str = ""
    paper: str = COPY  # what goes into the bundle: 原件 / 复印件 (rules.materials.paper_kind)

    def as_dict(self) -> dict:
        data = asdict(self)
        if self.unverified:
            data["note"] = UNVERIFIED_NOTE
        return data


@dataclass(frozen=True)
class FactProblem:
    """A fact of the case that breaks a rule; ``blocking`` ones stop the case from being submitted."""

    subject: str
    rule: str
    message: str
    source: str
    unverified: bool
    blocking: bool = True

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Checklist:
    district: str
    district_name: str
    kind: str
    source: str  # the guide section the list follows
    unverified: bool  # the district's guide does not cover this kind: the default list is used
    items: tuple[ChecklistItem, ...]
    problems: tuple[FactProblem, ...] = field(default=())
    clause: int | None = None
    # How the district takes applications: online_only — uploads only, no paper at a counter.
    online: OnlineSpec = field(default_factory=OnlineSpec)

    @property
    def online_only(self) -> bool:
        return self.online.online_only

    def item(self, key: str) -> ChecklistItem:
        for item in self.items:
            if item.key == key:
                return item
        raise KeyError(key)

    def item_keys(self) -> list[str]:
        return [item.key for item in self.items]


def checklist_from(
    facts: CaseFacts, policy: DistrictPolicy, files: tuple[ChecklistFile, ChecklistFile | None]
) -> Checklist:
    """The checklist for ``facts`` from the district's policy and checklist files as already
    read (:meth:`.context.RulesContext.checklist` reads them once per context)."""
    _check_facts(facts, policy)
    default, own = files
    kind_file, unverified = (
        (own, False) if own is not None and facts.kind in own.kinds else (default, True)
    )
    spec = kind_file.kinds.get(facts.kind)
    if spec is None:
        raise WrcError(f"材料清单中没有“{CASE_KINDS[facts.kind]}”事项（{kind_file.filename}）")
    items: list[ChecklistItem] = []
    seen: set[str] = set()
    for entry, from_default in _expand(spec.items, kind_file, default, unverified):
        if entry.key in seen or not _applies(entry.when, facts, policy):
            continue
        seen.add(entry.key)
        named = Naming(
            default.titles.get(entry.key, entry.title),
            paper_kind(
                entry.preparation, form=entry.form is not None, usual=default.paper.get(entry.key)
            ),
        )
        items.extend(_items(entry, named, facts, policy, from_default or entry.unverified))
    return Checklist(
        policy.slug,
        policy.name,
        facts.kind,
        f"{spec.source}（{kind_file.filename}）",
        unverified,
        tuple(items),
        tuple(_fact_problems(facts, policy)),
        facts.clause,
        own.online if own is not None else default.online,
    )


def _check_facts(facts: CaseFacts, policy: DistrictPolicy) -> None:
    if facts.kind not in CASE_KINDS:
        raise WrcError(
            f"“{facts.kind}”不是可用的办理事项（可选：{'、'.join(f'{k} {v}' for k, v in CASE_KINDS.items())}）"
        )
    if facts.clause is not None and not 1 <= facts.clause <= 8:
        raise WrcError(f"申报条款应为 1–8，而不是 {facts.clause}")
    if facts.housing is not None and facts.housing not in HOUSING_KINDS:
        raise WrcError(
            f"“{facts.housing}”不是可用的住所证明类型（可选：{'、'.join(HOUSING_KINDS)}）"
        )
    if facts.kind == "auto-extension" and not policy.auto_extension.enabled:
        raise WrcError(f"{policy.name}没有“有效期自动延续”的规定，请改为办理续签")


def _expand(entries, kind_file: ChecklistFile, default: ChecklistFile, unverified: bool):
    """(item, from_default) in order, with groups included from the file or, failing that, the default."""
    for entry in entries:
        if isinstance(entry, ItemSpec):
            yield entry, unverified
            continue
        assert isinstance(entry, Include)
        group = kind_file.groups.get(entry.include)
        group_default = unverified
        if group is None or group.inherit:
            if group is None:
                group_default = True
            group = default.groups.get(entry.include)
        if group is None:
            raise WrcError(
                f"材料清单文件 {kind_file.filename} 引用了不存在的材料组“{entry.include}”"
            )
        for item in group.items:
            if item.key not in entry.skip:
                yield item, group_default


def _applies(when: When, facts: CaseFacts, policy: DistrictPolicy) -> bool:
    if when.housing is not None and facts.housing not in when.housing:
        return False
    if when.clause is not None and facts.clause not in when.clause:
        return False
    if when.not_clause is not None and facts.clause in when.not_clause:
        return False
    if when.spouse is not None and facts.spouse != when.spouse:
        return False
    if when.spouse_removed is not None and (
        not facts.spouse or facts.spouse_removed == (not when.spouse_removed)
    ):
        return False
    if when.child is not None and bool(facts.children) != when.child:
        return False
    if (
        when.child_school_age is not None
        and bool(_school_age_children(facts, policy)) != when.child_school_age
    ):
        return False
    if when.degree_foreign is not None and facts.degree_foreign != when.degree_foreign:
        return False
    if when.degree_old is not None:
        before = policy.materials.degree_verification_before
        old = bool(before and facts.degree_date and facts.degree_date < before)
        if old != when.degree_old:
            return False
    if when.unit_kind is not None and facts.unit_kind not in when.unit_kind:
        return False
    return not (when.unit_flag is not None and not facts.unit_flags & set(when.unit_flag))


def _school_age_children(facts: CaseFacts, policy: DistrictPolicy) -> list[Child]:
    age = policy.warnings.child_school_certificate_age
    return [
        c for c in facts.children if c.birth_date and age and age_on(c.birth_date, facts.on) >= age
    ]


@dataclass(frozen=True)
class Naming:
    """What one material is called (one title in every district) and what paper its guide asks for."""

    title: str
    paper: str


def _items(
    spec: ItemSpec, named: Naming, facts: CaseFacts, policy: DistrictPolicy, unverified: bool
) -> list[ChecklistItem]:
    """The item(s) of ``spec`` under the material's one title (one per child for a per-child item)."""
    # An item for a spouse's removal, while the case does not say whether it removes one: optional.
    required = spec.required and not (spec.when.spouse_removed and facts.spouse_removed is None)
    title = named.title
    guide_title = spec.title if spec.title != title else ""

    def make(key: str, title: str, child: str = "") -> ChecklistItem:
        return ChecklistItem(
            key,
            title,
            spec.provider,
            spec.preparation,
            spec.validity,
            VALIDITY[spec.validity],
            validity_text(policy, spec.validity),
            spec.source,
            spec.quote,
            required,
            spec.form,
            unverified,
            child,
            upload_slot(spec.upload, spec.provider, title),
            guide_title,
            named.paper,
        )

    if not spec.per_child:
        return [make(spec.key, title)]
    children = list(facts.children)
    if spec.when.child_school_age:
        children = _school_age_children(facts, policy)
    return [
        make(f"{spec.key}.{index}", f"{child.name}：{title}", child.name)
        for index, child in enumerate(children, start=1)
    ]


def validity_text(policy: DistrictPolicy, validity: str) -> str:
    """The validity rule of one item in words, with this district's figures."""
    rules = policy.materials
    texts = {
        "residence_permit": f"有效期须至提交日后至少 {rules.residence_permit_min_months} 个月",
        "rental_contract": f"租期须在提交日后尚余 {rules.rental_min_months} 个月以上",
        "labor_contract": f"合同有效期须至提交日后至少 {rules.labor_contract_min_months} 个月",
        "borrow_declaration": f"自落款之日起 {rules.borrow_declaration_valid_days} 个自然日内有效",
        "integrity_declaration": f"落款日期在提交前 {rules.integrity_declaration_max_age_days} 个自然日内"
        + ("，且晚于其他所有材料的落款日期" if rules.integrity_declaration_latest else ""),
    }
    if validity == "degree":
        parts = []
        if rules.degree_verification_before:
            parts.append(
                f"{rules.degree_verification_before.isoformat()} 之前取得的学位须另附学位认证"
            )
        if rules.foreign_degree_certificate:
            parts.append("国（境）外学位须附留学服务中心认证")
        return "；".join(parts)
    text = texts.get(validity, "")
    if rules.dated_material_max_age_months and VALIDITY[validity] in (
        "other",
        "income_proof",
        "borrow_declaration",
        "integrity_declaration",
        "leaving_certificate",
        "unit_residence_certificate",
    ):
        text = "；".join(
            filter(None, [text, f"出具日期须在提交前 {rules.dated_material_max_age_months} 个月内"])
        )
    if rules.expiring_material_min_months and VALIDITY[validity] == "id_card":
        text = f"有有效期的，须至提交日后至少 {rules.expiring_material_min_months} 个月"
    return text


def _fact_problems(facts: CaseFacts, policy: DistrictPolicy) -> list[FactProblem]:
    problems = []
    limit = policy.warnings.child_max_age
    origin = policy.sources.get("warnings.child_max_age")
    for child in facts.children:
        if child.birth_date is None:
            problems.append(
                FactProblem(
                    child.name,
                    "warnings.child_school_certificate_age",
                    f"随往子女{child.name}未录入出生日期，无法判断是否须提交在校证明或是否已满 {limit} 周岁",
                    "",
                    False,
                    blocking=False,
                )
            )
        elif age_on(child.birth_date, facts.on) >= limit:
            problems.append(
                FactProblem(
                    child.name,
                    "warnings.child_max_age",
                    f"随往子女{child.name}（{child.birth_date.isoformat()} 出生）在提交日 {facts.on.isoformat()} "
                    f"已满 {limit} 周岁，不能随往",
                    origin.citation() if origin else "",
                    bool(origin and origin.unverified),
                )
            )
    if facts.kind == "new" and facts.clause is None:
        problems.append(
            FactProblem(
                "申报条款", "clause", "新办须选择申报条款（1–8），才能列出对应的证明材料", "", False
            )
        )
    if facts.kind in ("new", "address-change") and facts.housing is None:
        problems.append(
            FactProblem(
                "住所证明",
                "housing",
                "请选择在京合法稳定住所证明的类型，才能列出对应的材料",
                "",
                False,
            )
        )
    if facts.clause == 1 and facts.degree_date is None and not facts.degree_foreign:
        problems.append(
            FactProblem(
                "学位",
                "materials.degree_verification_before",
                "登记册中没有学位授予日期，无法判断是否须另附学位认证",
                "",
                False,
                blocking=False,
            )
        )
    flag_needed = {
        4: ("tech_innovation", "科技创新主体"),
        5: ("tech_service", "科技创新服务主体"),
    }.get(facts.clause or 0)
    if flag_needed and flag_needed[0] not in facts.unit_flags:
        problems.append(
            FactProblem(
                "申报条款",
                "clause",
                f"第 {facts.clause} 条要求在{flag_needed[1]}中工作，而单位未标记为{flag_needed[1]}",
                "DOMAIN §3（000、001、002、003 申报条款）",
                False,
                blocking=False,
            )
        )
    return problems
