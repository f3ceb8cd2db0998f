"""A command loads only its own module; the table that says which stays true."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys

import pytest

from wrc_desktop.cli import COMMAND_MODULES, _command_word, build_parser, command_modules
from wrc_desktop.cli._common import WrcArgumentParser


def _registered(module: str) -> list[str]:
    parser = WrcArgumentParser(prog="t")
    subparsers = parser.add_subparsers(dest="command", parser_class=WrcArgumentParser)
    importlib.import_module(f"wrc_desktop.cli.{module}").register(subparsers)
    return list(subparsers.choices)


def test_every_command_is_in_the_table_with_the_module_that_registers_it():
    registered = {
        command: module for module in command_modules() for command in _registered(module)
    }
    assert registered == COMMAND_MODULES


def test_the_command_word_skips_the_global_option_and_its_value():
    assert _command_word(["--data-dir", "deadlines", "due", "--json"]) == "due"
    assert _command_word(["--data-dir=x", "deadlines", "--json"]) == "deadlines"
    assert _command_word(["--help"]) is None
    assert _command_word([]) is None


def test_a_known_command_gets_only_its_parser_and_help_gets_all():
    only = build_parser("deadlines")._subparsers._group_actions[0].choices
    assert set(only) == {c for c, m in COMMAND_MODULES.items() if m == "rules_cmds"}
    every = build_parser(None)._subparsers._group_actions[0].choices
    assert set(every) == set(COMMAND_MODULES)
    assert set(build_parser("no-such-command")._subparsers._group_actions[0].choices) == set(
        COMMAND_MODULES
    )


def test_wrc_deadlines_imports_neither_the_database_nor_pydantic_nor_the_checklists(tmp_path):
    probe = (
        "import sys, io, contextlib, json\n"
        "from wrc_desktop.cli import main\n"
        "out = io.StringIO()\n"
        "with contextlib.redirect_stdout(out):\n"
        "    code = main(['--data-dir', sys.argv[1], 'deadlines', '--district', 'haidian',"
        " '--expiry', '2027-03-01', '--json'])\n"
        "loaded = [m for m in ('sqlalchemy', 'sqlmodel', 'pydantic', 'stdnum',"
        " 'wrc_desktop.rules.checklist_data', 'wrc_desktop.documents', 'openpyxl', 'xlsxwriter')"
        " if m in sys.modules]\n"
        "print(code, loaded, json.loads(out.getvalue())['latest_submission'])\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe, str(tmp_path)], capture_output=True, text=True, check=True
    )
    assert result.stdout.split(None, 1)[0] == "0"
    assert "[]" in result.stdout  # nothing of the register, the cases or the documents
    assert result.stdout.split()[-1].startswith("2027-")  # the JSON holds the latest submission


@pytest.mark.parametrize("command", [["due", "--json"], ["case", "list", "--json"]])
def test_listing_commands_load_no_pdf_library(tmp_path, command):
    # The due list and the case list make no form: reportlab and pypdf stay unloaded.
    probe = (
        "import sys, io, contextlib\n"
        "from wrc_desktop.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    code = main(['--data-dir', sys.argv[1], *sys.argv[2:]])\n"
        "print(code, [m for m in ('reportlab', 'pypdf') if m in sys.modules])\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe, str(tmp_path), *command],
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.split() == ["0", "[]"]


def test_json_output_is_compact_utf8_and_round_trips(capsys, tmp_path):
    from wrc_desktop.cli import main

    code = main(
        [
            "--data-dir",
            str(tmp_path),
            "deadlines",
            "--district",
            "haidian",
            "--expiry",
            "2027-03-01",
            "--today",
            "2026-11-22",
            "--json",
        ]
    )
    text = capsys.readouterr().out
    assert code == 0
    data = json.loads(text)
    assert data["expiry"] == "2027-03-01" and data["status"] == "正常"
    assert "海淀" in text  # Chinese as it is, not \\u escapes
