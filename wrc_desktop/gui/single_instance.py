"""One copy of the app per data folder: a second one would be a second writer."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QLockFile

LOCK_NAME = "wrc-desk.lock"


class InstanceLock:
    """Holds ``<data folder>/wrc-desk.lock`` while the app runs.

    QLockFile writes the owner's process id, so a lock left by a crashed copy
    is recognised as stale and taken over instead of locking the clerk out.
    """

    def __init__(self, data_dir: Path) -> None:
        self.path = data_dir / LOCK_NAME
        self._lock = QLockFile(str(self.path))
        self._lock.setStaleLockTime(0)  # stale only when its process is gone

    def acquire(self) -> bool:
        return self._lock.tryLock(200)

    def release(self) -> None:
        self._lock.unlock()

    def owner_description(self) -> str:
        ok, pid, host, _app = self._lock.getLockInfo()
        return f"进程 {pid}（{host}）" if ok else "另一个程序"


REFUSED_MESSAGE = (
    "工作居住证办理助手已在运行，并正在使用数据文件夹：\n{folder}\n\n"
    "为避免两个窗口同时修改登记册，本次启动已取消。请切换到已打开的窗口（可查看任务栏）。"
)
