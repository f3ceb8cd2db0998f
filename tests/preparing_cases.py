"""Cases being prepared on the demo register, as a clerk has them: one in each district, of
several kinds (a renewal, one returned for more materials), with items collected and dated, a 房屋借住声明 about to lapse before the planned
submission, a permit with an older period recorded after its current one, scans whose reading differs from the register (open, dismissed), a generated form,
a file kept on an item the checklist no longer lists — and a submitted and an approved case,
which the due list leaves out. Made through the desk's use cases, as the window makes them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from tests.helpers import desk_over, holder_data, id_number
from wrc_desktop.desk import cases as desk_cases
from wrc_desktop.desk import holders as desk_holders

MISMATCH = "扫描件上的劳动合同的用人单位“北京华信律师事务所”与聘用单位不一致"
# 000: a 房屋借住声明 is valid for 90 calendar days from its date.
BORROW_DAYS = 90


@dataclass(frozen=True)
class PreparedCases:
    preparing: list[int]  # the cases the due list warns about (preparing, or returned)
    lapsing: int  # the 西城 case whose 房屋借住声明 lapses before its planned submission
    submitted: int
    approved: int

    def all(self) -> list[int]:
        return [*self.preparing, self.submitted, self.approved]


def prepare_cases(register, today: dt.date) -> PreparedCases:
    desk = desk_over(register, today)
    rows = desk_holders.snapshot(desk).rows
    active = [r for r in rows if r.status == "active" and r.expiry is not None]
    by_district = {r.district: r for r in reversed(active)}  # the first of each district
    preparing: list[int] = []
    for district, kind in (("haidian", "general-change"), ("dongcheng", "address-change"),
                           ("shijingshan", "family-change")):  # fmt: skip
        holder = by_district[district]
        submit = today + dt.timedelta(days=15)
        case_id, _ = desk_cases.create(
            desk, holder_id=holder.holder_id, kind=kind, submit_on=submit
        )
        _collect_some(desk, case_id, today)
        preparing.append(case_id)
    _scans(register, desk, preparing[0])
    _listed_no_more(register, desk, preparing[1])
    desk_cases.set_status(desk, preparing[2], status="submitted", on=today, force=True)
    desk_cases.set_status(desk, preparing[2], status="returned", on=today, note="补充材料")
    lapsing = _borrowed_housing_case(desk, by_district["xicheng"].unit_id, today)
    preparing.append(lapsing)
    taken = {r.holder_id for r in by_district.values()}
    snapshot = desk_holders.snapshot(desk)
    renewing = next(
        row.holder_id
        for row, state in zip(snapshot.rows, snapshot.states, strict=True)
        if row.district == "haidian" and row.holder_id in {r.holder_id for r in active}
        and row.holder_id not in taken and state.label in ("续签期内", "即将到最晚提交日")
    )  # fmt: skip
    _older_period_recorded_later(register, renewing)
    planned = desk_cases.suggest(desk, renewing).planned
    case_id, _ = desk_cases.create(desk, holder_id=renewing, kind="renewal", submit_on=planned)
    _collect_some(desk, case_id, today)
    preparing.append(case_id)
    others = [r for r in active if r.holder_id not in taken | {renewing}]
    submitted = _decided(desk, others[0].holder_id, today, ("submitted",))
    approved = _decided(desk, others[1].holder_id, today, ("submitted", "approved"))
    return PreparedCases(preparing, lapsing, submitted, approved)


def _collect_some(desk, case_id: int, today: dt.date) -> None:
    """The first three listed items collected, dated a month ago."""
    for row in desk_cases.view(desk, case_id).rows[:3]:
        desk_cases.update_item(
            desk, case_id, row.key, collected=True, dated=today - dt.timedelta(days=30)
        )


def _borrowed_housing_case(desk, unit_id: int, today: dt.date) -> int:
    """A new 西城 holder in borrowed housing, a 新办 planned in 20 days, the declaration 100
    days old at that date: it lapses 10 days before it."""
    holder_id, _ = desk_holders.create_holder(
        desk, unit_id=unit_id, family=[], permit=None,
        holder=holder_data(name="林借住", id_number=id_number("110102", "19920415", "246"),
                           housing_kind="borrowed"),
    )  # fmt: skip
    submit = today + dt.timedelta(days=20)
    case_id, _ = desk_cases.create(
        desk, holder_id=holder_id, kind="new", clause=1, submit_on=submit
    )
    declared = submit - dt.timedelta(days=100)
    desk_cases.update_item(desk, case_id, "loan_declaration", collected=True, dated=declared)
    _collect_some(desk, case_id, today)
    return case_id


def _scans(register, desk, case_id: int) -> None:
    """Two scans of the first item, one whose differences are open and one the clerk
    dismissed, and a generated form."""
    from wrc_desktop.store import case_items, scan_readings

    key = desk_cases.view(desk, case_id).rows[0].key
    with register.session() as session:
        made = [
            case_items.add_attachment(
                session,
                case_id,
                key,
                path=f"{key}/{name}",
                rules=desk.rules(),
                original_name=name,
                sha256="0" * 64,
                kind=kind,
            )
            for name, kind in (("扫描1.png", "file"), ("扫描2.png", "file"), ("表.pdf", "form"))
        ]
        ids = [attachment.id for attachment in made]
        for attachment_id in ids[:2]:
            scan_readings.record_mismatches(session, attachment_id, [("employer", MISMATCH)])
        scan_readings.dismiss_mismatches(session, ids[1])


def _listed_no_more(register, desk, case_id: int) -> None:
    """A file on an item of the checklist, then a change of the case that drops the item."""
    from wrc_desktop.store import case_items

    view = desk_cases.view(desk, case_id)
    before = set(view.checklist.item_keys())
    with register.session() as session:
        for key in sorted(before):
            case_items.add_attachment(
                session, case_id, key, path=f"{key}/a.png", rules=desk.rules(),
                original_name="a.png", sha256="1" * 64,
            )  # fmt: skip
    for housing in ("owned", "rented", "unit", "borrowed", "residence-permit"):
        desk_cases.update(desk, case_id, data={"housing": housing})
        if not before <= set(desk_cases.view(desk, case_id).checklist.item_keys()):
            return
    raise AssertionError("no housing drops an item of this checklist")


def _older_period_recorded_later(register, holder_id: int) -> None:
    """A period of the permit before its current one, recorded after it (as an import of the
    permit's history records it): the current period is the latest expiry, not the latest row."""
    from sqlmodel import select

    from wrc_desktop.store.models import Permit, PermitPeriod

    with register.session() as session:
        [permit] = session.exec(select(Permit).where(Permit.holder_id == holder_id)).all()
        periods = select(PermitPeriod).where(PermitPeriod.permit_id == permit.id)
        [current] = session.exec(periods).all()
        session.add(
            PermitPeriod(
                permit_id=permit.id,
                start=current.start - dt.timedelta(days=3 * 365) if current.start else None,
                expiry=current.expiry - dt.timedelta(days=3 * 365),
                source="import",
            )
        )


def _decided(desk, holder_id: int, today: dt.date, statuses: tuple[str, ...]) -> int:
    case_id, _ = desk_cases.create(desk, holder_id=holder_id, kind="general-change")
    for status in statuses:
        desk_cases.set_status(desk, case_id, status=status, on=today, force=True)
    return case_id
