"""The words the clerk reads for a permit's state and a 待办 group: each defined once, with its rule.

Every screen, report and command that names a state takes the word from here (the register
column and its filter, the holder dialog, 待办's groups, the tray and the daily reminder, the
Excel report, the calendar and the JSON of ``wrc holders`` / ``wrc due``); the help window shows
this glossary. A word means one thing: 紧急 is a 待办 group (any dated task within
:data:`URGENT_DAYS` days), so the permit state with at most :data:`URGENT_WORKING_DAYS` working
days left to the latest submission is 即将到最晚提交日, in the line of 即将进入续签期 and
已过最晚提交日. For the same reason the grace period after expiry reads 已过有效期（宽限期内）,
not 已过期, which a clerk reads as 已逾期 (a 待办 group).

Stored codes and their labels (the clerk's record of a permit: 有效 / 挂起 / 失效 / 注销) stay in
:mod:`.vocab`; :data:`RECORDED` says what each one means for the computed state.
"""

from __future__ import annotations

from dataclasses import dataclass

URGENT_WORKING_DAYS = (
    5  # 即将到最晚提交日: at most this many working days left to the latest submission
)
UPCOMING_DAYS = 30  # 即将进入续签期: the window opens within this many days
URGENT_DAYS = 14  # 待办 紧急: any dated task due within this many days


@dataclass(frozen=True, slots=True)
class Term:
    """One word the clerk reads, with the rule that gives it, in one Chinese sentence."""

    code: str
    word: str
    rule: str
    todo: str = ""  # what the clerk does about it, where the word asks for something


def _terms(*terms: Term) -> dict[str, Term]:
    return {term.code: term for term in terms}


# A permit's state, least to most urgent within the renewal stages (rules.deadlines.STATUSES,
# in this order), then what the register records.
PERMIT_STATES = _terms(
    Term("normal", "正常", f"续签期在 {UPCOMING_DAYS} 日以后才开始。", "无需处理。"),
    Term(
        "upcoming",
        "即将进入续签期",
        f"续签期在 {UPCOMING_DAYS} 日内开始。",
        "提前准备材料，先续签劳动合同（如需要）。",
    ),
    Term(
        "in_window",
        "续签期内",
        f"已进入续签期，距最晚提交日还多于 {URGENT_WORKING_DAYS} 个工作日。",
        "尽早新建“续签”办理事项并提交。",
    ),
    Term(
        "near_latest",
        "即将到最晚提交日",
        f"距最晚提交日只剩 {URGENT_WORKING_DAYS} 个工作日或更少（今天不计，最晚提交日当天计入）。",
        "今天就处理，在最晚提交日或之前的受理日提交。",
    ),
    Term(
        "past_latest",
        "已过最晚提交日",
        "已过最晚提交日、证件尚未到期：仍可提交，但审核可能来不及。",
        "在最近的受理日提交，并联系区人力社保局。",
    ),
    Term(
        "grace",
        "已过有效期（宽限期内）",
        "已过有效期满日、尚未到失效日（东城有效期满后 30 日）：须立即提交续签。",
        "在最近的受理日提交，不要再等。",
    ),
    Term(
        "lapsed",
        "已失效",
        "已到失效日而未续签，或登记为失效。",
        "按新办重新申请；或在待办点“登记失效”了结。",
    ),
    Term(
        "left",
        "已离职",
        "持证人已离职归档，记录和证件历史保留。",
        "按待办办理离职注销和聘用单位变更；可恢复在职。",
    ),
    Term("cancelled", "已注销", "证件登记为注销（如离职后办理了注销）。", "无需处理，记录保留。"),
    Term(
        "suspended",
        "已挂起（待新单位关联）",
        "证件登记为挂起：原单位已解除关联，等待新单位关联并办理聘用单位变更。",
        "与新单位确认办理进度。",
    ),
    Term(
        "no_permit",
        "未登记证件",
        "登记册中没有这名持证人的证件有效期。",
        "编辑该持证人，补录证书编号和有效期。",
    ),
    Term(
        "uncomputable",
        "无法计算",
        "登记的日期无法按规则计算（如超出工作日历）。",
        "查看说明，核对并更正所填日期。",
    ),
)
RENEWAL_STAGES = (
    "normal",
    "upcoming",
    "in_window",
    "near_latest",
    "past_latest",
    "grace",
    "lapsed",
)

# The groups of the due list (待办), in their order on the page.
URGENCY_GROUPS = _terms(
    Term("overdue", "已逾期", "待办中须完成的日期已过（含已过最晚提交日、宽限期内的续签）。"),
    Term("urgent", "紧急", f"待办中 {URGENT_DAYS} 日内（含今天）须完成的事项。"),
    Term("soon", "近期", f"待办中 {URGENT_DAYS} 日以后才须完成的事项。"),
    Term("settle", "待了结", "已成定局、只需知悉或登记了结的事项（如证件已失效、已达年龄上限）。"),
)

