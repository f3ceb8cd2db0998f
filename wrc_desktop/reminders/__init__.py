"""Reminders that reach the clerk when the app is closed.

A scheduled job of the operating system (a per-user Task Scheduler task on
Windows, a systemd user timer elsewhere — see :mod:`.schedule`) runs
``wrc reminders run`` once a day. That computes the due list exactly as the
app's 待办 view does (:func:`wrc_desktop.reports.due_list.due_list`) from the
register opened read-only, and shows one native notification through a small
notifier interface (:mod:`.notifiers`): how many items are overdue and due this
week, and the most urgent one. Nothing due, nothing shown. No Qt here.
"""
