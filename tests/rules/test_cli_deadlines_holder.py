"""``wrc deadlines --holder``: the register's facts (unit, first issue, contract), the answer every
screen shows; and 东城 without ``--first-issued`` says an automatic extension may apply."""

from __future__ import annotations

import datetime as dt
import json

from tests.helpers import holder_data, id_number, permit_data
from tests.reports.builders import add_unit
from wrc_desktop.cli import main
from wrc_desktop.rules.deadlines import renewal_deadlines
from wrc_desktop.rules.policy import get_policy
from wrc_desktop.rules.workdays import default_calendar
from wrc_desktop.store import holder_records

NUMBER = id_number(birth="19880808", sequence="135")


def _run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_a_holder_is_answered_from_the_register(register, capsys):
    with register.session() as session:
        unit = add_unit(
            session, name="北京东城测试有限公司", district="东城区", body="91110101MA01ABCD"
        )
        holder_records.create_holder(
            session,
            unit_id=unit.id,
            holder={**holder_data(name="王五", id_number=NUMBER), "contract_end": "2028-06-30"},
            permit=permit_data(
                certificate_no="京工居2023001",
                first_issued=dt.date(2023, 5, 20),
                start=dt.date(2023, 5, 20),
                expiry=dt.date(2026, 5, 20),
            ),
        )
    code, out, err = _run(
        capsys, "deadlines", "--holder", NUMBER, "--today", "2026-05-01", "--json"
    )
    assert code == 0, err
    data = json.loads(out)
    # 003: first issued from 2019-05 → extended automatically to the contract's end.
    expected = renewal_deadlines(
        get_policy("东城"),
        dt.date(2026, 5, 20),
        first_issued=dt.date(2023, 5, 20),
        contract_end=dt.date(2028, 6, 30),
        calendar=default_calendar(),
    )
    assert data["auto_extension"] and data["extended_until"] == "2028-06-30"
    assert data["latest_submission"] == expected.latest_submission.isoformat()
    code, text, _ = _run(capsys, "deadlines", "--holder", NUMBER, "--today", "2026-05-01")
    assert "依据登记册：王五" in text and "首次办理 2023-05-20" in text
    # The same permit asked without its first issue gives a renewal, and says why it may differ.
    plain = json.loads(
        _run(capsys, "deadlines", "--district", "东城", "--expiry", "2026-05-20", "--json")[1]
    )
    assert not plain["auto_extension"] and "自动延续" in plain["notes"][0]
    assert plain["extended_until"] is None and data["notes"] == []


def test_holder_errors_are_one_line_without_the_full_number(register, capsys):
    code, _, err = _run(capsys, "deadlines", "--holder", NUMBER)
    assert code == 2 and len(err.strip().splitlines()) == 1 and NUMBER not in err
    assert "登记册中没有" in err
    code, _, err = _run(capsys, "deadlines", "--holder", NUMBER, "--expiry", "2026-05-20")
    assert code == 2 and "不能同时给出 --expiry" in err
    code, _, err = _run(capsys, "deadlines", "--district", "东城")
    assert code == 2 and "--expiry" in err and "Traceback" not in err
