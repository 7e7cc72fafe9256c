"""What a placement step changed

- placement_event.changes_json: the fields a step changed on the placement, its household and its flat,
  with their values before and after, so undoing the step restores exactly what it held before (a
  planned move-in, lease data typed with the draft, a household's parking) and redoing sets it again.
  Events written before this revision keep NULL; undo falls back to the rules it used until then.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0004'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('placement_event', schema=None) as batch_op:
        batch_op.add_column(sa.Column('changes_json', sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('placement_event', schema=None) as batch_op:
        batch_op.drop_column('changes_json')
