"""Compile the Designer files in ``ui/`` into ``wrc_desktop/gui/designer/ui_*.py``.

``python -m wrc_desktop.gui.shell.build_ui`` regenerates every form; ``--check`` only
reports forms whose ``.ui`` changed since they were generated (exit status 1).
The generated modules are committed, as in Picard, so that running the app
and building the bundle never need Qt's ``uic`` tool. Each one records the
SHA-256 of the ``.ui`` it came from; a test compares that digest with the
``.ui`` on disk, so an edited form that was not rebuilt fails the tests.
"""

from __future__ import annotations

import argparse
import hashlib
import subprocess
import sys
from pathlib import Path

from ... import paths

FORMS_DIR = Path(__file__).resolve().parents[1] / "designer"
DIGEST_PREFIX = "# source-sha256: "
HEADER = (
    "# generated — do not edit.\n"
    "# Made by `python -m wrc_desktop.gui.shell.build_ui` from ui/{name}; edit the .ui in Qt Designer\n"
    "# and run that command again.\n"
    "{digest_prefix}{digest}\n"
    "# ruff: noqa\n"
)


def ui_files() -> list[Path]:
    return sorted(paths.ui_path("").glob("*.ui"))


def form_module(ui_file: Path) -> Path:
    return FORMS_DIR / f"ui_{ui_file.stem}.py"


def source_digest(ui_file: Path) -> str:
    return hashlib.sha256(ui_file.read_bytes()).hexdigest()


def recorded_digest(module: Path) -> str | None:
    """The digest written into a generated module's header, or None if it has none."""
    if not module.exists():
        return None
    with module.open(encoding="utf-8") as handle:
        for _ in range(10):
            line = handle.readline()
            if line.startswith(DIGEST_PREFIX):
                return line[len(DIGEST_PREFIX) :].strip()
    return None


def stale_forms() -> list[str]:
    """Names of ``.ui`` files whose generated module is missing or was made from other content."""
    return [f.name for f in ui_files() if recorded_digest(form_module(f)) != source_digest(f)]


def _uic_binary() -> Path:
    # The same place PySide6's own ``pyside6-uic`` wrapper looks.
    import PySide6

    base = Path(PySide6.__file__).resolve().parent
    return base / "uic.exe" if sys.platform == "win32" else base / "Qt" / "libexec" / "uic"


def compile_form(ui_file: Path) -> str:
    """The generated module's text for one ``.ui`` file."""
    result = subprocess.run(
        [str(_uic_binary()), "-g", "python", str(ui_file)],
        check=True,
        capture_output=True,
        text=True,
        encoding="utf-8",
    )
    header = HEADER.format(
        name=ui_file.name, digest_prefix=DIGEST_PREFIX, digest=source_digest(ui_file)
    )
    return header + result.stdout


def build_all() -> list[Path]:
    FORMS_DIR.mkdir(exist_ok=True)
    written = []
    for ui_file in ui_files():
        target = form_module(ui_file)
        text = compile_form(ui_file)
        temporary = target.with_suffix(".tmp")
        temporary.write_text(text, encoding="utf-8", newline="\n")
        temporary.replace(target)
        written.append(target)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m wrc_desktop.gui.shell.build_ui",
        description="编译 ui/ 中的 Designer 界面文件",
    )
    parser.add_argument("--check", action="store_true", help="只检查生成的界面模块是否过期")
    args = parser.parse_args(argv)
    if args.check:
        stale = stale_forms()
        for name in stale:
            print(f"过期：{name}（请运行 python -m wrc_desktop.gui.shell.build_ui）")
        return 1 if stale else 0
    for target in build_all():
        print(f"已生成 {target.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
