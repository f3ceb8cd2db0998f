"""Small builders for test data that passes (or deliberately fails) the register's checks."""

from __future__ import annotations

import datetime as dt

from stdnum.cn import ric, uscc


def id_number(region: str = "110105", birth: str = "19900307", sequence: str = "123") -> str:
    """A 居民身份证 number with the right check digit (odd sequence → man)."""
    body = region + birth + sequence
    return body + ric.calc_check_digit(body + "0")


def with_wrong_check_digit(number: str) -> str:
    digits = "0123456789X"
    return number[:17] + digits[(digits.index(number[17]) + 1) % len(digits)]


def uscc_code(body: str = "91110108MA01ABCD") -> str:
    body = (body + "0000000000000000")[:17]
    return body + uscc.calc_check_digit(body)


def holder_data(**overrides) -> dict:
    data = {
        "name": "张三",
        "id_number": id_number(),
        "department": "研发中心",
        "phone": "13800138000",
        "hire_date": "2021-03-01",
        "contract_start": "2024-03-01",
        "contract_end": "2027-02-28",
    }
    data.update(overrides)
    return data


def permit_data(**overrides) -> dict:
    data = {
        "certificate_no": "京工居2024000123",
        "first_issued": dt.date(2021, 6, 1),
        "start": dt.date(2024, 6, 1),
        "expiry": dt.date(2027, 5, 31),
    }
    data.update(overrides)
    return data


def unit_data(**overrides) -> dict:
    data = {
        "name": "北京测试科技有限公司",
        "uscc": uscc_code(),
        "district": "海淀区",
        "kind": "企业",
        "legal_rep": "李四",
        "address": "北京市海淀区中关村大街 1 号",
        "phone": "010-12345678",
    }
    data.update(overrides)
    return data


def rules_on(today: dt.date, overrides=None, session=None):
    """The rules context of ``today`` (bundled rules, or with the clerk's ``overrides`` folder);
    with ``session``, the lead times the clerk stored in that register."""
    from wrc_desktop.rules.context import RulesContext
    from wrc_desktop.store.warnings_state import get_lead_times

    leads = get_lead_times(session) if session is not None else None
    volumes = None
    if session is not None:
        from wrc_desktop.rules.policy import get_policy
        from wrc_desktop.store.counter_volume import unit_volumes

        volumes = unit_volumes(
            session, lambda district: get_policy(district, overrides=overrides).counter.enabled
        )
    return RulesContext.load(today=today, overrides=overrides, leads=leads, volumes=volumes)


def source_on(today: dt.date, overrides=None, session=None):
    """Deadlines and states under the rules context of ``today`` (see :func:`rules_on`)."""
    from wrc_desktop.reports.rows import DeadlineSource

    return DeadlineSource(rules_on(today, overrides, session))


def desk_over(register, today: dt.date):
    """The application core over an open register, its clock fixed at ``today``."""
    from wrc_desktop import paths
    from wrc_desktop.desk import Desk

    return Desk(register, data_dir=paths.data_dir(), clock=lambda: today)
