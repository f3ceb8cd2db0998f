"""Validity of a case's materials at the planned submission date S (DOMAIN §6), and whether
the paper handed in is the original or a copy.

Each rule that a material breaks gives one :class:`MaterialProblem`: which material, the
date that breaks the rule, the rule, its source, and whether the rule is verified.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import asdict, dataclass

from .dates import add_months
from .explain import explain
from .policy import DistrictPolicy

# A material's name where the case gives none; the ones a checklist titles say it as the
# checklist does (resources/checklists/default.toml [titles]).
MATERIAL_KINDS = {
    "residence_permit": "北京市居住证",
    "rental_contract": "房屋租赁合同",
    "borrow_declaration": "房屋借住声明",
    "integrity_declaration": "个人诚信声明",
    "labor_contract": "劳动合同",
    "degree": "学位证书",
    "income_proof": "应税收入材料",
    "unit_residence_certificate": "单位出具的申请人居住证明",
    "leaving_certificate": "离职证明",
    "id_card": "身份证",
    "other": "其他材料",
}
# Materials whose own date is when they were made for this case (Haidian: within 1 month of S).
# A degree, a contract or a deed is dated by the act it records, not by the case.
_CASE_DATED_KINDS = {
    "integrity_declaration",
    "borrow_declaration",
    "income_proof",
    "unit_residence_certificate",
    "leaving_certificate",
    "other",
}


# What the paper handed in is, in the 材料目录's one vocabulary.
ORIGINAL = "原件"
COPY = "复印件"
PAPER_KINDS = (ORIGINAL, COPY)
# The paper itself, whatever else the guide says: the original only ("仅提供原件"), or a page
# printed from an online system for this application (there is no other original of it).
_ONLY_ORIGINAL = ("仅提供原件", "打印")
# A copy however it is made or marked: photocopied, scanned, a screenshot, or a copy the unit
# certifies ("注明‘经核真实有效’" and signs — signed, it is still a copy of the original).
_COPY_MARKS = ("复印件", "扫描", "截图", "经核真实有效")
# A paper made for this application: signed, stamped, issued — the original.
_ORIGINAL_MARKS = ("签字", "盖章", "加盖", "出具", "开具", "原件")


def paper_kind(preparation: str, *, form: bool, usual: str | None = None) -> str:
    """原件 or 复印件 for one checklist item, read from how its guide says to prepare it.

    A form the app generates is signed and stamped: the original, as is anything the guide
    wants only as the original and a page printed from an online system (海淀's 申报收入查询,
    stamped page by page). Otherwise a copy mark wins over an original mark ("原件扫描",
    "原件及复印件", "加盖公章复印件", a certified copy are copies); then the material's usual
    paper (``usual``: the default checklist's ``paper`` table, e.g. a 离职证明 is issued, so
    original), then an original mark; failing all, a copy.
    """
    if form or any(mark in preparation for mark in _ONLY_ORIGINAL):
        return ORIGINAL
    if any(mark in preparation for mark in _COPY_MARKS):
        return COPY
    if usual is not None:
        return usual
    return ORIGINAL if any(mark in preparation for mark in _ORIGINAL_MARKS) else COPY


@dataclass(frozen=True)
class Material:
    kind: str
    label: str = ""
    dated: dt.date | None = None  # 落款/出具/授予日期
    valid_until: dt.date | None = None  # 有效期至
    foreign: bool = False  # a degree from abroad
    verified: bool = False  # a degree's verification (学位认证 / 留学服务中心证明) is attached

    @property
    def name(self) -> str:
        return self.label or MATERIAL_KINDS.get(self.kind, self.kind)


@dataclass(frozen=True)
class MaterialProblem:
    material: str
    kind: str
    date: dt.date | None
    rule: str
    message: str
    source: str
    unverified: bool

    def as_dict(self) -> dict:
        return asdict(self)


class _Checker:
    def __init__(self, policy: DistrictPolicy, submit: dt.date) -> None:
        self.policy = policy
        self.submit = submit
        self.problems: list[MaterialProblem] = []

    def add(self, material: Material, day: dt.date | None, rule: str, message: str) -> None:
        note = explain(self.policy, rule, day, message)
        self.problems.append(
            MaterialProblem(
                material.name, material.kind, day, rule, message, note.source, note.unverified
            )
        )

    def valid_for_months(self, material: Material, months: int, rule: str) -> None:
        if months <= 0:
            return
        needed = add_months(self.submit, months)
        if material.valid_until is None:
            self.add(
                material,
                None,
                rule,
                f"{material.name}未录入有效期，须有效至提交日后 {months} 个月（{needed.isoformat()}）",
            )
        elif material.valid_until < needed:
            self.add(
                material,
                material.valid_until,
                rule,
                f"{material.name}有效期至 {material.valid_until.isoformat()}，须至少有效至 {needed.isoformat()}"
                f"（提交日 {self.submit.isoformat()} 后 {months} 个月）",
            )

    def dated_within_days(self, material: Material, days: int, rule: str, what: str) -> None:
        if material.dated is None:
            self.add(material, None, rule, f"{material.name}未录入落款日期")
            return
        if material.dated > self.submit:
            self.add(
                material,
                material.dated,
                rule,
                f"{material.name}落款日期 {material.dated.isoformat()} 晚于提交日 {self.submit.isoformat()}",
            )
        elif days and (self.submit - material.dated).days > days:
            self.add(
                material,
                material.dated,
                rule,
                f"{material.name}落款日期 {material.dated.isoformat()}，{what}（提交日 {self.submit.isoformat()} "
                f"最晚对应落款 {(self.submit - dt.timedelta(days=days)).isoformat()}）",
            )


def check_materials(
    policy: DistrictPolicy, submit: dt.date, materials: Iterable[Material]
) -> list[MaterialProblem]:
    """Every rule the materials break if submitted on ``submit``; an empty list means all is well."""
    rules = policy.materials
    materials = list(materials)
    check = _Checker(policy, submit)
    for material in materials:
        kind = material.kind
        if kind == "residence_permit":
            check.valid_for_months(
                material, rules.residence_permit_min_months, "materials.residence_permit_min_months"
            )
        elif kind == "rental_contract":
            check.valid_for_months(material, rules.rental_min_months, "materials.rental_min_months")
        elif kind == "labor_contract":
            check.valid_for_months(
                material, rules.labor_contract_min_months, "materials.labor_contract_min_months"
            )
        elif kind == "borrow_declaration":
            check.dated_within_days(
                material,
                rules.borrow_declaration_valid_days,
                "materials.borrow_declaration_valid_days",
                f"有效期为填写之日起 {rules.borrow_declaration_valid_days} 个自然日，提交时已过期",
            )
        elif kind == "integrity_declaration":
            check.dated_within_days(
                material,
                rules.integrity_declaration_max_age_days,
                "materials.integrity_declaration_max_age_days",
                f"须在提交前 {rules.integrity_declaration_max_age_days} 个自然日内",
            )
        elif kind == "degree":
            _check_degree(check, material)
        if (
            rules.expiring_material_min_months
            and material.valid_until is not None
            and kind not in ("residence_permit", "rental_contract", "labor_contract")
        ):
            check.valid_for_months(
                material,
                rules.expiring_material_min_months,
                "materials.expiring_material_min_months",
            )
        elif rules.expiring_material_min_months and kind in ("rental_contract", "labor_contract"):
            # Haidian's general 3-month rule also covers contracts; report it only where it is stricter.
            own = (
                rules.rental_min_months
                if kind == "rental_contract"
                else rules.labor_contract_min_months
            )
            if rules.expiring_material_min_months > own:
                check.valid_for_months(
                    material,
                    rules.expiring_material_min_months,
                    "materials.expiring_material_min_months",
                )
        if (
            rules.dated_material_max_age_months
            and kind in _CASE_DATED_KINDS
            and material.dated is not None
        ):
            oldest = add_months(submit, -rules.dated_material_max_age_months)
            if material.dated < oldest:
                check.add(
                    material,
                    material.dated,
                    "materials.dated_material_max_age_months",
                    f"{material.name}日期 {material.dated.isoformat()}，须在提交前 "
                    f"{rules.dated_material_max_age_months} 个月内（不早于 {oldest.isoformat()}）",
                )
    if rules.integrity_declaration_latest:
        _check_declaration_is_latest(check, materials)
    return check.problems


def _check_degree(check: _Checker, material: Material) -> None:
    rules = check.policy.materials
    if material.foreign:
        if rules.foreign_degree_certificate and not material.verified:
            check.add(
                material,
                material.dated,
                "materials.foreign_degree_certificate",
                f"{material.name}为国（境）外学位，须附教育部留学服务中心出具的认证证明",
            )
        return
    before = rules.degree_verification_before
    if before and material.dated and material.dated < before and not material.verified:
        check.add(
            material,
            material.dated,
            "materials.degree_verification_before",
            f"{material.name}授予于 {material.dated.isoformat()}（{before.isoformat()} 之前），须另附纸质学位认证",
        )


def _check_declaration_is_latest(check: _Checker, materials: list[Material]) -> None:
    dated = [(m, m.dated) for m in materials if m.dated is not None]
    declarations = [(m, day) for m, day in dated if m.kind == "integrity_declaration"]
    others = [(m, day) for m, day in dated if m.kind != "integrity_declaration"]
    for declaration, signed in declarations:
        for other, other_day in others:
            if other_day >= signed:
                check.add(
                    declaration,
                    other_day,
                    "materials.integrity_declaration_latest",
                    f"诚信声明落款 {signed.isoformat()} 须晚于其他所有材料的落款日期，"
                    f"而{other.name}落款 {other_day.isoformat()}",
                )
