"""``wrc form``: one form as a PDF, filled from the register or blank for handwriting."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from pathlib import Path

from ..rules.errors import FieldError
from ..rules.form_facts import LoanFacts, LoanOwner, owner_id_type
from ..rules.identity import mask_id, typed_id_type, validate_id_number
from ._common import CliError, date_arg, district_arg, today_or, with_desk

LOAN_ONLY = ("owner", "address", "room", "relation", "since")


class FormKinds:
    """The forms' names as ``wrc form`` accepts them, read from the desk only when a ``wrc form``
    line is checked or its help shown: building every command's parser (``wrc --help``) then
    loads none of the register's libraries.

    Listed (for the help and for a wrong name's message) as "name title"; a name is in it."""

    def __contains__(self, slug: object) -> bool:
        from ..desk import forms

        return slug in forms.FORM_SLUGS

    def __iter__(self) -> Iterator[str]:
        from ..desk import forms

        return iter([f"{slug} {title}" for slug, title in forms.titles().items()])


def register(subparsers: argparse._SubParsersAction) -> None:
    form = subparsers.add_parser(
        "form", help="生成表格 PDF（授权委托书、诚信声明、房屋借住声明等）"
    )
    form.add_argument("kind", choices=FormKinds(), metavar="表格", help="表格：%(choices)s")
    form.add_argument("--holder", metavar="身份证号码", help="持证人的证件号码（--blank 时可省略）")
    form.add_argument("--out", required=True, metavar="FILE.pdf", help="输出文件")
    form.add_argument("--blank", action="store_true", help="空白表（供手写）")
    form.add_argument("--date", type=date_arg, help="落款日期 YYYY-MM-DD（默认今天）")
    form.add_argument(
        "--district",
        type=district_arg,
        metavar="区",
        help="空白表按哪个区的措辞（填写的表格按持证人单位所在区）",
    )
    form.add_argument(
        "--agent", metavar="姓名", help="代理人（经办人）姓名，默认单位的第一位经办人"
    )
    add_loan_options(
        form.add_argument_group(
            "房屋借住声明（loan；--room、--address 也用于居住证明 unit-housing）"
        )
    )
    change = form.add_argument_group("信息变更申请表（info-change、unit-change）")
    change.add_argument(
        "--change",
        action="append",
        default=[],
        metavar="事项",
        help="勾选的事项：info-change 用 employer/address/family/other；"
        "unit-change 用 reset/basic/transfer/other",
    )
    change.add_argument("--other", default="", metavar="说明", help="“其他（请注明）”的内容")
    form.set_defaults(handler=run_form)


def run_form(args: argparse.Namespace) -> int:
    from ..desk import forms

    out = _output_path(args.out)
    options = forms.FormOptions(
        on=today_or(args.date),
        blank=args.blank,
        agent=args.agent,
        loan=_loan(args),
        changes=_changes(args),
        other_change=args.other,
        district=args.district,
    )
    number = None
    if args.holder:
        try:
            number = validate_id_number(
                args.holder,
                typed_id_type(args.holder),
                label="--holder",
            )
        except FieldError as error:
            raise CliError(str(error)) from None
    elif not args.blank:
        raise CliError("缺少必填参数：--holder（持证人的证件号码），或使用 --blank 生成空白表")

    def work(desk) -> forms.FormDefinition:
        holder_id = None
        if number is not None:
            holder_id = forms.find_holder_id(desk, number)
            if holder_id is None:
                raise CliError(f"登记册中没有证件号码为“{mask_id(number)}”的持证人")
        try:
            return forms.save(desk, args.kind, [holder_id], options, out, district=args.district)
        except forms.MissingFacts as error:
            raise CliError(_with_options(error)) from None

    form = with_desk(args, work)
    print(f"已生成《{form.title}》：{out}")
    return 0


# The option that supplies each fact a form may miss.
_OPTION_OF = {
    "房主姓名及身份证号码": "--owner 姓名,身份证号",
    "开始借住日期": "--since",
    "借住人与房主的关系": "--relation",
    "借住地址（精确至门牌）": "--room 或 --address",
}


def _with_options(error) -> str:
    """The refusal with the options that give each missing fact."""
    hints = [f"{label}（{_OPTION_OF[label]}）" for label in error.labels if label in _OPTION_OF]
    rest = [label for label in error.labels if label not in _OPTION_OF]
    if not hints:
        return str(error)
    return f"{str(error).split('：')[0]}：请用参数补充 {'、'.join(hints + rest)}，或使用 --blank"


def _output_path(text: str) -> Path:
    path = Path(text).expanduser()
    if path.suffix.lower() != ".pdf":
        raise CliError(f"输出文件“{text}”应以 .pdf 结尾")
    if not path.parent.is_dir():
        raise CliError(f"输出文件夹“{path.parent}”不存在")
    return path


def add_loan_options(group) -> None:
    """The loan declaration's facts (房屋借住声明): owners, start, relationship, address."""
    group.add_argument(
        "--owner",
        action="append",
        default=[],
        metavar="姓名,身份证号[,关系]",
        help="房主；共有房屋每位产权人各写一次，关系不同时写在号码后（如 张大山,1101…,父子）",
    )
    group.add_argument("--since", type=date_arg, metavar="YYYY-MM-DD", help="开始借住的日期")
    group.add_argument(
        "--relation",
        metavar="关系",
        help="借住人与房主的关系，如 父子、朋友（未按房主写关系时适用于每位房主）",
    )
    group.add_argument(
        "--room", metavar="门牌", help="登记册居住地址之后的楼号、单元、房间号，如 3号楼2单元502室"
    )
    group.add_argument(
        "--address", metavar="地址", help="完整借住地址（精确至门牌），代替登记册地址 + --room"
    )


def loan_given(args: argparse.Namespace) -> list[str]:
    return [name for name in LOAN_ONLY if getattr(args, name, None)]


def loan_facts(args: argparse.Namespace, base: LoanFacts | None = None) -> LoanFacts:
    """The loan facts of the command line over ``base`` (an option given replaces its fact)."""
    base = base or LoanFacts()
    owners = []
    for text in args.owner:
        name, sep, rest = text.replace("，", ",").partition(",")
        number, _, relation = rest.partition(",")
        if not sep or not name.strip() or not number.strip():
            raise CliError(f"--owner“{text}”应写成“姓名,身份证号”或“姓名,身份证号,关系”")
        try:
            number = validate_id_number(
                number, owner_id_type(number), label=f"房主“{name.strip()}”的身份证号"
            )
        except FieldError as error:
            raise CliError(str(error)) from None
        owners.append(LoanOwner(name.strip(), number, relation.strip()))
    return LoanFacts(
        owners=tuple(owners) or base.owners,
        since=args.since or base.since,
        relation=(args.relation or "").strip() or base.relation,
        address=(args.address or "").strip() or base.address,
        room=(args.room or "").strip() or base.room,
    )


def _loan(args: argparse.Namespace) -> LoanFacts:
    given = loan_given(args)
    if args.kind == "unit-housing":  # the 居住证明 prints the address with its door number
        given = [name for name in given if name not in ("room", "address")]
    if given and args.kind != "loan":
        raise CliError(f"参数 --{given[0]} 仅用于房屋借住声明（loan）")
    return loan_facts(args)


def _changes(args: argparse.Namespace) -> frozenset[str]:
    if not args.change:
        return frozenset()
    from ..desk.forms import FORM_CHANGE_BOXES

    allowed = FORM_CHANGE_BOXES.get(args.kind)
    if allowed is None:
        raise CliError("参数 --change 仅用于 info-change 和 unit-change")
    for code in args.change:
        if code not in allowed:
            raise CliError(f"--change 的值“{code}”无效（可选：{'、'.join(sorted(allowed))}）")
    return frozenset(args.change)
