"""statements keep the source mentions as extracted, so the source registry can be rebuilt

Revision ID: 0003
Revises: 0002
"""
from alembic import op
import sqlalchemy as sa

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("statements") as batch:
        batch.add_column(sa.Column("source_mention", sa.JSON))
        batch.add_column(sa.Column("based_on_mentions", sa.JSON))


def downgrade():
    with op.batch_alter_table("statements") as batch:
        batch.drop_column("based_on_mentions")
        batch.drop_column("source_mention")
