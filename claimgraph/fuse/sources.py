"""Canonical sources across documents: the registry that gives each source one id.

Two mentions are one source when their resolved names are the same once case, punctuation, "the" and
possessives are set aside. Anonymous sources are never merged across documents ("a senior official" in
two articles need not be one person), so their ids carry the document's id.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Optional

from claimgraph.model import SourceMention


def name_key(name: str) -> str:
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"['\u2019]s\b", "", text)
    text = re.sub(r"\bu\.?\s?s\.?\b", "us", text)
    text = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    text = re.sub(r"^the-", "", text)
    return text[:120] or "unnamed"


@dataclass
class SourceRecord:
    id: str
    name: str
    kind: str
    role: Optional[str] = None
    affiliation: Optional[str] = None  # a source id
    country: Optional[str] = None
    aliases: list[str] = field(default_factory=list)


def source_id(mention: SourceMention, document_id: str) -> str:
    if mention.kind == "anonymous":
        return f"src:{document_id}:{name_key(mention.name)}"
    return "src:" + name_key(mention.name)


def records_for(mention: SourceMention, document_id: str) -> list[SourceRecord]:
    """The record of a mention's source first, then that of the body it speaks for when the text names
    one (the store inserts bodies first, as the source refers to its body)."""
    affiliation = None
    out = []
    if mention.affiliation and name_key(mention.affiliation) != name_key(mention.name):
        body = SourceMention(text=mention.affiliation, span=None, name=mention.affiliation,
                             kind=_body_kind(mention.kind))
        affiliation = source_id(body, document_id)
        out.append(SourceRecord(id=affiliation, name=mention.affiliation, kind=body.kind,
                                aliases=[mention.affiliation]))
    aliases = sorted({mention.name, mention.text} - {""}) if mention.text else [mention.name]
    out.insert(0, SourceRecord(id=source_id(mention, document_id), name=mention.name, kind=mention.kind,
                               role=mention.role, affiliation=affiliation, aliases=aliases))
    return out


def _body_kind(kind: str) -> str:
    return kind if kind in ("government", "intelligence", "military", "media") else "organization"
