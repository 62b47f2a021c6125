"""sources, statements, extractions

Revision ID: 0002
Revises: 0001
"""
from alembic import op
import sqlalchemy as sa

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "sources",
        sa.Column("id", sa.String(255), primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("role", sa.Text),
        sa.Column("affiliation", sa.String(255), sa.ForeignKey("sources.id")),
        sa.Column("country", sa.String(2)),
        sa.Column("aliases", sa.JSON, nullable=False),
    )
    op.create_table(
        "statements",
        sa.Column("id", sa.String(300), primary_key=True),
        sa.Column("document_id", sa.String(255), sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("source_id", sa.String(255), sa.ForeignKey("sources.id")),
        sa.Column("source_text", sa.Text),
        sa.Column("source_start", sa.Integer),
        sa.Column("source_end", sa.Integer),
        sa.Column("cue", sa.Text),
        sa.Column("cue_start", sa.Integer),
        sa.Column("cue_end", sa.Integer),
        sa.Column("content", sa.Text, nullable=False),
        sa.Column("content_start", sa.Integer, nullable=False),
        sa.Column("content_end", sa.Integer, nullable=False),
        sa.Column("direct_quote", sa.Boolean, nullable=False),
        sa.Column("stance", sa.String(16), nullable=False),
        sa.Column("negated", sa.Boolean, nullable=False),
        sa.Column("framing", sa.Text),
        sa.Column("said_on", sa.JSON),
        sa.Column("event_times", sa.JSON, nullable=False),
        sa.Column("based_on", sa.JSON, nullable=False),
        sa.Column("quantities", sa.JSON, nullable=False),
        sa.Column("places", sa.JSON, nullable=False),
        sa.Column("claim_id", sa.String(255)),
        sa.Column("extractor", sa.String(40), nullable=False),
    )
    op.create_index("ix_statements_document_id", "statements", ["document_id"])
    op.create_index("ix_statements_source_id", "statements", ["source_id"])
    op.create_table(
        "extractions",
        sa.Column("document_id", sa.String(255), sa.ForeignKey("documents.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("extractor", sa.String(40), nullable=False),
        sa.Column("statements", sa.Integer, nullable=False),
        sa.Column("extracted_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade():
    op.drop_table("extractions")
    op.drop_index("ix_statements_source_id", "statements")
    op.drop_index("ix_statements_document_id", "statements")
    op.drop_table("statements")
    op.drop_table("sources")
