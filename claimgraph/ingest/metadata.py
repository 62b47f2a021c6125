"""Document metadata found or normalised at ingest: language and publication date."""
from __future__ import annotations

import re
from datetime import date, datetime
from functools import lru_cache
from typing import Optional

_ISO = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$")


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> Optional[str]:
    """ISO 639-1 code of the text's language, or None when the text has too few letters to tell."""
    sample = text[:4000]  # plenty for a language; the classifier's time grows with the sample
    if sum(ch.isalpha() for ch in sample[:2000]) < 20:
        return None
    lang, prob = _identifier().classify(sample)
    return lang if prob >= 0.5 else None


def _valid_iso(text: str) -> bool:
    try:
        if len(text) <= 7:  # YYYY or YYYY-MM
            datetime.strptime(text, "%Y-%m" if len(text) == 7 else "%Y")
        else:
            datetime.fromisoformat(text.replace("Z", "+00:00"))
        return True
    except ValueError:
        return False


def normalize_published(value) -> Optional[str]:
    """An ISO date or date-time for a publication date given in any common form; None if unreadable.

    ISO values are kept as given (a date stays a date); other forms are read with dateparser and given
    at the precision they state. Raises ValueError for text that is not a date.
    """
    if value is None:
        return None
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    text = str(value).strip()
    if not text:
        return None
    if _ISO.match(text):
        if _valid_iso(text):
            return text
        raise ValueError(f"not a valid ISO date: {text!r}")
    import dateparser

    parsed = dateparser.parse(text, settings={"RETURN_AS_TIMEZONE_AWARE": False, "PREFER_DAY_OF_MONTH": "first"},
                              languages=None)
    if parsed is None:
        raise ValueError(f"not a date: {text!r}")
    if parsed.hour or parsed.minute or parsed.second:
        return parsed.isoformat(timespec="seconds")
    return parsed.date().isoformat()
