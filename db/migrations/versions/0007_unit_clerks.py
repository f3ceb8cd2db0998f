"""a unit can be limited to the clerks who serve it

``unit.serving_clerks`` holds the names of the clerks who serve the unit, one a
line; '' (every row from before) means every clerk serves it. On a shared
register a clerk who does not serve a unit sees its rows read-only.

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('unit', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('serving_clerks', sa.String(), nullable=False, server_default='')
        )


def downgrade() -> None:
    with op.batch_alter_table('unit', schema=None) as batch_op:
        batch_op.drop_column('serving_clerks')
