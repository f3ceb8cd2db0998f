"""Build the Windows installer: ``python installer/build_installer.py [--iscc PATH]``.

Run it on Windows after ``pyinstaller build.spec``. It reads the version from
pyproject.toml (the one place it is written) and passes it, with the build
folder, to the Inno Setup compiler (ISCC.exe).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "installer" / "wrc-desk.iss"
BUILD_FOLDER = ROOT / "dist" / "wrc-desktop"


def project_version() -> str:
    with (ROOT / "pyproject.toml").open("rb") as handle:
        return tomllib.load(handle)["project"]["version"]


def find_iscc() -> str | None:
    found = shutil.which("iscc") or shutil.which("ISCC")
    if found:
        return found
    for variable in ("ProgramFiles(x86)", "ProgramFiles", "LOCALAPPDATA"):
        base = os.environ.get(variable)
        for folder in ("Inno Setup 6", r"Programs\Inno Setup 6"):
            candidate = Path(base or "") / folder / "ISCC.exe"
            if base and candidate.exists():
                return str(candidate)
    return None


def iscc_command(iscc: str, version: str, build_folder: Path = BUILD_FOLDER) -> list[str]:
    return [iscc, f"/DAppVersion={version}", f"/DBuildFolder={build_folder}", str(SCRIPT)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="生成 Windows 安装程序（Inno Setup）")
    parser.add_argument("--iscc", help="ISCC.exe 的位置（默认自动查找 Inno Setup 6）")
    args = parser.parse_args(argv)
    if not (BUILD_FOLDER / "wrc-desktop.exe").exists():
        print(f"找不到 {BUILD_FOLDER}\\wrc-desktop.exe：请先运行 pyinstaller build.spec", file=sys.stderr)
        return 2
    iscc = args.iscc or find_iscc()
    if not iscc:
        print("找不到 Inno Setup 6 的 ISCC.exe：请安装 Inno Setup 6 或用 --iscc 指定", file=sys.stderr)
        return 2
    return subprocess.run(iscc_command(iscc, project_version()), check=False).returncode


if __name__ == "__main__":
    sys.exit(main())
