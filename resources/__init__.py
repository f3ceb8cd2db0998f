"""Data files of WRC Desk, installed as the package wrc_desktop.resources (see pyproject.toml)."""
