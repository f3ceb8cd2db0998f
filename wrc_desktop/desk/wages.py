"""The average wages the clerk enters for the years the bundled table lacks (设置 → 平均工资).

Kept as ``<overrides>/wages.toml`` (an atomic write); every answer reads it with the rest of
the clerk's overrides, so a saved year moves the income thresholds at once.
"""

from __future__ import annotations

from pathlib import Path

from ..rules.income import WageYear
from ..store import overrides as store

WAGE_YEARS = store.WAGE_YEARS  # the years a wage may be entered for


def clerk_years(overrides: Path) -> dict[int, WageYear]:
    """Only the years the clerk entered, by year."""
    return store.clerk_wage_years(overrides)


def clean_year(year: object, annual: object, monthly: object = "", source: object = "") -> WageYear:
    """A wage year from the settings form, or :class:`ValidationErrors` naming each bad field."""
    return store.clean_wage_year(year, annual, monthly, source)


def save_year(overrides: Path, entry: WageYear) -> Path:
    """Add or replace one of the clerk's years; the file written."""
    return store.save_wage_year(overrides, entry)


def remove_year(overrides: Path, year: int) -> Path:
    """Drop one of the clerk's years (a bundled year of the same number shows again)."""
    return store.remove_wage_year(overrides, year)
