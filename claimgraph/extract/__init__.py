"""Extraction: attributed statements (source, cue, content) with stance, negation and framing, and the
normalised times, quantities and places they speak of."""
from .attribution import EXTRACTOR_VERSION as ATTRIBUTION_VERSION
from .attribution import extract_many, extract_statements
from .document import NORMALISER_VERSION, annotate_documents, extract_documents

# what is recorded with every statement: re-extraction is due when either part changes
EXTRACTOR_VERSION = f"{ATTRIBUTION_VERSION}+{NORMALISER_VERSION}"

__all__ = ["EXTRACTOR_VERSION", "ATTRIBUTION_VERSION", "NORMALISER_VERSION", "extract_statements", "extract_many",
           "extract_documents", "annotate_documents"]
