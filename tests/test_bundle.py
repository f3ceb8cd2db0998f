"""The PyInstaller build: it builds, and the built app passes its own --self-check offscreen."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_the_built_app_passes_its_self_check(tmp_path):
    if shutil.which("pyinstaller") is None and not _module_available("PyInstaller"):
        pytest.skip("PyInstaller is not installed")
    build = subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--clean",
            "--log-level",
            "WARN",
            "--distpath",
            str(tmp_path / "dist"),
            "--workpath",
            str(tmp_path / "work"),
            str(ROOT / "build.spec"),
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert build.returncode == 0, build.stderr[-4000:]
    executable = (
        tmp_path
        / "dist"
        / "wrc-desktop"
        / ("wrc-desktop.exe" if os.name == "nt" else "wrc-desktop")
    )
    assert executable.exists()
    bundled = tmp_path / "dist" / "wrc-desktop" / "_internal" / "wrc_desktop"
    for relative in (
        "resources/policies/haidian.toml",
        "resources/fonts/uming.ttc",
        "resources/forms/loan.toml",
        "resources/icons/app.png",
        "db/env.py",
        "ui/holder_dialog.ui",
    ):
        assert (bundled / relative).exists(), relative

    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "WRC_DATA_DIR": str(tmp_path / "data")}
    check = subprocess.run(
        [str(executable), "--self-check"],
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )
    assert check.returncode == 0, check.stdout + check.stderr
    assert "自检通过" in check.stdout and "通过  界面" in check.stdout
    assert (tmp_path / "data" / "wrc.sqlite3").exists()

    cli = subprocess.run(
        [str(executable), "deadlines", "--district", "海淀", "--expiry", "2022-08-06", "--json"],
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        check=False,
    )
    assert cli.returncode == 0 and '"latest_submission": "2022-07-08"' in cli.stdout


def _module_available(name: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(name) is not None
