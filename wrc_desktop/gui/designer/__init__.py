"""Python modules generated from the Designer files in ui/ (see wrc_desktop.gui.shell.build_ui)."""
