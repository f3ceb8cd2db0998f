"""A case folder as one zip beside it, for the archive, a mail or a USB stick."""

from __future__ import annotations

import zipfile
from pathlib import Path

from ..atomic import write_atomically
from ..rules.errors import WrcError

MANIFEST = ".wrc-manifest.json"  # what the app wrote in the case folder (never zipped)


def zip_case(folder: Path) -> Path:
    """``<folder>.zip`` beside the folder, with every file in it (written to a temporary name first)."""
    folder = Path(folder)
    if not folder.is_dir():
        raise WrcError(f"办理事项文件夹“{folder}”不存在，请先整理材料")
    target = folder.parent / f"{folder.name}.zip"

    def write(temp: Path) -> None:
        with zipfile.ZipFile(temp, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(folder.rglob("*")):
                if path.is_file() and not path.name.startswith((".~", MANIFEST)):
                    archive.write(path, Path(folder.name) / path.relative_to(folder))

    write_atomically(target, write)
    return target
