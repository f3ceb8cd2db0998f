"""warning states (handled / snoozed) and roster import batches (for undo)

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('importbatch',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('file_name', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('created', sa.Integer(), nullable=False),
    sa.Column('updated', sa.Integer(), nullable=False),
    sa.Column('rejected', sa.Integer(), nullable=False),
    sa.Column('valid_only', sa.Boolean(), nullable=False),
    sa.Column('undone_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('importchange',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('batch_id', sa.Integer(), nullable=False),
    sa.Column('holder_id', sa.Integer(), nullable=False),
    sa.Column('action', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('before', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.ForeignKeyConstraint(['batch_id'], ['importbatch.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('importchange', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_importchange_batch_id'), ['batch_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_importchange_holder_id'), ['holder_id'], unique=False)

    op.create_table('warningstate',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('holder_id', sa.Integer(), nullable=True),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('stage', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('level', sa.Integer(), nullable=False),
    sa.Column('action', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('until', sa.Date(), nullable=True),
    sa.Column('note', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['holder_id'], ['holder.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('warningstate', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_warningstate_holder_id'), ['holder_id'], unique=False)
        batch_op.create_index('ix_warningstate_key', ['key', 'id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('warningstate', schema=None) as batch_op:
        batch_op.drop_index('ix_warningstate_key')
        batch_op.drop_index(batch_op.f('ix_warningstate_holder_id'))

    op.drop_table('warningstate')
    with op.batch_alter_table('importchange', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_importchange_holder_id'))
        batch_op.drop_index(batch_op.f('ix_importchange_batch_id'))

    op.drop_table('importchange')
    op.drop_table('importbatch')
