"""``python -m wrc_desktop`` routes to the window or to the command line."""

from __future__ import annotations

import subprocess
import sys

import pytest

from wrc_desktop.__main__ import wants_cli


@pytest.mark.parametrize(
    "args,cli",
    [
        ([], False),
        (["--data-dir", "D"], False),
        (["--data-dir", "D", "holders", "--json"], True),
        (["demo"], True),
        (["--help"], True),
        ([r"C:\Users\hr\Desktop\花名册.XLSX"], False),  # dropped on the shortcut: the window
        (["--data-dir", "D", "名单.xlsx"], False),
        (["import", "名单.xlsx"], True),
    ],
)
def test_routing(args, cli):
    assert wants_cli(args) is cli


def test_module_runs_the_cli(tmp_path):
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "wrc_desktop",
            "--data-dir",
            str(tmp_path),
            "demo",
            "--holders",
            "2",
        ],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "2 名持证人" in result.stdout
