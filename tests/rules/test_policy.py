"""Policy files: every district loads, sources are kept, broken files fail in Chinese."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from decimal import Decimal

import pytest

from wrc_desktop.rules.errors import WrcError
from wrc_desktop.rules.explain import RULE_LABELS
from wrc_desktop.rules.policy import (
    DEFAULT_FILE,
    CounterDays,
    DistrictPolicy,
    Eligibility,
    all_policies,
    build_clean,
    build_policy,
    bundled_policy_text,
    get_policy,
    merge_layers,
)
from wrc_desktop.rules.policy_check import validated
from wrc_desktop.rules.vocab import DISTRICTS

GUIDE_DISTRICTS = {"dongcheng": "003", "xicheng": "000", "haidian": "002", "shijingshan": "001"}


def test_every_district_has_a_valid_policy():
    policies = all_policies()
    assert list(policies) == list(DISTRICTS)
    for slug, policy in policies.items():
        assert policy.slug == slug
        assert policy.name == DISTRICTS[slug]
        assert policy.bureau.name.endswith(("人力资源和社会保障局", "社会事业局"))
        # Every value carries a source record, and every rule has a Chinese label.
        assert set(policy.sources) == set(RULE_LABELS)


def test_district_accepted_as_slug_or_chinese_name():
    assert get_policy("海淀") is get_policy("海淀区") is get_policy("haidian")
    assert get_policy("经开区").slug == "jingkai"


def test_unknown_district_is_a_chinese_error():
    with pytest.raises(WrcError, match="火星"):
        get_policy("火星")


def test_districts_without_a_guide_are_all_unverified():
    for slug in set(DISTRICTS) - set(GUIDE_DISTRICTS):
        policy = get_policy(slug)
        assert set(policy.unverified_rules) == set(RULE_LABELS), slug


@pytest.mark.parametrize(("slug", "seed"), GUIDE_DISTRICTS.items())
def test_guide_values_cite_their_own_guide(slug, seed):
    policy = get_policy(slug)
    verified = [rule for rule, origin in policy.sources.items() if not origin.unverified]
    assert verified, slug
    for rule in verified:
        assert policy.sources[rule].source, rule
        assert policy.sources[rule].citation() != "默认值"
    assert any(policy.sources[rule].source.startswith(seed) for rule in verified)


def test_guide_values_match_domain_table():
    haidian, dongcheng, shijingshan = (
        get_policy("haidian"),
        get_policy("dongcheng"),
        get_policy("shijingshan"),
    )
    assert (haidian.renewal.review_working_days, haidian.renewal.grace_days) == (20, 0)
    # 003 "有效期满前 30 日内", counted as 002 counts its "60日内" (61 days): 31 days before expiry.
    assert (dongcheng.renewal.window_days_before_expiry, dongcheng.renewal.grace_days) == (31, 30)
    assert (
        dongcheng.renewal.latest_submission == "by_expiry"
        and haidian.renewal.latest_submission == "review_reserve"
    )
    assert haidian.employer_change.cancellation_working_days == 0  # 002: 原单位应立即…解除…关联
    assert (
        dongcheng.auto_extension.enabled
        and dongcheng.auto_extension.first_issued_from.isoformat() == "2019-05-01"
    )
    assert dongcheng.employer_change.cancellation_working_days == 5
    assert dongcheng.employer_change.deferral_days == 180
    assert shijingshan.renewal.review_working_days == 15
    assert shijingshan.is_unverified("renewal.window_days_before_expiry")
    assert not haidian.is_unverified("renewal.review_working_days")


def _layers(district_text: str) -> list[tuple[str, str]]:
    return [(DEFAULT_FILE, bundled_policy_text(DEFAULT_FILE)), ("broken.toml", district_text)]


@pytest.mark.parametrize(
    ("text", "key", "problem"),
    [
        (
            'slug = "haidian"\nname = "海淀区"\n[bureau]\nname = "x"\n[renewal]\nreview_working_days = "二十"\n',
            "renewal.review_working_days",
            "应为整数",
        ),
        (
            'slug = "haidian"\nname = "海淀区"\n[bureau]\nname = "x"\n[renewal]\nreview_days = 20\n',
            "renewal.review_days",
            "未知的键",
        ),
        (
            'slug = "haidian"\nname = "海淀区"\n[bureau]\nname = "x"\n[income_test]\nmode = "weekly"\n',
            "income_test.mode",
            "应为以下之一",
        ),
        (
            'slug = "haidian"\nname = "海淀区"\n[bureau]\nname = "x"\n[renewal]\ngrace_days = -1\n',
            "renewal.grace_days",
            "不能小于 0",
        ),
        (
            'slug = "haidian"\nname = "海淀区"\n[renewal]\nreview_working_days = { source = "002" }\n',
            "renewal.review_working_days",
            "缺少 value",
        ),
    ],
)
def test_broken_policy_names_file_key_and_problem(text, key, problem):
    with pytest.raises(WrcError) as caught:
        build_policy(_layers(text))
    message = str(caught.value)
    assert "broken.toml" in message and key in message and problem in message


def test_missing_bureau_name_blames_the_file_that_should_set_it():
    with pytest.raises(WrcError, match=r"default\.toml 中 bureau\.name：不能为空"):
        build_policy(_layers('slug = "haidian"\nname = "海淀区"\n'))


def test_toml_syntax_error_names_the_file():
    with pytest.raises(WrcError, match="broken.toml 格式错误"):
        build_policy(_layers("slug = \n"))


def test_slug_and_name_must_agree():
    with pytest.raises(WrcError, match="不是同一个区"):
        build_policy(_layers('slug = "haidian"\nname = "东城区"\n[bureau]\nname = "x"\n'))


def test_clerk_override_lays_over_the_district(tmp_path):
    folder = tmp_path / "policies"
    folder.mkdir()
    (folder / "tongzhou.toml").write_text(
        'slug = "tongzhou"\nname = "通州区"\n[renewal]\n'
        'review_working_days = { value = 25, source = "经办人电话确认 2026-01-05" }\n',
        encoding="utf-8",
    )
    bundled = get_policy("tongzhou")
    changed = get_policy("tongzhou", overrides=tmp_path)
    assert bundled.renewal.review_working_days == 20 and bundled.is_unverified(
        "renewal.review_working_days"
    )
    assert changed.renewal.review_working_days == 25 and not changed.is_unverified(
        "renewal.review_working_days"
    )
    assert changed.bureau.name == bundled.bureau.name


def test_a_clean_file_reads_the_same_as_pydantic_validates_it():
    # The bundled files take the plain reading; pydantic's validation of the same values must
    # give the same policy, so the two readings never drift apart.
    for slug in DISTRICTS:
        layers = [
            (DEFAULT_FILE, bundled_policy_text(DEFAULT_FILE)),
            (f"{slug}.toml", bundled_policy_text(f"{slug}.toml")),
        ]
        merged, sources = merge_layers(layers)
        clean = build_clean(DistrictPolicy, {**merged, "sources": sources})
        checked = validated(merged, sources, layers[-1][0])
        assert build_clean(DistrictPolicy, {**checked, "sources": sources}) == clean
        assert clean == get_policy(slug)


def test_values_pydantic_converts_are_still_taken():
    policy = build_policy(
        _layers(
            'slug = "haidian"\nname = "海淀区"\n[bureau]\nname = "x"\n'
            '[renewal]\nreview_working_days = "21"\n'
            "[income_test]\nmultiplier_public = 1.3\n"
            '[auto_extension]\nfirst_issued_from = "2019-05-01"\n'
        )
    )
    assert policy.renewal.review_working_days == 21
    assert policy.income_test.multiplier_public == Decimal("1.3")  # the written digits
    assert policy.auto_extension.first_issued_from == dt.date(2019, 5, 1)


def test_weekdays_out_of_range_name_the_key():
    with pytest.raises(WrcError, match=r"counter\.small_unit_weekdays：.*1（周一）到 7（周日）"):
        build_policy(
            _layers(
                'slug = "haidian"\nname = "海淀区"\n[bureau]\nname = "x"\n'
                "[counter]\nsmall_unit_weekdays = [1, 8]\n"
            )
        )


def test_reading_the_bundled_policies_does_not_load_pydantic():
    # pydantic costs more to import than a command-line answer may take.
    code = (
        "import sys\n"
        "from wrc_desktop.rules.policy import all_policies\n"
        "all_policies()\n"
        "print('pydantic' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True
    )
    assert result.stdout.strip() == "False"


def test_a_section_left_out_takes_its_defaults_on_either_reading():
    merged, sources = merge_layers(
        _layers('slug = "haidian"\nname = "海淀区"\n[bureau]\nname = "x"\n')
    )
    del merged["counter"], merged["eligibility"]
    clean = build_clean(DistrictPolicy, {**merged, "sources": sources})
    checked = build_clean(DistrictPolicy, {**validated(merged, sources, "x"), "sources": sources})
    assert clean.counter == checked.counter == CounterDays()
    assert clean.eligibility == checked.eligibility == Eligibility()
