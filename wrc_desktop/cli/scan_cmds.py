"""``wrc scan``: read a scan's dates and figures (offline OCR) — and the hooks by which
``wrc case attach --json`` shows what its scans propose and ``wrc case item --accept-read``
stores it."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

from ._common import CliError, print_json, with_desk

KIND_CHOICES = ("id-card", "contract", "permit", "income-record", "tax-certificate")


def register(subparsers: argparse._SubParsersAction) -> None:
    scan = subparsers.add_parser(
        "scan", help="扫描件识别：从身份证、劳动合同、工作居住证、收入记录读取日期和金额"
    )
    commands = scan.add_subparsers(dest="scan_command", metavar="子命令", parser_class=type(scan))
    read = commands.add_parser(
        "read", help="识别一份扫描件（PDF、JPG、PNG），列出读到的内容（不保存）"
    )
    read.add_argument("file", metavar="FILE", help="扫描件")
    read.add_argument(
        "--kind",
        choices=KIND_CHOICES,
        metavar="类型",
        help="材料类型：id-card 居民身份证；contract 劳动合同；permit 工作居住证；"
        "income-record 申报收入查询记录/纳税记录；tax-certificate 税收完税证明（默认自动判断）",
    )
    read.add_argument("--json", action="store_true", help="以 JSON 输出")
    read.set_defaults(handler=run_read)
    scan.set_defaults(handler=lambda _args: scan.print_help() or 2)


def run_read(args: argparse.Namespace) -> int:
    from ..desk import scan_proposals

    reading = scan_proposals.read_scan(Path(args.file).expanduser(), args.kind)
    data = scan_proposals.masked(reading)
    if args.json:
        print_json(data)
        return 0
    print(f"{Path(args.file).name}：{data['kind'] or '未知材料'}（{data['seconds']:.1f} 秒）")
    for value in data["values"]:
        print(
            f"  {value['label'] or value['field']}：{_shown(value['value'])}"
            f"（把握 {value['confidence']:.0%}；原文：{' '.join(value['source'].split())[:60]}）"
        )
    for note in data["notes"]:
        print(f"  ○ {note}")
    return 0


def _shown(value: Any) -> str:
    if isinstance(value, list):
        return "；".join(
            " ".join(str(v) for v in row.values()) if isinstance(row, dict) else str(row)
            for row in value
        )
    return str(value)


# --- hooks for ``wrc case`` ---------------------------------------------------------------------


def add_attach_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--json", action="store_true", help="以 JSON 输出（含从扫描件读到的建议值）"
    )


def add_item_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--accept-read", action="store_true", help="采用从此项扫描件读到的日期、有效期和收入"
    )
    parser.add_argument(
        "--dismiss-read",
        action="store_true",
        help="已核对原件：此项扫描件读出的与登记册不一致之处不再列为问题",
    )


def proposals(desk, case_id: int, key: str) -> dict[str, Any]:
    """What the item's scans propose, for ``wrc case attach --json``: no value is stored; the
    differences with the register, now shown, are kept as the case's problems."""
    from ..desk import scan_proposals

    if not scan_proposals.available():
        note = scan_proposals.missing_extra_message()
        return {"proposals": [], "mismatches": [], "notes": [note], "read": []}
    reading = scan_proposals.read_item(desk, case_id, key, progress=terminal_progress(sys.stderr))
    scan_proposals.record_review(desk, reading)
    data = reading.as_dict()
    data.pop("item")
    return data


def terminal_progress(stream: TextIO) -> Callable[[int, int], None] | None:
    """ "正在读取 2/3 …" on one line of ``stream`` while files are read — only on a terminal, so
    the JSON on stdout and a script's captured stderr stay clean."""
    if not stream.isatty():
        return None

    def show(done: int, total: int) -> None:
        if done < total:
            stream.write(f"\r正在读取 {done + 1}/{total} …")
        else:
            stream.write(f"\r已读取 {total} 个文件\n")
        stream.flush()

    return show


def accept_read(args: argparse.Namespace) -> int:
    """``wrc case item CASE ITEM --accept-read``: store what the item's scans propose;
    ``--dismiss-read``: their differences with the register were checked."""
    from ..desk import scan_proposals
    from ._case_refs import case_id_of, item_key_of

    if getattr(args, "dismiss_read", False):
        if args.accept_read:
            raise CliError("--accept-read 与 --dismiss-read 不能同时使用")

        def dismiss(desk):
            case_id = case_id_of(desk, args.case)
            key = item_key_of(desk, case_id, args.item)
            return key, scan_proposals.dismiss(desk, case_id, key)

        key, names = with_desk(args, dismiss)
        print(f"已核对“{key}”的扫描件 {'、'.join(names)}：读出的不一致不再列为问题")
        return 0

    def work(desk):
        case_id = case_id_of(desk, args.case)
        key = item_key_of(desk, case_id, args.item)
        reading = scan_proposals.read_item(desk, case_id, key)
        stored = scan_proposals.accept(desk, case_id, key)
        return key, stored, reading

    key, stored, reading = with_desk(args, work)
    for mismatch in reading.mismatches:
        print(f"  ● {mismatch.file}：{mismatch.message}")
    if not stored:
        print(f"“{key}”的扫描件没有读到需要保存的新内容")
        return 0
    for proposal in stored:
        print(f"已采用 {proposal.label}：{_shown(proposal.value)}（来自 {proposal.file}）")
    return 0
