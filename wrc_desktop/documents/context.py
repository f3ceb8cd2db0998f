"""The values a form prints, read from the register: holder, unit, agent, bureau, date.

A :class:`FormContext` maps placeholder keys (``holder.name``…) to text, or to
``None`` where the form shows a gap for handwriting (blank mode, or a value the
register does not have). Every identity number is checked again here, so a
wrong digit is refused before any PDF is written.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlmodel import Session

from ..rules.context import RulesContext
from ..rules.errors import WrcError
from ..rules.form_facts import FACT_LABELS, LoanFacts
from ..rules.identity import gender_of, guess_id_type, validate_id_number
from ..rules.policy import DistrictPolicy
from ..rules.vocab import DISTRICTS, GENDERS, HOUSING_KINDS, label
from ..store import holder_records, unit_records
from ..store.models import Agent
from .definition import FormDefinition

# Chinese names of the keys, for error messages ("“持证人姓名”中的字符…").
LABELS = {
    "bureau.name": "区人力社保局名称",
    "district.name": "所在区",
    "unit.name": "单位名称",
    "unit.legal_rep": "法定代表人",
    "unit.uscc": "统一社会信用代码",
    "unit.address": "单位地址",
    "unit.phone": "单位电话",
    "unit.kind": "单位性质",
    "agent.name": "代理人姓名",
    "agent.gender": "代理人性别",
    "agent.id_number": "代理人身份证号码",
    "agent.department": "代理人工作部门",
    "agent.title": "代理人职务",
    "agent.phone": "代理人联系电话",
    "holder.name": "申请人姓名",
    "holder.id_number": "申请人身份证号码",
    "holder.gender": "申请人性别",
    "holder.department": "申请人部门",
    "holder.job_title": "申请人职务",
    "holder.hire_date": "入职日期",
    "holder.left_on": "离职日期",
    "holder.address": "居住地址",
    "holder.phone": "申请人电话",
    "permit.certificate_no": "证书编号",
    "date": "落款日期",
    "year": "申报年度",
    "loan.since": FACT_LABELS["loan.since"],
    "loan.address": "借住地址（精确至门牌）",
    "residence.address": "居住地址（精确至门牌）",
    "loan.relation": FACT_LABELS["loan.relation"],
    "owner.name": FACT_LABELS["loan.owners"],
    "owner.id_number": "房主身份证号码",
    "change.other": "其他变更事项",
}

# Check boxes of the change forms (003 附件5 and 附件6): code → box key.
CHANGE_BOXES = {
    "employer": "聘用单位",
    "address": "居住地址",
    "family": "随往人员",
    "other": "其他",
    "reset": "查询用户名重置密码",
    "basic": "基础变更（区县内）",
    "transfer": "跨区县变更（转移）",
}
# Which boxes each change form carries (003 附件5 and 附件6), in the order they are printed.
FORM_CHANGE_BOXES = {
    "info-change": ("employer", "address", "family", "other"),
    "unit-change": ("reset", "basic", "transfer", "other"),
}


# What the register does not hold about a borrowed home (房屋借住声明): from the case's facts.
LoanDetails = LoanFacts


@dataclass
class FormOptions:
    on: dt.date  # the date the form carries
    blank: bool = False
    agent: str | None = None  # agent's name; the unit's first agent when None
    loan: LoanDetails | None = None
    changes: frozenset[str] = frozenset()  # codes of CHANGE_BOXES to tick
    other_change: str = ""
    district: str | None = None  # a blank form's district: its bureau is named on the form


@dataclass
class FormContext:
    values: dict[str, str | None]
    lists: dict[str, list[dict[str, str | None]]] = field(default_factory=dict)
    blank: bool = False
    holder_name: str = ""  # for the output file's name
    housing: str | None = None  # the holder's housing proof as registered (rules.vocab)

    def label(self, key: str) -> str:
        return LABELS.get(key, key)


_WHITESPACE = re.compile(r"[\x00-\x20\x7f\x85\u2028\u2029]+")


def one_line(text: str) -> str:
    """Control characters and runs of breaking white space become one space.

    Not ``str.split()``: that would also eat the no-break spaces of a blank date.
    """
    return _WHITESPACE.sub(" ", text).strip(" ")


def format_date(day: dt.date | None) -> str | None:
    return f"{day.year}年{day.month}月{day.day}日" if day else None


# No-break spaces: reportlab collapses ordinary and ideographic spaces.
BLANK_DATE = "\xa0" * 8 + "年" + "\xa0" * 5 + "月" + "\xa0" * 5 + "日"


def unit_words(name: str | None) -> dict[str, str | None]:
    """How the unit names itself: 003's templates say 我公司/本公司, right only for a company;
    a 律师事务所, 研究院 or blank form says 我单位/本单位."""
    word = "公司" if name and "公司" in name else "单位"
    return {"unit.we": f"我{word}", "unit.this": f"本{word}", "unit.word": word}


def blank_context(policy: DistrictPolicy | None = None) -> FormContext:
    """Every value a gap: the form for handwriting (addressed to ``policy``'s bureau if given)."""
    boxes = {f"box.{code}": "" for code in CHANGE_BOXES}
    where: dict[str, str | None] = {}
    if policy is not None:
        where = {
            "bureau.name": policy.bureau.name,
            "district.name": policy.name,
        }
    return FormContext(
        values={"date": BLANK_DATE, **boxes, **unit_words(None), **where},
        lists={"owners": [{}]},
        blank=True,
    )


def build_context(
    session: Session, holder_id: int | None, options: FormOptions, *, rules: RulesContext
) -> FormContext:
    """The values for one holder's form (or a blank form when ``options.blank``).

    The bureau the form is addressed to is the district policy's in ``rules`` (with the clerk's
    overrides: a bureau renamed there is renamed on paper).
    """
    if options.blank:
        return blank_context(rules.policy(options.district) if options.district else None)
    if holder_id is None:
        raise WrcError("请选择持证人，或选择“空白表”")
    detail = holder_records.holder_detail(session, holder_id)
    holder, unit = detail.holder, detail.unit
    agent = _choose_agent(
        unit_records.list_agents(session, holder.unit_id), options.agent, unit.name
    )
    permit = detail.current_permit
    values: dict[str, str | None] = {
        "bureau.name": rules.policy(unit.district).bureau.name,
        "district.name": DISTRICTS.get(unit.district, unit.district),
        "unit.name": unit.name,
        "unit.legal_rep": unit.legal_rep,
        "unit.uscc": unit.uscc,
        "unit.address": unit.address,
        "unit.phone": unit.phone,
        "holder.name": holder.name,
        "holder.id_number": _checked_id(holder.id_number, holder.id_type, "holder.id_number"),
        "holder.gender": label(GENDERS, holder.gender),
        "holder.department": holder.department,
        "holder.job_title": holder.job_title,
        "holder.hire_date": format_date(holder.hire_date),
        "holder.left_on": format_date(holder.left_on),
        "holder.address": holder.address,
        "holder.phone": holder.phone,
        "permit.certificate_no": permit.permit.certificate_no if permit else None,
        "date": format_date(options.on),
        "year": str(options.on.year),
        "change.other": options.other_change,
    }
    values.update(_agent_values(agent))
    values.update(unit_words(unit.name))
    for code in CHANGE_BOXES:
        values[f"box.{code}"] = "1" if code in options.changes else ""
    loan = options.loan or LoanFacts()
    values["loan.address"] = loan.full_address(holder.address)
    # where the holder lives, with the door number the clerk adds (`--room`) when the register
    # stops at the building: the 居住证明 of unit housing prints it
    values["residence.address"] = values["loan.address"] or holder.address
    values["loan.relation"] = loan.relation_text()
    values["loan.since"] = format_date(loan.since)
    owners: list[dict[str, str | None]] = [
        {
            "owner.name": owner.name,
            "owner.id_number": _checked_id(owner.id_number, None, "owner.id_number"),
        }
        for owner in loan.owners
    ] or [{}]
    cleaned = {
        key: (one_line(text) or None) if text is not None else None for key, text in values.items()
    }
    return FormContext(
        values=cleaned,
        lists={"owners": owners},
        holder_name=holder.name,
        housing=holder.housing_kind,
    )


def _choose_agent(agents: list[Agent], name: str | None, unit_name: str) -> Agent | None:
    if not name:
        return agents[0] if agents else None
    for agent in agents:
        if agent.name == name.strip():
            return agent
    known = "、".join(a.name for a in agents) or "（无）"
    raise WrcError(f"单位“{unit_name}”没有名为“{name}”的经办人（已登记：{known}）")


def _agent_values(agent: Agent | None) -> dict[str, str | None]:
    if agent is None:
        return {}
    number = _checked_id(agent.id_number, None, "agent.id_number") if agent.id_number else None
    gender = agent.gender or (
        gender_of(number) if number and guess_id_type(number) != "other" else None
    )
    return {
        "agent.name": agent.name,
        "agent.gender": label(GENDERS, gender),
        "agent.id_number": number,
        "agent.department": agent.department,
        "agent.title": agent.title,
        "agent.phone": agent.phone,
    }


def _checked_id(number: str, id_type: str | None, key: str) -> str:
    """The number validated again (``id_type`` None: guess it, so an 18-digit typo is caught)."""
    if id_type is None:
        id_type = guess_id_type(number)
        if id_type == "other" and _looks_like_ric(number):
            id_type = "resident"
    return validate_id_number(number, id_type, field=key, label=LABELS[key])


def _looks_like_ric(number: str) -> bool:
    text = number.strip().upper()
    return 15 <= len(text) <= 20 and text.rstrip("X").isdigit()


class MissingFacts(WrcError):
    """A filled form lacks values it exists for; ``labels`` names each, in Chinese."""

    def __init__(self, form_title: str, holder_name: str, labels: list[str]) -> None:
        self.labels = labels
        who = f"“{holder_name}”的" if holder_name else ""
        super().__init__(
            f"《{form_title}》缺少{who}{'、'.join(labels)}：请填写后再生成，或打印空白表"
        )


def missing_values(context: FormContext, keys: Iterable[str]) -> list[str]:
    """The Chinese names of the required ``keys`` that have no value (a list key: no item has it)."""
    if context.blank:
        return []
    missing = []
    for key in keys:
        if key.startswith("owner."):
            found = any(item.get(key) for item in context.lists.get("owners", []))
        else:
            found = bool(context.values.get(key))
        if not found:
            missing.append(LABELS.get(key, key))
    return missing


def check_required(context: FormContext, keys: Iterable[str], form_title: str) -> None:
    """A filled form must not print without the values it exists for; every missing one is named."""
    missing = missing_values(context, keys)
    if missing:
        raise MissingFacts(form_title, context.holder_name, missing)


def check_housing(context: FormContext, housing: Iterable[str], form_title: str) -> None:
    """A housing form only for the housing it proves (no 居住证明 for a borrowed home)."""
    allowed = tuple(housing)
    if context.blank or not allowed or context.housing is None or context.housing in allowed:
        return
    who = f"“{context.holder_name}”" if context.holder_name else "持证人"
    wanted = "、".join(label(HOUSING_KINDS, kind) for kind in allowed)
    raise WrcError(
        f"{who}登记的住所证明为“{label(HOUSING_KINDS, context.housing)}”，"
        f"《{form_title}》仅用于“{wanted}”：请核对登记册中的住所证明类型"
    )


def check_form(form: FormDefinition, context: FormContext) -> None:
    """Refuse a filled form that does not fit the holder's facts, before anything is drawn."""
    check_housing(context, form.housing, form.title)
    check_required(context, form.required, form.title)
