"""Time expressions: find DATE, TIME, DURATION and SET expressions and normalise them (TIMEX3).

A HeidelTime-like rule set of compiled regular expressions run over the whole text (no per-token
Python loop). Each rule finds candidates; overlapping candidates are resolved longest-first; the kept
candidates are then normalised in text order, so that anaphoric expressions ("the quarter", "a year
earlier", "that year") can use what the document mentioned before.

Values follow TempEval-3 / TIMEX3: ``2024-11-13``, ``2024-11``, ``2024``, ``2024-W46``, ``2024-Q3``,
``2024-SU``, ``199X``, ``1998-01-08T18:30``, ``1998-01-08TNI``, ``P2W``, ``PT24H``, ``PXY``,
``PAST_REF``, ``PRESENT_REF``, ``FUTURE_REF``; sets ``P1W``, ``XXXX-WXX-1``.

Relative expressions are resolved against the publication date. Without one, a year (or any other
field the text does not fix) is never invented: "12 November" -> ``XXXX-11-12``, "last year" ->
``PAST_REF``... Weekdays and bare months are resolved backward (reporting style) unless the
governing verb is future ("will meet Monday"); the optional spaCy ``doc`` is used to find that verb,
otherwise a look at the words around the expression does.
"""
from __future__ import annotations

import datetime as _dt
import re
from typing import Optional

from claimgraph.model import TimeExpression

__all__ = ["find_times", "resolve"]

# ---------------------------------------------------------------------------------------------
# vocabulary

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
WEEKDAYS = {
    "monday": 0, "mon": 0, "tuesday": 1, "tue": 1, "tues": 1, "wednesday": 2, "wed": 2,
    "thursday": 3, "thu": 3, "thur": 3, "thurs": 3, "friday": 4, "fri": 4, "saturday": 5, "sat": 5,
    "sunday": 6, "sun": 6,
}
SEASONS = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}
PARTS = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "tonight": "NI",
         "overnight": "NI", "midday": "12:00", "mid-afternoon": "AF", "mid afternoon": "AF"}
ORD = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
       "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
       "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
       "nineteenth": 19, "twentieth": 20, "twenty-first": 21, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}
SMALL = {"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
         "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
         "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
         "nineteen": 19}
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
        "eighty": 80, "ninety": 90}
# unit -> (time part?, TIMEX3 letter, granularity of a point "N units ago")
UNITS = {
    "second": (True, "S"), "minute": (True, "M"), "hour": (True, "H"), "day": (False, "D"),
    "night": (False, "D"), "week": (False, "W"), "weekend": (False, "WE"), "fortnight": (False, "W"),
    "month": (False, "M"), "quarter": (False, "Q"), "year": (False, "Y"), "decade": (False, "DE"),
    "century": (False, "CE"), "millennium": (False, "ML"),
}
SET_ADVERBS = {"daily": "P1D", "nightly": "P1D", "weekly": "P1W", "biweekly": "P2W",
               "monthly": "P1M", "annually": "P1Y", "yearly": "P1Y", "hourly": "PT1H",
               "quarterly": "P3M", "semiannually": "P6M", "semi-annually": "P6M"}
HOLIDAYS = {
    "christmas": (12, 25), "christmas day": (12, 25), "christmas eve": (12, 24),
    "new year's day": (1, 1), "new year's eve": (12, 31), "new year": (1, 1),
    "independence day": (7, 4), "halloween": (10, 31), "valentine's day": (2, 14),
    "veterans day": (11, 11), "boxing day": (12, 26), "bastille day": (7, 14),
}

# ---------------------------------------------------------------------------------------------
# regular-expression building blocks (all used case-insensitively)

_MON = (r"(?:jan(?:uary|\.)?|feb(?:ruary|\.)?|mar(?:ch|\.)?|apr(?:il|\.)?|may|june?\.?|july?\.?"
        r"|aug(?:ust|\.)?|sep(?:t(?:ember)?)?\.?|oct(?:ober|\.)?|nov(?:ember|\.)?|dec(?:ember|\.)?)")
_WD = (r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday"
       r"|mon\.|tues?\.|wed\.|thu(?:rs?)?\.|fri\.|sat\.|sun\.)")
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_Y4 = r"(?:1[5-9]\d\d|20\d\d)"
_SMALLW = "|".join(sorted(SMALL, key=len, reverse=True))
_TENSW = "|".join(TENS)
_NUMW = (rf"(?:(?:{_TENSW})(?:[- ](?:one|two|three|four|five|six|seven|eight|nine)\b)?|(?:{_SMALLW}))"
         rf"(?:[- ]hundred(?:[- ](?:and[- ])?(?:(?:{_TENSW})(?:-(?:one|two|three|four|five|six|seven|eight|nine))?|(?:{_SMALLW})))?)?"
         rf"(?:[- ]thousand)?")
_NUM = (rf"(?:\d+(?:,\d{{3}})*(?:\.\d+)?(?:\s+\d/\d)?|{_NUMW}(?:\s+and\s+a\s+half)?"
        rf"|a\s+few|a\s+couple\s+of|a\s+couple|couple\s+of|several|a\s+dozen|dozens\s+of"
        rf"|hundreds\s+of|thousands\s+of|a\s+hundred|a\s+thousand|a\s+half|half\s+an?|an?|few|some|many)")
_UNIT = (r"(?:seconds?|minutes?|hours?|days?|nights?|weeks?|weekends?|fortnights?|months?"
         r"|quarters?|years?|decades?|centur(?:y|ies)|millenni(?:um|a))")
_APPROX = (r"(?:(?:about|around|nearly|almost|roughly|approximately|some|more\s+than|less\s+than"
           r"|fewer\s+than|over|under|at\s+least|at\s+most|up\s+to|no\s+more\s+than|no\s+less\s+than"
           r"|just|only|barely|close\s+to|well\s+over|upwards\s+of|within|another|an\s+additional"
           r"|the\s+better\s+part\s+of)\s+)")
_SEASON = r"(?:spring|summer|fall|autumn|winter)"
_PART = r"(?:morning|afternoon|evening|night)"
_AMPM = r"(?:a\.\s?m\.?|p\.\s?m\.?|am\b|pm\b)"
_TZ = r"(?:\s*\(?(?:est|edt|cst|cdt|mst|mdt|pst|pdt|gmt|utc|bst|cet|cest|local\s+time)\)?)"
_TIME = (rf"(?:(?:around|about|at|until|by)\s+)?(?:(?:[01]?\d|2[0-3])(?::[0-5]\d)?\s*{_AMPM}{_TZ}?"
         rf"|(?:[01]?\d|2[0-3]):[0-5]\d(?:\s*{_TZ})?(?!\d)|noon|midnight|(?:[01]?\d)\s+o'clock)")
_OFFSET_WORD = r"(?:ago|earlier|later|before|after|from\s+now|hence|since|back)"
_MODPRE = r"(?:(?:the\s+)?(?:very\s+)?(?:early|late|mid|middle|end|beginning|start|close|turn|rest|remainder)(?:\s+of)?\s+(?:the\s+)?|mid-|early-|late-)"

_F = re.IGNORECASE


def _rx(p: str) -> re.Pattern:
    # the rules run over the lower-cased text (much faster than IGNORECASE); handlers read the
    # original text through _M, so capitalisation checks still see the real letters
    assert not re.search(r"(?<!\\)[A-Z]", re.sub(r"\(\?P<\w+>|\\[A-Za-z]", "", p)), p
    return re.compile(p, re.VERBOSE)


class _M:
    """A match found in the lower-cased text, read back from the original text."""

    __slots__ = ("_m", "_t")

    def __init__(self, m, text):
        self._m, self._t = m, text

    def group(self, g=0):
        if isinstance(g, str) and g not in self._m.re.groupindex:
            return None  # handlers shared by rules with different groups
        s, e = self._m.span(g)
        return None if s < 0 else self._t[s:e]

    def groupdict(self):
        return {k: self.group(k) for k in self._m.re.groupindex}

    def span(self, g=0):
        if isinstance(g, str) and g not in self._m.re.groupindex:
            return (-1, -1)
        return self._m.span(g)

    def start(self, g=0):
        return self._m.start(g)

    def end(self, g=0):
        return self._m.end(g)


# ---------------------------------------------------------------------------------------------
# small helpers


def _num(s: str) -> Optional[float]:
    """Value of a number phrase: '24', 'twenty four', 'two-and-a-half', 'a'; None for vague ones."""
    s = s.lower().strip().replace("-", " ")
    s = re.sub(r"\s+", " ", s)
    if s in ("a", "an", "one"):
        return 1.0
    if s in ("a couple of", "a couple", "couple of"):
        return 2.0
    if s == "a dozen":
        return 12.0
    if s in ("a half", "half a", "half an"):
        return 0.5
    if s in ("a hundred",):
        return 100.0
    if s in ("a thousand",):
        return 1000.0
    half = 0.0
    if s.endswith(" and a half"):
        half, s = 0.5, s[: -len(" and a half")]
    m = re.fullmatch(r"(\d+(?:,\d{3})*(?:\.\d+)?)(?: (\d)/(\d))?", s)
    if m:
        v = float(m.group(1).replace(",", ""))
        if m.group(2):
            v += int(m.group(2)) / int(m.group(3))
        return v + half
    total, cur = 0, 0
    for w in s.split():
        if w == "and":
            continue
        if w in SMALL:
            cur += SMALL[w]
        elif w in TENS:
            cur += TENS[w]
        elif w == "hundred":
            cur = (cur or 1) * 100
        elif w == "thousand":
            total += (cur or 1) * 1000
            cur = 0
        else:
            return None
    return float(total + cur) + half


def _fmt_num(v: float) -> str:
    return str(int(v)) if v == int(v) else ("%g" % v)


def _unit_key(u: str) -> str:
    u = u.lower()
    if u.startswith("centur"):
        return "century"
    if u.startswith("millenni"):
        return "millennium"
    return u[:-1] if u.endswith("s") else u


def _duration(n: Optional[float], unit: str) -> str:
    """TIMEX3 duration value; n None -> X."""
    unit = _unit_key(unit)
    if unit == "fortnight":
        n, unit = (None if n is None else n * 2), "week"
    if unit == "night":
        unit = "day"
    if unit == "weekend":
        return "P2D" if n == 1 else ("PXWE" if n is None else "P%sWE" % _fmt_num(n))
    if unit == "decade":
        return "PXDE" if n is None else "P%sY" % _fmt_num(n * 10)
    if unit == "century":
        return "PXCE" if n is None else "P%sY" % _fmt_num(n * 100)
    if unit == "millennium":
        return "PXML" if n is None else "P%sY" % _fmt_num(n * 1000)
    timep, letter = UNITS[unit]
    if n is not None and n != int(n):
        # fractions: 1.5 hours -> PT1H30M, 2.5 years -> P2Y6M
        f = n - int(n)
        sub = {"hour": ("PT%dH%dM", 60), "minute": ("PT%dM%dS", 60), "year": ("P%dY%dM", 12),
               "day": ("P%dDT%dH", 24), "month": ("P%dM%dD", 30), "week": ("P%dW%dD", 7)}.get(unit)
        if sub and abs(f * sub[1] - round(f * sub[1])) < 1e-6:
            fmt, k = sub
            if int(n) == 0:
                small = {"hour": "PT%dM", "minute": "PT%dS", "year": "P%dM", "day": "PT%dH",
                         "month": "P%dD", "week": "P%dD"}[unit]
                return small % round(f * k)
            return fmt % (int(n), round(f * k))
    q = "X" if n is None else _fmt_num(n)
    return ("PT" if timep else "P") + q + letter


