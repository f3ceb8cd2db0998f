"""Python modules generated from the Designer files in ui/ (see wrc_desktop.gui.build_ui)."""
