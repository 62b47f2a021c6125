"""documents, near-duplicate index, journal, full-text search

Revision ID: 0001
Revises:
"""
from alembic import op
import sqlalchemy as sa

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "documents",
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("id", sa.String(255), nullable=False, unique=True),
        sa.Column("url", sa.Text),
        sa.Column("title", sa.Text),
        sa.Column("publisher", sa.Text),
        sa.Column("published", sa.String(40)),
        sa.Column("author", sa.Text),
        sa.Column("language", sa.String(16)),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("text_sha256", sa.String(64), nullable=False, unique=True),
        sa.Column("duplicate_of", sa.String(255), sa.ForeignKey("documents.id")),
        sa.Column("similarity", sa.Float),
        sa.Column("input_kind", sa.String(16)),
        sa.Column("origin", sa.Text),
        sa.Column("word_count", sa.Integer),
        sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "document_minhash",
        sa.Column("document_id", sa.String(255), sa.ForeignKey("documents.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("signature", sa.LargeBinary, nullable=False),
    )
    op.create_table(
        "document_lsh_bands",
        sa.Column("band", sa.Integer, nullable=False),
        sa.Column("bucket", sa.String(32), nullable=False),
        sa.Column("document_id", sa.String(255), sa.ForeignKey("documents.id", ondelete="CASCADE"),
                  nullable=False),
    )
    op.create_index("ix_lsh_band_bucket", "document_lsh_bands", ["band", "bucket"])
    op.create_table(
        "journal",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("run_id", sa.String(32), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("input", sa.Text, nullable=False),
        sa.Column("kind", sa.String(16)),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("document_id", sa.String(255)),
        sa.Column("duplicate_of", sa.String(255)),
        sa.Column("reason", sa.Text),
    )
    op.create_index("ix_journal_run_id", "journal", ["run_id"])

    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        # external-content FTS5 index over documents, kept in step by triggers
        op.execute(
            "CREATE VIRTUAL TABLE documents_fts USING fts5("
            "title, text, content='documents', content_rowid='seq', tokenize='porter unicode61')"
        )
        op.execute(
            "CREATE TRIGGER documents_fts_ai AFTER INSERT ON documents BEGIN "
            "INSERT INTO documents_fts(rowid, title, text) VALUES (new.seq, new.title, new.text); END"
        )
        op.execute(
            "CREATE TRIGGER documents_fts_ad AFTER DELETE ON documents BEGIN "
            "INSERT INTO documents_fts(documents_fts, rowid, title, text) "
            "VALUES ('delete', old.seq, old.title, old.text); END"
        )
        op.execute(
            "CREATE TRIGGER documents_fts_au AFTER UPDATE OF title, text ON documents BEGIN "
            "INSERT INTO documents_fts(documents_fts, rowid, title, text) "
            "VALUES ('delete', old.seq, old.title, old.text); "
            "INSERT INTO documents_fts(rowid, title, text) VALUES (new.seq, new.title, new.text); END"
        )
    elif dialect == "postgresql":
        op.execute(
            "CREATE INDEX ix_documents_fts ON documents USING GIN "
            "(to_tsvector('english', coalesce(title, '') || ' ' || text))"
        )


def downgrade():
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for name in ("documents_fts_ai", "documents_fts_ad", "documents_fts_au"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute("DROP TABLE IF EXISTS documents_fts")
    op.drop_table("journal")
    op.drop_table("document_lsh_bands")
    op.drop_table("document_minhash")
    op.drop_table("documents")
