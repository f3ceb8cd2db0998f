"""The generated Designer forms must match their .ui files (run ``python -m wrc_desktop.gui.shell.build_ui``)."""

from __future__ import annotations

import importlib

from wrc_desktop.gui.shell import build_ui


def test_every_ui_file_has_an_up_to_date_generated_form():
    ui_files = build_ui.ui_files()
    assert {f.name for f in ui_files} >= {"holder_dialog.ui", "unit_dialog.ui"}
    assert build_ui.stale_forms() == [], "run: python -m wrc_desktop.gui.shell.build_ui"


def test_generated_forms_say_so_and_define_their_class():
    for ui_file in build_ui.ui_files():
        module_path = build_ui.form_module(ui_file)
        assert module_path.read_text(encoding="utf-8").startswith("# generated — do not edit.")
        module = importlib.import_module(f"wrc_desktop.gui.designer.{module_path.stem}")
        assert hasattr(module, f"Ui_{''.join(p.title() for p in ui_file.stem.split('_'))}")


def test_an_edited_ui_file_is_reported_stale(tmp_path, monkeypatch):
    source = build_ui.ui_files()[0]
    edited = tmp_path / source.name
    edited.write_bytes(source.read_bytes().replace(b"</ui>", b"<!-- edited --></ui>"))
    monkeypatch.setattr(build_ui, "ui_files", lambda: [edited])
    assert build_ui.stale_forms() == [source.name]
