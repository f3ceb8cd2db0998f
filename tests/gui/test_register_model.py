"""Search, filters and sorting of the register table (over the 200-holder demo register)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.conftest import TODAY
from tests.helpers import desk_over, holder_data
from wrc_desktop.desk.holders import snapshot
from wrc_desktop.gui.models.register_model import (
    LEFT,
    NO_PERMIT,
    Column,
    RegisterFilter,
    RegisterModel,
    RegisterProxy,
)
from wrc_desktop.gui.models.search import pinyin_forms, search_key
from wrc_desktop.rules.deadlines import STATUSES
from wrc_desktop.store import holder_records, unit_records


def _model(register) -> tuple[RegisterModel, RegisterProxy]:
    model = RegisterModel()
    proxy = RegisterProxy(model)
    model.load(snapshot(desk_over(register, TODAY)))
    return model, proxy


def _shown(model, proxy):
    return [
        model.row_at(proxy.mapToSource(proxy.index(r, 0)).row()) for r in range(proxy.rowCount())
    ]


def test_pinyin_forms_cover_initials_full_pinyin_and_surname_readings():
    assert pinyin_forms("张三") == ["zs", "zhangsan"]
    assert {"czw", "zzw", "zengzhiwei"} <= set(pinyin_forms("曾志伟"))  # 曾 as a surname is zeng
    assert pinyin_forms("John") == []
    key = search_key("张三", "11010519900307123X", "京工居2024000001", "研发中心")
    assert "123x" in key and "京工居2024" in key and "zs" in key
    assert "心zs" not in key  # fields are separated: a match never spans two


def test_search_finds_by_every_kind_of_key(demo_register):
    model, proxy = _model(demo_register)
    target = model.row_at(0)
    initials, full = pinyin_forms(target.name)[:2]
    for text in (
        target.name,
        target.id_number[-6:].lower(),
        target.certificate_no,
        initials.upper(),
        " ".join(full),
    ):
        proxy.apply(RegisterFilter(text=text, show_left=True))
        shown = _shown(model, proxy)
        assert target.holder_id in {row.holder_id for row in shown}, text
        assert len(shown) < model.total_count
    proxy.apply(RegisterFilter(text=target.department, show_left=True))
    assert {row.department for row in _shown(model, proxy)} == {target.department}
    proxy.apply(RegisterFilter(text="没有这个人"))
    assert proxy.rowCount() == 0


def test_status_filter_and_leavers(demo_register):
    model, proxy = _model(demo_register)
    proxy.apply(RegisterFilter())
    assert all(row.status == "active" for row in _shown(model, proxy))
    active = proxy.rowCount()
    proxy.apply(RegisterFilter(status=LEFT))
    assert proxy.rowCount() == model.total_count - active > 0
    for label in STATUSES:
        proxy.apply(RegisterFilter(status=label))
        labels = {proxy.index(r, Column.STATUS).data() for r in range(proxy.rowCount())}
        assert labels <= {label}
    counts = []
    for label in STATUSES:
        proxy.apply(RegisterFilter(status=label))
        counts.append(proxy.rowCount())
    assert sum(counts) == active  # every active holder with a permit has exactly one status


def test_sorting_by_days_keeps_blanks_last_and_name_sorts_by_pinyin(demo_register):
    with demo_register.session() as session:
        unit_id = unit_records.get_default_unit_id(session)
        holder_records.create_holder(session, unit_id=unit_id, holder=holder_data(name="无证者"))
    _, proxy = _model(demo_register)
    proxy.apply(RegisterFilter(show_left=True))
    for order in (Qt.SortOrder.DescendingOrder, Qt.SortOrder.AscendingOrder):
        proxy.sort(Column.DAYS_LEFT, order)
        texts = [proxy.index(r, Column.DAYS_LEFT).data() for r in range(proxy.rowCount())]
        assert (
            texts[-1] == "" and proxy.index(proxy.rowCount() - 1, Column.STATUS).data() == NO_PERMIT
        )
        # Every figure before the blanks (a permit whose state is not its dates' has none), by
        # the day it counts to; the cell names it: "还剩 4 日（最晚提交日）", "已过 29 日（失效日）".
        shown = proxy.sourceModel()
        figures = [shown.figure_at(r) for r in range(proxy.rowCount())]
        counted = [f for f in figures if f is not None]
        assert figures[: len(counted)] == counted and set(texts[len(counted) :]) == {""}
        assert [f.short for f in counted] == texts[: len(counted)]
        days = [f.day for f in counted]
        assert days == sorted(days, reverse=order == Qt.SortOrder.DescendingOrder)
        assert all(t.startswith(("还剩 ", "已过 ", "今天（")) for t in texts[: len(counted)])
    proxy.sort(Column.NAME, Qt.SortOrder.AscendingOrder)
    names = [proxy.index(r, Column.NAME).data() for r in range(proxy.rowCount())]
    assert [pinyin_forms(n)[1] for n in names] == sorted(pinyin_forms(n)[1] for n in names)
    # The filter still applies to the re-ordered rows.
    proxy.apply(RegisterFilter(text=names[0]))
    assert proxy.index(0, Column.NAME).data() == names[0]


def test_reload_keeps_sort_order(demo_register):
    model, proxy = _model(demo_register)
    proxy.sort(Column.EXPIRY, Qt.SortOrder.AscendingOrder)
    model.load(snapshot(desk_over(demo_register, TODAY)))
    expiries = [model.row_at(r).expiry for r in range(model.rowCount()) if model.row_at(r).expiry]
    assert expiries == sorted(expiries)


def test_rows_prepared_off_the_ui_thread_show_as_a_load_here_would(demo_register):
    from wrc_desktop.gui.models.register_model import prepare_rows

    fresh = snapshot(desk_over(demo_register, TODAY))
    model, proxy = _model(demo_register)
    proxy.sort(Column.NAME, Qt.SortOrder.DescendingOrder)
    proxy.apply(RegisterFilter(text="z", status=STATUSES[0]))
    model.load(fresh)
    expected = _shown(model, proxy)
    assert expected  # the filter shows some rows, in the chosen order
    other, other_proxy = _model(demo_register)
    other_proxy.sort(Column.NAME, Qt.SortOrder.DescendingOrder)
    other_proxy.apply(RegisterFilter(text="z", status=STATUSES[0]))
    other.load(fresh, prepare_rows(fresh, other.filter, other.sort_spec))
    assert _shown(other, other_proxy) == expected
    assert other.active_count == model.active_count and other.total_count == model.total_count

    # Prepared for a filter the clerk has changed since: the load follows the filter shown now.
    stale = prepare_rows(fresh, RegisterFilter(), other.sort_spec)
    other.load(fresh, stale)
    assert _shown(other, other_proxy) == expected
