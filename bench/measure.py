"""How the bench measures: interleaved runs, medians with their spread, the load beside each line.

Every line of the table is made from :func:`interleave`: the product's run and its bare
baseline's run take turns (ours, bare, ours, bare …, the order swapped every other round),
so a burst of load from elsewhere on a shared machine falls on both; the 1-minute load
average is read before every run and printed beside the line. A process's own peak memory
comes from the kernel's accounting of that child (``os.wait4``), not from the bench's own.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path


def load_now() -> float:
    return os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")


@dataclass
class Runs:
    """The values of one measured thing (seconds, or MiB), and the load before each run."""

    values: list[float] = field(default_factory=list)
    loads: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)  # the processor time of each run (seconds)

    def add(self, value: float, cpu: float | None = None) -> None:
        self.values.append(value)
        if cpu is not None:
            self.cpu.append(cpu)

    @property
    def median(self) -> float:
        return statistics.median(self.values)

    @property
    def spread(self) -> tuple[float, float]:
        return min(self.values), max(self.values)


Sample = tuple[float, float]  # (wall-clock seconds, processor seconds) of one run


def interleave(runs: int, *work: Callable[[], Sample]) -> list[Runs]:
    """Run each of ``work`` ``runs`` times, taking turns; each call returns its own measure.

    The processor time is kept beside the wall-clock time: on a machine shared with other
    work the wall clock waits for the processor, which the processor time does not count."""
    results = [Runs() for _ in work]
    for round_ in range(runs):
        order = list(range(len(work)))
        if round_ % 2:
            order.reverse()  # neither side always runs first (a cold cache, a warm CPU)
        for index in order:
            results[index].loads.append(load_now())
            results[index].add(*work[index]())
    return results


@dataclass
class Finished:
    """A child process's wall time until it printed its first line, that line, and its peak memory."""

    seconds: float
    line: str
    peak_mib: float
    cpu: float  # user + system seconds of the whole process
    rest: list[str] = field(default_factory=list)  # the later lines, when they are short


def run_child(
    command: Sequence[str], *, until_line: bool = False, env: dict | None = None
) -> Finished:
    """Run ``command`` to its end. The time is until it exits — a clerk's command is waited
    for to its end — or, with ``until_line``, until its first line of output (a window's
    child prints when what is measured happened). The memory is its own peak resident size."""
    with tempfile.NamedTemporaryFile("r", suffix=".peak") as peak:
        return _run_child(command, until_line, env, Path(peak.name))


def _run_child(command: Sequence[str], until_line: bool, env: dict | None, peak: Path) -> Finished:
    # A child started from this process may inherit its peak size (``ru_maxrss`` survives a
    # vfork and exec): GNU time, itself small, reports the peak of the command alone.
    wrapper = ["/usr/bin/time", "-f", "%M %U %S", "-o", str(peak)] if TIME.exists() else []
    start = time.perf_counter()
    child = subprocess.Popen(
        [*wrapper, *command], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env
    )
    assert child.stdout is not None and child.stderr is not None
    first = child.stdout.readline()
    seconds = time.perf_counter() - start
    rest, size = [], 0
    for later in child.stdout:  # read to the end (a big JSON is not kept)
        size += len(later)
        if size < 10_000:
            rest.append(later.decode(errors="replace").strip())
    errors = child.stderr.read()
    _pid, status, usage = os.wait4(child.pid, 0)
    if not until_line:
        seconds = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise RuntimeError(
            f"{' '.join(command[:4])}… exited {child.returncode}: {errors.decode()[-400:]}"
        )
    line = first.decode(errors="replace").strip()[:200]
    if wrapper:
        kib, user, system = peak.read_text().split()[-3:]
        return Finished(seconds, line, int(kib) / 1024, float(user) + float(system), rest)
    cpu = usage.ru_utime + usage.ru_stime
    return Finished(seconds, line, usage.ru_maxrss / 1024, cpu, rest)


TIME = Path("/usr/bin/time")


@dataclass
class Line:
    """One line of the table.

    ``baseline`` is the bare library doing the same work at the same size in the same run; a
    line whose only comparison would be the product itself has none (its target is absolute).
    ``ratio_target``: the ratio is a target too; otherwise a ratio is printed for reading only.
    """

    measure: str
    ours: Runs
    target: float | None
    baseline_name: str = "无（绝对目标）"
    baseline: Runs | None = None
    ratio_target: float | None = None
    unit: str = "s"
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if self.baseline is None or not self.baseline.values or self.baseline.median <= 0:
            return None
        return self.ours.median / self.baseline.median

    @property
    def met(self) -> bool | None:
        if self.target is None and self.ratio_target is None:
            return None
        ratio_ok = self.ratio_target is None or (self.ratio or 0) <= self.ratio_target
        return (self.target is None or self.ours.median <= self.target) and ratio_ok

    def fmt(self, value: float) -> str:
        if self.unit == "MiB":
            return f"{value:.0f} MiB"
        return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"

    def with_spread(self, runs: Runs) -> str:
        if len(runs.values) == 1:
            return f"{self.fmt(runs.median)}（1 次）"
        low, high = runs.spread
        return f"{self.fmt(runs.median)}（{self.fmt(low)}–{self.fmt(high)}）"

    def processor_time(self) -> str:
        """Median processor seconds, ours / the baseline's, and their ratio."""
        if not self.ours.cpu:
            return "—"
        ours = statistics.median(self.ours.cpu)
        if self.baseline is None or not self.baseline.cpu:
            return self.fmt(ours)
        bare = statistics.median(self.baseline.cpu)
        ratio = f"（{ours / bare:.2f}）" if bare > 0 else ""
        return f"{self.fmt(ours)} / {self.fmt(bare)}{ratio}"

    def cells(self) -> list[str]:
        targets = [] if self.target is None else [f"≤ {self.fmt(self.target)}"]
        if self.ratio_target is not None:
            targets.append(f"比值 ≤ {self.ratio_target}")
        loads = self.ours.loads + (self.baseline.loads if self.baseline else [])
        met = self.met
        return [
            self.measure + (f"（{self.note}）" if self.note else ""),
            self.with_spread(self.ours),
            "，".join(targets) or "无（记录）",
            self.baseline_name,
            self.with_spread(self.baseline) if self.baseline else "—",
            f"{self.ratio:.2f}" if self.ratio is not None else "—",
            self.processor_time(),
            f"{min(loads):.1f}–{max(loads):.1f}" if loads else "—",
            "—" if met is None else "✓" if met else "✗",
        ]


HEADER = [
    "测量",
    "中位数（最小–最大）",
    "目标",
    "对照（同样大小、同样的工作，不经本程序）",
    "对照中位数（最小–最大）",
    "比值",
    "处理器时间中位数：本程序 / 对照（比值）",
    "1 分钟负载",
    "",
]


def table(lines: Sequence[Line]) -> str:
    rows = [f"| {' | '.join(HEADER)} |", f"|{'---|' * len(HEADER)}"]
    rows += [f"| {' | '.join(line.cells())} |" for line in lines]
    return "\n".join(rows)
