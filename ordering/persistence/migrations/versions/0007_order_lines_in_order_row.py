"""order lines in the order row

An order's lines are only ever read and saved with the order, so they move into a JSON column
of `orders`: a turn reads an order in one statement and saves it in one, instead of three or
four (lines selected, deleted and inserted again).

Revision ID: 0007
Revises: 0006
"""

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

orders = sa.table("orders", sa.column("id", sa.String()), sa.column("lines", sa.JSON()))
order_lines = sa.table(
    "order_lines",
    sa.column("order_id", sa.String()),
    sa.column("position", sa.Integer()),
    sa.column("product_id", sa.String()),
    sa.column("quantity", sa.Integer()),
    sa.column("options", sa.JSON()),
    sa.column("choices", sa.JSON()),
    sa.column("unit_price", sa.Integer()),
)


def upgrade() -> None:
    # NOT NULL with a default, so SQLite adds it in place (no table copy under the foreign key
    # from dialog_sessions).
    op.add_column("orders", sa.Column("lines", sa.JSON(), nullable=False, server_default="[]"))
    connection = op.get_bind()
    lines: dict[str, list[dict[str, Any]]] = {}
    for row in connection.execute(
        sa.select(order_lines).order_by(order_lines.c.order_id, order_lines.c.position)
    ):
        lines.setdefault(row.order_id, []).append(
            {
                "id": row.product_id,
                "quantity": row.quantity,
                "options": row.options,
                "choices": row.choices,
                "unit_price": row.unit_price,
            }
        )
    for order_id, its_lines in lines.items():
        connection.execute(sa.update(orders).where(orders.c.id == order_id).values(lines=its_lines))
    op.drop_table("order_lines")


def downgrade() -> None:
    op.create_table(
        "order_lines",
        sa.Column("order_id", sa.String(length=64), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.String(length=120), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("options", sa.JSON(), nullable=False),
        sa.Column("choices", sa.JSON(), nullable=False),
        sa.Column("unit_price", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["order_id"], ["orders.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("order_id", "position"),
    )
    connection = op.get_bind()
    rows = [
        {
            "order_id": order.id,
            "position": position,
            "product_id": line["id"],
            "quantity": line["quantity"],
            "options": line["options"],
            "choices": line["choices"],
            "unit_price": line["unit_price"],
        }
        for order in connection.execute(sa.select(orders))
        for position, line in enumerate(order.lines or [])
    ]
    if rows:
        connection.execute(sa.insert(order_lines), rows)
    op.drop_column("orders", "lines")
