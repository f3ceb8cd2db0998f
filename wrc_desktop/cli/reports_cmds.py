"""``wrc due``, ``wrc report expiry``, ``wrc import``, ``wrc ics``: warnings, reports and the roster in and out.

``wrc due --json`` prints exactly what the app's 待办 view shows, so a scheduled
task (Windows 任务计划程序) can run it while the app is closed.
"""

from __future__ import annotations

import argparse
import sys
import unicodedata
from pathlib import Path

from ._common import (
    CliError,
    date_arg,
    print_json,
    print_json_streamed,
    with_desk,
)

GROUPS = ("overdue", "urgent", "soon", "settle")  # rules.due.URGENCIES, by code


def register(subparsers: argparse._SubParsersAction) -> None:
    due = subparsers.add_parser(
        "due", help="列出待办提醒（续签、离职、合同、子女年龄、年龄上限、办理事项及其材料有效期）"
    )
    due.add_argument("--json", action="store_true", help="以 JSON 输出")
    due.add_argument("--today", type=date_arg, help="以此日期为“今天”（YYYY-MM-DD）")
    due.set_defaults(handler=run_due)

    mark = subparsers.add_parser(
        "due-mark", help="将待办标记为已处理，或暂缓到某日（可一次多条，全部写入或都不写入）"
    )
    mark.add_argument("key", nargs="*", help="待办的编号（wrc due --json 输出中的 key），可写多个")
    mark.add_argument(
        "--group",
        choices=GROUPS,
        help="当前显示的某一组待办全部（overdue 已逾期、urgent 紧急、soon 近期、settle 待了结）",
    )
    action = mark.add_mutually_exclusive_group(required=True)
    action.add_argument("--handled", action="store_true", help="标记为已处理")
    action.add_argument(
        "--snooze-until", type=date_arg, metavar="日期", help="暂缓提醒，到此日期再提醒"
    )
    mark.add_argument("--note", default="", help="备注（记入审计记录）")
    mark.add_argument("--today", type=date_arg, help="以此日期为“今天”（YYYY-MM-DD）")
    mark.set_defaults(handler=run_due_mark)

    report = subparsers.add_parser("report", help="生成报表")
    kinds = report.add_subparsers(dest="report", metavar="报表", parser_class=type(report))
    expiry = kinds.add_parser("expiry", help="工作居住证到期报表（Excel）")
    expiry.add_argument("--out", required=True, metavar="FILE.xlsx", help="保存到此文件")
    expiry.add_argument(
        "--within-days", type=_days, metavar="N", help="只列出 N 天内到期（含已过期）的人员"
    )
    expiry.add_argument("--unit", metavar="单位名称", help="只列出此单位的人员")
    expiry.add_argument(
        "--unmask", action="store_true", help="显示完整证件号码（默认隐去中间 8 位）"
    )
    expiry.add_argument("--today", type=date_arg, help="以此日期为制表日期（YYYY-MM-DD）")
    expiry.set_defaults(handler=run_report_expiry)
    report.set_defaults(handler=lambda args: _missing_report(report))

    imp = subparsers.add_parser("import", help="从 Excel 花名册导入人员（先预览，全部无误才写入）")
    imp.add_argument("file", metavar="FILE.xlsx", help="花名册文件")
    imp.add_argument("--dry-run", action="store_true", help="只预览，不写入")
    imp.add_argument("--valid-only", action="store_true", help="有误的行跳过，只导入无误的行")
    imp.add_argument(
        "--unit",
        metavar="单位名称",
        help="没有“单位”列或该列为空的行导入到此单位（默认：默认单位）",
    )
    imp.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="表头=字段",
        help="指定表头对应的字段，如 --map 工号=忽略 --map 员工证号=身份证号码（可重复）",
    )
    imp.add_argument(
        "--sheet", metavar="工作表", help="要导入的工作表名称（文件中有多个名单时必须指定）"
    )
    imp.add_argument(
        "--accept-renames",
        action="store_true",
        help="确认同一证件号码改名或调到其他单位的行（预览中标有“需确认”）",
    )
    imp.add_argument(
        "--confirm-id",
        action="append",
        default=[],
        metavar="证件号码",
        help="确认以 000 结尾的号码确实无误（逐个确认，可重复）",
    )
    imp.add_argument(
        "--json", action="store_true", help="以 JSON 输出 created、updated、errors 及每项变更"
    )
    imp.set_defaults(handler=run_import)

    undo = subparsers.add_parser("import-undo", help="撤销最近一次导入")
    undo.add_argument("--force", action="store_true", help="即使人员在导入后又被修改过也撤销")
    undo.add_argument("--json", action="store_true", help="以 JSON 输出")
    undo.set_defaults(handler=run_import_undo)

    template = subparsers.add_parser("import-template", help="保存花名册导入模板（Excel）")
    template.add_argument("--out", required=True, metavar="FILE.xlsx", help="保存到此文件")
    template.add_argument(
        "--with-data",
        action="store_true",
        help="填入登记册中的全部人员及证件历史（含完整证件号码，可再导入；请妥善保管）",
    )
    template.set_defaults(handler=run_import_template)

    ics = subparsers.add_parser(
        "ics",
        help="导出期限日历（.ics，可导入 Outlook、手机日历）",
        description=(
            "待办中每项有日期的事项一个全天事件（含已暂缓的，不含已办好的），标题为事项类别和姓名，"
            "说明中写期限、下一步和依据；已逾期的事项放在下一步所说的日子（最近的受理日）。"
            "另含今后 N 天内待办将列出的续签。重新导入时按事项更新，不会重复。"
        ),
    )
    ics.add_argument("--out", required=True, metavar="FILE.ics", help="保存到此文件")
    ics.add_argument(
        "--within-days",
        type=_days,
        default=400,  # desk.report_files.DEFAULT_WITHIN_DAYS (not imported: the CLI starts fast)
        metavar="N",
        help="导出今后 N 天内的期限（默认 400）",
    )
    ics.add_argument("--today", type=date_arg, help="以此日期为“今天”（YYYY-MM-DD）")
    ics.set_defaults(handler=run_ics)


