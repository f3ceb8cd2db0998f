"""The statutory retirement age and its gradual rise from 2025 (``resources/retirement_age.toml``).

Source: the NPC Standing Committee decision of 2024-09-13 (cited as itself, not as a district
guide): men 60 → 63, women on the 55 track 55 → 58, both one month later every 4 birth months;
women on the 50 track 50 → 55, one month later every 2 birth months. Which track a woman is on
is a holder fact (``Holder.retirement_track``); while it is not recorded it is unknown, and the
rules say so (both dates, the earlier one for reminders) instead of assuming the 55 track.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from .dates import add_months
from .errors import WrcError

RETIREMENT_FILE = "retirement_age.toml"
FEMALE_TRACKS = ("female_55", "female_50")
UNKNOWN_TRACK_NOTE = "女职工退休年龄档位未登记（原 50 周岁或原 55 周岁），请在持证人信息中登记"


@dataclass(frozen=True)
class RetirementTrack:
    key: str
    label: str
    original_years: int
    first_birth_month: tuple[int, int]
    birth_months_per_step: int
    max_extra_months: int


@dataclass(frozen=True)
class RetirementSchedule:
    source: str
    note: str
    tracks: dict[str, RetirementTrack]


@lru_cache(maxsize=1)
def retirement_schedule() -> RetirementSchedule:
    text = resources.files("wrc_desktop.resources").joinpath(RETIREMENT_FILE).read_text("utf-8")
    data = tomllib.loads(text)
    tracks = {}
    for key, raw in data["tracks"].items():
        year, month = (int(part) for part in str(raw["first_birth_month"]).split("-"))
        tracks[key] = RetirementTrack(
            key,
            raw["label"],
            int(raw["original_years"]),
            (year, month),
            int(raw["birth_months_per_step"]),
            int(raw["max_extra_months"]),
        )
    return RetirementSchedule(str(data["source"]), str(data.get("note", "")), tracks)


def tracks_for(gender: str, retirement_track: str | None = None) -> tuple[str, ...]:
    """The tracks a holder of ``gender`` (M/F) may be on: one when known, both female tracks
    (the earlier first) while a woman's track is not recorded."""
    if gender == "M":
        return ("male",)
    if retirement_track is None:
        return ("female_50", "female_55")
    if retirement_track not in FEMALE_TRACKS:
        raise WrcError(
            f"“{retirement_track}”不是女职工退休年龄档位（可选：female_55 原 55 周岁、female_50 原 50 周岁）"
        )
    return (retirement_track,)


def retirement_age_months(birth: dt.date, track: str) -> int:
    """The statutory retirement age, in months, of someone born on ``birth`` on ``track``."""
    rule = retirement_schedule().tracks[track]
    first_year, first_month = rule.first_birth_month
    index = (birth.year - first_year) * 12 + birth.month - first_month
    extra = 0 if index < 0 else min(rule.max_extra_months, index // rule.birth_months_per_step + 1)
    return rule.original_years * 12 + extra


def retirement_date(birth: dt.date, track: str) -> dt.date:
    """The day the holder reaches the statutory retirement age."""
    return add_months(birth, retirement_age_months(birth, track))
