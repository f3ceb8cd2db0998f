"""The Inno Setup script and build.spec agree: executable, folder, version, Qt translations, link ids."""

from __future__ import annotations

import ast
import re
import tomllib
from pathlib import Path

import pytest

from wrc_desktop import APP_TITLE, __version__
from wrc_desktop.gui.shell.translations import (
    BUNDLE_FOLDER,
    CATALOGUES,
    LANGUAGE,
    translation_folders,
)
from wrc_desktop.reminders.notifiers import (
    APP_USER_MODEL_ID,
    OPEN_DUE_LIST_LINK,
    start_menu_shortcut,
)

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "installer" / "wrc-desk.iss"


@pytest.fixture(scope="module")
def iss() -> str:
    raw = SCRIPT.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "Inno Setup needs the byte-order mark to read UTF-8"
    return raw.decode("utf-8-sig")


def _defines(text: str) -> dict[str, str]:
    return dict(re.findall(r'^\s*#define (\w+) "([^"]*)"', text, flags=re.MULTILINE))


def _setup(text: str) -> dict[str, str]:
    section = text.split("[Setup]", 1)[1].split("\n[", 1)[0]
    return dict(
        line.split("=", 1)
        for line in section.splitlines()
        if "=" in line and not line.startswith(";")
    )


@pytest.fixture(scope="module")
def spec() -> dict[str, object]:
    """Names the spec gives the executable and the folder, and its Qt translation entries."""
    tree = ast.parse((ROOT / "build.spec").read_text("utf-8"))
    found: dict[str, object] = {}
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in ("EXE", "COLLECT")
        ):
            found[node.func.id] = next(k.value.value for k in node.keywords if k.arg == "name")
        if (
            isinstance(node, ast.Assign)
            and isinstance(node.targets[0], ast.Name)
            and node.targets[0].id in ("QT_TRANSLATIONS", "QT_CATALOGUES")
        ):
            found[node.targets[0].id] = ast.literal_eval(node.value)
    return found


def test_executable_and_folder_match_the_build(iss, spec):
    defines = _defines(iss)
    assert defines["AppExeName"] == f"{spec['EXE']}.exe"
    assert defines["BuildFolder"] == rf"..\dist\{spec['COLLECT']}"
    assert 'Source: "{#BuildFolder}\\*"; DestDir: "{app}"' in iss
    from installer.build_installer import BUILD_FOLDER

    assert BUILD_FOLDER.name == spec["COLLECT"] and BUILD_FOLDER.parent.name == "dist"


def test_version_comes_from_pyproject(iss):
    from installer.build_installer import iscc_command, project_version

    with (ROOT / "pyproject.toml").open("rb") as handle:
        assert project_version() == tomllib.load(handle)["project"]["version"] == __version__
    assert f"/DAppVersion={__version__}" in iscc_command("ISCC.exe", project_version())
    setup = _setup(iss)
    assert (
        setup["AppVersion"] == "{#AppVersion}" and "#error" in iss
    )  # never built without a version


def test_per_user_install_with_shortcuts_that_keeps_the_data(iss):
    setup = _setup(iss)
    assert setup["PrivilegesRequired"] == "lowest"
    assert setup["DefaultDirName"].startswith(
        "{autopf}"
    )  # %LOCALAPPDATA%\Programs for a per-user install
    icons = iss.split("[Icons]", 1)[1].split("\n[", 1)[0]
    assert "{autoprograms}" in icons and "{autodesktop}" in icons
    assert "[UninstallDelete]" not in iss and "{userappdata}" not in iss and "WRCDesk\\" not in iss


def test_reminder_link_and_toast_identity_match_the_notifier(iss):
    defines = _defines(iss)
    assert defines["AppUserModelID"] == APP_USER_MODEL_ID
    # the notifier uses that id only where the shortcut carrying it exists
    assert defines["AppName"] == APP_TITLE == start_menu_shortcut().stem
    assert (
        'Name: "{autoprograms}\\{#AppName}"; Filename: "{app}\\{#AppExeName}"; AppUserModelID:'
        in iss
    )
    assert OPEN_DUE_LIST_LINK.startswith(defines["LinkScheme"] + ":")
    assert 'Parameters: "reminders uninstall"' in iss


def test_qt_translations_are_bundled_where_the_app_looks(spec):
    assert spec["QT_TRANSLATIONS"] == "/".join(BUNDLE_FOLDER)
    wanted = {f"{catalogue}_{LANGUAGE}.qm" for catalogue in CATALOGUES}
    assert wanted <= set(spec["QT_CATALOGUES"])
    assert all(
        any((folder / name).is_file() for folder in translation_folders())
        for name in spec["QT_CATALOGUES"]
    )
