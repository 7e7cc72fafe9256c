"""Lease terms on placements, medical care need, office version, partial unique indexes

- placement: lease start, fixed term with its § 575 reason, cooperative membership and who funds
  the shares (the lease documents need them); at most one placement holds a flat and at most one
  open placement per household and flat (partial unique indexes).
- household: needs_medical_care (proximity to a GP counts for the matcher).
- office: version column for optimistic locking of the office settings.
- rent_cap_entry: the unique constraint over (…, ags, area_id, …) enforced nothing because one of the
  two is always NULL; replaced by one partial unique index per scope.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

HOLDING = sa.text("state IN ('accepted', 'lease_drafted', 'signed')")
OPEN = sa.text("state IN ('proposed', 'offered', 'viewing', 'accepted', 'lease_drafted', 'signed')")
BY_AREA = sa.text("area_id IS NOT NULL")
BY_MUNICIPALITY = sa.text("ags IS NOT NULL")


def upgrade() -> None:
    with op.batch_alter_table("household") as batch_op:
        batch_op.add_column(sa.Column("needs_medical_care", sa.Boolean(), nullable=False, server_default=sa.false()))

    with op.batch_alter_table("office") as batch_op:
        batch_op.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="1"))
        batch_op.create_check_constraint("version_valid", "version >= 1")

    with op.batch_alter_table("placement") as batch_op:
        batch_op.add_column(sa.Column("lease_start", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("fixed_term_end", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("fixed_term_reason", sa.String(length=1000), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("membership_number", sa.String(length=40), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("shares_paid_by", sa.String(length=200), nullable=False, server_default=""))
        batch_op.create_check_constraint("fixed_term_has_reason", "fixed_term_end IS NULL OR fixed_term_reason <> ''")
        batch_op.create_check_constraint(
            "fixed_term_after_start", "fixed_term_end IS NULL OR lease_start IS NULL OR fixed_term_end > lease_start"
        )
        batch_op.create_index(
            "uq_placement_flat_held", ["flat_id"], unique=True, sqlite_where=HOLDING, postgresql_where=HOLDING
        )
        batch_op.create_index(
            "uq_placement_open_pair", ["household_id", "flat_id"], unique=True, sqlite_where=OPEN, postgresql_where=OPEN
        )

    with op.batch_alter_table("rent_cap_entry") as batch_op:
        batch_op.drop_constraint("uq_rent_cap_entry_kreis_key", type_="unique")
        batch_op.create_index(
            "uq_rent_cap_entry_area",
            ["kreis_key", "valid_from", "area_id", "household_size"],
            unique=True,
            sqlite_where=BY_AREA,
            postgresql_where=BY_AREA,
        )
        batch_op.create_index(
            "uq_rent_cap_entry_municipality",
            ["kreis_key", "valid_from", "ags", "household_size"],
            unique=True,
            sqlite_where=BY_MUNICIPALITY,
            postgresql_where=BY_MUNICIPALITY,
        )


def downgrade() -> None:
    with op.batch_alter_table("rent_cap_entry") as batch_op:
        batch_op.drop_index("uq_rent_cap_entry_municipality")
        batch_op.drop_index("uq_rent_cap_entry_area")
        batch_op.create_unique_constraint(
            "uq_rent_cap_entry_kreis_key", ["kreis_key", "valid_from", "ags", "area_id", "household_size"]
        )

    with op.batch_alter_table("placement") as batch_op:
        batch_op.drop_index("uq_placement_open_pair")
        batch_op.drop_index("uq_placement_flat_held")
        batch_op.drop_constraint("fixed_term_after_start", type_="check")
        batch_op.drop_constraint("fixed_term_has_reason", type_="check")
        for column in ("shares_paid_by", "membership_number", "fixed_term_reason", "fixed_term_end", "lease_start"):
            batch_op.drop_column(column)

    with op.batch_alter_table("office") as batch_op:
        batch_op.drop_constraint("version_valid", type_="check")
        batch_op.drop_column("version")

    with op.batch_alter_table("household") as batch_op:
        batch_op.drop_column("needs_medical_care")
