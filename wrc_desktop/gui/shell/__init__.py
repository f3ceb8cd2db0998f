"""The application's frame: main window, first run, tray, single instance, crash and upkeep."""
