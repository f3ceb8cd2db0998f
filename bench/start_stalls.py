"""What runs while the window's start stalls: the Python stacks of every thread during each
gap of the UI thread's heartbeat longer than ``--over`` milliseconds.

The app's real ``main()`` starts as in :mod:`bench_start` (watched from outside, nothing of
it replaced). A 5 ms heartbeat on the UI thread stamps the time; a sampling thread looks
every millisecond and, while the last beat is older than 20 ms, records the stack of each
thread (``sys._current_frames``). When the UI thread beats again after a long gap, the gap
is printed with the UI thread's frames seen most often during it (the callback the event
loop ran, the innermost frame of the app) and what the other threads were doing — a worker
holding the interpreter lock shows there. The sampler needs the lock to look, so a stack is
seen when its thread lets the lock go (at least every switch interval, 5 ms).

    python bench/start_stalls.py DATA_DIR [--over 50]
"""

from __future__ import annotations

import argparse
import collections
import gc
import os
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

SAMPLE_EVERY = 0.001
SAMPLE_AFTER = 0.020  # a beat older than this: the UI thread is held, sample everything
BEAT_MS = 5
APP = f"{os.sep}wrc_desktop{os.sep}"


def frame_names(frame, depth: int = 40) -> list[str]:
    """A stack, innermost first, as ``module:function:line`` (paths shortened)."""
    names = []
    while frame is not None and len(names) < depth:
        code = frame.f_code
        path = code.co_filename
        short = path.rpartition(APP)[2] if APP in path else Path(path).name
        names.append(f"{short}:{code.co_name}:{frame.f_lineno}")
        frame = frame.f_back
    return names


def summary(stack: list[str]) -> str:
    """The innermost frame of the app's own code, and the callback the event loop ran."""
    inner = next((name for name in stack if "/" in name.partition(":")[0]), stack[0])
    loop = next((i for i, name in enumerate(stack) if name.startswith("app.py:main:")), None)
    outer = stack[loop - 1] if loop else stack[-1]
    if inner == outer:
        return inner
    return f"{stack[0]} · {inner}  ⟵  {outer}" if stack[0] != inner else f"{inner}  ⟵  {outer}"


class Tracer:
    def __init__(self, over_ms: int) -> None:
        self.over = over_ms / 1000
        self.main_id = threading.main_thread().ident
        self.last_beat = time.perf_counter()
        self.started = self.last_beat
        self.samples: list[tuple[float, dict[str, str]]] = []
        self.lock = threading.Lock()
        self._collecting = 0.0
        gc.callbacks.append(self._collection)
        threading.Thread(target=self._sample, name="stall-sampler", daemon=True).start()

    def _collection(self, phase: str, info: dict) -> None:
        """Each collection of the cycle collector over 10 ms: it holds the interpreter lock."""
        now = time.perf_counter()
        if phase == "start":
            self._collecting = now
            return
        took = now - self._collecting
        if took > 0.010:
            print(
                f"-- collection of generation {info['generation']} took {1000 * took:.0f} ms"
                f" at +{1000 * (self._collecting - self.started):.0f} ms"
                f" on {threading.current_thread().name} ({info['collected']} freed)",
                file=sys.stderr,
                flush=True,
            )

    def beat(self) -> None:
        now = time.perf_counter()
        gap = now - self.last_beat
        began = self.last_beat
        self.last_beat = now
        if gap > self.over:
            self._report(began, now)
        with self.lock:
            self.samples = [s for s in self.samples if s[0] > now - 1]

    def _sample(self) -> None:
        names = {}
        while True:
            time.sleep(SAMPLE_EVERY)
            now = time.perf_counter()
            if now - self.last_beat < SAMPLE_AFTER:
                continue
            for thread in threading.enumerate():
                names[thread.ident] = thread.name
            taken = {}
            for ident, frame in sys._current_frames().items():
                if ident == threading.get_ident():
                    continue
                stack = frame_names(frame)
                taken[names.get(ident, str(ident))] = summary(stack)
            with self.lock:
                self.samples.append((now, taken))

    def _report(self, began: float, ended: float) -> None:
        """One write for the whole report: a print a line would wait for the lock each time."""
        with self.lock:
            inside = [taken for at, taken in self.samples if began <= at <= ended]
        took, at = 1000 * (ended - began), 1000 * (began - self.started)
        lines = [f"\n== stall {took:.0f} ms at +{at:.0f} ms ({len(inside)} samples)"]
        by_thread: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
        for taken in inside:
            for thread, where in taken.items():
                by_thread[thread][where] += 1
        for thread, counter in sorted(by_thread.items()):
            lines.append(f"  [{thread}]")
            lines += [f"    {count:4d}  {where}" for where, count in counter.most_common(6)]
        sys.stderr.write("\n".join(lines) + "\n")
        sys.stderr.flush()


def watch_c_calls(over_ms: int) -> None:
    """Every call of a built-in (a sort, ``list()``, a C extension) on a worker thread that
    takes longer than ``over_ms``: it runs holding the interpreter lock throughout, so no
    sample can see it. The profile hook costs every call a little; use it to find, not time."""
    over = over_ms / 1000
    local = threading.local()

    def profile(frame, event: str, arg) -> None:
        if event == "c_call":
            local.__dict__.setdefault("started", []).append(time.perf_counter())
        elif event in ("c_return", "c_exception") and getattr(local, "started", None):
            took = time.perf_counter() - local.started.pop()
            if took > over:
                where = frame_names(frame, 3)
                name = getattr(arg, "__qualname__", repr(arg))
                sys.stderr.write(f"-- {name} took {1000 * took:.0f} ms in {' ⟵ '.join(where)}\n")

    threading.setprofile(profile)


def child(data_dir: str, over_ms: int, c_calls: int | None = None) -> None:
    import bench_start

    if c_calls is not None:
        watch_c_calls(c_calls)

    def watch(application) -> None:
        from PySide6.QtCore import QTimer

        bench_start._watch(application)  # prints the paint and the longest stall, then exits
        tracer = Tracer(over_ms)
        beat = QTimer(application)
        beat.setInterval(BEAT_MS)
        beat.timeout.connect(tracer.beat)
        QTimer.singleShot(0, beat.start)

    bench_start.run_main_watched(data_dir, watch)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir")
    parser.add_argument("--over", type=int, default=50, help="report gaps longer than this (ms)")
    parser.add_argument(
        "--c-calls", type=int, metavar="MS", help="also name built-in calls on workers over MS"
    )
    options = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    child(options.data_dir, options.over, options.c_calls)
