"""``wrc demo`` and ``wrc holders``: filling and reading the register."""

from __future__ import annotations

import argparse

from ._common import date_arg, print_json, with_desk


def register(subparsers: argparse._SubParsersAction) -> None:
    demo = subparsers.add_parser("demo", help="在数据文件夹中生成演示登记册")
    demo.add_argument("--holders", type=int, default=200, help="持证人数量（默认 200）")
    demo.add_argument("--today", type=date_arg, help="以此日期为“今天”生成（YYYY-MM-DD）")
    demo.add_argument("--seed", type=int, default=2026, help=argparse.SUPPRESS)
    demo.set_defaults(handler=run_demo)

    holders = subparsers.add_parser("holders", help="列出全部持证人（含单位、证件与随往人员）")
    holders.add_argument(
        "--json",
        action="store_true",
        required=True,
        help="以 JSON 输出（含完整证件号码；days_left、counts_to 为登记册“剩余”一栏的天数及所距期限）",
    )
    holders.add_argument(
        "--today", type=date_arg, help="以此日期为“今天”计算证件状态（YYYY-MM-DD）"
    )
    holders.set_defaults(handler=run_holders)


def run_demo(args: argparse.Namespace) -> int:
    from ..desk import admin, holders

    def work(desk) -> tuple[dict[str, int], str]:
        counts = holders.fill_demo(desk, holders=args.holders, seed=args.seed)
        return counts, admin.location(desk)

    counts, location = with_desk(args, work)
    print(
        f"已生成演示登记册：{counts['units']} 个单位、{counts['holders']} 名持证人、"
        f"{counts['family']} 名随往人员（{location}）"
    )
    return 0


def run_holders(args: argparse.Namespace) -> int:
    from ..desk import holders

    print_json(with_desk(args, holders.holders_document))
    return 0
