"""Benchmark: renewal statuses for 50 000 permits (target ≤ 0.3 s).

Run: python bench/bench_rules.py [--rows 50000] [--runs 7]

Prints the median of several runs for three workloads:
- register: realistic rows (expiries spread over four years, every district, some 东城 first-issue dates);
- distinct: every row a different (district, expiry) pair as far as the data allows, so the
  per-row memo helps little;
- cold: the first call of the process, including building the calendar and loading policies.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import subprocess
import sys
import time

from wrc_desktop.rules.policy import all_policies
from wrc_desktop.rules.vocab import DISTRICTS
from wrc_desktop.rules.workdays import default_calendar

TODAY = dt.date(2026, 11, 22)


def register_rows(count: int, seed: int = 1) -> list[tuple[str, dt.date, dt.date | None]]:
    rng = random.Random(seed)
    slugs = sorted(DISTRICTS)
    start = dt.date(2025, 1, 1).toordinal()
    rows = []
    for _ in range(count):
        slug = rng.choice(slugs)
        expiry = dt.date.fromordinal(start + rng.randrange(4 * 365))
        first = dt.date.fromordinal(start - rng.randrange(10 * 365)) if rng.random() < 0.5 else None
        rows.append((slug, expiry, first))
    return rows


def distinct_rows(count: int) -> list[tuple[str, dt.date, dt.date | None]]:
    slugs = sorted(DISTRICTS)
    start = dt.date(2019, 1, 1).toordinal()
    span = dt.date(2026, 12, 31).toordinal() - start
    return [
        (slugs[i % len(slugs)], dt.date.fromordinal(start + (i * 7919) % span), None)
        for i in range(count)
    ]


def as_register_rows(rows):
    """The rows as the register reads them from the database (built before the timing starts)."""
    from wrc_desktop.store.queries import RegisterRow

    return [
        RegisterRow(
            n,
            1,
            "",
            district,
            "",
            "resident",
            "",
            None,
            None,
            "",
            "active",
            None,
            None,
            None,
            n,
            "",
            first,
            "valid",
            expiry,
        )
        for n, (district, expiry, first) in enumerate(rows)
    ]


def states(rows, today: dt.date = TODAY) -> list[str]:
    """Each permit's state, as every screen computes it: one fresh rules context, its memo filled here."""
    from wrc_desktop.desk.holders import states_of
    from wrc_desktop.reports.rows import DeadlineSource
    from wrc_desktop.rules.context import RulesContext

    source = DeadlineSource(RulesContext.load(today=today, overrides=None))
    return [state.label for state in states_of(source, rows)]


def median_seconds(rows, runs: int) -> float:
    register = as_register_rows(rows)
    timings = []
    for _ in range(runs):
        began = time.perf_counter()
        states(register)
        timings.append(time.perf_counter() - began)
    return statistics.median(timings)


def cold_seconds(count: int) -> float:
    code = (
        "import time, datetime as dt, sys; sys.path.insert(0, 'bench'); from bench_rules import register_rows, TODAY;"
        f"from bench_rules import as_register_rows; rows = as_register_rows(register_rows({count}));"
        "began = time.perf_counter();"
        "from bench_rules import states; states(rows);"
        "print(time.perf_counter() - began)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    return float(out.strip())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    default_calendar()
    all_policies()
    register = register_rows(args.rows)
    distinct = distinct_rows(args.rows)
    print(f"rows: {args.rows}, runs: {args.runs}")
    print(f"register rows, warm: median {median_seconds(register, args.runs) * 1000:.1f} ms")
    print(f"distinct rows, warm: median {median_seconds(distinct, args.runs) * 1000:.1f} ms")
    colds = [cold_seconds(args.rows) for _ in range(3)]
    print(
        f"cold (new process, calendar and policies built): median {statistics.median(colds) * 1000:.1f} ms"
    )


if __name__ == "__main__":
    main()