def _iso_week(d: _dt.date) -> str:
    y, w, _ = d.isocalendar()
    return "%04d-W%02d" % (y, w)


def _add_months(y: int, m: int, k: int) -> tuple[int, int]:
    t = y * 12 + (m - 1) + k
    return t // 12, t % 12 + 1


def _quarter(m: int) -> int:
    return (m - 1) // 3 + 1


def _granularity(typ: str, value: str) -> str:
    if typ in ("DURATION", "SET"):
        return "interval"
    v = value
    if re.fullmatch(r"[\dX]{4}-[\dX]{2}-[\dX]{2}(T.*)?", v):
        return "day"
    if re.fullmatch(r"[\dX]{4}-W[\dX]{1,2}(-WE)?", v):
        return "week"
    if re.fullmatch(r"[\dX]{4}-[\dX]{2}", v):
        return "month"
    if re.fullmatch(r"[\dX]{4}-Q[\dX]", v):
        return "quarter"
    if re.fullmatch(r"[\dX]{4}-H[12X]", v) or re.fullmatch(r"[\dX]{4}-(SP|SU|FA|WI)", v):
        return "interval"
    if re.fullmatch(r"\d{4}", v) or v == "XXXX":
        return "year"
    return "unknown"


# ---------------------------------------------------------------------------------------------
# tense: which way does an underspecified date point?

_FUT_CUE = re.compile(
    r"\b(?:will|won't|wo\s+n't|'ll|shall|going\s+to|plans?\s+to|planned\s+to|planning\s+to|scheduled|"
    r"expected\s+to|is\s+due|are\s+due|set\s+to|is\s+to|are\s+to|due\s+to\s+(?:be|start|begin|open|meet)|"
    r"would|next|upcoming|coming|until|till|intends?\s+to|aims?\s+to|to\s+be\s+held|will\s+be|"
    r"as\s+soon\s+as|as\s+early\s+as|tomorrow|begins?|starts?|opens?|meets?|expires?|resumes?)\b", _F)
_PAST_CUE = re.compile(
    r"\b(?:said|told|was|were|had|did|announced|reported|ago|yesterday|last|earlier|"
    r"[a-z]{3,}ed)\b", _F)
_PRES_CUE = re.compile(r"\b(?:says|is|are|has|have)\b", _F)


# nouns of intent: an infinitive after them points ahead ("an agreement to buy it in January")
_INTENT_NOUNS = frozenset(
    "agreement plan plans offer bid proposal deal decision effort attempt move commitment pledge promise "
    "intention request order call vote motion invitation deadline date time chance opportunity "
    "bill resolution".split())


class _Tense:
    """Tense of the clause around a character offset: 'past', 'future' or 'present'/None."""

    def __init__(self, text: str, docs):
        self.text = text
        self.docs = docs  # list of (offset, Doc) or []

    def _token(self, pos: int):
        for off, doc in self.docs:
            if off <= pos < off + len(doc.text):
                rel = pos - off
                # binary search over tokens
                lo, hi = 0, len(doc) - 1
                while lo < hi:
                    mid = (lo + hi + 1) // 2
                    if doc[mid].idx <= rel:
                        lo = mid
                    else:
                        hi = mid - 1
                return doc[lo] if len(doc) else None
        return None

    _AHEAD = re.compile(r"\b(?:until|till|by|as\s+soon\s+as|as\s+early\s+as|starting|effective|beginning|payable|due|expires?|scheduled\s+for|set\s+for|planned\s+for|slated\s+for)\s+(?:on\s+)?(?:early\s+|late\s+|mid-?)?$", re.I)

    _SINCE = re.compile(r"\bsince\s+(?:(?:early|late|mid-?|the\s+(?:start|beginning|end|middle)\s+of)\s+)?$", re.I)

    def at(self, start: int, end: int) -> Optional[str]:
        if self._SINCE.search(self.text, max(0, start - 40), start):
            return "past"  # "since Jan. 13", "since Monday": a starting point already reached
        ahead = self._AHEAD.search(self.text, max(0, start - 30), start)
        if ahead:
            t = self._at(start, end)
            return "past" if t == "past" and self._perfect(start) else "future"
        return self._at(start, end)

    def _perfect(self, start: int) -> bool:
        a = max(self.text.rfind(". ", 0, start), start - 80)
        b = self.text.find(". ", start)
        b = start + 80 if b == -1 else min(b, start + 80)
        return bool(re.search(r"\bhad\b", self.text[a:b]))

    def _at(self, start: int, end: int) -> Optional[str]:
        if self.docs:
            tok = self._token(start)
            if tok is not None:
                t = self._from_doc(tok)
                if t:
                    return t
        return self._from_text(start, end)

    @staticmethod
    def _verb_tense(v) -> Optional[str]:
        kids = [c for c in v.children if c.dep_ in ("aux", "auxpass")]
        if v.lemma_ in ("schedule", "plan", "slate", "postpone", "expect", "intend", "delay", "reschedule"):
            return "future"
        past_aux = False
        for c in kids:
            if c.tag_ == "TO":
                if v.dep_ in ("nsubj", "nsubjpass", "csubj", "attr") or (
                        v.dep_ in ("acl", "relcl") and v.head.lemma_.lower() not in _INTENT_NOUNS):
                    # an infinitive that describes a noun ("celebrations to mark its entry into
                    # NATO on Friday", "the countries to join on Friday were ...") has no tense of
                    # its own: the clause it hangs from decides. After a noun of intent ("an
                    # agreement to buy it in January", "a plan to meet Friday") it points ahead.
                    return None
                return "future"  # "planned to leave on Thursday", "subpoenaed him to testify on Feb. 10"
            lw = c.lower_
            if lw in ("will", "'ll", "shall", "wo", "would", "'d", "going"):
                return "future"
            if c.tag_ == "MD":
                return None  # must, should, could, may: leave it to the closest date
            if c.tag_ == "VBD" or lw in ("has", "have", "'ve"):
                past_aux = True
        if past_aux:
            return "past"
        if kids:
            return "present"  # "is heard", "are meeting"
        if v.tag_ == "VBN" and v.dep_ == "acl":
            # "the injunction issued Thursday", "its record high set on Aug. 6": a past participle
            # that modifies a noun names something already done; "a summit set for (Washington
            # in) April" is a participle with no tense: the clause above decides
            if any(c.dep_ == "prep" and c.lower_ == "for" for c in v.children):
                return None
            return "past"
        if v.tag_ in ("VBD", "VBN"):
            return "past"
        if v.tag_ in ("VBZ", "VBP"):
            return "present"
        return None

    def _from_doc(self, tok) -> Optional[str]:
        v = tok
        for _ in range(6):
            if v.pos_ in ("VERB", "AUX") and v.dep_ not in ("amod",):
                t = self._verb_tense(v)
                if t:
                    return t
            if v.head is v:
                break
            v = v.head
        return None

    def _from_text(self, start: int, end: int) -> Optional[str]:
        text = self.text
        a = max(text.rfind(". ", 0, start) + 1, text.rfind("\n", 0, start) + 1, start - 120, 0)
        b_candidates = [x for x in (text.find(". ", end), text.find("\n", end)) if x != -1]
        b = min(b_candidates + [end + 80])
        left, right = text[a:start], text[end:b]
        best = None  # (distance, tense)
        for m in _FUT_CUE.finditer(left):
            d = len(left) - m.end()
            if best is None or d < best[0]:
                best = (d, "future")
        for m in _PAST_CUE.finditer(left):
            d = len(left) - m.end()
            if best is None or d < best[0]:
                best = (d, "past")
        for m in _FUT_CUE.finditer(right):
            d = m.start() + 5
            if best is None or d < best[0]:
                best = (d, "future")
            break
        for m in _PAST_CUE.finditer(right):
            d = m.start() + 5
            if best is None or d < best[0]:
                best = (d, "past")
            break
        return best[1] if best else None


# ---------------------------------------------------------------------------------------------
# context of one document


class _Ctx:
    def __init__(self, text: str, published: Optional[str], docs):
        self.text = text
        self.dct: Optional[_dt.date] = None
        if published:
            m = re.match(r"(\d{4})-(\d{2})-(\d{2})", published)
            if m:
                try:
                    self.dct = _dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
                except ValueError:
                    self.dct = None
            else:
                m = re.match(r"(\d{4})(?:-(\d{2}))?$", published)
                if m:
                    # only a year (or year-month) known: keep it for years, never invent a day
                    self.dct_year = int(m.group(1))
        self.year = self.dct.year if self.dct else getattr(self, "dct_year", None)
        self.tense = _Tense(text, docs)
        self.last_quarter: Optional[tuple[int, int]] = None
        self.last_quarter_pos = -10 ** 9
        self.last_year: Optional[int] = None
        self.last_day: Optional[_dt.date] = None
        self.last_month: Optional[tuple[int, int]] = None

    # -- resolution helpers --

    def tense_at(self, s: int, e: int) -> Optional[str]:
        return self.tense.at(s, e)

    def weekday(self, wd: int, s: int, e: int, rel: Optional[str] = None) -> str:
        if not self.dct:
            return "XXXX-WXX-%d" % (wd + 1)
        d0 = self.dct
        diff = wd - d0.weekday()
        if rel == "last":
            back = (d0.weekday() - wd) % 7 or 7
            return (d0 - _dt.timedelta(days=back)).isoformat()
        if rel == "next":
            fwd = (wd - d0.weekday()) % 7 or 7
            return (d0 + _dt.timedelta(days=fwd)).isoformat()
        if rel == "this":
            return (d0 + _dt.timedelta(days=diff)).isoformat()
        tense = "past" if rel == "past" else self.tense_at(s, e)
        if tense in ("future",):
            fwd = (wd - d0.weekday()) % 7
            return (d0 + _dt.timedelta(days=fwd)).isoformat()
        back = (d0.weekday() - wd) % 7
        return (d0 - _dt.timedelta(days=back)).isoformat()

    def month_year(self, month: int, day: Optional[int], s: int, e: int) -> Optional[int]:
        """Year of a month (and day) given without one; None if it cannot be known.

        Past tense: the latest occurrence not after the publication date; future tense: the
        earliest not before it; otherwise the closest occurrence (within six months)."""
        if not self.dct:
            return None
        d0 = self.dct
        tense = self.tense_at(s, e)
        here = (month, day or (d0.day if month == d0.month else 0))
        now = (d0.month, d0.day)
        # a date a few weeks on the "wrong" side of the publication date is more likely a loose
        # tense (or a publication date a little off) than a date a year away
        near = abs((month - d0.month) * 31 + ((day or 15) - d0.day)) <= 31
        if tense == "past":
            return d0.year if here <= now or near else d0.year - 1
        if tense == "future":
            return d0.year if here >= now or near else d0.year + 1
        diff = (month - d0.month) % 12  # months ahead
        if diff == 0:
            return d0.year
        if diff < 6:  # six months either way: the past one (reporting style)
            return d0.year + (1 if month < d0.month else 0)
        return d0.year - (1 if month > d0.month else 0)


# ---------------------------------------------------------------------------------------------
# rules: each is (regex, handler); a handler gets (match, ctx) and returns (type, value) or None


def _month_of(tok: str) -> Optional[int]:
    t = tok.lower().rstrip(".")
    return MONTHS.get(t)


