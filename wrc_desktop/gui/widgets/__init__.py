"""Small widgets the dialogs and pages share: date fields, tables, field errors, screen fit."""
