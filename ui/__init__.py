"""Data files of WRC Desk, installed as the package wrc_desktop.ui (see pyproject.toml)."""