def _ok_month_token(text: str, s: int, e: int, tok: str, ctx: "_Ctx", strong: bool) -> bool:
    """Reject lower-case 'may'/'march', abbreviations without a dot and the modal 'May'."""
    raw = tok
    low = raw.lower().rstrip(".")
    if not raw[:1].isupper():
        return False
    if low in ("may", "march") and not strong:
        # a bare "May"/"March": the modal verb, a name ("Theresa May")
        prev = text[max(0, s - 20):s]
        if re.search(r"[A-Z][a-z]+\s+$", prev) and not re.search(r"(?:\b(?:The|the|This|this|That|that|Its|its|Their|their|Early|In|in|Since|since|By|by|Until|until|Of|of|Last|last|Next|next|This|this|Early|early|Late|late|Mid|mid|From|from|To|to|And|and|Or|or|During|during|Before|before|After|after|Through|through))\s+$", prev):
            return False
        nxt = text[e:e + 20]
        if re.match(r"\s+(?:be|have|not|also|well|never|still|yet|soon|find|need|want|seem|take|make|get|become|lose|cause|face|say|help)\b", nxt):
            return False
        if ctx.tense.docs:
            tok_ = ctx.tense._token(s)
            if tok_ is not None and tok_.tag_ == "MD":
                return False
        if low == "march" and re.match(r"\s+(?:of\s+the|for|against|on\s+[A-Z])", nxt):
            return False
        if low == "march" and re.match(r"\s+(?:on|to|through|in)\b", nxt) and not re.search(r"\b(?:in|since|by|until|of|last|next|this|early|late|mid)\s+$", prev, _F):
            return False
    if "." not in raw and len(low) <= 4 and low not in ("may", "june", "july", "sept"):
        # "Jan", "Feb" without a dot are fine only when followed by a day/year
        if not strong:
            return False
    return True


# -- absolute dates ---------------------------------------------------------------------------

R_MDY = _rx(rf"""
    \b(?:(?P<rel>last|next|this\s+past|this\s+coming)\s+)?(?:(?P<wd>{_WD}),?\s+)?
    (?:the\s+)?(?:(?P<mod>early|late|mid|mid-)\s*)?
    (?P<mon>{_MON})\s+(?P<day>{_DAY})(?!\d|:\d|\s*(?:%|percent|a\.m|p\.m))
    (?:,?\s+(?P<year>{_Y4})(?!\d))?
""")
R_DMY = _rx(rf"""
    \b(?:(?P<wd>{_WD}),?\s+)?
    (?:the\s+)?(?P<day>{_DAY})(?:\s+of)?\s+(?P<mon>{_MON})(?![a-z])
    (?:,?\s+(?P<year>{_Y4})(?!\d))?
""")
R_MY = _rx(rf"""
    \b(?:(?P<mod>early|late|mid|mid-|the\s+end\s+of|the\s+beginning\s+of|the\s+middle\s+of|the\s+start\s+of)\s*)?
    (?P<mon>{_MON})(?:,|\s+of)?\s+(?P<year>{_Y4}|'\d\d)(?!\d|,\d)
""")
R_ISO = _rx(r"\b(?P<y>1[5-9]\d\d|20\d\d)-(?P<m>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01])(?:[t ](?P<h>[01]\d|2[0-3]):(?P<mi>[0-5]\d))?\b")
R_SLASH = _rx(r"(?<![\d/])(?P<m>0?[1-9]|1[0-2])/(?P<d>0?[1-9]|[12]\d|3[01])/(?P<y>(?:19|20)\d\d|\d\d)(?![\d/])")
R_MON = _rx(rf"""
    \b(?:(?P<rel>last|next|this|this\s+past|this\s+coming|the\s+previous|the\s+following|early|late|mid|mid-
          |the\s+end\s+of|the\s+beginning\s+of|the\s+middle\s+of|the\s+start\s+of|the\s+rest\s+of)\s*)?
    (?P<mon>january|february|march|april|may|june|july|august|september|october|november|december
        |jan\.|feb\.|mar\.|apr\.|aug\.|sept?\.|oct\.|nov\.|dec\.)(?![\w-])
    (?:\s+(?P<yr>this\s+year|last\s+year|next\s+year))?
""")
R_YEAR = _rx(rf"""
    (?:(?<![\w$£€#.,/-])|(?<=\bpost-)|(?<=\bpre-))(?:(?P<pre>(?:fiscal|calendar|the\s+year|(?:the\s+)?(?:early|late|mid|end\s+of)|the\s+end\s+of|mid-)\s*)?)
    (?P<y>{_Y4})(?P<s>s)?(?!\d|,\d|\.\d|\s*(?:%|percent|[-/]\d)|\s+(?:ballots?|people|tons?|troops|soldiers|employees|workers|shares|votes|barrels|cars|miles|km|kilometers|feet|metres|meters|yards|points?|dollars?|euros?|pounds?|rounds|units|jobs)\b)
    (?:\s+(?P<post>or\s+later|and\s+beyond|or\s+earlier))?
""")
R_DECADE = _rx(rf"""
    \b(?:the\s+)?(?:(?P<mod>early|late|mid|mid-)\s*)?
    (?:(?P<y>1[5-9]\d0|20[0-9]0)'?s|'(?P<yy>\d0)s|(?P<w>(?:nineteen[- ])?(?:twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)))\b
""")
R_CENT = _rx(r"""\b(?:the\s+)?(?:(?:early|late|mid)[- ]\s*)?(?P<n>\d{1,2}(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|twenty[- ]first)[- ]century\b""")
R_SPOKEN_YEAR = _rx(rf"""
    \b(?:(?P<mon>january|february|march|april|may|june|july|august|september|october|november|december)\s+)?
    (?:the\s+year\s+)?
    (?:(?P<c>nineteen|eighteen)[- ](?P<r>(?:{_TENSW})(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|hundred)
      |(?P<t>two\s+thousand(?:\s+(?:and\s+)?(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?))?))\b
""")
R_HOLIDAY = _rx(r"""\b(?:(?P<rel>last|next|this)\s+)?(?P<h>christmas(?:\s+(?:day|eve))?|new\s+year's\s+(?:day|eve)|thanksgiving(?:\s+day)?|easter(?:\s+(?:sunday|monday|week))?|independence\s+day|halloween|valentine's\s+day|veterans\s+day|labor\s+day|memorial\s+day|election\s+day|boxing\s+day|bastille\s+day)\b""")

# -- quarters and halves ------------------------------------------------------------------------

R_QUARTER = _rx(rf"""
    \b(?P<pre>the\s+year-(?:ago|earlier)\s+|the\s+comparable\s+year-(?:ago|earlier)\s+|
       (?:the|its|a|their|this|last|next)\s+(?:(?:flat|weak|strong|disappointing|latest|current)\s+)?(?:fiscal\s+)?(?:{_Y4}\s+)?|
       (?:this|last|next)\s+year's\s+|(?:the\s+)?{_Y4}\s+|fiscal\s+|(?:the\s+)?year-(?:ago|earlier)\s+)?
    (?:fiscal[- ])?
    (?P<q>first|second|third|fourth|final|last|latter|1st|2nd|3rd|4th)[- ](?:fiscal[- ])?(?P<u>quarter|half|period)(?P<plural>s)?
    (?:\s+(?:of\s+)?(?:fiscal\s+)?(?P<y>{_Y4}|this\s+year|last\s+year|next\s+year|the\s+year))?
""")
R_THE_QUARTER = _rx(r"""
    \b(?P<w>the\s+(?:latest|most\s+recent|current|same|recent|previous|past|year-ago|year-earlier|comparable|corresponding|comparable\s+year-(?:ago|earlier)|first|second)\s+(?:quarter|period|year-(?:ago|earlier)\s+(?:quarter|period))
      |the\s+quarter|this\s+quarter|that\s+quarter|last\s+quarter|next\s+quarter|the\s+year-(?:ago|earlier)\s+period
      |the\s+corresponding\s+period\s+(?:last|a)\s+year|the\s+same\s+period\s+(?:last|a)\s+year|the\s+quarter\s+a\s+year\s+(?:ago|earlier)
      |last\s+year's\s+(?:quarter|period)|(?:the\s+)?year-(?:ago|earlier)|the\s+latest\s+period|the\s+latest\s+fiscal\s+year|the\s+current\s+fiscal\s+year|the\s+fiscal\s+year
      |the\s+current\s+year|the\s+full\s+year|the\s+(?:{y})\s+(?:period|year|quarter)
      |(?:around\s+)?(?:the\s+)?(?:year[- ]end|year's\s+end|end\s+of\s+the\s+year))\b
""".replace("{y}", _Y4))

# -- relative words ---------------------------------------------------------------------------

R_DEICTIC = _rx(rf"""
    \b(?:(?P<mod>early|late|later|earlier|very\s+early|mid-?)\s+)?
    (?P<w>today|tonight|yesterday|tomorrow|the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow)
    (?:\s+(?P<part>{_PART}))?\b
""")
R_PART = _rx(rf"""
    \b(?P<w>(?:(?:earlier|later|early|late)\s+)?(?:this|last|yesterday|tomorrow)\s+{_PART}|(?:this|last)\s+night|overnight|(?:by\s+)?mid[- ]?afternoon(?:\s+yesterday)?|midday|the\s+morning)\b
""")
R_REF = _rx(r"""
    \b(?P<w>right\s+now|just\s+now|now|currently|at\s+present|presently|nowadays|these\s+days|the\s+present
      |current(?!\s+(?:account|accounts|affairs|events|law|liabilities|assets|year|quarter|fiscal|month|week|and\s+former|or\s+former))
      |recently|more\s+recently|most\s+recently|lately|of\s+late|recent\s+(?:years|times|decades|history)
      |formerly|in\s+the\s+past|the\s+past|once|past\s+years|years\s+ago|long\s+ago|some\s+time\s+ago|decades\s+ago
      |(?P<px>(?:in\s+)?(?:the\s+)?(?:recent|coming|next\s+(?:few|several)|past\s+(?:few|several))\s+(?P<pu>months|weeks|days|quarters|hours|years)|months\s+ago|weeks\s+ago|days\s+ago)
      |the\s+(?:near|distant|immediate)\s+future|the\s+future|one\s+day|some\s+day|someday|the\s+near\s+term|future\s+(?:quarters|years)|as\s+soon\s+as\s+possible|a\s+later\s+date)\b
""")
R_REL_UNIT = _rx(rf"""
    \b(?:(?P<mod>early|late|earlier|later|mid|mid-|(?:the\s+)?(?:end|beginning|start|middle|rest|remainder|close)\s+of)\s*)?
    (?P<rel>this|last|next|past|the\s+past|the\s+last|the\s+previous|the\s+following|the\s+next|the\s+coming|the\s+current|this\s+past|this\s+coming|the\s+same|that|the)
    \s+(?P<u>week|weekend|month|year|decade|century|quarter|{_SEASON}|{_WD}|morning|afternoon|evening|night|day)(?![\w-])
    (?:(?P<poss>'s))?
""")
R_REL_YEAR_UNIT = _rx(rf"""
    \b(?P<a>{_SEASON}|{_MON})\s+(?P<rel>this|last|next)\s+year\b
""")
R_WEEKDAY = _rx(rf"""
    \b(?:(?P<pre>early|late|earlier|later|(?:by|until|on|since)\s+)\s*)?(?:(?P<rel>last|next|this|this\s+past|this\s+coming|the\s+previous|the\s+following|the\s+day\s+before(?:\s+last)?)\s+)?
    (?P<wd>{_WD})(?P<pl>s)?(?P<poss>'s)?(?:\s+(?P<part>{_PART}))?\b
""")
R_WEEK_OF = _rx(rf"\bthe\s+week\s+of\s+(?P<mon>{_MON})\s+(?P<day>{_DAY})\b")

# -- offsets: "two years ago", "a year earlier", "three days later" ---------------------------

