"""The daily reminder of a clerk whose copy uses the shared register reads that register
(in a read-only transaction), not an empty file in the data folder."""

from __future__ import annotations

from tests.conftest import TODAY
from tests.helpers import source_on
from wrc_desktop import paths
from wrc_desktop.reminders.run import run_reminder
from wrc_desktop.reports.due_list import due_list
from wrc_desktop.store import engines


class FakeNotifier:
    def __init__(self) -> None:
        self.shown = []

    def show(self, reminder) -> bool:
        self.shown.append(reminder)
        return True


def test_the_reminder_reads_the_shared_register(pg_url, monkeypatch):
    from wrc_desktop.store.db import open_url
    from wrc_desktop.store.demo import load_demo

    register = open_url(pg_url)
    with register.session() as session:
        load_demo(session, today=TODAY)
        session.commit()
    with register.session() as session:
        due = due_list(session, source_on(TODAY, paths.overrides_dir(), session))
    register.close()
    monkeypatch.setenv(engines.ENV_DATABASE_URL, pg_url)

    fake = FakeNotifier()
    shown = run_reminder(TODAY, fake)

    assert fake.shown == [shown]
    assert shown.overdue == len(due.groups()["overdue"]) > 0
    assert not paths.database_path().exists()  # no SQLite file was made or read instead
