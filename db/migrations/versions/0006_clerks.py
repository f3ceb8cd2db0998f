"""clerks are people: who made each change, marked each warning, holds each case

On a shared register several clerks write; ``auditentry.clerk`` and
``warningstate.clerk`` record whose connection wrote the row (the database role,
or the name the clerk chose; on SQLite the operating-system user), and
``case.assigned_to`` the clerk a case is assigned to. Rows from before are ''.

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

_COLUMNS = (('auditentry', 'clerk'), ('warningstate', 'clerk'), ('case', 'assigned_to'))


def upgrade() -> None:
    for table, column in _COLUMNS:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column(column, sa.String(), nullable=False, server_default=''))


def downgrade() -> None:
    for table, column in reversed(_COLUMNS):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column(column)
