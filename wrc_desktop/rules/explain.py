"""Why a date is what it is: the rule, the district, the guide it comes from, verified or not."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Any

UNVERIFIED_NOTE = "未核实 — 请向区人力社保局确认"

# The public guides the policy files cite, by the number their sources start with.
SEEDS = {
    "000": "西城区《个人新办事项办理规范》",
    "001": "石景山区《北京市工作居住证》办理指南",
    "002": "海淀区办理《北京市工作居住证》办理指南（2025-10-16 起执行）",
    "003": "东城区《北京市工作居住证》服务指南",
    "004": "网络汇编《办理北京工作居住证》（非官方，规定较旧）",
}

# The district each guide is about (004 is a city-wide compilation).
DISTRICT_GUIDES = {"xicheng": "000", "shijingshan": "001", "haidian": "002", "dongcheng": "003"}
_GUIDE_NUMBER = re.compile(r"(?<![0-9])(00[0-4])(?![0-9])")

# Chinese names of the policy rules, by their dotted key in the policy files.
RULE_LABELS = {
    "bureau.name": "主管部门名称",
    "bureau.office": "经办部门",
    "bureau.address": "办公地址",
    "bureau.phone": "咨询电话",
    "renewal.validity_years": "证件有效期（年）",
    "renewal.window_days_before_expiry": "续签期开始（有效期满前天数）",
    "renewal.review_working_days": "续签审核预留工作日",
    "renewal.grace_days": "过期后失效前的宽限天数",
    "renewal.latest_submission": "最晚提交日的算法",
    "counter.enabled": "窗口受理日限制",
    "counter.small_unit_weekdays": "申请量少的单位的窗口受理日（1 = 周一）",
    "counter.large_unit_weekdays": "申请量多的单位的窗口受理日（1 = 周一）",
    "counter.large_unit_from": "按申请量多的单位接待的申请份数（含）",
    "counter.appointment_working_days": "申请量多的单位须提前预约的工作日",
    "counter.paper_within_days": "网上初审通过后提交纸质材料的天数",
    "eligibility.guide_clauses": "指南基本条件覆盖的申报条款",
    "eligibility.income_test_clauses": "应税收入核验适用的申报条款",
    "eligibility.min_months_at_unit": "在申请单位工作最少月数",
    "eligibility.min_months_clauses": "工作月数要求适用的申报条款",
    "eligibility.ai_key_min_months_at_unit": "人工智能等重点领域青年人才在申请单位工作最少月数",
    "eligibility.ai_key_max_age": "重点领域青年人才年龄上限（含）",
    "eligibility.months_from_social_insurance": "工作时间以社会保险缴纳记录为依据",
    "eligibility.work_experience_years": "工作经历最少年数",
    "eligibility.work_experience_clauses": "工作经历要求适用的申报条款",
    "eligibility.same_unit_contract_tax_insurance": "劳动合同、个税、社保须为同一单位",
    "auto_extension.enabled": "有效期自动延续",
    "auto_extension.first_issued_from": "自动延续适用的首次办理起始日",
    "auto_extension.max_years": "自动延续最长年限",
    "auto_extension.confirm_reserve_working_days": "单位确认延续须在有效期满前预留的工作日",
    "employer_change.days_after_leaving": "聘用单位变更期限（离职后天数）",
    "employer_change.review_working_days_before_expiry": "聘用单位变更须在有效期满前预留的工作日",
    "employer_change.cancellation_working_days": "原单位注销/解除关联期限（离职后工作日）",
    "employer_change.deferral_days": "个人延期注销最长天数",
    "income_test.mode": "应税收入核验方式",
    "income_periods.renewal_print_from": "续签收入材料的打印起点（指南写明）",
    "income_test.threshold_basis": "应税收入标准的算法",
    "income_test.months": "应税收入核验月数",
    "income_test.ai_key_months": "人工智能等重点领域单位核验月数",
    "income_test.multiplier_enterprise": "企业人员收入倍数",
    "income_test.multiplier_public": "事业单位/民非/社团人员收入倍数",
    "income_test.multiplier_clause4": "第4条（科技创新主体）收入倍数",
    "income_test.multiplier_clause5": "第5条（科技创新服务主体）收入倍数",
    "income_periods.new_mode": "新办应税收入材料期间的算法",
    "income_periods.new_months": "新办应税收入材料月数",
    "income_periods.new_ai_key_months": "新办（重点领域单位）应税收入材料月数",
    "income_periods.renewal_mode": "续签应税收入材料期间的算法",
    "income_periods.renewal_months": "续签应税收入材料月数",
    "income_periods.renewal_years_back": "续签应税收入材料回溯年数",
    "materials.residence_permit_min_months": "北京市居住证在提交后至少有效月数",
    "materials.rental_min_months": "租房合同在提交后至少剩余月数",
    "materials.borrow_declaration_valid_days": "房屋借住声明有效天数",
    "materials.integrity_declaration_max_age_days": "诚信声明落款距提交最多天数",
    "materials.integrity_declaration_latest": "诚信声明须晚于其他材料落款",
    "materials.labor_contract_min_months": "劳动合同在提交后至少有效月数",
    "materials.dated_material_max_age_months": "有落款日期的材料距提交最多月数",
    "materials.expiring_material_min_months": "有有效期的材料在提交后至少有效月数",
    "materials.degree_verification_before": "须另附纸质学位认证的学位授予日期（之前）",
    "materials.foreign_degree_certificate": "国（境）外学位须留学服务中心认证",
    "age_limit.mode": "年龄上限的算法",
    "age_limit.male": "男性年龄上限",
    "age_limit.whole_year_of_age": "“不超过N周岁”含满 N 周岁的整个年度（解读）",
    "age_limit.female": "女性年龄上限",
    "warnings.contract_end_months": "劳动合同到期提醒（提前月数）",
    "warnings.child_school_certificate_age": "随往子女须在校证明的年龄",
    "warnings.child_max_age": "随往子女年龄上限",
    "warnings.age_limit_notice_months": "年龄上限提醒（提前月数）",
}


@dataclass(frozen=True)
class RuleSource:
    """Where one policy value comes from."""

    source: str = ""
    quote: str = ""  # the guide's own words, verbatim
    unverified: bool = True
    file: str = ""
    note: str = ""  # how the value is read from the guide, in our words

    def citation(self) -> str:
        if not self.source:
            return "默认值"
        seed = SEEDS.get(self.source[:3])
        return f"{seed}（{self.source}）" if seed else self.source

    def guides(self) -> list[str]:
        """The guide numbers (000–004) the source cites."""
        return _GUIDE_NUMBER.findall(self.source)

    def borrowed_from(self, district: str) -> str:
        """For a district with its own guide: the other districts' guides this value comes from, in words ("" if none).

        E.g. 海淀's permit validity (3 years) cites 001 and 003: 海淀's guide does not state it.
        """
        own = DISTRICT_GUIDES.get(district)
        cited = self.guides()
        if own is None or not cited or own in cited:
            return ""
        names = "、".join(SEEDS[number].split("《")[0] or SEEDS[number] for number in cited)
        return f"此值取自其他区的指南（{names}），本区指南未写明"


# What a rule no source names comes from: the default, unverified. One shared (frozen) value:
# the due list asks for tens of thousands of explanations, and a new one each time showed.
NO_SOURCE = RuleSource()


@dataclass(frozen=True)
class Explanation:
    """One computed date (or figure) and how it came about."""

    rule: str
    label: str
    district: str
    value: Any
    text: str
    source: str
    quote: str
    unverified: bool
    reading: str = ""  # how the value is read from the guide (the policy file's note)

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        if self.unverified:
            data["note"] = UNVERIFIED_NOTE
        return data

    def __str__(self) -> str:
        tail = f"（{UNVERIFIED_NOTE}）" if self.unverified else ""
        return f"{self.text} —— 依据：{self.district} {self.label}，{self.source}{tail}"


def explain(policy: Any, rule: str, value: Any, text: str) -> Explanation:
    """An explanation of ``value`` computed with ``policy``'s ``rule`` (a dotted key)."""
    origin: RuleSource = policy.sources.get(rule, NO_SOURCE)
    return Explanation(
        rule=rule,
        label=RULE_LABELS.get(rule, rule),
        district=policy.name,
        value=value,
        text=text,
        source=origin.citation(),
        quote=origin.quote,
        unverified=origin.unverified,
        reading=origin.note,
    )
