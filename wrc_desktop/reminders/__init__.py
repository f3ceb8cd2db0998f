"""Reminders that reach the clerk when the app is closed.

A scheduled job of the operating system (a per-user Task Scheduler task on
Windows, a systemd user timer elsewhere — see :mod:`.schedule`) runs
``wrc reminders run`` once a day. That opens a desk over the register, read only
(:mod:`.register`), asks it for the day's digest (:func:`wrc_desktop.desk.reminders.digest`:
the 待办 page's own due list, words and order), and shows one native notification through a small
notifier interface (:mod:`.notifiers`): how many items are overdue and due this
week, and the most urgent one. Nothing due, nothing shown. No Qt here.
"""
