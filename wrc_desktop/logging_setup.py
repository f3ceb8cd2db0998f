"""Logging to a rotating file in the data folder, and faulthandler for hard crashes.

One named logger per area (``wrc.store``, ``wrc.gui``, ``wrc.documents`` …);
everything goes to ``logs/wrc-desk.log`` (1 MB × 5 files) so a clerk can send
the folder when something goes wrong.
"""

from __future__ import annotations

import faulthandler
import logging
import logging.handlers
from pathlib import Path
from typing import IO

LOG_NAME = "wrc-desk.log"
FAULT_NAME = "faults.log"
_fault_file: IO[str] | None = None


def setup_logging(logs_dir: Path, *, level: int = logging.INFO) -> Path:
    """Send the ``wrc`` loggers to a rotating file; returns the log file's path. Safe to call twice."""
    logs_dir.mkdir(parents=True, exist_ok=True)
    path = logs_dir / LOG_NAME
    root = logging.getLogger("wrc")
    root.setLevel(level)
    if not any(getattr(h, "wrc_managed", False) for h in root.handlers):
        handler = logging.handlers.RotatingFileHandler(path, maxBytes=1_000_000, backupCount=5, encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        handler.wrc_managed = True  # type: ignore[attr-defined]
        root.addHandler(handler)
    _enable_faulthandler(logs_dir / FAULT_NAME)
    return path


def _enable_faulthandler(path: Path) -> None:
    """Segfaults and aborts (e.g. in Qt) leave a Python traceback in ``faults.log``."""
    global _fault_file
    if _fault_file is None:
        _fault_file = path.open("a", encoding="utf-8")
        faulthandler.enable(_fault_file)


def stop_logging() -> None:
    """Close the files (tests and a clean shutdown)."""
    global _fault_file
    root = logging.getLogger("wrc")
    for handler in [h for h in root.handlers if getattr(h, "wrc_managed", False)]:
        root.removeHandler(handler)
        handler.close()
    if _fault_file is not None:
        faulthandler.disable()
        _fault_file.close()
        _fault_file = None
