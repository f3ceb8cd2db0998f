"""One copy of the app per data folder: a second one would be a second writer.

A second start on the same folder does not open the register: it asks the running copy
(over a local socket named after the user and the folder) to come to the front — and to
open the roster file it was given, when it was given one — and exits.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import logging
import os
import sys
from pathlib import Path

from PySide6.QtCore import QLockFile, QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

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
        # Qt returns (ok, pid, hostname, appname); PySide6's stub names only three of them.
        ok, pid, host, _app = self._lock.getLockInfo()  # type: ignore[misc]
        return f"进程 {pid}（{host}）" if ok else "另一个程序"


REFUSED_MESSAGE = (
    "工作居住证办理助手已在运行，并正在使用数据文件夹：\n{folder}\n\n"
    "为避免两个窗口同时修改登记册，本次启动已取消。请切换到已打开的窗口（可查看任务栏）。"
)


# ---------------------------------------------------------------- the running copy answers


def server_name(data_dir: Path) -> str:
    """The local socket (a named pipe on Windows) of the copy using ``data_dir``, per user."""
    folder = os.path.normcase(str(Path(data_dir).resolve()))
    key = f"{getpass.getuser()}\n{folder}".encode()
    return "wrc-desk-" + hashlib.sha256(key).hexdigest()[:24]


class InstanceServer(QObject):
    """Listens for a second start on the same data folder; each request arrives as a dict.

    ``{"action": "show"}`` brings the window to the front; ``{"action": "import", "path": …}``
    also opens the roster in the import dialog.
    """

    request = Signal(dict)

    def __init__(self, data_dir: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = server_name(data_dir)
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        # A socket file left by a copy that crashed (Unix): this copy holds the folder's lock,
        # so no living copy listens on it.
        QLocalServer.removeServer(self.name)
        self.listening = self.server.listen(self.name)
        if not self.listening:
            log.warning("second starts cannot reach this copy: %s", self.server.errorString())
        self.server.newConnection.connect(self._accept)
        self._buffers: dict[QLocalSocket, bytes] = {}

    def close(self) -> None:
        self.server.close()

    def _accept(self) -> None:
        while (socket := self.server.nextPendingConnection()) is not None:
            self._buffers[socket] = b""
            socket.readyRead.connect(lambda socket=socket: self._read(socket))
            socket.disconnected.connect(lambda socket=socket: self._forget(socket))

    def _read(self, socket: QLocalSocket) -> None:
        data = self._buffers.get(socket, b"") + bytes(socket.readAll().data())
        if len(data) > MAX_REQUEST:
            socket.abort()
            return
        self._buffers[socket] = data
        if not data.endswith(b"\n"):
            return
        try:
            message = json.loads(data.decode("utf-8"))
        except ValueError:
            message = None
        if not isinstance(message, dict) or message.get("action") not in ACTIONS:
            socket.write(b"refused\n")
            socket.disconnectFromServer()
            return
        socket.write(b"ok\n")
        socket.flush()
        socket.disconnectFromServer()
        self.request.emit(message)

    def _forget(self, socket: QLocalSocket) -> None:
        self._buffers.pop(socket, None)
        socket.deleteLater()


def send_to_running(data_dir: Path, message: dict, *, timeout_ms: int = 2000) -> bool:
    """Hand ``message`` to the copy running on ``data_dir``; True once it said it took it."""
    if sys.platform == "win32":
        # Windows lets only the process the clerk just started bring a window to the front;
        # it passes that right on to the running copy.
        import ctypes

        ctypes.windll.user32.AllowSetForegroundWindow(-1)  # ASFW_ANY
    socket = QLocalSocket()
    socket.connectToServer(server_name(data_dir))
    if not socket.waitForConnected(timeout_ms):
        return False
    socket.write(json.dumps(message, ensure_ascii=False).encode("utf-8") + b"\n")
    socket.flush()
    answer = b""
    while b"\n" not in answer and socket.waitForReadyRead(timeout_ms):
        answer += bytes(socket.readAll().data())
    answer += bytes(socket.readAll().data())  # what came with the running copy's hang-up
    socket.abort()
    return answer.startswith(b"ok")


ACTIONS = {"show", "import"}
MAX_REQUEST = 64 * 1024
log = logging.getLogger("wrc.instance")
