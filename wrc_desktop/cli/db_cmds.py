"""``wrc db …``: which register this copy uses, bringing its schema up to date, moving it.

``wrc db status`` names the register (a path, or the server's URL without its
password), its engine, schema revision and the clerk (the login, with the display
name beside it); ``wrc db upgrade`` runs the migrations (SQLite: after a backup of
the file; a shared register: the administrator); ``wrc db copy --to URL`` copies
the register into an empty database, all or nothing (a shared register: the
administrator); ``wrc db clerks`` shows or sets a unit's serving clerks;
``wrc db password`` keeps the server password in the OS credential store.
"""

from __future__ import annotations

import argparse
import getpass

from ._common import CliError, print_json


def register(subparsers: argparse._SubParsersAction) -> None:
    db = subparsers.add_parser("db", help="登记册数据库：状态、升级、复制到共享服务器、保存密码")
    commands = db.add_subparsers(dest="db_command", metavar="操作")

    status = commands.add_parser("status", help="显示正在使用的登记册、数据库类型与结构版本")
    status.add_argument("--json", action="store_true", help="以 JSON 输出")
    status.set_defaults(handler=run_status)

    upgrade = commands.add_parser("upgrade", help="把登记册的结构升级到本程序的版本")
    upgrade.set_defaults(handler=run_upgrade)

    copy = commands.add_parser(
        "copy", help="把当前登记册完整复制到另一个空数据库（如 SQLite → PostgreSQL，或反向）"
    )
    copy.add_argument(
        "--to",
        required=True,
        metavar="URL",
        help="目标数据库：postgresql://用户@服务器/数据库，或 sqlite:///文件路径（须为空）",
    )
    copy.set_defaults(handler=run_copy)

    backup_cmd = commands.add_parser(
        "backup", help="立即备份登记册（共享登记册：pg_dump，或本程序的完整导出）"
    )
    backup_cmd.set_defaults(handler=run_backup)

    restore = commands.add_parser(
        "restore", help="把共享登记册的备份恢复到服务器上的一个新数据库（不覆盖正在使用的数据库）"
    )
    restore.add_argument(
        "backup", metavar="备份文件", help="wrc db backup 生成的 .dump 或 .sqlite3 文件"
    )
    restore.add_argument("--new-database", required=True, metavar="名称", help="新数据库的名称")
    restore.set_defaults(handler=run_restore)

    clerks = commands.add_parser(
        "clerks", help="显示或设置单位的负责经办人（数据库用户名；共享登记册上由管理员设置）"
    )
    clerks.add_argument("unit", type=int, metavar="单位编号", help="单位的编号（wrc holders 可查）")
    clerks.add_argument(
        "--set",
        dest="logins",
        metavar="用户名,…",
        help="负责经办人的数据库用户名，用逗号或“、”分隔；空字符串表示所有经办人都可修改",
    )
    clerks.set_defaults(handler=run_clerks)

    password = commands.add_parser(
        "password", help="把共享登记册的密码保存到系统的凭据管理器（不写入任何文件）"
    )
    password.set_defaults(handler=run_password)
    db.set_defaults(handler=lambda _args: _usage(db))


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help()
    return 2


def _describe(register) -> dict:
    from ..store import migrations

    with register.engine.connect() as connection:  # who every row this copy writes records
        clerk = connection.info.get("clerk", "")
        display = connection.info.get("display", "")
    return {
        "location": register.location,
        "engine": "PostgreSQL（共享）" if register.shared else "SQLite（本机文件）",
        "revision": migrations.current_revision(register.engine),
        "newest": migrations.SCHEMA_HEAD,
        "clerk": clerk,
        "display_name": display if display != clerk else "",
    }


def run_status(args: argparse.Namespace) -> int:
    from ._common import open_register

    register = open_register()
    try:
        described = _describe(register)
    finally:
        register.close()
    if args.json:
        print_json(described)
    else:
        print(f"登记册：{described['location']}")
        print(f"类型：{described['engine']}")
        print(f"结构版本：{described['revision']}（本程序：{described['newest']}）")
        shown = described["display_name"]
        print(f"经办人：{described['clerk']}" + (f"（显示名：{shown}）" if shown else ""))
    return 0


def run_upgrade(args: argparse.Namespace) -> int:
    from ..store import engines, migrations
    from ._common import open_register

    url = engines.configured_url()
    if url:
        probe = engines.make_engine(url)
        try:
            before = migrations.current_revision(probe)
        except Exception:  # noqa: BLE001 - opening below says why in Chinese
            before = None
        finally:
            probe.dispose()
    else:
        before = None
    register = open_register()  # runs the migrations (a file is backed up first)
    try:
        after = migrations.current_revision(register.engine)
    finally:
        register.close()
    if before == after and url:
        print(f"登记册 {register.location} 的结构已是最新（{after}），无需升级")
    else:
        print(f"登记册 {register.location} 的结构已升级到 {after}")
    return 0


