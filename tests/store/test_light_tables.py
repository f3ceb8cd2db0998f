"""The light tables the reads use (store/tables.py) describe the very columns of the table
models: same table, same name, same type. A column renamed or retyped in a model (and its
migration) fails here until the light table follows, so the due list never reads a column
the register does not have, nor a date as text."""

from __future__ import annotations

import pytest
from sqlalchemy import String
from sqlmodel import SQLModel
from sqlmodel.sql.sqltypes import AutoString

from wrc_desktop.store import case_models, models, tables  # noqa: F401 - the models' tables

LIGHT = {table.name: table for table in tables.TABLES}


def test_every_light_table_is_a_table_of_the_register():
    assert set(LIGHT) <= set(SQLModel.metadata.tables)
    assert len(LIGHT) == len(tables.TABLES)  # no table described twice


@pytest.mark.parametrize("name", sorted(LIGHT))
def test_every_light_column_is_the_models_column_with_its_type(name):
    model = SQLModel.metadata.tables[name]
    for light in LIGHT[name].c:
        assert light.name in model.c, f"{name}.{light.name} is not a column of the model"
        stored = model.c[light.name].type
        if isinstance(stored, AutoString):
            # SQLModel's type of a str: a String that only chooses its length when the table is
            # created; read back, it is the String it decorates.
            stored = stored.impl
            assert type(stored) is String
        assert type(light.type) is type(stored), f"{name}.{light.name}: {light.type!r} ≠ {stored!r}"
        assert light.type.python_type is stored.python_type


def test_the_dates_read_through_a_light_table_are_dates(register):
    """SQLite keeps a date as text: the light column's type turns it back into a date, as the
    model's does, on either engine."""
    import datetime as dt

    from sqlalchemy import insert, select

    from wrc_desktop.store.reading import each_row

    unit = models.table_of(models.Unit)
    holder = models.table_of(models.Holder)
    with register.session() as session:
        connection = session.connection()
        unit_id = connection.execute(
            insert(unit).values(name="单位", uscc="91110108MA01ABCD0X", district="haidian")
        ).inserted_primary_key[0]
        connection.execute(
            insert(holder).values(
                unit_id=unit_id, name="张伟", id_number="110101199001011234",
                birth_date=dt.date(1990, 1, 1), status="active",
            )
        )  # fmt: skip
    h = tables.holder.c
    with register.reading() as connection:
        rows = list(each_row(connection, select(h.name, h.birth_date)))
    assert rows == [("张伟", dt.date(1990, 1, 1))]
