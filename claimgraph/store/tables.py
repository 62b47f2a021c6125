"""The store's tables, defined once. Migrations in ``migrations/versions`` create exactly these."""
from __future__ import annotations

from sqlalchemy import (
    JSON, Boolean, Column, DateTime, Float, ForeignKey, Index, Integer, LargeBinary, MetaData, String, Table, Text,
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

# Sources: one row per canonical source (a person, body, outlet or anonymous source)
sources = Table(
    "sources", metadata,
    Column("id", String(255), primary_key=True),
    Column("name", Text, nullable=False),
    Column("kind", String(16), nullable=False),
    Column("role", Text),
    Column("affiliation", String(255), ForeignKey("sources.id")),
    Column("country", String(2)),
    Column("aliases", JSON, nullable=False),
)

# Statements: one attribution in one document, with spans into documents.text
statements = Table(
    "statements", metadata,
    Column("id", String(300), primary_key=True),
    Column("document_id", String(255), ForeignKey("documents.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("position", Integer, nullable=False),  # order in the document
    Column("source_id", String(255), ForeignKey("sources.id"), index=True),
    Column("source_text", Text),
    Column("source_start", Integer),
    Column("source_end", Integer),
    Column("cue", Text),
    Column("cue_start", Integer),
    Column("cue_end", Integer),
    Column("content", Text, nullable=False),
    Column("content_start", Integer, nullable=False),
    Column("content_end", Integer, nullable=False),
    Column("direct_quote", Boolean, nullable=False),
    Column("stance", String(16), nullable=False),
    Column("negated", Boolean, nullable=False),
    Column("framing", Text),
    Column("said_on", JSON),
    Column("event_times", JSON, nullable=False),
    Column("based_on", JSON, nullable=False),  # source ids
    Column("source_mention", JSON),  # the source as extracted: text, name, kind, role, affiliation
    Column("based_on_mentions", JSON),  # the based_on sources as extracted
    Column("source_records", JSON),  # what its mentions contribute to the registry (fuse.sources)
    Column("terms", JSON),  # content words, for claim grouping
    Column("quantities", JSON, nullable=False),
    Column("places", JSON, nullable=False),
    Column("claim_id", String(64), index=True),
    Column("extractor", String(40), nullable=False),
)

# Which extractor version last ran on each document (absent: not extracted yet)
extractions = Table(
    "extractions", metadata,
    Column("document_id", String(255), ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    Column("extractor", String(40), nullable=False),
    Column("statements", Integer, nullable=False),
    Column("extracted_at", DateTime(timezone=True), nullable=False),
)

# Claims: statements of any documents asserting (or denying) one proposition
claims = Table(
    "claims", metadata,
    Column("id", String(64), primary_key=True),
    Column("summary", Text, nullable=False),
    Column("status", String(16), nullable=False),
    Column("independent_origins", Integer, nullable=False),
    Column("origin_source_ids", JSON, nullable=False),
    Column("first_reported", String(40)),
    Column("statement_count", Integer, nullable=False),
    Column("document_count", Integer, nullable=False),
)

# Conflicts between statements of a claim: incompatible numbers, polarity, denial, dates, places
conflicts = Table(
    "conflicts", metadata,
    Column("id", String(64), primary_key=True),
    Column("kind", String(16), nullable=False),
    Column("claim_id", String(64), ForeignKey("claims.id", ondelete="CASCADE"), index=True),
    Column("statement_ids", JSON, nullable=False),  # [earlier, later]
    Column("explanation", Text, nullable=False),
)

# Blocking keys of statements: fusion compares a statement only with those sharing a key
statement_keys = Table(
    "statement_keys", metadata,
    Column("key", String(160), nullable=False),
    Column("statement_id", String(300), ForeignKey("statements.id", ondelete="CASCADE"), nullable=False),
    Index("ix_statement_keys_key", "key"),
    Index("ix_statement_keys_statement", "statement_id"),
)

# Registry keys of statements: the surname/acronym keys their mentions define or use, and the sources they
# contribute to ("S:<source id>"), so an incremental update finds every statement a new document affects
source_keys = Table(
    "source_keys", metadata,
    Column("key", String(300), nullable=False),
    Column("statement_id", String(300), ForeignKey("statements.id", ondelete="CASCADE"), nullable=False),
    Index("ix_source_keys_key", "key"),
    Index("ix_source_keys_statement", "statement_id"),
)
