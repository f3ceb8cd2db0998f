"""The dialogs a page opens: holder, unit, import, forms, backups, new case."""
