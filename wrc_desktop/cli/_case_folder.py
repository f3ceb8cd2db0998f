"""``wrc case forms / facts / assemble / fix / zip``: a case's forms, their facts, its scans' fixes and its folder."""

from __future__ import annotations

import argparse
import datetime as dt
from dataclasses import replace

from ..rules.form_facts import describe_changes
from ._case_refs import case_id_of, item_key_of
from ._common import CliError, date_arg, print_json, with_desk
from .forms import loan_facts, loan_given


def run_forms(args: argparse.Namespace) -> int:
    from ..desk import case_facts, cases

    # without allow_auto every value is a date: the filter only says so to the type checker
    dates = {slug: day for slug, day in _form_dates(args.form_date).items() if day is not None}
    saved = ""

    def work(desk):
        nonlocal saved
        case_id = case_id_of(desk, args.case)
        if loan_given(args):
            facts, version = case_facts.read(desk, case_id)
            changed = replace(facts, loan=loan_facts(args, facts.loan))
            case_facts.save(desk, case_id, changed, expected_version=version, seen=facts)
            saved = changed.summary()
        on = args.date or desk.today()
        return cases.generate_forms(desk, case_id, on=on, dates=dates)

    paths = with_desk(args, work)
    if args.json:
        print_json({"forms": [str(p) for p in paths], "facts_saved": saved})
    else:
        if saved:
            print(f"已保存表格信息：{saved}")
        print("\n".join(f"已生成：{p}" for p in paths))
    return 0


def run_facts(args: argparse.Namespace) -> int:
    from ..desk import case_facts

    chosen = _form_dates(args.form_date, allow_auto=True)
    result: dict = {}

    def work(desk):
        case_id = case_id_of(desk, args.case)
        facts, version = case_facts.read(desk, case_id)
        changed = facts
        if loan_given(args) or chosen:
            dates = {**facts.form_dates, **{k: v for k, v in chosen.items() if v is not None}}
            for slug in (k for k, v in chosen.items() if v is None):
                dates.pop(slug, None)
            changed = replace(facts, loan=loan_facts(args, facts.loan), form_dates=dates)
            case_facts.save(desk, case_id, changed, expected_version=version, seen=facts)
        planned = case_facts.planned_dates(desk, case_id, on=args.date or desk.today())
        titles = {p.form.slug: p.form.title for p in planned}
        result["changes"] = describe_changes(facts, changed, titles)
        result["facts"] = changed.summary()
        result["dates"] = {p.form.title: p.dated.isoformat() for p in planned}

    with_desk(args, work)
    if args.json:
        print_json(result)
        return 0
    for line in result["changes"]:
        print(f"已修改 {line}")
    print(f"表格信息：{result['facts'] or '（无）'}")
    for title, day in result["dates"].items():
        print(f"《{title}》落款日期：{day}")
    return 0


def _form_dates(texts: list[str], *, allow_auto: bool = False) -> dict[str, dt.date | None]:
    """``--form-date declaration=2026-12-03`` → {slug: date}, each checked (``auto``: None)."""
    from ..desk.assembly import FORM_SLUGS

    dates: dict[str, dt.date | None] = {}
    for text in texts:
        slug, sep, day = text.partition("=")
        slug = slug.strip()
        if not sep or slug not in FORM_SLUGS:
            raise CliError(
                f"--form-date“{text}”应写成“表格=YYYY-MM-DD”（表格：{'、'.join(FORM_SLUGS)}）"
            )
        if allow_auto and day.strip() == "auto":
            dates[slug] = None
            continue
        try:
            dates[slug] = date_arg(day.strip())
        except argparse.ArgumentTypeError as error:
            raise CliError(f"--form-date“{text}”：{error}") from None
    return dates


def run_assemble(args: argparse.Namespace) -> int:
    from ..desk import assembly, cases

    plan, max_mb = with_desk(
        args,
        lambda desk: (
            cases.plan_assembly(desk, case_id_of(desk, args.case)),
            desk.preferences().upload_max_mb,
        ),
    )
    if plan.blocking and not args.draft:
        try:
            plan.refuse_unless_submittable()
        except assembly.NotSubmittable as error:  # said before anything is built
            raise CliError(f"{error}。未整理任何文件；如需先打印草稿，请加 --draft") from None
    result = assembly.build(plan, draft=args.draft, max_mb=max_mb)
    if args.json:
        print_json(result.as_dict())
    else:
        draft = "（草稿，每页标“草稿”，不可提交）" if result.draft else ""
        merged = (
            f"合并文件：{result.merged}（{result.pages} 页）{draft}"
            if result.merged is not None
            else "本区全程线上办理：不生成窗口提交用的合并文件与编号文件，请按上传清单上传"
        )
        print(
            f"已整理：{result.folder}\n{merged}"
            f"\n内部核对单：{result.cover}（经办人留存，不提交）"
            f"\n上传清单：{result.upload_list}"
        )
        _print_uploads(result.uploads)
        for path in result.kept:
            print(f"文件夹中已有经办人自己的“{path.name}”，未覆盖；程序生成的文件另行命名")
    return 0


def _print_uploads(rows: list[dict]) -> None:
    """The 上传清单 in short: each slot, its file (or that a scan is missing), its findings."""
    for row in rows:
        where = f"{row['login']}账号 · {row['module']} → {row['slot']}"
        if row["unverified"]:
            where += "（未核实）"
        shown = row["file"] or ("尚无扫描件" + ("（必交）" if row["required"] else "（选交）"))
        problems = len(row["checks"]) - 1 if row["file"] and row["checks"][0] != "未发现问题" else 0
        print(f"  {where}：{shown}" + (f"，扫描检查 {problems} 条提示" if problems else ""))


def run_fix(args: argparse.Namespace) -> int:
    """``wrc case fix CASE ITEM [--dry-run]``: list, or apply, the suggested fixes of an item's scans."""
    from ..desk import scan_fixes

    def work(desk):
        case_id = case_id_of(desk, args.case)
        key = item_key_of(desk, case_id, args.item)
        if args.dry_run:
            return key, scan_fixes.suggested(desk, case_id, key), None
        return key, None, scan_fixes.apply(desk, case_id, key)

    key, found, done = with_desk(args, work)
    if found is not None:
        print_fixes(key, found, applied=False)
    else:
        print_applied(key, done)
    return 0


def print_fixes(key: str, found: list, *, applied: bool) -> None:
    if not found:
        print(f"“{key}”的扫描件没有可应用的修正")
    for entry in found:
        state = "（已应用）" if entry.applied else ""
        print(f"{entry.name} → {entry.fixed_name}{state}：{'；'.join(entry.lines)}")


def print_applied(key: str, done) -> None:
    if not done.fixed:
        print(f"“{key}”的扫描件没有可应用的修正")
    for entry, path in done.fixed:
        print(f"已修正：{entry.name} → {path.name}（原文件保留）：{'；'.join(entry.lines)}")
    for finding in done.rechecked:  # what the fixed file still shows: scan again for these
        print(f"修正后复查：{finding}")
    if done.fixed and not done.rechecked:
        print("修正后复查：未发现问题")


def run_zip(args: argparse.Namespace) -> int:
    from ..desk import assembly, cases

    folder = with_desk(args, lambda desk: cases.folder(desk, case_id_of(desk, args.case)))
    print(f"已打包：{assembly.zip_folder(folder)}")
    return 0