R_AGO = _rx(rf"""
    \b(?P<approx>{_APPROX})?(?P<n>{_NUM})[\s-]+(?P<u>{_UNIT})\s+(?:or\s+(?:so|two|more)\s+)?(?P<dir>ago|earlier|later|before|after|from\s+now|hence|back)\b
""")

# -- durations --------------------------------------------------------------------------------

R_DUR = _rx(rf"""
    \b(?P<det>(?:the|these|those|its|his|her|their|our|each\s+of\s+the|a|an)\s+)?
    (?P<adj>(?:past|last|next|first|previous|coming|final|initial|recent|following|latest|remaining|same|intervening|ensuing|early|full|entire|whole|better\s+part\s+of\s+the)\s+)?
    (?P<approx>{_APPROX})?
    (?P<n>{_NUM})(?:[\s-]+(?:more|additional|long|straight|consecutive|full|trading|business|working|calendar)\b)?[\s-]+
    (?P<u>{_UNIT})(?![\w])(?P<old>-old|-long)?
    (?:\s+(?:or\s+so|or\s+more|and\s+a\s+half|or\s+(?:two|three|four)))?
    (?:\s+(?P<ahead>ahead|to\s+come))?
""")
R_DUR_BARE = _rx(r"""
    \b(?P<pre>(?:for|over|within|in|after|take|took|takes|taken|lasting|last|lasted)\s+)(?P<det>the\s+)?(?P<u>years|months|weeks|days|decades|centuries|hours|minutes)\b(?!\s+(?:of\s+(?:age|the|his|her|their|its)|old|later|earlier|ago|before|after|to\s+come))
""")
R_LONG = _rx(r"""
    (?<![\w-])(?P<u>hour|day|week|month|year|decade|centur(?:y|ie))(?P<pl>s)?-long\b
""")
R_DUR_RANGE = _rx(rf"""
    \b(?P<approx>{_APPROX})?(?P<n1>{_NUM})\s+(?:to|or|-|–)\s+(?P<n2>{_NUM})[\s-]+(?P<u>{_UNIT})\b
""")
R_DUR_THE_YEAR = _rx(r"\b(?P<p>for|during|over|through|throughout|in|of)\s+(?P<w>the\s+(?:year|month|week|day|weekend|decade|century))\b(?!\s+(?:of|before|after|ago|earlier|later|when|that|in\s+which))")

# -- times ------------------------------------------------------------------------------------

R_TIME = _rx(rf"""
    (?P<t>{_TIME})
    (?:\s*(?:,|on|of|\(\d{{4}}\s+gmt\))?\s*(?P<wd>{_WD}|today|yesterday|tomorrow|tonight))?
    (?:\s*(?:,)?\s*(?P<mon>{_MON})\s+(?P<day>{_DAY})(?:,?\s+(?P<year>{_Y4}))?)?
    (?:\s+(?P<inthe>in\s+the\s+(?:morning|afternoon|evening)|at\s+night|tonight|this\s+(?:morning|afternoon|evening)))?
""")
R_WD_TIME = _rx(rf"""
    \b(?P<wd>{_WD}|today|yesterday|tomorrow|tonight)(?:,)?\s+(?:at\s+)?(?P<t>(?:[01]?\d|2[0-3])(?::[0-5]\d)?\s*{_AMPM}{_TZ}?|noon|midnight|(?:[01]?\d|2[0-3]):[0-5]\d)
""")

# -- sets -------------------------------------------------------------------------------------

R_SET = _rx(rf"""
    \b(?P<w>daily|nightly|weekly|bi-?weekly|monthly|annually|yearly|hourly|quarterly|semi-?annually)\b
    |\b(?P<ev>every|each|per)\s+(?:(?P<n>{_NUM})\s+)?(?P<u>{_UNIT}|{_WD}|{_MON}|{_SEASON}|morning|afternoon|evening|night|weekday)(?!\w)
    |\b(?P<times>once|twice|thrice|(?:\w+)\s+times)\s+(?P<a>a|an|per|each|every)\s+(?P<u2>second|minute|hour|day|night|week|month|quarter|year|decade|century)\b
    |(?<=[\d%)])\s(?P<a3>a|an|per)\s+(?P<u3>second|minute|hour|day|night|week|month|quarter|year)\b
    |(?P<pl>(?:on\s+)?(?:mondays|tuesdays|wednesdays|thursdays|fridays|saturdays|sundays|weekends|weekdays))\b
""")

# ---------------------------------------------------------------------------------------------
# triggers: each rule runs only in windows around a cheap keyword match (speed: one scan per
# trigger instead of one scan of the whole text per rule)

_MONW = (r"jan(?:uary|\.)|feb(?:ruary|\.)|march|mar\.|apr(?:il|\.)|may|june?\b|july?\b|aug(?:ust|\.)"
         r"|sept?(?:ember|\.)|oct(?:ober|\.)|nov(?:ember|\.)|dec(?:ember|\.)")
_WDW = r"mon(?:day|\.)|tues?(?:day|\.)|wed(?:nesday|\.)|thu(?:rs?)?(?:day|\.)|fri(?:day|\.)|sat(?:urday|\.)|sun(?:day|\.)"
_UNITW = r"second|minute|hour|day|night|week|month|quarter|year|decade|centur|millenni|fortnight"
_TRIGGERS = {
    "clock": re.compile(r"\d\s*(?:a\.|p\.|am\b|pm\b|o'clock)|\d:\d\d|noon|midnight"),
    "numdate": re.compile(r"\d[-/]\d"),
    "month": re.compile(r"\b(?:" + _MONW + r")"),
    "year": re.compile(r"\d{4}|centur|ties\b|'\d0s|nineteen|thousand"),
    "unit": re.compile(r"(?:" + _UNITW + r"|daily|weekly|monthly|annually|yearly|hourly|quarterly|every|each|per\b|period|half|fiscal|weekend)"),
    "holiday": re.compile(r"christmas|new year|thanksgiving|easter|independence|halloween|valentine|veterans|labor day|memorial day|election day|boxing day|bastille"),
    "deictic": re.compile(r"today|tonight|yesterday|tomorrow|morning|afternoon|evening|night|midday|overnight"),
    "weekday": re.compile(r"\b(?:" + _WDW + r")"),
    "ref": re.compile(r"\b(?:now|current|present|recent|past|future|formerly|once|ago|coming|next|term|later|someday|some\s+day|one\s+day|lately|late\b|soon|these\s+days)"),
    "season": re.compile(r"spring|summer|fall|autumn|winter"),
}

# the rule table: (name, regex, priority, triggers). Higher priority wins between equal-length
# candidates.

_RULES = [
    ("time", R_TIME, 9, ("clock",)), ("wd_time", R_WD_TIME, 9, ("clock",)),
    ("iso", R_ISO, 10, ("numdate",)), ("slash", R_SLASH, 9, ("numdate",)),
    ("mdy", R_MDY, 8, ("month",)), ("dmy", R_DMY, 8, ("month",)), ("my", R_MY, 8, ("month",)),
    ("week_of", R_WEEK_OF, 8, ("month",)),
    ("decade", R_DECADE, 7, ("year",)), ("cent", R_CENT, 7, ("year",)),
    ("spoken_year", R_SPOKEN_YEAR, 6, ("year",)),
    ("quarter", R_QUARTER, 7, ("unit",)), ("the_quarter", R_THE_QUARTER, 6, ("unit",)),
    ("ago", R_AGO, 7, ("unit",)), ("rel_year_unit", R_REL_YEAR_UNIT, 7, ("unit",)),
    ("set", R_SET, 6, ("unit", "weekday")), ("holiday", R_HOLIDAY, 6, ("holiday",)),
    ("deictic", R_DEICTIC, 6, ("deictic",)), ("part", R_PART, 5, ("deictic",)),
    ("weekday", R_WEEKDAY, 5, ("weekday",)), ("rel_unit", R_REL_UNIT, 5, ("unit", "season", "weekday", "deictic")),
    ("mon", R_MON, 4, ("month",)),
    ("dur_range", R_DUR_RANGE, 5, ("unit",)), ("dur", R_DUR, 4, ("unit",)),
    ("dur_the", R_DUR_THE_YEAR, 3, ("unit",)), ("dur_bare", R_DUR_BARE, 2, ("unit",)),
    ("long", R_LONG, 3, ("unit",)),
    ("year", R_YEAR, 3, ("year",)), ("ref", R_REF, 1, ("ref",)),
]
_BACK, _AHEAD_CH = 70, 90


def _windows(text: str, keys, tcache: dict) -> list[tuple[int, int]]:
    spans = []
    for k in keys:
        got = tcache.get(k)
        if got is None:
            got = tcache[k] = [m.span() for m in _TRIGGERS[k].finditer(text)]
        spans.extend(got)
    if not spans:
        return []
    spans.sort()
    out = []
    n = len(text)
    cs, ce = max(0, spans[0][0] - _BACK), min(n, spans[0][1] + _AHEAD_CH)
    for s, e in spans[1:]:
        s2, e2 = max(0, s - _BACK), min(n, e + _AHEAD_CH)
        if s2 <= ce:
            ce = max(ce, e2)
        else:
            out.append((cs, ce))
            cs, ce = s2, e2
    out.append((cs, ce))
    # start each window at a word boundary so that a rule cannot start mid-word
    fixed = []
    for s, e in out:
        while s > 0 and (text[s - 1].isalnum() or text[s - 1] in "'-"):
            s -= 1
        fixed.append((s, e))
    return fixed


# ---------------------------------------------------------------------------------------------
# normalisers, one per rule; each returns (type, value, (start, end)) or None


def _n_mdy(m, ctx: _Ctx):
    mon_tok = m.group("mon")
    month = _month_of(mon_tok)
    if not month:
        return None
    strong = True
    if not _ok_month_token(ctx.text, m.start("mon"), m.end("mon"), mon_tok, ctx, strong):
        return None
    low = mon_tok.lower().rstrip(".")
    day = int(re.match(r"\d+", m.group("day")).group())
    # "May 5" might be "may 5 ..." : require capital (checked) ; "March 3" fine
    year = m.group("year")
    s, e = m.span()
    if m.group("wd") is None and m.group("mod") is None and m.group(0).lower().startswith("the "):
        s = min(m.start("mon"), m.start("day"))  # "the 12th of November" -> "12th of November"
    rel = (m.group("rel") or "").lower()
    if rel:
        s = m.start("wd") if m.group("wd") else m.start("mon")  # "last Oct. 23": the date is "Oct. 23"
    if year:
        y = int(year)
    elif rel and ctx.dct:
        # "last Oct. 23": the latest such day before the publication date; "next May 5": the first after
        d0 = ctx.dct
        if rel in ("last", "this past"):
            y = d0.year if (month, day) < (d0.month, d0.day) else d0.year - 1
        else:
            y = d0.year if (month, day) > (d0.month, d0.day) else d0.year + 1
    else:
        y = ctx.month_year(month, day, s, e)
        wd = m.group("wd")
        if y is not None and wd and WEEKDAYS.get(wd.lower().rstrip(".")) is not None:
            # "Monday, Oct. 26": the year in which that day is a Monday
            want = WEEKDAYS[wd.lower().rstrip(".")]
            for cand in (y, y - 1, y + 1):
                try:
                    if _dt.date(cand, month, day).weekday() == want:
                        y = cand
                        break
                except ValueError:
                    pass
    if low in ("may", "march", "june", "july") and not year and day > 31:
        return None
    try:
        if y is not None:
            d = _dt.date(y, month, day)
            ctx.last_day = d
            ctx.last_month = (y, month)
            if year:
                ctx.last_year = y  # "On May 22, 1995, ... the following year": 1996
            return "DATE", d.isoformat(), (s, e)
    except ValueError:
        return None
    return "DATE", "XXXX-%02d-%02d" % (month, day), (s, e)


