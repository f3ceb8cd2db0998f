"""One answer on age: a holder past the district's age limit is not renewed (DOMAIN §3).

The due list's renewal row, the age reminder (待了结), the new-case dialog and ``wrc case new``
all ask :func:`age_block`; its reason names the limit, how it is worked out and the guide's
clause (001 "男性不超过60周岁，女性不超过55周岁", 002 "申请人应未达退休年龄"). A holder whose
limit depends on a retirement track that is not recorded is blocked only once both tracks'
dates have passed; in between the answer says the track must be recorded.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .policy import DistrictPolicy
from .reminders import age_limit_dates

# The words the age reminder (待了结) and the renewal's due row share.
AGE_PASSED = "已达年龄上限：不能再新办或续签"


@dataclass(frozen=True)
class AgeBlock:
    limit: dt.date  # the day the limit is reached (the later one while the track is unknown)
    certain: bool  # False: only on the earlier track, which is not recorded
    reason: str  # why, with the guide's clause

    @property
    def step(self) -> str:
        return (
            f"{AGE_PASSED}；不办理续签，证件到期后失效（知悉后标记已处理）"
            if self.certain
            else "可能已达年龄上限：先在持证人信息中登记女职工退休年龄档位，再决定是否续签"
        )


def age_rule(policy: DistrictPolicy, gender: str) -> str:
    """The policy key whose source and clause the age limit cites."""
    if policy.age_limit.mode == "retirement":
        return "age_limit.mode"
    return f"age_limit.{'male' if gender == 'M' else 'female'}"


def age_block(
    policy: DistrictPolicy,
    birth: dt.date | None,
    gender: str | None,
    retirement_track: str | None,
    on: dt.date,
) -> AgeBlock | None:
    """Whether the holder is past the age limit on ``on`` (None: not, or no limit, or unknown)."""
    if birth is None or gender not in ("M", "F"):
        return None
    found = age_limit_dates(policy, birth, gender, retirement_track)
    if found is None:
        return None
    earliest, latest, how = found
    if on < earliest:
        return None
    certain = on >= latest
    origin = policy.sources.get(age_rule(policy, gender))
    clause = f"依据：{origin.citation()}“{origin.quote}”" if origin and origin.quote else ""
    reason = (
        f"已于 {latest.isoformat() if certain else earliest.isoformat()} 达到{policy.name}的年龄上限"
        f"（{how}）：不能再新办或续签"
        if certain
        else f"若为原 50 周岁档位，已于 {earliest.isoformat()} 达到{policy.name}的年龄上限（{how}）"
    )
    if clause:
        reason += f"。{clause}"
    return AgeBlock(latest if certain else earliest, certain, reason)
