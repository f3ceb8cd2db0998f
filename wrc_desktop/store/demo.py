"""A realistic demo register, dated relative to today, so a newcomer can see every feature.

The same generator feeds the benchmarks (50 000 holders). Names, ID numbers
and USCCs are made up but pass every check.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from typing import Any

from sqlmodel import Session
from stdnum.cn import ric, uscc

from ..rules.dates import add_months, add_years
from . import unit_records
from .bulk import NewHolder, insert_holders
from .models import written_id

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红娥玲芬燕鹏辉宇浩凯健俊帆帅旭宁晨阳欣怡佳琪梓涵子轩雨萱浩然博文思远嘉怡一诺雅婷天佑明哲晓东志强建华丽娟海涛"
RARE = "堃喆赟䶮昇玥珺曌"
DEPARTMENTS = [
    "研发中心",
    "产品部",
    "市场部",
    "财务部",
    "人力资源部",
    "法务部",
    "数据平台部",
    "销售部",
    "运营部",
    "总裁办",
]
TITLES = ["", "", "工程师", "高级工程师", "经济师", "会计师", "高级经济师"]
REGIONS = [
    "110105",
    "110108",
    "110101",
    "110102",
    "120101",
    "130102",
    "310101",
    "320102",
    "330106",
    "370102",
    "410105",
    "420102",
    "430102",
    "440106",
    "510104",
    "610103",
]

DEMO_UNITS: list[dict[str, Any]] = [
    {
        "name": "北京智源星图科技有限公司",
        "district": "haidian",
        "kind": "enterprise",
        "tech_innovation": True,
        "legal_rep": "陈立新",
        "address": "北京市海淀区中关村大街 27 号中关村大厦 12 层",
        "phone": "010-82561234",
    },
    {
        "name": "北京东华文化传媒有限公司",
        "district": "dongcheng",
        "kind": "enterprise",
        "legal_rep": "赵文博",
        "address": "北京市东城区东直门南大街 3 号国华投资大厦 8 层",
        "phone": "010-64012345",
    },
    {
        "name": "北京金融街恒信律师事务所",
        "district": "xicheng",
        "kind": "enterprise",
        "tech_service": True,
        "legal_rep": "孙雅琴",
        "address": "北京市西城区金融大街 15 号鑫茂大厦南楼 6 层",
        "phone": "010-66221234",
    },
    {
        "name": "北京市石景山区城市科学研究院",
        "district": "shijingshan",
        "kind": "public_institution",
        "legal_rep": "周建国",
        "address": "北京市石景山区石景山路 20 号中铁建设大厦 5 层",
        "phone": "010-68871234",
    },
]


# The region code (登记管理机关行政区划码) of each demo unit's district.
DISTRICT_REGIONS = {
    "dongcheng": "110101",
    "xicheng": "110102",
    "shijingshan": "110107",
    "haidian": "110108",
}


def make_uscc(rng: random.Random, district: str = "haidian") -> str:
    """A 统一社会信用代码 registered in ``district``, with its check character."""
    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    body = "91" + DISTRICT_REGIONS[district] + "".join(rng.choice(alphabet) for _ in range(9))
    return body + uscc.calc_check_digit(body)


def make_id_number(
    rng: random.Random, birth: dt.date, gender: str, serial: int | None = None
) -> str:
    region = rng.choice(REGIONS)
    sequence = (serial if serial is not None else rng.randrange(0, 500)) % 500 * 2
    sequence += 1 if gender == "M" else 0
    body = f"{region}{birth:%Y%m%d}{sequence:03d}"
    return body + ric.calc_check_digit(body + "0")  # stdnum expects a placeholder check digit


def _name(rng: random.Random) -> str:
    given = "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))
    return rng.choice(SURNAMES) + given


def generate_holders(
    rng: random.Random, unit_ids: list[int], count: int, today: dt.date
) -> Iterator[NewHolder]:
    """``count`` holders whose permits expire from a few months ago to 18 months ahead."""
    used: set[str] = set()
    for index in range(count):
        gender = rng.choice("MF")
        birth = dt.date(rng.randint(1968, 2000), rng.randint(1, 12), rng.randint(1, 28))
        number = make_id_number(rng, birth, gender, serial=index)
        while number in used:
            number = make_id_number(rng, birth, gender)
        used.add(number)
        name = _name(rng)
        if index % 97 == 13:
            name = name[0] + rng.choice(RARE) + name[2:]
        hire = max(add_years(birth, 22), today - dt.timedelta(days=rng.randint(200, 4000)))
        contract_start = add_years(hire, ((today - hire).days // 365 // 3) * 3)
        expiry = today + dt.timedelta(days=rng.randint(-120, 548))
        start = add_years(expiry, -3) + dt.timedelta(days=1)
        first_issued = add_years(start, -3 * rng.choice((0, 0, 1, 2)))
        left = index % 23 == 5
        holder = {
            "name": name,
            "id_type": "resident",
            "id_number": number,
            "gender": gender,
            "birth_date": birth,
            "phone": f"1{rng.choice('3589')}{rng.randrange(10**9):09d}",
            "department": rng.choice(DEPARTMENTS),
            "job_title": rng.choice(["工程师", "经理", "主管", "专员", "律师", "研究员"]),
            "hire_date": hire,
            "contract_start": contract_start,
            "contract_end": add_years(contract_start, 3) - dt.timedelta(days=1),
            "social_insurance_start": hire,
            "degree": rng.choice(["bachelor", "master", "doctor"]),
            "degree_date": add_years(birth, 22),
            "degree_foreign": rng.random() < 0.1,
            "professional_title": rng.choice(TITLES),
            "address": f"北京市海淀区学院路 {rng.randint(1, 200)} 号院 {rng.randint(1, 20)} 号楼",
            "housing_kind": rng.choice(["residence-permit", "owned", "rented", "borrowed", "unit"]),
            "status": "left" if left else "active",
            "left_on": today - dt.timedelta(days=rng.randint(1, 40)) if left else None,
            "notes": "",
        }
        permit = {
            "certificate_no": f"京工居{expiry.year - 3}{index + 1:06d}",
            "first_issued": first_issued,
            "start": start,
            "expiry": expiry,
            "status": "valid",
        }
        family = []
        if rng.random() < 0.3:
            family.append(_spouse(rng, birth, gender))
            if rng.random() < 0.7:
                family.append(_child(rng, today))
        yield NewHolder(
            unit_id=unit_ids[index % len(unit_ids)], holder=holder, permit=permit, family=family
        )


def _spouse(rng: random.Random, holder_birth: dt.date, holder_gender: str) -> dict:
    gender = "F" if holder_gender == "M" else "M"
    birth = holder_birth + dt.timedelta(days=rng.randint(-900, 900))
    return {
        "relation": "spouse",
        "name": _name(rng),
        "id_type": "resident",
        "id_number": make_id_number(rng, birth, gender),
        "gender": gender,
        "birth_date": birth,
        "employer": "北京某某科技有限公司",
        "accompanying": True,
    }


def _child(rng: random.Random, today: dt.date) -> dict:
    gender = rng.choice("MF")
    birth = add_months(today, -rng.randint(12, 12 * 18 - 1))
    return {
        "relation": "child",
        "name": _name(rng),
        "id_type": "resident",
        "id_number": make_id_number(rng, birth, gender),
        "gender": gender,
        "birth_date": birth,
        "employer": "",
        "accompanying": True,
    }


def load_demo(
    session: Session, *, today: dt.date, holders: int = 200, seed: int = 2026
) -> dict[str, int]:
    """Fill an empty register with the demo units, agents and holders; returns counts."""
    rng = random.Random(seed)
    unit_ids: list[int] = []
    for template in DEMO_UNITS:
        unit = unit_records.create_unit(
            session, data={**template, "uscc": make_uscc(rng, template["district"])}
        )
        unit_ids.append(written_id(unit))
        unit_records.replace_agents(
            session,
            written_id(unit),
            agents=[
                {
                    "name": _name(rng),
                    "id_number": make_id_number(rng, dt.date(1990, 5, 17), "F"),
                    "department": "人力资源部",
                    "title": "人事专员",
                    "phone": f"138{rng.randrange(10**8):08d}",
                }
            ],
        )
    items = list(generate_holders(rng, unit_ids, holders, today))
    insert_holders(session.connection(), items, source="manual", note="演示数据")
    return {
        "units": len(unit_ids),
        "holders": len(items),
        "family": sum(len(i.family) for i in items),
    }
