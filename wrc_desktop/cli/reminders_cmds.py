"""``wrc reminders install | status | uninstall | run``: the daily reminder while the app is closed.

``install`` registers a per-user job of the operating system (Windows Task
Scheduler, or a systemd user timer; without systemd it prints the crontab line)
that runs ``wrc reminders run`` every day at the time given. ``run`` shows one
notification when something is overdue or due this week, and nothing otherwise.
"""

from __future__ import annotations

import argparse

from ._common import CliError, date_arg


def _time_arg(text: str):
    from ..reminders.schedule import parse_time

    try:
        return parse_time(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def register(subparsers: argparse._SubParsersAction) -> None:
    reminders = subparsers.add_parser(
        "reminders", help="每日待办提醒（程序关闭时也会通知）：安装、查看、删除"
    )
    actions = reminders.add_subparsers(dest="action", metavar="操作", parser_class=type(reminders))
    install = actions.add_parser(
        "install", help="安装每日提醒（Windows 计划任务 / systemd 用户定时器）"
    )
    install.add_argument(
        "--at",
        type=_time_arg,
        default="09:00",
        metavar="时:分",
        help="每天提醒的时间（默认 09:00）",
    )
    install.set_defaults(handler=run_install)
    actions.add_parser("status", help="查看每日提醒是否已安装").set_defaults(handler=run_status)
    actions.add_parser("uninstall", help="删除每日提醒").set_defaults(handler=run_uninstall)
    run = actions.add_parser("run", help="现在检查待办并显示通知（计划任务运行的就是它）")
    run.add_argument("--today", type=date_arg, help="以此日期为“今天”（YYYY-MM-DD）")
    run.add_argument("--print", action="store_true", help="只在命令行打印通知内容，不弹出")
    run.set_defaults(handler=run_reminder)
    reminders.set_defaults(handler=lambda _args: reminders.print_help() or 2)


def _job():
    from ..reminders.jobs import job_for_this_system

    return job_for_this_system()


def run_install(args: argparse.Namespace) -> int:
    print(_job().install(args.at))
    return 0


def run_status(_args: argparse.Namespace) -> int:
    print(_job().status())
    return 0


def run_uninstall(_args: argparse.Namespace) -> int:
    print(_job().uninstall())
    return 0


class _PrintingNotifier:
    def show(self, reminder) -> bool:
        print(f"{reminder.title}\n{reminder.body}")
        return True


def run_reminder(args: argparse.Namespace) -> int:
    from ..reminders.run import run_reminder as remind

    try:
        shown = remind(args.today, _PrintingNotifier() if args.print else None)
    except RuntimeError as error:
        raise CliError(str(error)) from None
    if shown is None and args.print:
        print("没有逾期或本周到期的待办。")
    return 0
