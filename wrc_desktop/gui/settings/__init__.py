"""The settings page and its tabs, and the app's settings (:mod:`.values`)."""

from .values import Settings, configure_location

__all__ = ["Settings", "configure_location"]