def _days(text: str) -> int:
    if not text.strip().isdigit() or not 0 <= int(text) <= 3660:
        raise argparse.ArgumentTypeError(f"“{text}”不是有效的天数（应为 0 到 3660 的整数）")
    return int(text)


def _missing_report(parser: argparse.ArgumentParser) -> int:
    parser.error("请指定报表种类：expiry")
    return 2


def run_due(args: argparse.Namespace) -> int:
    from ..desk import due
    from ..rules.permit_state import days_to

    result = with_desk(args, due.due_list)
    if args.json:
        head, items, tail = result.json_parts()
        print_json_streamed(head, "items", items, tail)
        return 0
    summary = result.summary()
    print(summary.title)
    for group in result.groups().values():
        if group:
            print(f"\n{group[0].urgency_label}（{len(group)} 项）")
        for item in group:
            print(
                f"  {item.date.isoformat()}  {days_to(item.date, result.today)}  "
                f"{item.holder_name}（{item.unit_name}）  {item.kind_label}：{item.step}"
            )
    return 0


def run_due_mark(args: argparse.Namespace) -> int:
    from ..desk import bulk, due

    if not args.key and not args.group:
        raise CliError("请写出待办的编号，或用 --group 指定一组（wrc due --json 可查看编号）")
    action = bulk.HANDLED if args.handled else bulk.SNOOZED

    def work(desk):
        if args.group:
            chosen = [item for item in due.due_list(desk).shown if item.urgency == args.group]
        else:
            chosen = []
        if args.key:
            items = {item.key: item for item in due.all_items(desk)}
            missing = next((key for key in args.key if key not in items), None)
            if missing is not None:
                raise CliError(f"没有编号为“{missing}”的待办（请用 wrc due --json 查看当前的编号）")
            chosen += [items[key] for key in args.key]
        plan = bulk.plan_items(chosen, action)
        done, _changes = bulk.apply(desk, plan, until=args.snooze_until, note=args.note)
        return plan, done

    plan, done = with_desk(args, work)
    if len(plan.items) == 1:
        item = plan.items[0]
        said = "已标记为已处理" if args.handled else f"已暂缓至 {args.snooze_until.isoformat()}"
        print(f"{item.holder_name}（{item.kind_label}）{said}")
    else:
        print(done.message if plan.items else "没有要标记的待办")
    return 0


