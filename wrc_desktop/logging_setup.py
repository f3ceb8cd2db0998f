"""Logging to a rotating file in the data folder, and faulthandler for hard crashes.

One named logger per area (``wrc.store``, ``wrc.gui``, ``wrc.documents`` …);
everything goes to ``logs/wrc-desk.log`` (1 MB × 5 files) so a clerk can send
the folder when something goes wrong.

Every record passes :class:`MaskingFormatter` on its way out, and the crash log
:func:`mask_text`: full identity-document numbers (resident IDs, passports, the Hong Kong /
Macau / Taiwan permits, permanent residence cards, and any value the database echoes for an
ID-number column) are masked and SQL parameters (SQLAlchemy
puts the row's values into its error text) are dropped, so the folder can be
sent to anyone. Log files are private to the user (0600, folder 0700 on POSIX).
"""

from __future__ import annotations

import faulthandler
import logging
import logging.handlers
import os
import re
from pathlib import Path
from typing import IO

LOG_NAME = "wrc-desk.log"
FAULT_NAME = "faults.log"
_fault_file: IO[str] | None = None


# 18-character ID numbers (and old 15-digit ones), full-width digits included, not inside longer numbers.
_ID_NUMBER = re.compile(
    r"(?<![0-9０-９])(?:[0-9０-９]{17}[0-9０-９XxＸｘ]|[0-9]{15})(?![0-9０-９])"
)
# Identity documents other than the resident ID: passports (E12345678, PZ0007894), the Hong
# Kong / Macau permit (H/M + 8 or 10 digits), the Taiwan permit's letter-led forms and the old
# foreigners' permanent residence card (3 letters + 12 digits); letters then 6–14 digits,
# not inside a longer word.
_LETTERED_DOCUMENT = re.compile(r"(?<![A-Za-z0-9])[A-Za-z]{1,3}[0-9]{6,14}(?![A-Za-z0-9])")
# Whatever the database echoes as the value of an ID-number column (a unique-key clash:
# "Key (id_number)=(12345678)"), all-digit numbers (Taiwan permits) included.
_KEY_DETAIL = re.compile(r"(?P<head>\((?:[\w\s,]*?id_number[\w\s,]*)\)=\()(?P<value>[^)]*)\)")
# SQLAlchemy: "[parameters: (...)]" up to its "(Background on this error …)" line or the end.
_SQL_PARAMETERS = re.compile(r"\[parameters: .*?(?=\n\(Background on this error|\Z)", re.DOTALL)
_SQL_STATEMENT = re.compile(
    r"\[SQL: .*?(?=\n\[parameters|\n\(Background on this error|\Z)", re.DOTALL
)


# A database URL's password: scheme://user:password@host, up to the address's last @ (a
# password may hold an unencoded @).
_PASSWORD_IN_URL = re.compile(
    r"(?P<head>\b[a-z][a-z0-9+.-]*://[^:/@\s]*:)[^/?#\s]*(?=@)", re.IGNORECASE
)
# ?password=… / &password=… in a URL's query string
_PASSWORD_IN_QUERY = re.compile(r"(?P<head>[?&]password=)[^&#\s'\"]*", re.IGNORECASE)
# libpq's keyword form: password=secret or password='with spaces'
_PASSWORD_KEYWORD = re.compile(
    r"(?P<head>(?<![?&\w])password\s*=\s*)(?:'(?:[^'\\]|\\.)*'|[^\s'\"]+)", re.IGNORECASE
)


def mask_urls(text: str) -> str:
    """``text`` with the password of every database address replaced by ***: in a URL's user
    part or query string, or libpq's ``password=…`` keyword."""
    text = _PASSWORD_IN_URL.sub(lambda m: m.group("head") + "***", text)
    text = _PASSWORD_IN_QUERY.sub(lambda m: m.group("head") + "***", text)
    return _PASSWORD_KEYWORD.sub(lambda m: m.group("head") + "***", text)


def mask_text(text: str) -> str:
    """``text`` with every ID number masked, SQL statements and parameters left out, and no
    password of a database URL."""
    text = mask_urls(text)
    text = _SQL_PARAMETERS.sub("[parameters: 已略去]", text)
    text = _SQL_STATEMENT.sub("[SQL: 已略去]", text)
    if not (_ID_NUMBER.search(text) or _LETTERED_DOCUMENT.search(text) or _KEY_DETAIL.search(text)):
        return text
    # Not at the top: the identity rules load python-stdnum, which a command's start need not wait for.
    from .rules.identity import mask_id

    text = _KEY_DETAIL.sub(lambda m: m.group("head") + mask_id(m.group("value")) + ")", text)
    text = _ID_NUMBER.sub(lambda m: mask_id(m.group(0)), text)
    return _LETTERED_DOCUMENT.sub(lambda m: mask_id(m.group(0)), text)