def _n_dmy(m, ctx):
    return _n_mdy(m, ctx)


def _n_my(m, ctx):
    mon_tok = m.group("mon")
    month = _month_of(mon_tok)
    if not month or not _ok_month_token(ctx.text, m.start("mon"), m.end("mon"), mon_tok, ctx, True):
        return None
    y = m.group("year")
    if y.startswith("'"):
        y = (1900 if int(y[1:]) > 30 else 2000) + int(y[1:])
    y = int(y)
    ctx.last_year = y
    ctx.last_month = (y, month)
    return "DATE", "%04d-%02d" % (y, month), m.span()


def _n_iso(m, ctx):
    y, mo, d = int(m.group("y")), int(m.group("m")), int(m.group("d"))
    try:
        _dt.date(y, mo, d)
    except ValueError:
        return None
    v = "%04d-%02d-%02d" % (y, mo, d)
    if m.group("h"):
        return "TIME", v + "T%s:%s" % (m.group("h"), m.group("mi")), m.span()
    return "DATE", v, m.span()


def _n_slash(m, ctx):
    y = m.group("y")
    y = int(y) if len(y) == 4 else (1900 + int(y) if int(y) > 30 else 2000 + int(y))
    try:
        d = _dt.date(y, int(m.group("m")), int(m.group("d")))
    except ValueError:
        return None
    return "DATE", d.isoformat(), m.span()


def _n_week_of(m, ctx):
    month = _month_of(m.group("mon"))
    day = int(re.match(r"\d+", m.group("day")).group())
    y = ctx.month_year(month, day, *m.span())
    if y is None:
        return "DATE", "XXXX-WXX", m.span()
    try:
        return "DATE", _iso_week(_dt.date(y, month, day)), m.span()
    except ValueError:
        return None


def _n_decade(m, ctx):
    if m.group("y"):
        y = m.group("y")
        return "DATE", y[:3] + "X", m.span()
    if m.group("yy"):
        return "DATE", "19" + m.group("yy")[0] + "X", m.span()
    w = m.group("w").lower()
    w = w.split()[-1].split("-")[-1]
    dec = {"twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6, "seventies": 7,
           "eighties": 8, "nineties": 9}[w]
    return "DATE", "19%dX" % dec, m.span()


def _n_cent(m, ctx):
    n = m.group("n").lower().replace(" ", "-")
    if n[0].isdigit():
        k = int(re.match(r"\d+", n).group())
    else:
        k = ORD.get(n)
        if k is None:
            return None
    return "DATE", "%02d" % (k - 1), m.span()


def _n_spoken_year(m, ctx):
    if m.group("t"):
        rest = m.group("t").lower().split("thousand", 1)[1].replace("and", " ").strip()
        v = _num(rest) if rest else 0
        if v is None:
            return None
        y = 2000 + int(v)
    else:
        c = 1900 if m.group("c").lower() == "nineteen" else 1800
        r = m.group("r").lower()
        v = 0 if r == "hundred" else _num(r)
        if v is None:
            return None
        y = c + int(v)
    txt = m.group(0).lower()
    if not (m.group("mon") or "year" in txt):
        # "nineteen ninety-six" alone: fine; "nineteen" alone never matches (needs the rest)
        pass
    if m.group("mon"):
        return "DATE", "%04d-%02d" % (y, MONTHS[m.group("mon").lower()]), m.span()
    ctx.last_year = y
    return "DATE", "%04d" % y, m.span()


def _easter(y: int) -> _dt.date:
    a = y % 19
    b, c = divmod(y, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month = (h + l_ - 7 * m + 114) // 31
    day = ((h + l_ - 7 * m + 114) % 31) + 1
    return _dt.date(y, month, day)


def _nth_weekday(y, month, wd, n):
    d = _dt.date(y, month, 1)
    d += _dt.timedelta(days=(wd - d.weekday()) % 7)
    if n > 0:
        return d + _dt.timedelta(weeks=n - 1)
    # last
    nxt = _dt.date(y + (month == 12), month % 12 + 1, 1)
    last = nxt - _dt.timedelta(days=1)
    return last - _dt.timedelta(days=(last.weekday() - wd) % 7)


def _holiday_date(h: str, y: int) -> Optional[_dt.date]:
    h = re.sub(r"\s+", " ", h.lower())
    if h in HOLIDAYS:
        mo, d = HOLIDAYS[h]
        return _dt.date(y, mo, d)
    if h.startswith("thanksgiving"):
        return _nth_weekday(y, 11, 3, 4)
    if h.startswith("easter"):
        e = _easter(y)
        return e + _dt.timedelta(days=1) if h.endswith("monday") else e
    if h == "labor day":
        return _nth_weekday(y, 9, 0, 1)
    if h == "memorial day":
        return _nth_weekday(y, 5, 0, -1)
    if h == "election day":
        d = _nth_weekday(y, 11, 0, 1)
        return d + _dt.timedelta(days=1)
    return None


def _n_holiday(m, ctx):
    h = m.group("h")
    if not h[0].isupper():
        return None
    if not ctx.dct:
        d = _holiday_date(h, 2000)
        if d is None:
            return None
        if h.lower().startswith(("thanksgiving", "easter", "labor", "memorial", "election")):
            return "DATE", "XXXX-XX-XX", m.span()
        return "DATE", "XXXX-%02d-%02d" % (d.month, d.day), m.span()
    y = ctx.dct.year
    rel = (m.group("rel") or "").lower()
    tense = ctx.tense_at(*m.span())
    d = _holiday_date(h, y)
    if d is None:
        return None
    if rel == "last" or (not rel and tense == "past"):
        if d > ctx.dct and (rel == "last" or (d - ctx.dct).days > 31):
            d = _holiday_date(h, y - 1)
    elif rel == "next" or tense == "future":
        if d < ctx.dct:
            d = _holiday_date(h, y + 1)
    elif not rel:
        alt = [x for x in (_holiday_date(h, y - 1), _holiday_date(h, y + 1)) if x]
        for x in alt:
            if abs((x - ctx.dct).days) < abs((d - ctx.dct).days):
                d = x
    if h.lower().endswith("week"):
        return "DATE", _iso_week(d), m.span()
    return "DATE", d.isoformat(), m.span()


def _year_of_rel(ctx, rel: str) -> Optional[int]:
    if ctx.year is None:
        return None
    rel = rel.lower()
    if rel in ("this", "the current", "current"):
        return ctx.year
    if rel in ("last", "the past", "the last", "the previous", "past", "this past"):
        return ctx.year - 1
    if rel in ("next", "the next", "the coming", "the following", "this coming"):
        return ctx.year + 1
    return None


def _n_quarter(m, ctx):
    qw = m.group("q").lower()
    unit = m.group("u").lower()
    if m.group("plural"):
        return None
    if unit == "period":
        return None
    if qw in ("final", "last", "latter"):
        if unit == "quarter" and qw != "final":
            return None  # "last quarter": the rel rule
        q = 4 if unit == "quarter" else 2
    else:
        q = ORD.get(qw)
    if q is None or (unit == "quarter" and q > 4) or (unit == "half" and q > 2):
        return None
    pre = (m.group("pre") or "").lower()
    yg = (m.group("y") or "").lower()
    y = None
    ym = re.search(r"\d{4}", pre) or re.search(r"\d{4}", yg)
    if ym:
        y = int(ym.group())
    elif "year-ago" in pre or "year-earlier" in pre or pre.startswith("last year") or yg == "last year":
        y = ctx.year - 1 if ctx.year else None
    elif pre.startswith("next year") or yg == "next year":
        y = ctx.year + 1 if ctx.year else None
    elif pre.strip().startswith("last"):
        if ctx.dct:
            cq = _quarter(ctx.dct.month)
            y = ctx.dct.year if q < cq else ctx.dct.year - 1
    elif pre.strip().startswith("next"):
        if ctx.dct:
            cq = _quarter(ctx.dct.month)
            y = ctx.dct.year if q > cq else ctx.dct.year + 1
    else:
        if ctx.year is not None:
            y = ctx.year
        if ctx.dct and unit == "quarter" and q > _quarter(ctx.dct.month) \
                and ctx.tense_at(*m.span()) == "past":
            # a quarter that has not begun yet cannot have results: "reported a loss for the fourth
            # quarter" in January is last year's fourth quarter
            y = ctx.dct.year - 1
    letter = "Q" if unit == "quarter" else "H"
    if y is None:
        return "DATE", "XXXX-%s%d" % (letter, q), m.span()
    if letter == "Q":
        ctx.last_quarter = (y, q)
        ctx.last_quarter_pos = m.end()
    return "DATE", "%04d-%s%d" % (y, letter, q), m.span()


def _ref_quarter(ctx, pos):
    if ctx.last_quarter and pos - ctx.last_quarter_pos < 1500:
        if not ctx.dct or ctx.last_quarter < (ctx.dct.year, _quarter(ctx.dct.month)):
            return ctx.last_quarter
    if ctx.dct:
        y, q = ctx.dct.year, _quarter(ctx.dct.month) - 1
        if q == 0:
            y, q = y - 1, 4
        return (y, q)
    return None


def _n_the_quarter(m, ctx):
    w = re.sub(r"\s+", " ", m.group("w").lower())
    s, e = m.span()
    ym = re.search(r"\d{4}", w)
    if ym:
        y = int(ym.group())
        if "quarter" in w and ctx.last_quarter:
            return "DATE", "%d-Q%d" % (y, ctx.last_quarter[1]), (s, e)
        return "DATE", str(y), (s, e)
    if "end" in w and "year" in w:
        return "DATE", (str(ctx.year) if ctx.year is not None else "XXXX"), (s, e)
    if w in ("the current fiscal year", "the current year", "the full year", "the fiscal year", "the latest fiscal year"):
        if ctx.year is None:
            return "DATE", "XXXX", (s, e)
        return "DATE", str(ctx.year), (s, e)
    if "quarter" in w and ("current" in w) and ctx.dct:
        return "DATE", "%d-Q%d" % (ctx.dct.year, _quarter(ctx.dct.month)), (s, e)
    if w in ("last quarter", "the previous quarter", "the past quarter"):
        if ctx.dct:
            y, q = ctx.dct.year, _quarter(ctx.dct.month) - 1
            if q == 0:
                y, q = y - 1, 4
            return "DATE", "%d-Q%d" % (y, q), (s, e)
        return "DATE", "PAST_REF", (s, e)
    if w == "next quarter":
        if ctx.dct:
            y, q = ctx.dct.year, _quarter(ctx.dct.month) + 1
            if q == 5:
                y, q = y + 1, 1
            return "DATE", "%d-Q%d" % (y, q), (s, e)
        return "DATE", "FUTURE_REF", (s, e)
    ago = ("year-ago" in w or "year-earlier" in w or "last year" in w or "a year" in w or w.startswith("last year's"))
    quarterish = "quarter" in w or "period" in w
    rq = _ref_quarter(ctx, s)
    if ago:
        if rq and (quarterish or (ctx.last_quarter and s - ctx.last_quarter_pos < 600)):
            return "DATE", "%d-Q%d" % (rq[0] - 1, rq[1]), (s, e)
        if ctx.year is not None:
            return "DATE", str(ctx.year - 1), (s, e)
        return "DATE", "PAST_REF", (s, e)
    if rq is None:
        return None
    if w == "that quarter" and ctx.last_quarter:
        return "DATE", "%d-Q%d" % ctx.last_quarter, (s, e)
    return "DATE", "%d-Q%d" % rq, (s, e)


def _n_deictic(m, ctx):
    w = re.sub(r"\s+", " ", m.group("w").lower())
    part = (m.group("part") or "").lower()
    if w == "today" and not m.group("mod") and not part:
        # "today" in a generic sense ("the world of today") is still the publication date in news
        pass
    off = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1, "the day before yesterday": -2,
           "the day after tomorrow": 2}[w]
    # "tonight" stays a day (DATE) as in TimeBank
    if not ctx.dct:
        if part:
            return "TIME", "XXXX-XX-XXT" + PARTS[part], m.span()
        return "DATE", ("PRESENT_REF" if off == 0 else ("PAST_REF" if off < 0 else "FUTURE_REF")), m.span()
    d = ctx.dct + _dt.timedelta(days=off)
    ctx.last_day = d
    if part:
        return "TIME", d.isoformat() + "T" + PARTS[part], m.span()
    return "DATE", d.isoformat(), m.span()


