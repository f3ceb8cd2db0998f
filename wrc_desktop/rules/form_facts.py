"""Facts of one application that its forms print and the register does not hold.

A case keeps them as JSON (``Case.facts``): the owners of a borrowed home and the loan's
start, relationship and room number (房屋借住声明, 003 附件10: "详细住址精确至门牌"), and a
落款 date the clerk chose for any of the case's forms. Parsing validates every value, so
what is stored is always readable; ID numbers are checked as the register checks them.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from .errors import FieldError, ValidationErrors, WrcError
from .identity import guess_id_type, mask_id, validate_id_number

# Chinese names of the facts, for the messages that ask for a missing one.
FACT_LABELS = {
    "loan.owners": "房主姓名及身份证号码",
    "loan.since": "开始借住日期",
    "loan.relation": "借住人与房主的关系",
    "loan.room": "借住地址的门牌（楼号、单元、房间号）",
    "loan.address": "借住地址",
}

# The facts each form prints that the register does not hold (form slug → groups of facts).
# Only the 房屋借住声明 states the loan; every form carries a 落款 date the clerk may choose.
LOAN, FORM_DATES = "loan", "form_dates"
FORM_FACTS: Mapping[str, frozenset[str]] = {"loan": frozenset({LOAN})}


def facts_needed(form_slugs: Iterable[str]) -> frozenset[str]:
    """The groups of facts to ask for, given the forms the case needs (its checklist's forms).

    The checklist already follows the holder's facts (the 房屋借住声明 only for ``borrowed``
    housing), so a case of a holder living on a 北京市居住证 has no loan form and is never
    asked for the owners of a borrowed home.
    """
    needed: set[str] = set()
    for slug in form_slugs:
        needed |= FORM_FACTS.get(slug, frozenset()) | {FORM_DATES}
    return frozenset(needed)


class LoanOwner(NamedTuple):
    name: str
    id_number: str
    relation: str = ""  # the applicant's relation to this owner; empty: the loan's one relation


@dataclass(frozen=True)
class LoanFacts:
    """A borrowed home: every owner (co-owners each sign — 002), since when, the relationship.

    Each owner may carry the applicant's relation to him or her; ``relation`` is the one for
    every owner without one (facts stored before owners had their own still read so).
    """

    owners: tuple[LoanOwner, ...] = ()
    since: dt.date | None = None
    relation: str = ""
    address: str = ""  # the whole address to the door; empty: the register's address + room
    room: str = ""  # added to the register's address (e.g. 3号楼2单元502室)

    def full_address(self, registered: str | None) -> str:
        if self.address:
            return self.address
        if not self.room:
            return ""
        return f"{(registered or '').strip()}{self.room}"

    def __post_init__(self) -> None:
        # Callers may give owners as plain (name, number[, relation]) pairs: one shape from here on.
        object.__setattr__(self, "owners", tuple(LoanOwner(*owner) for owner in self.owners))

    def relation_of(self, owner: LoanOwner) -> str:
        return owner.relation or self.relation

    def relation_text(self) -> str:
        """What the declaration's one relation field prints: "父子" when the owners share one,
        "父子（张大山）、母子（李秀兰）" when they differ."""
        relations = [self.relation_of(owner) for owner in self.owners]
        if not self.owners or len(set(relations)) == 1:
            return relations[0] if self.owners else self.relation
        return "、".join(
            f"{relation}（{owner.name}）"
            for owner, relation in zip(self.owners, relations, strict=True)
        )

    def missing(self, registered: str | None) -> list[str]:
        """The facts the loan declaration still lacks (keys of FACT_LABELS)."""
        missing = []
        if not self.owners:
            missing.append("loan.owners")
        if self.since is None:
            missing.append("loan.since")
        if not (self.relation or (self.owners and all(owner.relation for owner in self.owners))):
            missing.append("loan.relation")
        if not self.address:
            missing.append("loan.room" if (registered or "").strip() else "loan.address")
        return missing


@dataclass(frozen=True)
class CaseFormFacts:
    loan: LoanFacts = field(default_factory=LoanFacts)
    form_dates: Mapping[str, dt.date] = field(default_factory=dict)  # form slug → 落款日期

    def to_json(self) -> str:
        if self == CaseFormFacts():
            return ""
        loan = self.loan
        data: dict[str, Any] = {
            "loan": {
                "owners": [
                    {"name": o.name, "id_number": o.id_number}
                    | ({"relation": o.relation} if o.relation else {})
                    for o in loan.owners
                ],
                "since": loan.since.isoformat() if loan.since else None,
                "relation": loan.relation,
                "address": loan.address,
                "room": loan.room,
            },
            "form_dates": {slug: day.isoformat() for slug, day in sorted(self.form_dates.items())},
        }
        return json.dumps(data, ensure_ascii=False, sort_keys=True)

    def summary(self) -> str:
        """What changed, as the audit trail keeps it: ID numbers masked."""
        loan = self.loan
        owners = "、".join(f"{o.name}（{mask_id(o.id_number)}）" for o in loan.owners)
        dates = "、".join(
            f"{slug} {day.isoformat()}" for slug, day in sorted(self.form_dates.items())
        )
        parts = [
            f"房主：{owners}" if owners else "",
            f"开始借住：{loan.since.isoformat()}" if loan.since else "",
            f"关系：{loan.relation_text()}" if loan.relation_text() else "",
            f"地址：{loan.address}" if loan.address else "",
            f"门牌：{loan.room}" if loan.room else "",
            f"落款日期：{dates}" if dates else "",
        ]
        return "；".join(p for p in parts if p)


def parse_facts(text: str) -> CaseFormFacts:
    """The stored JSON (empty: no facts yet)."""
    if not text:
        return CaseFormFacts()
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise WrcError(f"办理事项的表格信息无法读取（{error.msg}）") from None
    return clean_facts(data)


def clean_facts(data: Mapping[str, Any]) -> CaseFormFacts:
    """Validated facts from plain values (dialog, CLI, stored JSON); every error at once."""
    errors: list[FieldError] = []
    loan_data = data.get("loan") or {}
    owners = []
    for index, owner in enumerate(loan_data.get("owners") or [], start=1):
        name = str(owner.get("name") or "").strip()
        number = str(owner.get("id_number") or "").strip()
        where = f"第 {index} 位房主"
        if not name:
            errors.append(
                FieldError(f"loan.owners.{index}.name", "不能为空", label=f"{where}的姓名")
            )
        if not number:
            errors.append(
                FieldError(
                    f"loan.owners.{index}.id_number", "不能为空", label=f"{where}的身份证号码"
                )
            )
            continue
        try:
            number = validate_id_number(
                number,
                owner_id_type(number),
                field=f"loan.owners.{index}.id_number",
                label=f"{where}的身份证号码",
            )
        except FieldError as error:
            errors.append(error)
            continue
        owners.append(LoanOwner(name, number, _text(owner.get("relation"))))
    since = _date(loan_data.get("since"), "loan.since", FACT_LABELS["loan.since"], errors)
    dates: dict[str, dt.date] = {}
    for slug, value in (data.get("form_dates") or {}).items():
        day = _date(value, f"form_dates.{slug}", f"“{slug}”的落款日期", errors)
        if day is not None:
            dates[str(slug)] = day
    if errors:
        raise ValidationErrors(errors)
    return CaseFormFacts(
        loan=LoanFacts(
            owners=tuple(owners),
            since=since,
            relation=_text(loan_data.get("relation")),
            address=_text(loan_data.get("address")),
            room=_text(loan_data.get("room")),
        ),
        form_dates=dates,
    )


def owner_id_type(number: str) -> str:
    """An owner's number: 18 digits (or a typo of them) is a resident ID, checked as one."""
    compact = number.strip().upper()
    if compact.rstrip("X").isdigit():
        return "resident"
    return guess_id_type(compact)


