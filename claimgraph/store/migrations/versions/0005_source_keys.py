"""registry contributions and keys of statements, for incremental source fusion

Revision ID: 0005
Revises: 0004
"""
from alembic import op
import sqlalchemy as sa

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("statements") as batch:
        batch.add_column(sa.Column("source_records", sa.JSON))
    op.create_table(
        "source_keys",
        sa.Column("key", sa.String(300), nullable=False),
        sa.Column("statement_id", sa.String(300), sa.ForeignKey("statements.id", ondelete="CASCADE"), nullable=False),
    )
    op.create_index("ix_source_keys_key", "source_keys", ["key"])
    op.create_index("ix_source_keys_statement", "source_keys", ["statement_id"])


def downgrade():
    op.drop_table("source_keys")
    with op.batch_alter_table("statements") as batch:
        batch.drop_column("source_records")
