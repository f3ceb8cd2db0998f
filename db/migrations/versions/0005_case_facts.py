"""facts a case's forms need that the register does not hold

``case.facts`` is a JSON object of what the clerk entered for this one
application — e.g. the housing loan's owners, start date and relationship,
the room number, the dates the forms are signed — so that forms are printed
from facts the clerk saw, never with blanks the clerk did not ask for.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('case', schema=None) as batch_op:
        batch_op.add_column(sa.Column('facts', sa.String(), nullable=False, server_default=''))


def downgrade() -> None:
    with op.batch_alter_table('case', schema=None) as batch_op:
        batch_op.drop_column('facts')
