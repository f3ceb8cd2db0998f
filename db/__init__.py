"""Data files of WRC Desk, installed as the package wrc_desktop.db (see pyproject.toml)."""
