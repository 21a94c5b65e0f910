"""dialog sessions

Revision ID: 0004
Revises: 0003
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "dialog_sessions",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("order_id", sa.String(length=64), nullable=False),
        sa.Column("near_lat", sa.Float(), nullable=False),
        sa.Column("near_lon", sa.Float(), nullable=False),
        sa.Column("question", sa.JSON(), nullable=True),
        sa.Column("last_line", sa.Integer(), nullable=True),
        sa.Column("payment_method", sa.String(length=16), nullable=False),
        sa.Column("last_reply", sa.Text(), nullable=False),
        sa.Column("menu_checksum", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["order_id"], ["orders.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_dialog_sessions_order_id", "dialog_sessions", ["order_id"])


def downgrade() -> None:
    op.drop_index("ix_dialog_sessions_order_id", table_name="dialog_sessions")
    op.drop_table("dialog_sessions")
