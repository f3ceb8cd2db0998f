"""The command-line interface: ``wrc <command>`` (or ``python -m wrc_desktop <command>``).

Each module in this package (not starting with ``_``) adds its sub-commands
through ``register(subparsers)``; a handler takes the parsed arguments and
returns an exit status. Bad input of any kind exits 2 with one Chinese line on
stderr that names the bad value; JSON goes to stdout.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
from collections.abc import Sequence

from ..rules.errors import WrcError
from ._common import CliError, WrcArgumentParser


def build_parser() -> WrcArgumentParser:
    parser = WrcArgumentParser(prog="wrc", description="工作居住证办理助手 — 命令行")
    parser.add_argument("--data-dir", metavar="DIR", help="数据文件夹（默认：用户数据目录，或环境变量 WRC_DATA_DIR）")
    subparsers = parser.add_subparsers(dest="command", metavar="命令", parser_class=WrcArgumentParser)
    for module_info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if module_info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{module_info.name}")
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return 2
    from .. import paths

    if args.data_dir:
        paths.set_data_dir(args.data_dir)
    try:
        return int(args.handler(args) or 0)
    except (CliError, WrcError) as error:
        print(_one_line(str(error)), file=sys.stderr)
        return 2
    except BrokenPipeError:  # output piped into a program that stopped reading (e.g. head)
        sys.stderr.close()
        return 0
    except LookupError as error:  # repo.NotFound and friends carry a Chinese message
        print(_one_line(str(error.args[0] if error.args else error)), file=sys.stderr)
        return 2


def _one_line(text: str) -> str:
    return " ".join(text.split())


if __name__ == "__main__":
    sys.exit(main())
