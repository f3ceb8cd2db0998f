"""The bare roster import: the same workbook read with openpyxl (read-only), its rows checked
for a date and an 18-character number, and inserted with sqlite3 into a table of their own in
the same register, in one transaction.

    python bench/bare_import.py ROSTER.xlsx REGISTER.sqlite3
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import sys

from openpyxl import load_workbook


def run(roster: str, database: str) -> int:
    book = load_workbook(roster, read_only=True, data_only=True)
    rows = []
    for sheet in book.worksheets:
        for cells in sheet.iter_rows(min_row=2, values_only=True):
            name, number, department, hired, contract, certificate, expiry = cells[:7]
            if len(str(number)) != 18:
                raise ValueError(f"bad number {number!r}")
            contract_end = dt.date.fromisoformat(str(contract))
            rows.append((name, number, department, hired, contract_end, certificate, expiry))
    book.close()
    connection = sqlite3.connect(database)
    with connection:
        connection.execute(
            "create table if not exists bare_roster (name, id_number, department, hire_date,"
            " contract_end, certificate_no, expiry)"
        )
        connection.executemany("insert into bare_roster values (?, ?, ?, ?, ?, ?, ?)", rows)
    connection.close()
    return len(rows)


if __name__ == "__main__":
    print(f"rows={run(sys.argv[1], sys.argv[2])}")
