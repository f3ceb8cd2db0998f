"""Codes stored in the register and their Chinese labels.

Codes are short English words so that data and code stay readable; the clerk
only ever sees the labels.
"""

from __future__ import annotations

ID_TYPES = {
    "resident": "居民身份证",
    "hmt": "港澳台居民居住证",
    "foreign_pr": "外国人永久居留身份证",
    "passport": "护照",
    "other": "其他证件",
}

GENDERS = {"M": "男", "F": "女"}

UNIT_KINDS = {
    "enterprise": "企业",
    "public_institution": "事业单位",
    "private_non_enterprise": "民办非企业单位",
    "social_organization": "社会团体",
}

# Flags a unit may carry (DOMAIN §2): they decide clause 4/5 eligibility and the
# income-test period for AI key units.
UNIT_FLAGS = {
    "tech_innovation": "科技创新主体（如高新技术企业）",
    "tech_service": "科技创新服务主体（如律所、会计所、金融机构）",
    "ai_key": "人工智能等重点领域",
}

HOUSING_KINDS = {
    "residence-permit": "北京市居住证",
    "owned": "自有住房",
    "rented": "租赁住房",
    "unit": "单位宿舍/单位住房",
    "borrowed": "借住亲友住房",
}

HOLDER_STATUS = {"active": "在职", "left": "已离职"}

# A woman's statutory retirement-age track, named by its age before the 2025 reform
# (resources/retirement_age.toml); not recorded = unknown.
RETIREMENT_TRACKS = {
    "female_55": "原55周岁（女干部、管理岗位）",
    "female_50": "原50周岁（女工人岗位）",
}
# What a roster may write for a track besides the code and the label above.
RETIREMENT_TRACK_ALIASES = {
    "55": "female_55",
    "原55周岁": "female_55",
    "55周岁": "female_55",
    "女干部": "female_55",
    "50": "female_50",
    "原50周岁": "female_50",
    "50周岁": "female_50",
    "女工人": "female_50",
}

PERMIT_STATUS = {
    "valid": "有效",
    "suspended": "挂起",
    "lapsed": "失效",
    "cancelled": "注销",
}

PERIOD_SOURCES = {
    "new": "新办",
    "renewal": "续签",
    "employer-change": "聘用单位变更",
    "auto-extension": "自动延续",
    "import": "导入",
    "manual": "手工录入",
}

RELATIONS = {"spouse": "配偶", "child": "子女"}

DEGREES = {
    "": "",
    "doctor": "博士",
    "master": "硕士",
    "bachelor": "学士",
    "none": "无学位",
}


def label(table: dict[str, str], code: str | None) -> str:
    """The Chinese label of a code, or the code itself if it is unknown."""
    if code is None:
        return ""
    return table.get(code, code)


def code_for(table: dict[str, str], text: str) -> str | None:
    """The code for a code or a Chinese label, e.g. ``code_for(GENDERS, "女") == "F"``."""
    text = text.strip()
    if text in table:
        return text
    for code, name in table.items():
        if name == text:
            return code
    return None


# The 16 districts of Beijing and the Economic-Technological Development Area,
# by the slug used for policy files and on the command line.
DISTRICTS = {
    "dongcheng": "东城区",
    "xicheng": "西城区",
    "chaoyang": "朝阳区",
    "haidian": "海淀区",
    "fengtai": "丰台区",
    "shijingshan": "石景山区",
    "mentougou": "门头沟区",
    "fangshan": "房山区",
    "tongzhou": "通州区",
    "shunyi": "顺义区",
    "changping": "昌平区",
    "daxing": "大兴区",
    "huairou": "怀柔区",
    "pinggu": "平谷区",
    "miyun": "密云区",
    "yanqing": "延庆区",
    "jingkai": "北京经济技术开发区",
}


def district_slug(text: str) -> str | None:
    """The slug for ``haidian``, ``海淀`` or ``海淀区`` (also 经开区, 亦庄); None if unknown."""
    text = (text or "").strip()
    lowered = text.lower()
    if lowered in DISTRICTS:
        return lowered
    for slug, name in DISTRICTS.items():
        if text in (name, name.removesuffix("区")):
            return slug
    if text in ("经开区", "经济技术开发区", "北京经开区", "亦庄", "开发区"):
        return "jingkai"
    return None


# The kinds of application (办理事项) a case can be, by code.
CASE_KINDS = {
    "new": "新办",
    "renewal": "续签",
    "employer-change": "聘用单位变更（转入）",
    "leave": "聘用单位变更（离职）",
    "address-change": "居住地址变更",
    "family-change": "随往人员变更",
    "general-change": "一般信息变更",
    "cancel": "注销",
    "auto-extension": "自动延续确认",
}
