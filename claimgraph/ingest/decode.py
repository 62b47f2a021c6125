"""Bytes to text: UTF-8 first, then a detected encoding; binary data is refused."""
from __future__ import annotations

import codecs

from charset_normalizer import from_bytes


class UndecodableError(ValueError):
    pass


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)


def looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if any(head.startswith(bom) for bom, _ in _BOMS):
        return False
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return bool(head) and controls / len(head) > 0.10


def decode_text(data: bytes) -> tuple[str, str]:
    """Return (text, encoding). Raise UndecodableError for binary data or unknown encodings."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc), enc
            except UnicodeDecodeError as e:
                raise UndecodableError(f"not valid {enc} despite its byte-order mark ({e.reason})") from e
    if looks_binary(data):
        raise UndecodableError("binary data, not text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    best = from_bytes(data[:1_000_000]).best()
    if best is None or best.chaos > 0.25:
        raise UndecodableError("not UTF-8 and no text encoding fits it")
    try:
        return data.decode(best.encoding), best.encoding
    except (UnicodeDecodeError, LookupError) as e:
        raise UndecodableError(f"not UTF-8 and not valid {best.encoding}") from e