def _n_part(m, ctx):
    w = re.sub(r"\s+", " ", m.group("w").lower())
    off = 0
    if w.startswith("last") or "yesterday" in w:
        off = -1
    if "tomorrow" in w:
        off = 1
    part = None
    for k in ("morning", "afternoon", "evening", "night", "midday", "overnight"):
        if k in w:
            part = k
            break
    code = PARTS.get(part, "NI")
    if w == "overnight":
        off = -1 if ctx.dct else 0
    if w == "the morning" and ctx.last_day is None:
        return None
    if not ctx.dct:
        return "TIME", "XXXX-XX-XXT" + code, m.span()
    base = ctx.dct
    if w == "the morning" and ctx.last_day:
        base, off = ctx.last_day, 0
    return "TIME", (base + _dt.timedelta(days=off)).isoformat() + "T" + code, m.span()


def _n_ref(m, ctx):
    w = re.sub(r"\s+", " ", m.group("w").lower())
    s, e = m.span()
    if m.group("px"):
        # "recent months", "the coming weeks", "the next few years", "months ago": vague durations
        if m.group("pu"):
            if w.endswith("recent years") and "past" not in w:
                return "DATE", "PAST_REF", (s, e)
            u = _unit_key(m.group("pu"))
            if u == "quarter":
                return "DURATION", "PXM", (s, e)
            return "DURATION", _duration(None, u), (s, e)
        return "DURATION", _duration(None, _unit_key(w.split()[0])), (s, e)
    if w in ("right now", "just now", "now", "currently", "at present", "presently", "nowadays", "these days",
             "at the moment", "the present", "current", "at this time", "this time"):
        if w == "this time":
            return None
        if w == "now" and re.search(r"\b(?:until|till|from)\s+$", ctx.text[max(0, s - 8):s], _F):
            return None  # "until now", "from now on": not a reference to the present
        if w == "current" and not ctx.text[s:s + 1].islower():
            pass
        return "DATE", "PRESENT_REF", (s, e)
    if w in ("so far", "to date"):
        return None
    if w == "once":
        # "once" = formerly, only before an adjective or participle: "a once high-flying maker"
        nxt = ctx.text[e:e + 25]
        if re.match(r"\s+(?:\w+-\w+|thriving|powerful|popular|mighty|dominant|proud|great|booming|prosperous|feared)\b", nxt):
            return "DATE", "PAST_REF", (s, e)
        return None
    if w == "earlier":
        nxt = ctx.text[e:e + 12]
        prev = ctx.text[max(0, s - 20):s].lower()
        if re.match(r"\s*(?:than|this|that|in|today|on)\b", nxt, _F) or re.search(r"(?:\d|than|year|month|week|day|hours?|\bthe|\ban?)\s*$", prev):
            return None
        if not (ctx.text[s].isupper() or re.match(r"\s*[,.;]", nxt)):
            return None
        return "DATE", "PAST_REF", (s, e)
    if w.startswith(("recent", "more recently", "most recently", "lately", "of late", "previously", "formerly",
                     "in the past", "the past", "in recent", "past years", "years ago", "long ago", "some time ago",
                     "months ago", "weeks ago", "days ago", "decades ago")):
        if w == "the past":
            nxt = ctx.text[e:e + 15]
            if re.match(r"\s+(?:\d|two|three|four|five|six|seven|eight|nine|ten|few|several|year|month|week|day|decade|quarter|century)", nxt, _F):
                return None
        if w == "recent":
            nxt = ctx.text[e:e + 30]
            if re.match(r"\s+(?:graduate|college|immigrant|arrival|convert|study|survey|poll|report|months|weeks|years|days|decline|rise|surge|drop)s?\b", nxt, _F):
                if re.match(r"\s+(?:months|weeks|years|days)", nxt, _F):
                    return None
        return "DATE", "PAST_REF", (s, e)
    if w in ("one day", "some day", "someday"):
        # "one day" is a duration in "for one day"; FUTURE_REF only with a future verb
        if ctx.tense_at(s, e) != "future":
            return None
        return "DATE", "FUTURE_REF", (s, e)
    if w in ("eventually", "shortly"):
        return None
    if w == "future":
        nxt = ctx.text[e:e + 20]
        prev = ctx.text[max(0, s - 12):s].lower()
        if not (re.match(r"\s+(?:quarters|years|months|generations|periods|growth|sales|earnings|results|payments|deliveries)", nxt, _F) or prev.rstrip().endswith("in")):
            return None
    return "DATE", "FUTURE_REF", (s, e)


def _n_rel_unit(m, ctx):
    rel = re.sub(r"\s+", " ", m.group("rel").lower())
    u = m.group("u").lower()
    mod = (m.group("mod") or "").lower()
    s, e = m.span()
    if rel in ("the", "that", "the same"):
        # "the week", "that year", "the same day": anaphoric; only a few are kept
        if u == "weekend" and rel == "the":
            pass
        elif u in SEASONS and rel == "the":
            if ctx.year is None:
                return "DATE", "XXXX-" + SEASONS[u], (s, e)
            return "DATE", "%04d-%s" % (ctx.year, SEASONS[u]), (s, e)
        elif u == "year" and rel == "that":
            if ctx.last_year is not None:
                return "DATE", str(ctx.last_year), (s, e)
            return None
        elif u == "day" and rel in ("that", "the same") and ctx.last_day:
            return "DATE", ctx.last_day.isoformat(), (s, e)
        elif u == "year" and rel == "the" and mod:
            if ctx.year is None:
                return None
            return "DATE", str(ctx.year), (s, e)
        elif u == "month" and rel == "the" and mod and ctx.dct:
            return "DATE", "%04d-%02d" % (ctx.dct.year, ctx.dct.month), (s, e)
        elif u == "week" and rel == "the" and mod and ctx.dct:
            return "DATE", _iso_week(ctx.dct), (s, e)
        else:
            return None
    if u in WEEKDAYS or re.match(_WD + "$", u, _F):
        return None  # handled by the weekday rule
    if rel in ("the following", "the previous") and u in ("year", "month"):
        k = 1 if rel == "the following" else -1
        if u == "year" and ctx.last_year is not None:
            ctx.last_year += k
            return "DATE", str(ctx.last_year), (s, e)
        if u == "month" and ctx.last_month is not None:
            y, mo = _add_months(ctx.last_month[0], ctx.last_month[1], k)
            return "DATE", "%04d-%02d" % (y, mo), (s, e)
    if rel in ("past", "the past") and u in ("decade", "century"):
        return "DURATION", "P10Y" if u == "decade" else "P100Y", (s, e)
    if u in ("morning", "afternoon", "evening", "night"):
        if rel in ("this", "last"):
            return None  # part rule
        return None
    if u == "day":
        if rel in ("the next", "the following"):
            base = ctx.last_day or ctx.dct
            if base is None:
                return "DATE", "XXXX-XX-XX", (s, e)
            return "DATE", (base + _dt.timedelta(days=1)).isoformat(), (s, e)
        if rel in ("the previous",):
            base = ctx.last_day or ctx.dct
            if base is None:
                return "DATE", "XXXX-XX-XX", (s, e)
            return "DATE", (base - _dt.timedelta(days=1)).isoformat(), (s, e)
        return None
    past = rel in ("last", "past", "the past", "the last", "the previous", "this past")
    fut = rel in ("next", "the next", "the coming", "the following", "this coming")
    if rel in ("past", "the past", "the last", "the previous", "the next", "the coming", "the following") and u in ("week", "month", "year", "decade", "century", "quarter"):
        # "the past year" -> DATE last year (TimeBank); "the next year" -> next year
        pass
    d0 = ctx.dct
    if u == "year":
        y = _year_of_rel(ctx, rel)
        if rel in ("past", "the past") and u == "year":
            y = ctx.year - 1 if ctx.year else None
        if y is None:
            return "DATE", ("PAST_REF" if past else "FUTURE_REF" if fut else "PRESENT_REF"), (s, e)
        ctx.last_year = y
        return "DATE", str(y), (s, e)
    if d0 is None:
        return "DATE", ("PAST_REF" if past else "FUTURE_REF" if fut else "PRESENT_REF"), (s, e)
    if u == "month":
        k = -1 if past else (1 if fut else 0)
        y, mo = _add_months(d0.year, d0.month, k)
        return "DATE", "%04d-%02d" % (y, mo), (s, e)
    if u == "week":
        k = -1 if past else (1 if fut else 0)
        return "DATE", _iso_week(d0 + _dt.timedelta(weeks=k)), (s, e)
    if u == "weekend":
        # the weekend just past (or coming, for future tense) relative to the publication date
        if past:
            base = d0 - _dt.timedelta(days=d0.weekday() + 1)
        elif fut:
            base = d0 + _dt.timedelta(days=7 - d0.weekday())
        else:
            tense = ctx.tense_at(s, e)
            if d0.weekday() >= 5:
                base = d0
            elif tense == "future" or (tense is None and d0.weekday() >= 3):
                base = d0
            else:
                base = d0 - _dt.timedelta(days=d0.weekday() + 1)
        return "DATE", _iso_week(base) + "-WE", (s, e)
    if u == "quarter":
        y, q = d0.year, _quarter(d0.month) + (-1 if past else (1 if fut else 0))
        if q == 0:
            y, q = y - 1, 4
        if q == 5:
            y, q = y + 1, 1
        ctx.last_quarter = (y, q)
        ctx.last_quarter_pos = e
        return "DATE", "%d-Q%d" % (y, q), (s, e)
    if u == "decade":
        if past:
            return "DATE", str(d0.year - 10)[:3] + "X", (s, e)
        if fut:
            return "DATE", str(d0.year + 10)[:3] + "X", (s, e)
        return "DATE", str(d0.year)[:3] + "X", (s, e)
    if u == "century":
        c = d0.year // 100 + (-1 if past else (1 if fut else 0))
        return "DATE", "%02d" % c, (s, e)
    if u in SEASONS:
        code = SEASONS[u]
        y = d0.year
        if rel == "this past":
            start = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}[code]
            y = d0.year if start < d0.month else d0.year - 1
        elif past:
            y -= 1
        elif fut:
            y += 1
        return "DATE", "%04d-%s" % (y, code), (s, e)
    return None


def _n_rel_year_unit(m, ctx):
    a = m.group("a").lower()
    rel = m.group("rel").lower()
    y = _year_of_rel(ctx, rel)
    month = _month_of(a)
    if month and not m.group("a")[0].isupper():
        return None
    if y is None:
        return "DATE", ("XXXX-%02d" % month) if month else "XXXX-" + SEASONS[a], m.span()
    if month:
        return "DATE", "%04d-%02d" % (y, month), m.span()
    return "DATE", "%04d-%s" % (y, SEASONS[a]), m.span()


