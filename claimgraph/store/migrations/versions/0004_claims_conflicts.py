"""claims, conflicts, blocking keys; statement terms

Revision ID: 0004
Revises: 0003
"""
from alembic import op
import sqlalchemy as sa

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("statements") as batch:
        batch.add_column(sa.Column("terms", sa.JSON))
        batch.alter_column("claim_id", type_=sa.String(64), existing_type=sa.String(255))
        batch.create_index("ix_statements_claim_id", ["claim_id"])
    op.create_table(
        "claims",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("summary", sa.Text, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("independent_origins", sa.Integer, nullable=False),
        sa.Column("origin_source_ids", sa.JSON, nullable=False),
        sa.Column("first_reported", sa.String(40)),
        sa.Column("statement_count", sa.Integer, nullable=False),
        sa.Column("document_count", sa.Integer, nullable=False),
    )
    op.create_table(
        "conflicts",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("claim_id", sa.String(64), sa.ForeignKey("claims.id", ondelete="CASCADE")),
        sa.Column("statement_ids", sa.JSON, nullable=False),
        sa.Column("explanation", sa.Text, nullable=False),
    )
    op.create_index("ix_conflicts_claim_id", "conflicts", ["claim_id"])
    op.create_table(
        "statement_keys",
        sa.Column("key", sa.String(160), nullable=False),
        sa.Column("statement_id", sa.String(300), sa.ForeignKey("statements.id", ondelete="CASCADE"), nullable=False),
    )
    op.create_index("ix_statement_keys_key", "statement_keys", ["key"])
    op.create_index("ix_statement_keys_statement", "statement_keys", ["statement_id"])


def downgrade():
    op.drop_table("statement_keys")
    op.drop_index("ix_conflicts_claim_id", "conflicts")
    op.drop_table("conflicts")
    op.drop_table("claims")
    with op.batch_alter_table("statements") as batch:
        batch.drop_index("ix_statements_claim_id")
        batch.alter_column("claim_id", type_=sa.String(255), existing_type=sa.String(64))
        batch.drop_column("terms")
