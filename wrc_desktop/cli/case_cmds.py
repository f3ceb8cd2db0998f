"""``wrc case``: 办理事项 — create a case, see its checklist and problems, attach files, assemble the folder."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..rules.errors import FieldError
from ..rules.identity import mask_id, typed_id_type, validate_id_number
from ..rules.vocab import CASE_KINDS, HOUSING_KINDS
from . import scan_cmds
from ._case_folder import print_applied, run_assemble, run_facts, run_fix, run_forms, run_zip
from ._case_refs import case_id_of, item_key_of
from ._common import CliError, date_arg, print_json, with_desk
from .forms import add_loan_options

STATUS_WORDS = {
    "submitted": "已提交",
    "returned": "退回补正",
    "rejected": "不予受理",
    "approved": "已核准",
    "preparing": "准备中",
}


def register(subparsers: argparse._SubParsersAction) -> None:
    case = subparsers.add_parser("case", help="办理事项：新建、材料清单、添加材料、整理文件夹")
    commands = case.add_subparsers(dest="case_command", metavar="子命令", parser_class=type(case))

    def add(
        name: str, help_text: str, handler: Callable[[argparse.Namespace], int], *, ref: bool = True
    ):
        parser = commands.add_parser(name, help=help_text)
        if ref:
            parser.add_argument("case", metavar="CASE", help="办理事项编号（如 2026-0001）或序号")
        parser.add_argument("--today", type=date_arg, help=argparse.SUPPRESS)
        parser.set_defaults(handler=handler)
        return parser

    new = add("new", "新建办理事项", run_new, ref=False)
    new.add_argument("--holder", required=True, metavar="证件号码", help="持证人的证件号码")
    new.add_argument(
        "--kind",
        required=True,
        choices=tuple(CASE_KINDS),
        metavar="事项",
        help="；".join(f"{k} {v}" for k, v in CASE_KINDS.items()),
    )
    new.add_argument("--clause", type=int, metavar="N", help="申报条款 1–8（新办）")
    new.add_argument(
        "--housing",
        choices=tuple(HOUSING_KINDS),
        metavar="类型",
        help="住所证明："
        + "；".join(f"{k} {v}" for k, v in HOUSING_KINDS.items())
        + "（默认取登记册）",
    )
    new.add_argument("--submit", type=date_arg, metavar="YYYY-MM-DD", help="计划提交日期")
    new.add_argument(
        "--family", action="append", default=[], metavar="姓名", help="随往人员姓名（可多次）"
    )
    new.add_argument("--json", action="store_true", help="以 JSON 输出")

    listing = add("list", "列出办理事项", run_list, ref=False)
    listing.add_argument("--all", action="store_true", help="包括已核准、不予受理的事项")
    listing.add_argument("--json", action="store_true", help="以 JSON 输出")

    checklist = add("checklist", "材料清单：每项材料的状态与问题", run_checklist)
    checklist.add_argument("--json", action="store_true", help="以 JSON 输出")

    attach = add("attach", "为一项材料添加文件（PDF、JPG、PNG）", run_attach)
    attach.add_argument("item", metavar="ITEM", help="材料序号（如 3）或代码（如 id_card）")
    attach.add_argument("files", nargs="+", metavar="FILE", help="文件")
    attach.add_argument("--date", type=date_arg, help="材料的落款/出具日期")
    attach.add_argument("--valid-until", type=date_arg, help="材料的有效期至")
    scan_cmds.add_attach_options(attach)
    attach.add_argument(
        "--fix",
        action="store_true",
        help="添加后应用建议的修正（转正、纠正倾斜、转为 PDF、压缩；另存新文件，原文件保留）",
    )

    fix = add("fix", "列出或应用一项材料扫描件的建议修正（另存新文件，原文件保留）", run_fix)
    fix.add_argument("item", metavar="ITEM", help="材料序号（如 3）或代码（如 id_card）")
    fix.add_argument("--dry-run", action="store_true", help="只列出建议的修正，不应用")

    item = add("item", "记录一项材料：已收集原件、日期、有效期", run_item)
    item.add_argument("item", metavar="ITEM", help="材料序号或代码")
    item.add_argument("--collected", action="store_true", help="已收集原件")
    item.add_argument("--not-collected", action="store_true", help="取消“已收集原件”")
    item.add_argument("--date", type=date_arg, help="落款/出具日期")
    item.add_argument("--valid-until", type=date_arg, help="有效期至")
    scan_cmds.add_item_options(item)

    update = add("set", "修改办理事项：条款、住所证明、计划提交日期、应税收入", run_set)
    update.add_argument("--clause", metavar="N", help="申报条款 1–8")
    update.add_argument(
        "--housing", choices=tuple(HOUSING_KINDS), metavar="类型", help="住所证明类型"
    )
    update.add_argument("--submit", metavar="YYYY-MM-DD", help="计划提交日期")
    update.add_argument(
        "--incomes", metavar="金额,…", help="近几个月应税收入（元，按月份从早到晚，逗号分隔）"
    )

    facts = add(
        "facts", "查看或修改本事项的表格信息（借住房主、开始日期、关系、门牌；落款日期）", run_facts
    )
    add_loan_options(facts.add_argument_group("房屋借住声明"))
    facts.add_argument(
        "--date", type=date_arg, help="按此基准日期显示自动排定的落款日期（默认今天）"
    )
    facts.add_argument(
        "--form-date",
        action="append",
        default=[],
        metavar="表格=YYYY-MM-DD",
        help="指定某一表格的落款日期（保存）；日期写 auto 则恢复自动排定",
    )
    facts.add_argument("--json", action="store_true", help="以 JSON 输出")

    forms = add("forms", "生成本事项的表格（诚信声明、授权委托书等）并附到对应材料", run_forms)
    forms.add_argument(
        "--date",
        type=date_arg,
        help="表格的基准日期（默认今天）；诚信声明按本区要求排在其他材料之后",
    )
    forms.add_argument(
        "--form-date",
        action="append",
        default=[],
        metavar="表格=YYYY-MM-DD",
        help="指定某一表格的落款日期，如 declaration=2026-12-03（可多次）",
    )
    add_loan_options(forms.add_argument_group("房屋借住声明（保存到本事项的表格信息）"))
    forms.add_argument("--json", action="store_true", help="以 JSON 输出")

    assemble = add(
        "assemble",
        "整理材料：编号文件、带材料目录的 全部材料.pdf、内部核对单和网上上传材料（上传/ 及上传清单）"
        "（尚有问题的事项不整理）",
        run_assemble,
    )
    assemble.add_argument(
        "--draft",
        action="store_true",
        help="尚有须解决的问题时也整理，全部材料.pdf 每页标“草稿”（不可提交）",
    )
    assemble.add_argument("--json", action="store_true", help="以 JSON 输出")

    status = add("status", "更改办理状态", run_status)
    status.add_argument(
        "status",
        choices=tuple(STATUS_WORDS),
        metavar="状态",
        help="；".join(f"{k} {v}" for k, v in STATUS_WORDS.items()),
    )
    status.add_argument("--date", type=date_arg, help="提交/决定日期（默认今天）")
    status.add_argument("--reason", default="", help="退回补正或不予受理的原因")
    status.add_argument(
        "--expiry", type=date_arg, help="核准后新的有效期至（默认：核准日 + 有效期年数 − 1 天）"
    )
    status.add_argument("--force", action="store_true", help="仍有问题时也标记为已提交")

    add("zip", "将办理事项文件夹打包为 zip 归档", run_zip)
    case.set_defaults(handler=lambda _args: case.print_help() or 2)


def run_new(args: argparse.Namespace) -> int:
    from ..desk import cases, holders

    try:
        number = validate_id_number(
            args.holder,
            typed_id_type(args.holder),
            label="--holder",
        )
    except FieldError as error:
        raise CliError(str(error)) from None

    def work(desk):
        found = holders.find_by_id_number(desk, number)
        if found is None:
            raise CliError(f"登记册中没有证件号码为“{mask_id(number)}”的持证人")
        holder, family = found.holder, found.family
        assert holder.id is not None  # a holder read from the register has its id
        ids: list[int] = []
        for name in args.family:
            match = [m.id for m in family if m.name == name.strip() and m.id is not None]
            if not match:
                known = "、".join(m.name for m in family) or "（无）"
                raise CliError(f"{holder.name}没有名为“{name}”的随往人员（已登记：{known}）")
            ids += match
        housing = args.housing if args.housing else cases.UNSET
        case_id, _changes = cases.create(
            desk,
            holder_id=holder.id,
            kind=args.kind,
            clause=args.clause,
            housing=housing,
            family_ids=ids,
            submit_on=args.submit,
        )
        view = cases.view(desk, case_id)
        return {
            "id": case_id,
            "number": view.case.number,
            "holder": holder.name,
            "kind": view.case.kind,
            "district": view.case.district,
            "folder": str(cases.folder(desk, case_id)),
        }

    result = with_desk(args, work)
    if args.json:
        print_json(result)
    else:
        print(
            f"已新建办理事项 {result['number']}（{result['holder']} {CASE_KINDS[result['kind']]}），"
            f"文件夹：{result['folder']}"
        )
    return 0


def run_list(args: argparse.Namespace) -> int:
    from ..desk import cases

    rows = with_desk(args, lambda desk: cases.summaries(desk, open_only=not args.all))
    if args.json:
        print_json([row.__dict__ for row in rows])
        return 0
    for row in rows:
        deadline = f"{row.next_deadline} {row.next_deadline_what}" if row.next_deadline else "—"
        ready = "可提交" if row.can_submit else f"{row.blocking} 个问题"
        print(
            f"{row.number}  {row.holder_name}  {row.kind_label}  {row.status_label}  下一期限：{deadline}  {ready}"
        )
    return 0


def run_checklist(args: argparse.Namespace) -> int:
    from ..desk import cases
    from ..rules.case_checks import ITEM_STATES

    def work(desk):
        view = cases.view(desk, case_id_of(desk, args.case))
        items = []
        for row in view.rows:
            problems = [p.as_dict() for p in view.check.problems if p.item == row.key]
            data = row.item.as_dict() if row.item else {"key": row.key, "title": row.title}
            data.update(
                number=row.number,
                state=row.state.state,
                state_label=ITEM_STATES[row.state.state],
                dated=row.state.dated,
                valid_until=row.state.valid_until,
                valid_through=row.valid_through,
                files=[a.path for a in row.attachments],
                problems=problems,
            )
            items.append(data)
        deadline = view.check.next_deadline
        return {
            "case": view.case.number,
            "holder": view.holder.name,
            "kind": view.case.kind,
            "kind_label": view.kind_label,
            "district": view.checklist.district_name,
            "status": view.case.status,
            "status_label": view.status_label,
            "submit_on": view.case.submit_on,
            "checklist_source": view.checklist.source,
            "checklist_unverified": view.checklist.unverified,
            "can_submit": view.check.can_submit,
            "items": items,
            "problems": [p.as_dict() for p in view.check.problems],
            "next_deadline": {"date": deadline.day, "what": deadline.what} if deadline else None,
        }

    data = with_desk(args, work)
    if args.json:
        print_json(data)
        return 0
    print(
        f"{data['case']} {data['holder']} {data['kind_label']}（{data['district']}，{data['status_label']}）"
    )
    for item in data["items"]:
        print(
            f"  {item['number']:02d} [{item['state_label']}] {item['title']}（{item.get('provider', '')}）"
        )
    for problem in data["problems"]:
        print(f"  {'●' if problem['blocking'] else '○'} {problem['subject']}：{problem['message']}")
    print("可提交" if data["can_submit"] else "尚不能提交")
    return 0


def run_attach(args: argparse.Namespace) -> int:
    from ..desk import cases, scan_fixes

    def work(desk):
        case_id = case_id_of(desk, args.case)
        key = item_key_of(desk, case_id, args.item)
        files = [Path(f).expanduser() for f in args.files]
        cases.attach(
            desk,
            case_id,
            key,
            files,
            dated=args.date if args.date else cases.UNSET,
            valid_until=args.valid_until if args.valid_until else cases.UNSET,
        )
        fixed = scan_fixes.apply(desk, case_id, key) if args.fix else None
        findings = cases.scan_findings(desk, case_id, key)
        read = scan_cmds.proposals(desk, case_id, key) if args.json else None
        return cases.view(desk, case_id).case.number, key, files, findings, read, fixed

    number, key, files, findings, read, fixed = with_desk(args, work)
    if args.json:
        print_json(
            {
                "case": number,
                "item": key,
                "files": [str(f) for f in files],
                "scan_findings": findings,
                "fixed": [
                    {"file": entry.name, "fixed": str(path), "fixes": entry.lines}
                    for entry, path in (fixed.fixed if fixed else [])
                ],
                "rechecked": fixed.rechecked if fixed else [],
                **read,
            }
        )
        return 0
    print(f"已为 {number} 的“{key}”添加 {len(files)} 个文件")
    for finding in findings:  # a warning: the clerk decides whether to scan again
        print(f"扫描检查：{finding}")
    if fixed is not None:
        print_applied(key, fixed)
    return 0


def run_item(args: argparse.Namespace) -> int:
    from ..desk import cases

    if args.accept_read or args.dismiss_read:
        return scan_cmds.accept_read(args)
    if args.collected and args.not_collected:
        raise CliError("--collected 与 --not-collected 不能同时使用")
    changes: dict[str, Any] = {}
    if args.collected or args.not_collected:
        changes["collected"] = args.collected
    if args.date:
        changes["dated"] = args.date
    if args.valid_until:
        changes["valid_until"] = args.valid_until
    if not changes:
        raise CliError("请至少给出 --collected、--not-collected、--date 或 --valid-until 之一")

    def work(desk):
        case_id = case_id_of(desk, args.case)
        key = item_key_of(desk, case_id, args.item)
        cases.update_item(desk, case_id, key, **changes)
        return cases.view(desk, case_id).case.number, key

    number, key = with_desk(args, work)
    print(f"已更新 {number} 的“{key}”")
    return 0


def run_set(args: argparse.Namespace) -> int:
    from ..desk import cases

    data = {
        name: getattr(args, attr)
        for name, attr in (
            ("clause", "clause"),
            ("housing", "housing"),
            ("submit_on", "submit"),
            ("incomes", "incomes"),
        )
        if getattr(args, attr) is not None
    }
    if not data:
        raise CliError("请至少给出 --clause、--housing、--submit 或 --incomes 之一")

    def work(desk):
        case_id = case_id_of(desk, args.case)
        cases.update(desk, case_id, data=data)
        return cases.view(desk, case_id).case.number

    print(f"已更新办理事项 {with_desk(args, work)}")
    return 0


def run_status(args: argparse.Namespace) -> int:
    from ..desk import cases

    def work(desk):
        case_id = case_id_of(desk, args.case)
        cases.set_status(
            desk,
            case_id,
            status=args.status,
            on=args.date or desk.today(),
            note=args.reason,
            expiry=args.expiry,
            force=args.force,
        )
        return cases.view(desk, case_id).case

    case = with_desk(args, work)
    tail = (
        f"，新的有效期至 {case.approved_expiry}"
        if args.status == "approved" and case.approved_expiry
        else ""
    )
    print(f"办理事项 {case.number} 已改为“{STATUS_WORDS[case.status]}”{tail}")
    return 0
