"""The command-line interface: ``wrc <command>`` (or ``python -m wrc_desktop <command>``).

Each module in this package (not starting with ``_``) adds its sub-commands
through ``register(subparsers)``; a handler takes the parsed arguments and
returns an exit status. Bad input of any kind exits 2 with one Chinese line on
stderr that names the bad value; JSON goes to stdout. Any other failure (a
locked or read-only register, a full disk, a bug) also exits 2 with one Chinese
line (:func:`wrc_desktop.failures.user_message`); its traceback goes to the
log in the data folder, never to the terminal.
"""

from __future__ import annotations

import atexit
import contextlib
import gc
import importlib
import logging
import os
import pkgutil
import sys
from collections.abc import Iterator, Sequence

from ..rules.errors import WrcError
from ._common import CliError, WrcArgumentParser

log = logging.getLogger("wrc.cli")

# Which module registers each command, so that a command imports only its own module (and
# what that needs): ``wrc deadlines`` need not load the case commands' checklists or the
# forms. tests/cli checks this table against what the modules register.
COMMAND_MODULES = {
    "case": "case_cmds",
    "db": "db_cmds",
    "form": "forms",
    "demo": "register",
    "holders": "register",
    "reminders": "reminders_cmds",
    "scan": "scan_cmds",
    **dict.fromkeys(
        ("due", "due-mark", "report", "import", "import-undo", "import-template", "ics"),
        "reports_cmds",
    ),
    **dict.fromkeys(
        ("deadlines", "leaver", "workdays", "thresholds", "income-periods"), "rules_cmds"
    ),
}


def command_modules() -> list[str]:
    """Every module of this package that adds commands, in the order of the help."""
    return sorted(m.name for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_"))


def build_parser(command: str | None = None) -> WrcArgumentParser:
    """The parser of every command, or of ``command`` alone when it is a known one."""
    parser = WrcArgumentParser(prog="wrc", description="工作居住证办理助手 — 命令行")
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help="数据文件夹（默认：用户数据目录，或环境变量 WRC_DATA_DIR）",
    )
    parser.add_argument(
        "--database-url",
        metavar="URL",
        help="共享登记册（PostgreSQL）的地址，如 postgresql://zhangsan@192.168.1.10/wrc"
        "（默认：环境变量 WRC_DATABASE_URL 或设置中的共享登记册；都没有时使用数据文件夹中的登记册）",
    )
    subparsers = parser.add_subparsers(
        dest="command", metavar="命令", parser_class=WrcArgumentParser
    )
    only = COMMAND_MODULES.get(command or "")
    for name in [only] if only else command_modules():
        importlib.import_module(f"{__name__}.{name}").register(subparsers)
    return parser


def _command_word(argv: Sequence[str]) -> str | None:
    """The command named in ``argv`` (the first word that is not a global option or its value)."""
    words = iter(argv)
    for word in words:
        if word == "--data-dir":
            next(words, None)
        elif not word.startswith("-"):
            return word
    return None


def main(argv: Sequence[str] | None = None) -> int:
    # pydantic (the district policies) looks for plugins among every installed package's
    # entry points on its first model; the app has none, and a command should not wait for it.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    _skip_the_last_collection()
    with _fewer_collections():
        return _main(sys.argv[1:] if argv is None else list(argv))


@contextlib.contextmanager
def _fewer_collections() -> Iterator[None]:
    """The cycle collector's youngest generation collected every 50,000 new objects, not 700,
    while a command runs.

    A command imports the register's libraries (SQLAlchemy, SQLModel, pydantic: some 300,000
    objects, none of them garbage) and then makes its own long-lived objects; at the default
    threshold the collector walks them again and again on the way (about 0.05 s of
    ``wrc due`` at 1,000 holders). The thresholds are restored after: ``main`` also runs
    inside a test's or a script's process."""
    youngest, *older = gc.get_threshold()
    gc.set_threshold(max(youngest, 50_000), *older)
    try:
        yield
    finally:
        gc.set_threshold(youngest, *older)


def _main(argv: list[str]) -> int:
    parser = build_parser(_command_word(argv))
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return 2
    from .. import paths
    from ..logging_setup import (
        is_logging,
        keep_off_the_terminal,
        let_warnings_through,
        mask_text,
        stop_logging,
    )

    keep_off_the_terminal()
    started_logging = not is_logging()
    restore = None
    try:
        if args.data_dir:
            paths.set_data_dir(args.data_dir)
        if args.database_url:
            from ..desk.admin import use_database_url

            use_database_url(args.database_url)
        restore = _prepare()
        return int(args.handler(args) or 0)
    except (CliError, WrcError) as error:
        print(_one_line(mask_text(str(error))), file=sys.stderr)
        return 2
    except BrokenPipeError:  # output piped into a program that stopped reading (e.g. head)
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:
        print("已中断", file=sys.stderr)
        return 130
    except Exception as error:
        from ..failures import user_message

        log.exception("command %s failed", args.command)
        print(_one_line(mask_text(user_message(error))), file=sys.stderr)
        return 2
    finally:
        let_warnings_through()
        if started_logging:
            stop_logging()
        if restore is not None:
            restore()


def _skip_the_last_collection() -> None:
    """At the process's exit, spare the cycle collector's last pass over every object.

    The libraries behind the register (SQLAlchemy, SQLModel, pydantic) leave some hundred
    thousand objects; the interpreter walks all of them once more as it exits, a quarter of a
    second for every command. Frozen (``gc.freeze``) from an exit handler, which runs before that
    pass, they are skipped: nothing of the command is lost — its output is flushed, its files
    closed and its log stopped before, as usual — only garbage the system reclaims anyway."""
    global _exit_hook_set
    if not _exit_hook_set:
        atexit.register(gc.freeze)
        _exit_hook_set = True


_exit_hook_set = False


def _prepare():
    """A private data folder with the log file in it; returns what undoes the process-wide part."""
    from .. import paths
    from ..logging_setup import setup_logging

    paths.check_data_dir()  # a file or a device given as the data folder: one line, exit 2
    try:
        restore = paths.prepare_data_dir()
    except OSError:  # a read-only or missing data folder: the command itself will say so
        return None
    with contextlib.suppress(OSError):
        setup_logging(paths.logs_dir(), faults=False)
    return restore


def _one_line(text: str) -> str:
    return " ".join(text.split())


if __name__ == "__main__":
    sys.exit(main())
