"""``python -m wrc_desktop`` starts the window; ``python -m wrc_desktop <command>`` runs the CLI.

Imports are absolute because the PyInstaller bundle runs this file as its script.
"""

from __future__ import annotations

import sys

_OPTIONS_WITH_VALUE = {"--data-dir"}
# As wrc_desktop.app.ROSTER_SUFFIXES (not imported: start-up cost)
_ROSTER_SUFFIXES = (
    ".xlsx",
    ".xlsm",
)


def wants_cli(args: list[str]) -> bool:
    """True when the arguments name a command (or ask for help) rather than only window options."""
    skip = False
    for arg in args:
        if skip:
            skip = False
        elif arg in _OPTIONS_WITH_VALUE:
            skip = True
        elif arg.lower().endswith(_ROSTER_SUFFIXES):
            continue  # a roster dropped on the shortcut: the window opens it for import
        elif arg in ("-h", "--help") or not arg.startswith("-"):
            return True
    return False


def main() -> int:
    args = sys.argv[1:]
    if wants_cli(args):
        from wrc_desktop.cli import main as cli_main

        return cli_main(args)
    from wrc_desktop.app import main as gui_main

    return gui_main(args)


if __name__ == "__main__":
    sys.exit(main())