def run_report_expiry(args: argparse.Namespace) -> int:
    from ..desk import reports

    out = _output_path(args.out, ".xlsx")
    bar = ProgressLine("正在生成到期报表", "人") if sys.stderr.isatty() else None
    try:
        report = with_desk(
            args,
            lambda desk: reports.expiry_report(
                desk,
                out,
                within_days=args.within_days,
                unit=args.unit,
                unmask=args.unmask,
                progress=bar,
            ),
        )
    finally:
        if bar is not None:
            bar.clear()
    print(f"已生成到期报表：{report.path}（{report.rows} 人；{report.filters}）")
    return 0


class ProgressLine:
    """One line of progress on stderr (a terminal's), redrawn in place when the percentage moves.

    Scripts and pipes get none: the command's output stays what it was. The bar is
    ASCII: block characters are drawn two columns wide by Chinese consoles, which
    would wrap the line.
    """

    WIDTH = 24  # characters of the bar

    def __init__(self, what: str, unit: str) -> None:
        self.what, self.unit = what, unit
        self._shown: tuple[int, int] | None = None
        self._columns = 0

    def __call__(self, done: int, total: int) -> None:
        percent = 100 * done // total if total else 100
        if (percent, total) == self._shown:
            return
        self._shown = (percent, total)
        filled = self.WIDTH * percent // 100
        bar = "#" * filled + "-" * (self.WIDTH - filled)
        line = f"{self.what} [{bar}] {percent:3d}%  {done:,} / {total:,} {self.unit}"
        self._columns = max(self._columns, _columns(line))
        print(f"\r{line}", end="", file=sys.stderr, flush=True)

    def clear(self) -> None:
        """Remove the line (the result is printed in its place)."""
        if self._columns:
            print("\r" + " " * self._columns + "\r", end="", file=sys.stderr, flush=True)