class MaskingFormatter(logging.Formatter):
    """The log's formatter: the whole formatted record, traceback included, goes through :func:`mask_text`."""

    def format(self, record: logging.LogRecord) -> str:
        return mask_text(super().format(record))

    def formatException(self, ei) -> str:
        return mask_text(super().formatException(ei))


def private_file(path: Path) -> None:
    """Readable by the user only (POSIX; on Windows the data folder is in the user's profile)."""
    if os.name == "posix" and path.exists():
        path.chmod(0o700 if path.is_dir() else 0o600)


def setup_logging(logs_dir: Path, *, level: int = logging.INFO, faults: bool = True) -> Path:
    """Send the ``wrc`` loggers to a rotating file; returns the log file's path. Safe to call twice.

    ``faults`` also routes hard crashes (faulthandler) to ``faults.log`` (the window does; the CLI not).
    """
    logs_dir.mkdir(parents=True, exist_ok=True)
    private_file(logs_dir)
    path = logs_dir / LOG_NAME
    root = logging.getLogger("wrc")
    root.setLevel(level)
    if not is_logging():
        handler = _PrivateRotatingFileHandler(
            path, maxBytes=1_000_000, backupCount=5, encoding="utf-8"
        )
        handler.setFormatter(MaskingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        handler.wrc_managed = True  # type: ignore[attr-defined]
        root.addHandler(handler)
        for name in LIBRARY_LOGGERS:
            logging.getLogger(name).addHandler(handler)
    if faults:
        _enable_faulthandler(logs_dir / FAULT_NAME)
    return path


# Libraries whose warnings matter to whoever reads the log (pypdf names a damaged PDF and
# quotes its bytes): into the masked file, never raw onto the clerk's terminal.
LIBRARY_LOGGERS = ("pypdf", "py.warnings")


def keep_off_the_terminal() -> None:
    """No log record ever reaches the terminal: without a handler of its own, Python's
    last-resort handler prints warnings and tracebacks to stderr, unmasked — ID numbers,
    SQL — when the log file could not be opened (a read-only data folder) or for a
    library's logger. A null handler on the root logger keeps them off; what is ours goes
    to the masked file (:func:`setup_logging`), and the clerk reads one Chinese line.
    Undone by :func:`let_warnings_through` (a command run inside another program)."""
    root = logging.getLogger()
    if not any(getattr(h, "wrc_quiet", False) for h in root.handlers):
        quiet = logging.NullHandler()
        quiet.wrc_quiet = True  # type: ignore[attr-defined]
        root.addHandler(quiet)
    # A library's ``warnings.warn`` (openpyxl on an odd file, pypdf) becomes a log record too.
    logging.captureWarnings(True)


def let_warnings_through() -> None:
    """Python's warnings print as before :func:`keep_off_the_terminal`."""
    logging.captureWarnings(False)


def is_logging() -> bool:
    """True once :func:`setup_logging` has attached the file handler."""
    return any(getattr(h, "wrc_managed", False) for h in logging.getLogger("wrc").handlers)


class _PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """Each log file, the rotated ones too, created 0600."""

    def _open(self):
        stream = super()._open()
        private_file(Path(self.baseFilename))
        return stream


def _enable_faulthandler(path: Path) -> None:
    """Segfaults and aborts (e.g. in Qt) leave a Python traceback in ``faults.log``."""
    global _fault_file
    if _fault_file is None:
        _fault_file = path.open("a", encoding="utf-8")
        private_file(path)
        faulthandler.enable(_fault_file)


def stop_logging() -> None:
    """Close the files (tests and a clean shutdown)."""
    global _fault_file
    root = logging.getLogger("wrc")
    for handler in [h for h in root.handlers if getattr(h, "wrc_managed", False)]:
        root.removeHandler(handler)
        for name in LIBRARY_LOGGERS:
            logging.getLogger(name).removeHandler(handler)
        handler.close()
    if _fault_file is not None:
        faulthandler.disable()
        _fault_file.close()
        _fault_file = None
