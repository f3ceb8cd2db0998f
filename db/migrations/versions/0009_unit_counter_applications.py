"""a unit's volume at the district counter, as the clerk knows it

``unit.counter_applications`` is how many applications the unit brings to the counter at
once (东城's counter receives units under 5 on Monday and Tuesday, from 5 on Wednesday to
Friday); NULL (every row from before) means the number is counted from the unit's open cases
planned for the same week.

Revision ID: 0009
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('unit', schema=None) as batch_op:
        batch_op.add_column(sa.Column('counter_applications', sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('unit', schema=None) as batch_op:
        batch_op.drop_column('counter_applications')
