"""Every failure as one Chinese sentence: what happened and what to do.

The command line prints it (and exits 2), the windows show it; nobody ever sees
SQLAlchemy's English text, its SQL or its parameters (which carry ID numbers).
The full traceback goes to the log, where :mod:`.logging_setup` masks it.
"""

from __future__ import annotations

import errno
import sqlite3

from sqlalchemy import exc as sa_exc

from .rules.errors import WrcError
from .store.backup import DatabaseAccessError, access_problem
from .store.sqlite_file import DatabaseUnavailable

UNEXPECTED = "发生意外错误（{kind}），未保存本次操作；详情已写入日志文件夹 logs 中的 wrc-desk.log，如反复出现请发给技术人员"

_DISK_FULL = "磁盘空间已满，本次操作未保存（已保存的数据不受影响）；请清理磁盘空间后重试"
_READ_ONLY = "数据文件夹或登记册文件是只读的，无法保存；请检查文件夹权限，或把数据文件夹放到可写的位置（--data-dir）"
_LOCKED = "登记册正被另一个程序或另一个导入使用，等待后仍未释放；请等其完成（或关闭其他打开登记册的窗口）后重试"
_NOT_A_DATABASE = (
    "登记册文件已损坏或不是本程序的数据库；请在“备份与恢复”中选择一个备份恢复，或联系技术人员"
)
_CONFLICT = (
    "要保存的数据与登记册中已有的记录冲突（例如同一证件号码已被同时进行的另一个导入或窗口写入），"
    "本次未写入任何数据；请重新预览或刷新后再试"
)


def user_message(error: BaseException) -> str:
    """One Chinese line for ``error``; never SQL, parameters or a full ID number."""
    if isinstance(error, WrcError):
        return " ".join(str(error).split())
    if isinstance(error, (DatabaseAccessError, DatabaseUnavailable)):
        return " ".join(str(error).split())  # names the file and the newest good backup
    if isinstance(error, sa_exc.IntegrityError):  # on either engine
        return _CONFLICT
    if isinstance(error, sa_exc.DBAPIError) and _from_server(error.orig):
        assert error.orig is not None  # a driver's error names its module
        return _server_message(error.orig)
    if isinstance(error, sa_exc.DBAPIError) and error.orig is not None:
        return _database_message(error.orig)
    if isinstance(error, sqlite3.Error):
        return _database_message(error)
    if isinstance(error, sa_exc.SQLAlchemyError):
        return UNEXPECTED.format(kind="数据库")
    if isinstance(error, OSError):
        return _os_message(error)
    if isinstance(error, MemoryError):
        return "内存不足，操作未完成；请关闭其他程序，或把文件分成较小的几份后重试"
    if (
        isinstance(error, LookupError)
        and error.args
        and isinstance(error.args[0], str)
        and any("\u4e00" <= ch <= "\u9fff" for ch in error.args[0])
    ):
        return error.args[0]  # records.NotFound and friends carry a Chinese message
    return UNEXPECTED.format(kind=type(error).__name__)


_SERVER_LOST = (
    "与共享登记册服务器的连接失败或已中断，本次操作未保存；请检查网络和服务器是否在运行后重试"
)
_SERVER_BUSY = "另一位经办人正在修改同一批记录，本次操作未保存；请稍后重试"


def _from_server(error: BaseException | None) -> bool:
    """The PostgreSQL driver's error (the shared register), not SQLite's."""
    return error is not None and type(error).__module__.startswith("psycopg")


def _server_message(error: BaseException) -> str:
    text = str(error).lower()
    if "deadlock" in text or "could not serialize" in text or "lock timeout" in text:
        return _SERVER_BUSY
    if "row-level security" in text:  # the database's own guard, behind the app's check
        return (
            "共享登记册拒绝了这次修改：该单位的数据只能由其负责经办人（或管理员）修改，"
            "本次操作未保存"
        )
    if "permission denied" in text or "must be owner" in text:
        return "您的数据库用户没有执行此操作的权限；请联系管理共享登记册的同事"
    if "does not exist" in text and ("column" in text or "relation" in text):
        return "共享登记册的结构与本程序版本不符；请运行 wrc db upgrade 或使用最新版本的程序"
    return _SERVER_LOST


def _database_message(error: BaseException) -> str:
    text = str(error).lower()
    if isinstance(error, sqlite3.IntegrityError):
        return _CONFLICT
    if "full" in text:
        return _DISK_FULL
    if "readonly" in text or "read-only" in text:
        return _READ_ONLY
    if "locked" in text or "busy" in text:
        return _LOCKED
    if "not a database" in text or "malformed" in text:
        return _NOT_A_DATABASE
    sentence = access_problem(error)
    if sentence is not None:
        return f"{sentence}，本次操作未完成；请检查数据文件夹的权限和磁盘空间，关闭其他使用登记册的程序后重试"
    if "no such table" in text or "no such column" in text:
        return "登记册文件的结构与本程序版本不符；请用最新版本的程序打开，或从备份恢复"
    return UNEXPECTED.format(kind="数据库")


def _os_message(error: OSError) -> str:
    where = f"（{error.filename}）" if error.filename else ""
    if error.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
        return _DISK_FULL
    if error.errno == errno.EROFS:
        return _READ_ONLY
    if isinstance(error, PermissionError):
        return (
            f"没有权限读写文件{where}：文件可能正被其他程序（如 Excel、WPS）打开，或文件夹是只读的；"
            "请关闭该文件或检查权限后重试"
        )
    if isinstance(error, FileNotFoundError):
        return f"找不到文件或文件夹{where}；请检查路径是否正确"
    return (
        f"读写文件时出错{where}：{error.strerror or type(error).__name__}；请检查磁盘和文件夹后重试"
    )