def run_copy(args: argparse.Namespace) -> int:
    from ..store import engines
    from ..store.register_copy import copy_register
    from ._common import open_register

    target_url = engines.normalise(args.to)  # a bad URL says so before anything opens
    source = open_register()
    try:
        _administrator_only(source, "复制共享登记册")
        target = _open_target(target_url)
        try:
            _administrator_only(target, "复制到共享登记册")
            counts = copy_register(source.engine, target.engine, target_label=target.location)
        finally:
            target.close()
    finally:
        source.close()
    print(f"已复制：{source.location} → {target.location}")
    width = max(len(c.table) for c in counts)
    print(f"{'表'.ljust(width)}  源行数  目标行数")
    for count in counts:
        print(f"{count.table.ljust(width)}  {count.source:>6}  {count.target:>8}")
    print(f"合计 {sum(c.source for c in counts)} 行，两侧一致")
    return 0


def _administrator_only(register, what: str) -> None:
    """A shared register's copy, in or out, is the administrator's work (one line for a clerk)."""
    from ..store import unit_access

    with register.engine.connect() as connection:
        unit_access.require_administrator(connection, what)


def run_clerks(args: argparse.Namespace) -> int:
    from ..desk import units as desk_units
    from ._common import with_desk

    def work(desk) -> list[str]:
        if args.logins is not None:
            desk_units.change_serving(desk, args.unit, desk_units.parse_clerks(args.logins))
        return desk_units.serving_clerks(desk, args.unit)

    logins = with_desk(args, work)
    done = "已设置" if args.logins is not None else "当前"
    print(
        f"单位 {args.unit} {done}的负责经办人：{'、'.join(logins) or '（未指定，所有经办人都可修改）'}"
    )
    return 0


def _open_target(url):
    from pathlib import Path

    from .. import paths
    from ..store import engines
    from ..store.db import open_register, open_url

    if engines.is_shared(url):
        return open_url(url.render_as_string(hide_password=False), paths.backups_dir())
    if not url.database:
        raise CliError("目标 SQLite 地址缺少文件路径（应为 sqlite:///文件路径）")
    target = Path(url.database).expanduser()
    if target.resolve() == paths.database_path().resolve() and not engines.configured_url():
        raise CliError("目标文件就是当前登记册本身，不能复制到自己")
    return open_register(target, paths.backups_dir())


def run_backup(args: argparse.Namespace) -> int:
    from ._common import with_desk

    # Through the desk, as the window's backups: the oldest are pruned to the number the
    # clerk keeps (settings.toml backups_kept), so a scheduled `wrc db backup` cannot fill the disk.
    location, made = with_desk(args, lambda desk: (desk.location, desk.backup_now("manual")))
    if made is None:
        raise CliError("此登记册没有可备份的文件")
    print(f"已备份：{location} → {made}")
    return 0


def run_restore(args: argparse.Namespace) -> int:
    from pathlib import Path

    from ..store import engines, pg_backup, server_settings

    url = engines.configured_url()
    if not url or not engines.is_shared(url):
        raise CliError(
            "当前未使用共享登记册；本机登记册请在窗口的“备份与恢复”中恢复（恢复前会自动备份）"
        )
    backup = Path(args.backup).expanduser()
    if not backup.is_file():
        raise CliError(f"备份文件不存在：{backup}")
    new_url = pg_backup.restore_as_new_database(backup, url, args.new_database)
    print(f"已恢复到新数据库：{engines.masked(new_url)}（原数据库未改动）")
    if server_settings.follow_restore(url, new_url):
        print(f"本机已改用数据库 {args.new_database}；请其他经办人也在设置中改用它")
    else:
        print("请把各经办人的登记册地址改为上面的新数据库（--database-url 或设置）")
    return 0


def run_password(args: argparse.Namespace) -> int:
    from ..store import engines

    url = engines.configured_url()
    if not url or not engines.is_shared(url):
        raise CliError("当前未使用共享登记册；请先用 --database-url 或 WRC_DATABASE_URL 指定服务器")
    parsed = engines.normalise(url)
    if not parsed.username:
        raise CliError("共享登记册地址中没有用户名（应为 postgresql://用户@服务器/数据库）")
    secret = getpass.getpass(f"{parsed.username} 的密码（不会显示，也不会写入文件）：")
    if not secret:
        raise CliError("密码为空，未保存")
    try:
        engines.store_password(parsed, secret)
    except Exception as error:  # noqa: BLE001 - no credential store on this machine
        raise CliError(
            f"无法保存到系统凭据管理器（{type(error).__name__}）；可改用 PGPASSWORD 环境变量"
        ) from None
    print(f"已把 {parsed.username} 的密码保存到系统凭据管理器")
    return 0
