"""record versions for optimistic concurrency; a holder's retirement-age track

Every record a clerk edits from a copy gets an integer ``version`` (existing rows
start at 1); an edit made from an older copy is refused instead of overwriting.
``holder.retirement_track`` says which statutory retirement-age track a woman is on.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

VERSIONED = ('unit', 'agent', 'holder', 'permit', 'familymember', 'case', 'caseitem')


def upgrade() -> None:
    for table in VERSIONED:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('version', sa.Integer(), nullable=False, server_default=sa.text('1')))
    with op.batch_alter_table('holder', schema=None) as batch_op:
        batch_op.add_column(sa.Column('retirement_track', sa.String(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('holder', schema=None) as batch_op:
        batch_op.drop_column('retirement_track')
    for table in reversed(VERSIONED):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('version')