def _n_mon(m, ctx):
    tok = m.group("mon")
    month = _month_of(tok)
    if not month:
        return None
    rel = re.sub(r"\s+", " ", (m.group("rel") or "").lower())
    strong = bool(rel) or bool(m.group("yr"))
    if not _ok_month_token(ctx.text, m.start("mon"), m.end("mon"), tok, ctx, strong):
        return None
    s, e = m.span()
    if m.group("yr"):
        y = _year_of_rel(ctx, m.group("yr").split()[0])
        if y is None:
            return "DATE", "XXXX-%02d" % month, (s, e)
        return "DATE", "%04d-%02d" % (y, month), (s, e)
    if not ctx.dct:
        return "DATE", "XXXX-%02d" % month, (s, e)
    d0 = ctx.dct
    if rel in ("last", "this past", "the previous"):
        y = d0.year if month < d0.month else d0.year - 1
    elif rel in ("next", "this coming", "the following"):
        y = d0.year if month > d0.month else d0.year + 1
    elif rel == "this":
        y = d0.year
    else:
        y = ctx.month_year(month, None, s, e)
    ctx.last_month = (y, month)
    return "DATE", "%04d-%02d" % (y, month), (s, e)


def _n_weekday(m, ctx):
    wd_tok = m.group("wd")
    wd = WEEKDAYS.get(wd_tok.lower().rstrip("."))
    if wd is None or not wd_tok[0].isupper():
        return None
    s, e = m.span()
    pre = (m.group("pre") or "").lower().strip()
    if pre in ("by", "until", "on", "since"):
        s = m.start("rel") if m.group("rel") else m.start("wd")
    part = (m.group("part") or "").lower()
    if m.group("pl"):
        v = "XXXX-WXX-%d" % (wd + 1)
        if part:
            v += "T" + PARTS[part]
        return "SET", v, (s, e)
    rel = re.sub(r"\s+", " ", (m.group("rel") or "").lower())
    if rel.startswith("the day before"):
        base = ctx.weekday(wd, s, e, "last" if rel.endswith("last") else None)
        if base.startswith("XXXX"):
            return "DATE", "XXXX-XX-XX", (s, e)
        d = _dt.date.fromisoformat(base) - _dt.timedelta(days=1)
        return "DATE", d.isoformat(), (s, e)
    r = {"last": "last", "this past": "last", "the previous": "last", "next": "next", "this coming": "next",
         "the following": "next", "this": "this"}.get(rel)
    if r is None and m.group("poss"):
        r = "past"  # "Wednesday's ruling": an event already known
    if r == "last" and rel == "the previous" and ctx.last_day:
        base = ctx.last_day
        back = (base.weekday() - wd) % 7 or 7
        v = (base - _dt.timedelta(days=back)).isoformat()
    else:
        v = ctx.weekday(wd, s, e, r)
    if not v.startswith("X"):
        ctx.last_day = _dt.date.fromisoformat(v)
    # "Friday night", "Tuesday morning": kept as the day (DATE), as TimeBank/AQUAINT mostly do
    return "DATE", v, (s, e)


def _n_ago(m, ctx):
    u = _unit_key(m.group("u"))
    n = _num(m.group("n"))
    d = re.sub(r"\s+", " ", m.group("dir").lower())
    s, e = m.span()
    if d in ("later", "after", "before"):
        # "three days later", "90 days after its issue": TimeBank marks the duration only
        if m.group("n").lower() in ("some", "many") and not m.group("u").lower().endswith("s"):
            return None
        return "DURATION", _duration(n, u), (s, m.end("u"))
    if n is None:
        return "DATE", "PAST_REF" if d in ("ago", "earlier", "back") else "FUTURE_REF", (s, e)
    if u == "night":
        u = "day"
    sign = -1 if d in ("ago", "earlier", "before", "back") else 1
    # "a year earlier" in a run of quarterly results: the same quarter a year before
    if d in ("earlier", "ago", "before") and u == "year" and n == 1:
        rq = ctx.last_quarter
        if rq and s - ctx.last_quarter_pos < 600:
            return "DATE", "%d-Q%d" % (rq[0] - 1, rq[1]), (s, e)
    base = ctx.dct
    if d in ("earlier", "later", "before", "after") and ctx.last_day is not None and u in ("day", "week"):
        base = ctx.last_day
    if base is None:
        return "DATE", "PAST_REF" if sign < 0 else "FUTURE_REF", (s, e)
    k = int(n * sign) if n == int(n) else None
    if k is None:
        return "DATE", "PAST_REF" if sign < 0 else "FUTURE_REF", (s, e)
    if u == "year":
        v = str(base.year + k)
    elif u == "decade":
        v = str(base.year + 10 * k)
    elif u == "century":
        v = "%02d" % (base.year // 100 + k)
    elif u == "month":
        y, mo = _add_months(base.year, base.month, k)
        v = "%04d-%02d" % (y, mo)
    elif u == "quarter":
        y, mo = _add_months(base.year, base.month, 3 * k)
        v = "%04d-Q%d" % (y, _quarter(mo))
    elif u in ("week", "fortnight"):
        v = _iso_week(base + _dt.timedelta(weeks=k * (2 if u == "fortnight" else 1)))
    elif u == "weekend":
        v = _iso_week(base + _dt.timedelta(weeks=k)) + "-WE"
    elif u == "day":
        dd = base + _dt.timedelta(days=k)
        ctx.last_day = dd
        v = dd.isoformat()
    elif u == "hour":
        v = (_dt.datetime(base.year, base.month, base.day) if False else None)
        v = "PAST_REF" if sign < 0 else "FUTURE_REF"
        return "DATE", v, (s, e)
    else:
        return "DATE", "PAST_REF" if sign < 0 else "FUTURE_REF", (s, e)
    return "DATE", v, (s, e)


def _n_dur(m, ctx):
    u = _unit_key(m.group("u"))
    ntxt = m.group("n")
    n = _num(ntxt)
    low = ntxt.lower().strip()
    s, e = m.span()
    det = (m.group("det") or "").lower().strip()
    adj = (m.group("adj") or "").lower().strip()
    approx = (m.group("approx") or "").lower().strip()
    if low in ("a", "an", "one") and u == "second" and not m.group("u").lower().endswith("s"):
        return None
    if low in ("a", "an") and m.group("u").lower().endswith("s") and m.group("old") == "-long":
        return None  # "a years-long fight": the article is the noun's; "years-long" is read alone
    if low in ("some", "many") and not m.group("u").lower().endswith("s"):
        return None
    if low in ("a", "an") and det in ("a", "an"):
        return None
    if u == "weekend" and low in ("a", "an", "one") and not adj:
        return None
    if re.fullmatch(r"\d+(?:\.\d+)?", low) and n is not None and n > 999 and u not in ("second", "minute", "hour", "day"):
        return None
    if det in ("a", "an") and not low[:1].isdigit() and low not in SMALL and low not in ("few", "couple of", "dozen"):
        pass
    # "the past two years" -> DURATION P2Y; "the last year" handled by rel_unit (no number)
    if m.group("old") == "-old" or re.match(r"\s+old\b", ctx.text[e:e + 5]):
        return None  # an age
    if m.group("u")[0].isupper() and low[:1].isdigit():
        return None  # "60 Minutes": a title
    if det and re.match(r"[^\s]+-", ctx.text[m.start("n"):m.end("u")]) and "-" in ctx.text[m.start("n"):m.end("u")] \
            and not re.search(r"\s", ctx.text[m.start("n"):m.end("u")]):
        s = m.start("adj") if m.group("adj") else (m.start("approx") if m.group("approx") else m.start("n"))
        # "a five-year plan": the article belongs to the noun, not to the duration
    if n is not None and re.search(r"and\s+a\s+half\s*$", m.group(0), _F) and n == int(n):
        n += 0.5
    if n is not None and re.search(r"\bor\s+so\s*$", m.group(0), _F) and adj in ("next", "coming"):
        n = None
    v = _duration(n, u)
    if n is not None and low in ("a", "an", "one") and det == "" and adj == "" and approx == "" and u in ("day",) \
            and not m.group("u").lower().endswith("s") and not re.search(r"\w-day\b", m.group(0), _F):
        # ("a one-day trip": the hyphenated adjective always measures a length)
        # "one day" alone: a duration only after for/in/within..., else leave it
        prev = ctx.text[max(0, s - 12):s].lower()
        if not re.search(r"\b(?:for|in|within|than|after|only|just|by|a|per|the)\s*$", prev):
            if low == "one":
                return None
    return "DURATION", v, (s, e)


def _n_long(m, ctx):
    # "a day-long meeting" -> P1D; "a decades-long feud" -> an unknown number of decades
    u = _unit_key(m.group("u") + ("s" if m.group("pl") else ""))
    return "DURATION", _duration(None if m.group("pl") else 1, u), m.span()


def _n_dur_range(m, ctx):
    # "two to three weeks": TimeBank keeps the lower bound (P2W)
    n1 = _num(m.group("n1"))
    u = _unit_key(m.group("u"))
    return "DURATION", _duration(n1, u), m.span()


def _n_dur_bare(m, ctx):
    u = _unit_key(m.group("u"))
    s = m.start("det") if m.group("det") else m.start("u")
    return "DURATION", _duration(None, u), (s, m.end())


def _n_dur_the(m, ctx):
    u = _unit_key(m.group("w").split()[-1])
    s, e = m.span("w")
    p = m.group("p").lower()
    if p in ("in", "of"):
        return None
    if u == "weekend":
        return None
    return "DURATION", _duration(1, u), (s, e)


def _n_year(m, ctx):
    y = int(m.group("y"))
    s, e = m.span()
    pre = (m.group("pre") or "").lower()
    txt = ctx.text
    if m.group("s"):
        return "DATE", str(y)[:3] + "X", (s, e)
    # context filters: numbers that are not years
    before = txt[max(0, s - 12):s]
    after = txt[e:e + 12]
    if not pre:
        if re.search(r"(?:No\.|#|number|flight|route|highway|room|page|pp?\.|article|section|resolution|rule|model|version|chapter|Boeing|Airbus|Lot)\s*$", before, _F):
            return None
        if re.match(r"\s*(?:-|to)\s*\d", after) and False:
            return None
        if y < 1800 and not re.search(r"\b(?:in|since|by|of|until|from|year|circa|c\.)\s+$", before, _F):
            return None
        if y > (ctx.year or 2030) + 30:
            return None
    ctx.last_year = y
    return "DATE", str(y), (s, e)


def _n_time(m, ctx):
    t = m.group("t").lower()
    s, e = m.span()
    lead = re.match(r"(?:around|about|at|until|by)\s+", t)
    if lead:
        if lead.group().strip() in ("at", "until", "by"):
            s += lead.end()
        t = t[lead.end():]
    hm = _clock(t)
    if hm is None:
        return None
    if t.startswith("noon") and re.search(r"high\s+$", ctx.text[max(0, s - 6):s], _F):
        return None
    inthe = (m.group("inthe") or "").lower()
    if inthe and "morning" not in inthe and hm[0] < 12 and "a" not in t.split()[-1:]:
        if "afternoon" in inthe or "evening" in inthe or "night" in inthe or "tonight" in inthe:
            hm = (hm[0] + 12, hm[1])
    date = None
    wdt = m.group("wd")
    if m.group("mon"):
        month = _month_of(m.group("mon"))
        day = int(re.match(r"\d+", m.group("day")).group())
        y = int(m.group("year")) if m.group("year") else ctx.month_year(month, day, s, e)
        date = ("%04d-%02d-%02d" % (y, month, day)) if y else "XXXX-%02d-%02d" % (month, day)
    elif wdt:
        wl = wdt.lower().rstrip(".")
        if wl in ("today", "tonight"):
            date = ctx.dct.isoformat() if ctx.dct else "XXXX-XX-XX"
        elif wl == "yesterday":
            date = (ctx.dct - _dt.timedelta(days=1)).isoformat() if ctx.dct else "XXXX-XX-XX"
        elif wl == "tomorrow":
            date = (ctx.dct + _dt.timedelta(days=1)).isoformat() if ctx.dct else "XXXX-XX-XX"
        else:
            if not wdt[0].isupper():
                date = None
            else:
                date = ctx.weekday(WEEKDAYS[wl], s, e)
    if date is None:
        if ctx.last_day is not None and not ctx.dct:
            date = ctx.last_day.isoformat()
        else:
            date = ctx.dct.isoformat() if ctx.dct else "XXXX-XX-XX"
    h, mi = hm
    if h == 24:
        v = "%sT24:00" % date
    else:
        v = "%sT%02d:%02d" % (date, h, mi)
    return "TIME", v, (s, e)


def _clock(t: str):
    t = t.strip().lower()
    if t.startswith("noon"):
        return (12, 0)
    if t.startswith("midnight"):
        return (24, 0)
    m = re.match(r"(\d{1,2})(?::(\d\d))?\s*(a\.?\s?m\.?|p\.?\s?m\.?|am|pm|o'clock)?", t)
    if not m:
        return None
    h = int(m.group(1))
    mi = int(m.group(2) or 0)
    ap = (m.group(3) or "").replace(".", "").replace(" ", "")
    if ap == "pm" and h < 12:
        h += 12
    if ap == "am" and h == 12:
        h = 0
    if h > 24 or mi > 59:
        return None
    if not ap and m.group(2) is None:
        return None
    return (h, mi)


def _n_wd_time(m, ctx):
    wdt = m.group("wd")
    wl = wdt.lower().rstrip(".")
    s, e = m.span()
    hm = _clock(m.group("t"))
    if hm is None:
        return None
    if wl in WEEKDAYS:
        if not wdt[0].isupper():
            return None
        date = ctx.weekday(WEEKDAYS[wl], s, e)
    else:
        off = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}[wl]
        date = (ctx.dct + _dt.timedelta(days=off)).isoformat() if ctx.dct else "XXXX-XX-XX"
    h, mi = hm
    return "TIME", "%sT%02d:%02d" % (date, h, mi), (s, e)


