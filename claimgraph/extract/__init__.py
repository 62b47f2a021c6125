"""Extraction: attributed statements (source, cue, content) with stance, negation and framing."""
from .attribution import EXTRACTOR_VERSION, extract_many, extract_statements

__all__ = ["EXTRACTOR_VERSION", "extract_statements", "extract_many"]