# What the clerk records on a permit (rules.vocab.PERMIT_STATUS), and what it does to the state.
RECORDED = _terms(
    Term(
        "valid",
        "按有效期计算",
        "未登记挂起、失效或注销（花名册中写“有效”）：当前状态按有效期计算。",
    ),
    Term("suspended", "挂起", "当前状态为“已挂起（待新单位关联）”，不论有效期。"),
    Term("lapsed", "失效", "当前状态为“已失效”，不论有效期。"),
    Term("cancelled", "注销", "当前状态为“已注销”，不论有效期。"),
)
# The choices of the holder dialog's 登记的证件状态 (codes of rules.vocab.PERMIT_STATUS): "有效"
# is not offered as such, since a permit recorded valid may be lost by its dates.
RECORDED_CHOICES = {code: term.word for code, term in RECORDED.items()}
# The recorded words worth showing beside the computed state: they say what the state may not
# (a leaver's permit recorded as suspended or cancelled shows as 已离职).
RECORDED_SAYS_MORE = ("suspended", "cancelled")

# What a day figure counts to, and in which unit. Calendar days (日) for every date a guide
# states as a date or in 日 (the expiry, the grace period, 60 日, a birthday): the figure reads
# against the printed date, Excel recounts it on the day the sheet is opened, and it does not
# move when a year's official holiday notice arrives. Working days (工作日) only where the guide
# counts them to the very date shown (003's "提前三个工作日在受理窗口预约"). The state
# 即将到最晚提交日 still follows its rule in working days; 待办's tooltip shows both counts.
DAY, WORKING_DAY = "日", "工作日"
DEADLINE_UNITS = {
    "最晚提交日": DAY,
    "最晚确认日": DAY,
    "失效日": DAY,
    "有效期满日": DAY,
    "预约截止日": WORKING_DAY,
    "注销期限": DAY,
    "聘用单位变更期限": DAY,
    "劳动合同到期日": DAY,
    "满 16 周岁": DAY,
    "满 18 周岁": DAY,
    "年龄上限日": DAY,
    "材料到期日": DAY,
    "办理期限": DAY,
    "更正期限": DAY,
}

# Words earlier versions used for a state: anything stored with them reads as today's word.
FORMER_WORDS = {
    "紧急": PERMIT_STATES["near_latest"].word,
    "已过期（须立即提交）": PERMIT_STATES["grace"].word,
}

STATE_WORDS = tuple(term.word for term in PERMIT_STATES.values())
URGENCY_WORDS = {code: term.word for code, term in URGENCY_GROUPS.items()}


def state_word(code: str) -> str:
    return PERMIT_STATES[code].word


def current_word(word: str) -> str:
    """The state word for ``word`` as stored by any version (an earlier word reads as today's)."""
    return FORMER_WORDS.get(word, word)


def rule_of(word: str) -> str:
    """The rule of a state or group word (an earlier word reads as today's); "" if unknown."""
    word = current_word(word)
    for _title, terms in SECTIONS:
        for term in terms.values():
            if term.word == word:
                return term.rule
    return ""


def recorded_note(recorded_status: str | None, state_label: str) -> str:
    """The recorded status in words where it says something ``state_label`` does not, else "".

    E.g. a leaver (已离职) whose permit is recorded as cancelled: "登记的证件状态：注销"."""
    if recorded_status not in RECORDED_SAYS_MORE:
        return ""
    same = {"suspended": "suspended", "cancelled": "cancelled"}[recorded_status]
    if state_label == PERMIT_STATES[same].word:
        return ""
    return f"登记的证件状态：{RECORDED[recorded_status].word}"


SECTIONS = (
    ("证件状态（登记册、持证人、Excel 报表）", PERMIT_STATES),
    ("待办分组", URGENCY_GROUPS),
    ("登记的证件状态（持证人对话框中由经办人登记）", RECORDED),
)


def glossary_markdown() -> str:
    """The glossary as the help window shows it (the guide's 三、各种提示的含义): each word with
    its rule and what to do."""
    parts = [
        (
            "每个词只有一个意思：登记册的“状态”说证件处在哪个阶段，待办的分组说这件事多急；"
            "“剩余”一栏写明距哪个期限、以什么为单位。"
        )
    ]
    for title, terms in SECTIONS:
        parts += ["", f"### {title}", "", "| 词 | 含义 | 该做什么 |", "| --- | --- | --- |"]
        parts += [f"| {t.word} | {t.rule} | {t.todo or '—'} |" for t in terms.values()]
    parts += [
        "",
        "### 剩余天数",
        "",
        (
            "“距最晚提交日还剩 4 日”“已过失效日 29 日”：先写距哪个期限，再写多少。"
            "证件的期限是最晚提交日（自动延续为最晚确认日），过了它则是失效日。"
            "除预约截止日按工作日计外，都按日历日计（当天不计）。"
        ),
    ]
    return "\n".join(parts) + "\n"