def _n_set(m, ctx):
    s, e = m.span()
    if m.group("w"):
        w = m.group("w").lower().replace("-", "")
        w = {"biweekly": "biweekly", "semiannually": "semiannually"}.get(w, w)
        return "SET", SET_ADVERBS.get(w, SET_ADVERBS.get(m.group("w").lower(), "P1D")), (s, e)
    if m.group("ev"):
        u = m.group("u")
        ul = u.lower().rstrip(".")
        n = _num(m.group("n")) if m.group("n") else 1
        if ul in WEEKDAYS:
            return "SET", "XXXX-WXX-%d" % (WEEKDAYS[ul] + 1), (s, e)
        if ul in MONTHS and u[0].isupper():
            return "SET", "XXXX-%02d" % MONTHS[ul], (s, e)
        if ul in SEASONS:
            return "SET", "XXXX-" + SEASONS[ul], (s, e)
        if ul in ("morning", "afternoon", "evening", "night"):
            return "SET", "TXX" if False else "T" + PARTS[ul], (s, e)
        if ul == "weekday":
            return "SET", "XXXX-WXX-1-5" if False else "P1D", (s, e)
        try:
            uk = _unit_key(ul)
            if uk not in UNITS and uk not in ("century", "millennium", "decade"):
                return None
            return "SET", _duration(n if n is not None else 1, uk), (s, e)
        except KeyError:
            return None
    if m.group("times"):
        uk = _unit_key(m.group("u2"))
        return "SET", _duration(1, uk), (s, e)
    if m.group("a3"):
        uk = _unit_key(m.group("u3"))
        s = m.start("a3")
        return "SET", _duration(1, uk), (s, e)
    if m.group("pl"):
        w = m.group("pl").lower().split()[-1]
        if w == "weekends":
            return "SET", "XXXX-WXX-WE", (m.start("pl") if not w else e - len(w), e)
        if w == "weekdays":
            return "SET", "P1D", (e - len(w), e)
        if not m.group("pl").split()[-1][0].isupper():
            return None
        return "SET", "XXXX-WXX-%d" % (WEEKDAYS[w[:-1]] + 1), (e - len(w), e)
    return None


_HANDLERS = {
    "time": _n_time, "wd_time": _n_wd_time, "iso": _n_iso, "slash": _n_slash, "mdy": _n_mdy,
    "dmy": _n_dmy, "my": _n_my, "week_of": _n_week_of, "decade": _n_decade, "cent": _n_cent,
    "spoken_year": _n_spoken_year, "quarter": _n_quarter, "the_quarter": _n_the_quarter,
    "ago": _n_ago, "rel_year_unit": _n_rel_year_unit, "set": _n_set, "holiday": _n_holiday,
    "deictic": _n_deictic, "part": _n_part, "weekday": _n_weekday, "rel_unit": _n_rel_unit,
    "mon": _n_mon, "dur_range": _n_dur_range, "dur": _n_dur, "dur_the": _n_dur_the,
    "dur_bare": _n_dur_bare, "year": _n_year, "ref": _n_ref, "long": _n_long,
}

_PREFIX_MOD = re.compile(
    r"(?:\b(?:the\s+)?(?:very\s+)?(?:early|late|mid|middle|end|beginning|start|close|turn)\s+of\s+(?:the\s+)?"
    r"|\b(?:early|late|mid)[- ]|\bmid-)$", _F)

def _lower(text: str) -> str:
    low = text.lower()
    if len(low) != len(text):  # a few characters lower-case to two ("İ"): keep offsets equal
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    return low


def _docs_of(doc):
    if doc is None:
        return []
    if isinstance(doc, list):
        return [(off, d) for off, d in doc]
    return [(0, doc)]


def find_times(text: str, published: Optional[str] = None, doc=None) -> list[TimeExpression]:
    """Every time expression in ``text``, normalised against ``published`` (ISO date or date-time).

    ``doc`` is an optional spaCy Doc of the same text (or a list of (offset, Doc) pieces as
    returned by :func:`claimgraph.extract.nlp.parse`); it is used to read the tense of the verb that
    governs a weekday or a bare month. Without it, the surrounding words decide.
    """
    if not text:
        return []
    ctx = _Ctx(text, published, _docs_of(doc))
    low = _lower(text)
    cands = []
    seen = set()
    wcache: dict = {}
    tcache: dict = {}
    for name, rx, prio, keys in _RULES:
        wins = wcache.get(keys)
        if wins is None:
            wins = wcache[keys] = _windows(low, keys, tcache)
        for ws, we in wins:
            for m in rx.finditer(low, ws, we):
                if m.end() > m.start():
                    k = (m.start(), m.end(), name)
                    if k not in seen:
                        seen.add(k)
                        cands.append((m.start(), m.end(), prio, name, _M(m, text)))
    # longest first, then priority; keep non-overlapping
    cands.sort(key=lambda c: (-(c[1] - c[0]), -c[2], c[0]))
    taken: list[tuple[int, int]] = []
    kept = []
    occupied = bytearray(len(text) + 1)
    for c in cands:
        s, e = c[0], c[1]
        if any(occupied[s:e]):
            continue
        kept.append(c)
        for i in range(s, e):
            occupied[i] = 1
    kept.sort(key=lambda c: c[0])
    out: list[TimeExpression] = []
    rejected = []
    for s, e, prio, name, m in kept:
        res = _HANDLERS[name](m, ctx)
        if res is None:
            rejected.append((s, e))
            continue
        typ, value, (s2, e2) = res
        s2, e2 = _trim(text, s2, e2)
        # extend to a left modifier ("early", "the end of") that the rule did not include
        pm = _PREFIX_MOD.search(text, max(0, s2 - 30), s2)
        if pm and pm.end() == s2 and typ in ("DATE", "TIME") and not (out and out[-1].span[1] > pm.start()):
            s2 = pm.start()
        out.append(TimeExpression(span=(s2, e2), text=text[s2:e2], type=typ, value=value,
                                  granularity=_granularity(typ, value)))
    if rejected:
        out = _second_chance(text, ctx, out, rejected)
    return _coordinated_days(text, out)


_NEXT_DAY = re.compile(r"\s*,?\s*(?:and|or|to|through|until)\s+(?:the\s+)?(?P<d>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?\b(?![.,]?\d|\s*(?:%|[a-z]))")
_DAY_VALUE = re.compile(r"(?P<ym>(?:\d{4}|XXXX)-\d\d)-(?P<d>\d\d)$")


def _coordinated_days(text, out):
    """'April 24 and 25', 'Nov. 3 or 4': the second, bare day is a date of the same month."""
    extra = []
    for i, t in enumerate(out):
        vm = _DAY_VALUE.match(t.value) if t.type == "DATE" else None
        if not vm:
            continue
        m = _NEXT_DAY.match(text, t.span[1])
        if not m:
            continue
        d2 = int(m.group("d"))
        s2, e2 = m.span("d")
        if d2 <= int(vm.group("d")) or (i + 1 < len(out) and out[i + 1].span[0] < m.end()):
            continue
        ym = vm.group("ym")
        if not ym.startswith("X"):
            try:
                _dt.date(int(ym[:4]), int(ym[5:7]), d2)
            except ValueError:
                continue
        e2 = m.end()
        v = "%s-%02d" % (ym, d2)
        extra.append(TimeExpression(span=(s2, e2), text=text[s2:e2], type="DATE", value=v,
                                    granularity=_granularity("DATE", v)))
    if not extra:
        return out
    return sorted(out + extra, key=lambda t: t.span[0])


def _trim(text, s, e):
    while e > s and text[e - 1] in " ,.;:\n\t" and not text[s:e].lower().endswith(("a.m.", "p.m.", ".")[:2]):
        e -= 1
    while s < e and text[s] in " ,\n\t":
        s += 1
    return s, e


def _second_chance(text, ctx, out, rejected):
    """A rejected long candidate may hide a valid shorter one ("May 5" rejected -> nothing; "Sunday
    November" ...): rerun the lower-priority rules inside the rejected spans only."""
    extra = []
    for rs, re_ in rejected:
        sub = []
        low = _lower(text)
        for name, rx, prio, _keys in _RULES:
            for m in rx.finditer(low, rs, re_):
                if m.end() > m.start() and (m.end() - m.start()) < (re_ - rs):
                    sub.append((m.start(), m.end(), prio, name, _M(m, text)))
        sub.sort(key=lambda c: (-(c[1] - c[0]), -c[2], c[0]))
        used = []
        for s, e, prio, name, m in sub:
            if any(s < b and a < e for a, b in used):
                continue
            res = _HANDLERS[name](m, ctx)
            if res is None:
                continue
            typ, value, (s2, e2) = res
            s2, e2 = _trim(text, s2, e2)
            used.append((s, e))
            extra.append(TimeExpression(span=(s2, e2), text=text[s2:e2], type=typ, value=value,
                                        granularity=_granularity(typ, value)))
    if not extra:
        return out
    allx = out + extra
    allx.sort(key=lambda t: t.span[0])
    return allx


def resolve(expression: str, published: Optional[str] = None) -> Optional[TimeExpression]:
    """Normalise one time expression on its own ("last month", "12 November"); None if none found."""
    found = find_times(expression, published)
    if not found:
        return None
    return max(found, key=lambda t: t.span[1] - t.span[0])
