"""The case window: checklist, upload list and the scan reader's proposals."""