def _columns(text: str) -> int:
    """Terminal columns ``text`` takes: Chinese characters take two."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _output_path(text: str, suffix: str) -> Path:
    path = Path(text).expanduser()
    if path.suffix.lower() != suffix:
        raise CliError(f"输出文件“{text}”的扩展名应为 {suffix}")
    if path.is_dir():
        raise CliError(f"“{text}”是文件夹，请给出文件名")
    return path


def _mapping(pairs: list[str]) -> dict[str, str]:
    mapping = {}
    for pair in pairs:
        header, sep, target = pair.partition("=")
        if not sep or not header.strip():
            raise CliError(f"映射“{pair}”格式不对，应写作 表头=字段（如 工号=忽略）")
        mapping[header.strip()] = target.strip()
    return mapping


def run_import(args: argparse.Namespace) -> int:
    from ..desk import imports

    progress = _terminal_progress()
    roster = imports.read(
        Path(args.file).expanduser(), _mapping(args.map), sheet=args.sheet, progress=progress
    )

    def work(desk) -> tuple[imports.ImportPlan, dict]:
        previewed = imports.preview(
            desk, roster, unit=args.unit, confirmed_ids=args.confirm_id, progress=progress
        )
        plan = previewed.plan
        if progress is not None:
            print("\r" + " " * 40 + "\r", end="", file=sys.stderr, flush=True)
        result = plan.as_dict()
        if not args.dry_run and _writable(plan, args):
            # Written as the window writes a preview: after a backup, under the import lock,
            # and only as previewed (another clerk may have written since).
            done = imports.write_previewed(
                desk, previewed, valid_only=args.valid_only, accept_renames=args.accept_renames
            )
            result["backup"] = str(done.backup) if done.backup else None
            result["batch_id"] = done.batch_id
        result["written"] = "batch_id" in result
        return plan, result

    plan, result = with_desk(args, work)
    result["ignored_columns"] = [roster.columns.headers[i] for i in roster.columns.unmapped]
    if args.json:
        print_json(result)
    else:
        _print_plan(result, plan, args.dry_run)
    if args.dry_run:
        return 0
    return _why_not_written(plan, args)


def _writable(plan, args: argparse.Namespace) -> bool:
    """Whether the command writes this plan: rows to write, none refused (or ``--valid-only``)
    and no rename or move left unconfirmed (or ``--accept-renames``)."""
    refused = bool(plan.errors) and not args.valid_only
    unconfirmed = bool(plan.to_confirm) and not args.accept_renames
    return not refused and not unconfirmed and bool(plan.creates or plan.updates)


def _why_not_written(plan, args: argparse.Namespace) -> int:
    """Exit status 2 with the one line that says why the rows were not written; else 0."""
    from ..desk.imports import renames_message

    if plan.errors and not args.valid_only:
        rows = plan.rejected_rows
        print(
            f"有 {len(rows)} 行数据有误（第 {'、'.join(map(str, rows[:10]))}{' 等' if len(rows) > 10 else ''} 行），"
            "未导入任何数据；请改正后重新导入，或使用 --valid-only 只导入无误的行",
            file=sys.stderr,
        )
        return 2
    if plan.to_confirm and not args.accept_renames:
        print(" ".join(renames_message(plan).split()), file=sys.stderr)
        return 2
    return 0


def _terminal_progress():
    """Progress on stderr when it is a terminal (Ctrl+C cancels); None for scripts and pipes."""
    if not sys.stderr.isatty():
        return None

    def show(stage: str, done: int, total: int | None) -> None:
        count = f"{done} / {total}" if total else str(done)
        print(f"\r正在{stage}：第 {count} 行……", end="", file=sys.stderr, flush=True)

    return show


def _print_plan(result: dict, plan, dry_run: bool) -> None:
    verb = "已导入" if result["written"] else "预览（未写入）" if dry_run else "未写入"
    print(
        f"{verb}（工作表“{result['sheet']}”）：新增 {result['created']} 人，更新 {result['updated']} 人，"
        f"无变化 {result['unchanged']} 人，有误 {result['rejected']} 行"
    )
    if plan.roster.examples:
        rows = "、".join(map(str, plan.roster.examples))
        print(f"  第 {rows} 行是模板的示例行，已跳过")
    if not plan.rows:
        print("  表中没有数据行（表头以下为空）")
    for row in plan.rows:
        if row.action == "create":
            print(f"  第 {row.row} 行 新增：{row.name}（{row.id_masked}，{row.unit}）")
        elif row.action == "update":
            mark = "【需确认】" if row.needs_confirmation else ""
            print(f"  第 {row.row} 行 更新{mark}：{row.name}（{row.id_masked}）")
            for change in row.changes:
                print(f"      {change}")
        elif row.action == "unchanged" and row.ignored:
            print(f"  第 {row.row} 行 无变化：{row.name}（{row.id_masked}）")
        for value in row.ignored:  # read from the file, not written: said, never dropped
            print(f"      {value}")
    for error in plan.errors:
        print(f"  {error}")
    if result["ignored_columns"]:
        print(f"未导入的列：{'、'.join(result['ignored_columns'])}（可用 --map 表头=字段 指定）")


def run_import_undo(args: argparse.Namespace) -> int:
    from ..desk import imports

    done = with_desk(args, lambda desk: imports.undo(desk, force=args.force))
    if args.json:
        print_json(
            {
                "batch_id": done.batch_id,
                "deleted": done.deleted,
                "restored": done.restored,
                "backup": str(done.backup) if done.backup else None,
            }
        )
    else:
        print(
            f"已撤销导入（批次 {done.batch_id}）：删除新增的 {done.deleted} 人，恢复更新前的 {done.restored} 人"
        )
    return 0


def run_import_template(args: argparse.Namespace) -> int:
    from ..desk import reports

    out = _output_path(args.out, ".xlsx")
    if not args.with_data:
        print(f"已保存导入模板：{reports.import_template(out)}")
        return 0
    path = with_desk(args, lambda desk: reports.register_as_import_file(desk, out))
    print(f"已把登记册导出为导入模板格式：{path}（含完整证件号码，请妥善保管）")
    return 0


def run_ics(args: argparse.Namespace) -> int:
    from ..desk import reports

    out = _output_path(args.out, ".ics")
    export = with_desk(
        args, lambda desk: reports.calendar_file(desk, out, within_days=args.within_days)
    )
    print(f"已导出日历：{export.path}（{export.events} 个期限，涉及 {export.holders} 人）")
    if export.skipped:
        print(reports.failures_line(export.skipped), file=sys.stderr)
    return 0
