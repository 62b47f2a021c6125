"""The store's tables, defined once. Migrations in ``migrations/versions`` create exactly these."""
from __future__ import annotations

from sqlalchemy import (
    Column, DateTime, Float, ForeignKey, Index, Integer, LargeBinary, MetaData, String, Table, Text,
)

metadata = MetaData()

documents = Table(
    "documents", metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),  # ingest order; FTS rowid
    Column("id", String(255), nullable=False, unique=True),
    Column("url", Text),
    Column("title", Text),
    Column("publisher", Text),
    Column("published", String(40)),
    Column("author", Text),
    Column("language", String(16)),
    Column("text", Text, nullable=False),
    Column("text_sha256", String(64), nullable=False, unique=True),
    Column("duplicate_of", String(255), ForeignKey("documents.id")),
    Column("similarity", Float),  # estimated Jaccard with duplicate_of
    Column("input_kind", String(16)),
    Column("origin", Text),
    Column("word_count", Integer),
    Column("ingested_at", DateTime(timezone=True), nullable=False),
)

# MinHash signature of each document, and its LSH band keys for near-duplicate lookup in SQL
document_minhash = Table(
    "document_minhash", metadata,
    Column("document_id", String(255), ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    Column("signature", LargeBinary, nullable=False),
)

document_lsh_bands = Table(
    "document_lsh_bands", metadata,
    Column("band", Integer, nullable=False),
    Column("bucket", String(32), nullable=False),
    Column("document_id", String(255), ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Index("ix_lsh_band_bucket", "band", "bucket"),
)

journal = Table(
    "journal", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("run_id", String(32), nullable=False, index=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("input", Text, nullable=False),  # path, URL or '-', with '#line N' / '#entry N' for items
    Column("kind", String(16)),
    Column("status", String(16), nullable=False),  # accepted | duplicate | rejected
    Column("document_id", String(255)),
    Column("duplicate_of", String(255)),
    Column("reason", Text),
)
