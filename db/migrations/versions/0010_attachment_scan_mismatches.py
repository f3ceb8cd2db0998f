"""what a scan was read to say, and what differs from the register, kept on the attachment

``caseattachment.read_mismatches`` is a JSON list of ``{"field", "message"}``: what the
clerk was shown, when reviewing what a scan was read to say, that names another person or
unit than the register (another name, another ID number, another withholding agent). The
case check raises each as a problem until the scan is replaced (the row goes with it) or
the clerk dismisses it (``mismatches_dismissed``). ``caseattachment.reading`` is the
reading itself (JSON), so a scan is read by OCR once, whichever window or command asks
next. Rows from before hold '', '' and false: nothing was read. The table's row-level
security (0008) already covers new columns.

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('caseattachment', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('read_mismatches', sa.String(), nullable=False, server_default='')
        )
        batch_op.add_column(sa.Column('reading', sa.String(), nullable=False, server_default=''))
        batch_op.add_column(
            sa.Column(
                'mismatches_dismissed', sa.Boolean(), nullable=False, server_default=sa.false()
            )
        )


def downgrade() -> None:
    with op.batch_alter_table('caseattachment', schema=None) as batch_op:
        batch_op.drop_column('mismatches_dismissed')
        batch_op.drop_column('reading')
        batch_op.drop_column('read_mismatches')