def _text(value: Any) -> str:
    return " ".join(str(value or "").split())


def _date(value: Any, key: str, label: str, errors: list[FieldError]) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        errors.append(FieldError(key, f"“{value}”不是有效日期（应为 YYYY-MM-DD）", label=label))
        return None


def describe_changes(
    old: CaseFormFacts, new: CaseFormFacts, titles: dict[str, str] | None = None
) -> list[str]:
    """Each changed fact, old → new, as the clerk reads it (ID numbers masked)."""

    def owners(facts: CaseFormFacts) -> str:
        return "、".join(f"{o.name}（{mask_id(o.id_number)}）" for o in facts.loan.owners)

    def show(value: object) -> str:
        if value in (None, ""):
            return "（空）"
        return value.isoformat() if isinstance(value, dt.date) else str(value)

    pairs = [
        ("房主", owners(old), owners(new)),
        ("开始借住日期", old.loan.since, new.loan.since),
        ("与房主的关系", old.loan.relation_text(), new.loan.relation_text()),
        ("门牌", old.loan.room, new.loan.room),
        ("完整地址", old.loan.address, new.loan.address),
    ]
    for slug in sorted(set(old.form_dates) | set(new.form_dates)):
        pairs.append(
            (
                f"《{(titles or {}).get(slug, slug)}》落款日期",
                old.form_dates.get(slug),
                new.form_dates.get(slug),
            )
        )
    return [f"{label}：{show(a)} → {show(b)}" for label, a, b in pairs if a != b]
