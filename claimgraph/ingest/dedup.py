"""Duplicate detection: exact copies by text hash, near copies by MinHash with LSH banding.

The LSH bands are kept in the store (one row a band), so looking up candidates for a new document is
an indexed query however many documents the store holds; candidates are confirmed by the estimated
Jaccard similarity of their word 3-gram shingles.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

import numpy as np

NUM_PERM = 128
BANDS, ROWS = 32, 4  # 32 bands of 4 rows: candidate probability 0.99 at Jaccard 0.6, 0.03 at 0.2
SHINGLE = 3
DEFAULT_THRESHOLD = 0.6

_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass
class Fingerprint:
    signature: np.ndarray  # NUM_PERM uint64 hash values

    def to_bytes(self) -> bytes:
        return self.signature.astype("<u8").tobytes()

    @classmethod
    def from_bytes(cls, data: bytes) -> "Fingerprint":
        return cls(np.frombuffer(data, dtype="<u8"))

    def bands(self) -> list[tuple[int, str]]:
        out = []
        for b in range(BANDS):
            chunk = self.signature[b * ROWS:(b + 1) * ROWS].astype("<u8").tobytes()
            out.append((b, hashlib.blake2b(chunk, digest_size=8).hexdigest()))
        return out

    def similarity(self, other: "Fingerprint") -> float:
        return float(np.mean(self.signature == other.signature))


def shingles(text: str) -> set[bytes]:
    words = _WORD.findall(text.lower())
    if len(words) < SHINGLE:
        return {" ".join(words).encode()} if words else set()
    return {" ".join(words[i:i + SHINGLE]).encode() for i in range(len(words) - SHINGLE + 1)}


def fingerprint(text: str) -> Fingerprint:
    from datasketch import MinHash  # imported here: it pulls in scipy, which `--help` does not need

    mh = MinHash(num_perm=NUM_PERM, seed=1)
    mh.update_batch(list(shingles(text)))
    return Fingerprint(mh.hashvalues.copy())
