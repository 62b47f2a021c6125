"""Quantities as stated: value, bounds, qualifier and what is counted or measured.

``find_quantities(text, doc=None)`` finds every quantity in ``text`` with compiled regular expressions;
an optional spaCy ``Doc`` of the same text (same character offsets) is used only to find the noun
phrase a number counts ("over 10,000 North Korean soldiers" -> unit "North Korean soldiers").

Conventions (those of the NewsQuant gold where it is explicit, the DESIGN's otherwise):

* ``value`` is the number as a float, scaled ("1.5 million" -> 1500000, "$4.2b" -> 4.2e9, "25k" ->
  25000); percentages keep their number (12% -> 12, unit "%").
* Qualifiers: over / more than / above / in excess of -> ``over``; at least / no fewer than ->
  ``at least``; about / around / approximately / roughly / some / nearly / almost / ~ -> ``approximately``;
  under / less than / fewer than / below / sub- -> ``under``; at most / no more than -> ``at most``;
  up to / as many as -> ``up to``; otherwise ``exact``.
* Ranges ("between 3,000 and 4,000", "10,000-12,000", "from 5 to 7", "three or four") have
  ``value=None``, ``low``/``high`` as written (in the order written, so "from 212 to 138" keeps
  low=212, high=138) and qualifier ``between``.
* Vague amounts ("dozens", "hundreds", "thousands of troops", "tens of thousands") have
  ``value=None``, qualifier ``vague`` and an order-of-magnitude interval [N, 10N] (dozens -> 12..120,
  thousands -> 1,000..10,000, tens of thousands -> 10,000..100,000), as the NewsQuant gold writes them;
  "several hundred" -> [300, 1000].
* Not quantities: dates (month-day, day-month, ISO dates), times, years ("in 2023", "by 2030",
  "between 2014 and 2017"), decades ("the 1970s"), ordinals ("22nd"), ages in apposition
  ("Senard, 65,", "aged 18"), identifiers (letters glued to digits "F-16", "COVID-19", "S23";
  names followed by a number "Model 3", "FTSE 100", "Article 5"), places in a ranking ("the bottom
  three", "the top 10" with no noun counted), addresses, phone numbers and sports scores. As in NewsQuant, mobile generations ("5G") and counting "one" ("one of the best")
  are quantities.
"""
from __future__ import annotations

import bisect
import re
from typing import Optional

from claimgraph.model import Quantity

# --------------------------------------------------------------------------------------------
# Lexicons

_SMALL = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
         "eighty": 80, "ninety": 90}
_SCALES = {"hundred": 100, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_ABBR_SCALE = {
    "thousand": 1e3, "k": 1e3, "million": 1e6, "mn": 1e6, "mln": 1e6, "mil": 1e6, "m": 1e6,
    "billion": 1e9, "bn": 1e9, "bln": 1e9, "b": 1e9, "trillion": 1e12, "tn": 1e12, "trn": 1e12,
    "crore": 1e7, "crores": 1e7, "lakh": 1e5, "lakhs": 1e5,
}

# Units of measure (and percent); lower-cased lookup except where case matters (see _CASED_UNITS).
_UNIT_WORDS = [
    "percentage points", "percentage point", "per cent", "percent", "pct", "pc", "%",
    "basis points", "bps", "bp",
    "square kilometres", "square kilometers", "square kilometre", "square kilometer", "square metres",
    "square meters", "square metre", "square meter", "square miles", "square mile", "square feet",
    "square foot", "sq km", "sq ft", "sq m", "sqm", "sqft", "km2", "m2", "cubic feet", "cubic metres",
    "cubic meters", "hectares", "hectare", "ha", "acres", "acre",
    "kilometres", "kilometers", "kilometre", "kilometer", "km", "metres", "meters", "metre", "meter",
    "centimetres", "centimeters", "centimetre", "centimeter", "cm", "millimetres", "millimeters",
    "millimetre", "millimeter", "mm", "nanometres", "nanometers", "nanometre", "nanometer", "nm",
    "miles", "mile", "mi", "feet", "foot", "ft", "inches", "inch", "in.", "yards", "yard", "yd",
    "nautical miles", "light years", "light-years",
    "tonnes", "tonne", "tons", "ton", "kilograms", "kilogram", "kilos", "kilo", "kg", "grams", "gram",
    "g", "mg", "micrograms", "pounds", "lbs", "lb", "ounces", "ounce", "oz", "gigatonnes", "gigatons",
    "megatonnes", "megatons", "kt", "mt", "carats",
    "litres", "liters", "litre", "liter", "l", "millilitres", "milliliters", "ml", "gallons", "gallon",
    "barrels", "barrel", "bpd", "pints", "pint", "quarts", "quart", "cc",
    "mph", "kph", "km/h", "kmh", "km/hr", "knots", "kn", "mpg", "m/s", "rpm", "g-force",
    "watts", "watt", "w", "kilowatts", "kilowatt", "kw", "megawatts", "megawatt", "mw", "gigawatts",
    "gigawatt", "gw", "terawatts", "wh", "kwh", "mwh", "gwh", "twh", "volts", "volt", "v", "kv",
    "amps", "amp", "a", "ma", "mah", "hz", "khz", "mhz", "ghz", "hp", "bhp", "ps", "nm", "lb-ft",
    "lb ft", "newton metres", "psi", "ksi", "pa", "kpa", "mpa", "gpa", "gigapascals", "bar",
    "degrees", "degree", "deg", "degc", "degf", "deg c", "deg f", "°c", "°f", "°", "celsius",
    "fahrenheit", "kelvin", "db", "decibels", "decibel",
    "bytes", "kb", "mb", "gb", "tb", "pb", "kbps", "mbps", "gbps", "tflops", "mp", "megapixels",
    "pixels", "px", "fps", "ppm", "ppb", "calories", "kcal", "mah",
    "minutes", "minute", "mins", "min", "hours", "hour", "hrs", "hr", "h", "seconds", "second",
    "secs", "sec", "s", "ms", "days", "day", "weeks", "week", "months", "month", "years", "year",
    "decades", "centuries", "x",
]
_CASED_UNITS = {"G"}  # "5G": a mobile generation, counted as NewsQuant does
_UNIT_SET = {u.lower() for u in _UNIT_WORDS}
# Units after which an identifier-looking number is still a measure ("MacBook Pro 16 inch").
_MEASURE = _UNIT_SET - {"a", "s", "h", "g", "l", "v", "w", "x", "in.", "ps", "day", "days", "week",
                        "weeks", "month", "months", "year", "years", "second", "minute", "hour"}
# Units that may be glued to the digits ("5km", "50mph", "256GB", "640bhp", "24pc", "118.5p").
_GLUED = sorted({u for u in _UNIT_WORDS if " " not in u and u not in {"in.", "a", "second"}} | {"p", "c", "f", "'", "\"", "″", "′"},
                key=len, reverse=True)

_CURRENCY_PREFIX = (
    r"(?-i:\b(?:US|HK|NZ|AU|A|C|CA|S|NT|R)\s?\$|\$\s?US(?=\s?\d)|\$|€|£|¥|₹|₩|₽|₪|"
    r"\b(?:USD|EUR|GBP|JPY|CNY|RMB|INR|CHF|CAD|AUD|RUB|UAH|Rs\.?|RM|PS|R)\s?(?=\d))"
)
_CURRENCY_WORDS = {
    "dollars", "dollar", "euros", "euro", "pounds", "pound", "yen", "yuan", "renminbi", "rupees",
    "rupee", "roubles", "rubles", "rouble", "ruble", "hryvnias", "hryvnia", "shekels", "shekel",
    "won", "francs", "franc", "crowns", "krona", "kronor", "kroner", "krone", "pesos", "peso",
    "rand", "ringgit", "lira", "liras", "dinars", "dirhams", "riyals", "cents", "cent", "pence",
    "usd", "eur", "gbp", "jpy", "cny", "inr", "chf", "rub", "uah",
}

_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
          r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)")
_MONTH_CI = (r"(?:january|february|march|april|june|july|august|september|october|november|december|"
             r"jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)")

# Words after which a number is a name or an identifier, not an amount ("Article 5", "No. 3").
_ID_WORDS = {
    "no", "no.", "nos", "number", "#", "article", "articles", "section", "sections", "chapter",
    "paragraph", "clause", "amendment", "room", "flight", "route", "highway", "channel", "level",
    "phase", "round", "game", "stage", "grade", "version", "model", "type", "category", "line",
    "platform", "gate", "episode", "season", "volume", "vol", "vol.", "issue", "exhibit", "figure",
    "fig", "fig.", "table", "page", "p.", "pp.", "item", "step", "resolution",
    "district", "ward", "precinct", "apartment", "apt", "suite",
    "week", "day", "class", "division", "brigade", "battalion", "regiment", "tier", "covid",
    "windows", "ios", "android", "iphone", "galaxy", "pixel", "series", "mk",
    "s&p", "ftse", "dax", "cac", "nikkei", "stoxx", "russell", "asx", "topix", "kospi", "sensex",
    "nifty", "sp", "msci", "ibex", "aex", "smi", "omx",
}
# Capitalised words that do not make the next number an identifier.
_FUNCTION_CAPS = {
    "the", "a", "an", "in", "on", "at", "by", "for", "with", "about", "over", "under", "some", "just",
    "only", "nearly", "almost", "around", "approximately", "roughly", "more", "fewer", "less", "than",
    "all", "of", "to", "from", "between", "and", "or", "but", "since", "after", "before", "during",
    "until", "up", "down", "another", "its", "their", "his", "her", "our", "my", "your", "these",
    "those", "this", "that", "top", "at", "least", "most", "as", "many", "much", "estimated", "nearly",
    "exactly", "precisely", "another", "another", "each", "every", "when", "while", "where", "if",
    "then", "so", "yet", "also", "still", "even", "both", "those", "there", "here", "we", "they",
    "he", "she", "it", "i", "you", "who", "which", "what", "why", "how", "those", "say", "says",
    "said", "totalling", "total", "including", "includes", "included", "include", "among", "per",
    "like", "nearly", "barely", "fully", "some", "well", "within", "across", "against", "toward",
    "towards", "into", "onto", "upon", "via", "without", "through", "throughout", "above", "below",
    "beyond", "near", "roughly", "circa", "approx", "approx.", "is", "are", "was", "were", "be",
    "has", "have", "had", "will", "would", "can", "could", "may", "might", "must", "should", "not",
    "no", "yes", "now", "today", "yesterday", "tomorrow", "mr", "mrs", "ms", "dr", "last", "next",
    "first", "sub", "whopping", "additional", "extra", "other", "others", "further", "another",
    "cost", "costs", "paid", "pay", "pays", "raised", "raises", "reached", "reaches", "hit", "hits",
    "killed", "kills", "lost", "loses", "won", "wins", "gained", "gains", "rose", "rises", "fell",
    "falls", "sent", "sends", "deployed", "deploys", "moved", "moves", "saw", "sees", "see",
}
_FUNCTION_CAPS_TITLE = {w.capitalize() for w in _FUNCTION_CAPS}

# "the same one", "no one", "this one": "one" is a pronoun, not a count
_ONE_PRONOUN = {"the", "this", "that", "same", "no", "any", "each", "every", "which", "another", "little",
                "big", "new", "old", "right", "wrong", "only", "last", "such", "latter", "former", "first",
                "other", "next", "good", "bad", "better", "best", "worst", "real", "someone", "anyone"}

_IRREGULAR_PLURALS = {"people", "children", "men", "women", "police", "staff", "personnel", "cattle",
                      "sheep", "fish", "troops", "aircraft", "feet", "teeth", "mice", "geese"}

_STOP_AFTER = {
    "the", "a", "an", "of", "in", "on", "at", "by", "for", "with", "to", "from", "and", "or", "but",
    "is", "are", "was", "were", "be", "been", "being", "has", "have", "had", "will", "would", "can",
    "could", "may", "might", "must", "should", "that", "which", "who", "whom", "whose", "this",
    "these", "those", "it", "its", "their", "his", "her", "our", "my", "your", "than", "as", "into",
    "since", "after", "before", "during", "until", "over", "under", "about", "around", "per",
    "each", "every", "more", "less", "fewer", "said", "says", "say", "according", "not", "no",
    "also", "still", "already", "just", "only", "there", "here", "then", "when", "while", "where",
    "if", "so", "such", "up", "down", "out", "off", "across", "between", "through", "against",
    "among", "last", "next", "ago", "earlier", "later", "now", "today", "yesterday", "tomorrow",
    "he", "she", "they", "we", "i", "you", "him", "them", "us", "me", "do", "does", "did", "to-",
    "both", "either", "neither", "all", "any", "some", "own", "have", "including", "compared",
    "respectively", "instead", "because", "although", "though", "whereas", "whilst", "what",
}

# --------------------------------------------------------------------------------------------
# Regular expressions

_NUMW = ("zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
         "fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|"
         "eighty|ninety|hundred|thousand|million|billion|trillion")
_WORD_NUM = (
    rf"(?:(?:a|one)\s+(?:hundred|thousand|million|billion|trillion|dozen)|half\s+a\s+(?:dozen|million|billion|"
    rf"thousand|hundred)|(?:{_NUMW}))(?:(?:\s+and\s+|\s+|-)(?:{_NUMW}|dozen))*(?:[\s-]and[\s-]a[\s-]half)?"
)
_DIGITS = r"(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|(?<![\w.,])\.\d+)"
_SCALE_RE = (r"(?:thousand|million|billion|trillion|crores?|lakhs?|mn|mln|bn|bln|tn|trn|"
             r"[kK](?![a-zA-Z])|[mM](?![a-zA-Z²])|[bB](?![a-zA-Z]))")

_ATOM = re.compile(
    rf"""
    (?P<cur>{_CURRENCY_PREFIX})?
    (?:
        (?P<frac>\d+\s?[⁄]\s?\d+|\d+/\d+(?=\s+of\b)|[½⅓⅔¼¾⅛])
      | (?P<sci>\d+(?:\.\d+)?\s?[x×]\s?10\s?(?:\^|\*\*)?\s?[-−]?\d+)
      | (?P<dig>{_DIGITS})(?:\s?(?P<dscale>{_SCALE_RE}))?
      | (?P<word>\b{_WORD_NUM}\b)(?:\s(?P<wscale>{_SCALE_RE}))?
    )
    """,
    re.X | re.I,
)

_GLUED_RE = re.compile(r"(?:" + "|".join(re.escape(u) for u in _GLUED) + r")(?![A-Za-z0-9])", re.I)
_UNIT_AFTER = re.compile(
    r"\s?(?:" + "|".join(re.escape(u) for u in sorted(_UNIT_SET, key=len, reverse=True)) + r")(?![A-Za-z0-9])",
    re.I,
)
_GEN_RE = re.compile(r"G(?![A-Za-z0-9])")

_MASKS = [
    # ISO dates and date-times, numeric dates, times
    re.compile(r"\b\d{4}-\d{2}-\d{2}(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?Z?)?"),
    re.compile(r"\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b"),
    re.compile(r"\b\d{1,2}:\d{2}(?::\d{2})?(?:\s?(?:[ap]\.?m\.?|AM|PM)(?![a-z]))?", re.I),
    re.compile(r"\b\d{1,2}\s?(?:a\.m\.|p\.m\.|am\b|pm\b)", re.I),
    re.compile(r"\b\d{3,4}\s?(?:GMT|UTC|BST|CET|EST|EDT|PST|PDT|hrs\b|hours\s+(?:GMT|UTC|local))"),
    # month-day(-day)(, year), day(-day)-month(-year), month-year
    re.compile(rf"\b(?:{_MONTH}|{_MONTH_CI})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?(?:(?:\s?[-–]\s?|\s+(?:to|and|through|until)\s+)\d{{1,2}}(?:st|nd|rd|th)?\b(?!\s*(?:%|per\s*cent|percent)))?(?!\d|,\d|\.\d|\s?%)(?:,?\s+\d{{4}})?"),
    re.compile(r"\b\d{1,2}\s?o['’]clock\b", re.I),
    re.compile(rf"\b\d{{1,2}}(?:st|nd|rd|th)?(?:\s?[-–]\s?\d{{1,2}}(?:st|nd|rd|th)?)?\s+(?:of\s+)?(?:{_MONTH}|{_MONTH_CI})\b\.?(?:,?\s+\d{{4}})?"),
    re.compile(rf"\b(?:{_MONTH}|{_MONTH_CI})\.?,?\s+(?:of\s+)?\d{{4}}\b"),
    # decades, ordinals
    re.compile(r"(?:\b|')\d{2,4}['’]?s\b"),
    re.compile(r"\b\d+(?:st|nd|rd|th)\b", re.I),
    # phone numbers
    re.compile(r"(?:\+\d{1,3}[\s.-]?)?\(?\b\d{3}\)?[\s.-]\d{3}[\s.-]\d{4}\b"),
    # street addresses: "575 Wilbraham Road"
    re.compile(r"\b\d{1,5}\s+(?:[A-Z][a-z]+\s+){1,3}(?:Road|Rd|Street|St|Avenue|Ave|Lane|Ln|Drive|Dr|"
               r"Boulevard|Blvd|Way|Place|Pl|Square|Sq|Court|Ct|Terrace|Close|Crescent|Parkway|Highway)\b\.?"),
    # sports scores "won 3-1", "a 2-0 win"
    re.compile(r"\b(?:won|lost|beat|drew|draw|led|trail(?:ed)?|defeated|win|score)\s+\d{1,2}\s?[-–]\s?\d{1,2}\b", re.I),
    re.compile(r"\b\d{1,2}\s?[-–]\s?\d{1,2}\s+(?:win|victory|defeat|loss|lead|draw|home win|away win)\b", re.I),
    # version strings and dotted numbers "1.2.3", ratios "24/7"
    re.compile(r"\b\d+(?:\.\d+){2,}\b"),
    re.compile(r"\b24/7\b"),
    # ages as a demographic band: "aged 18 to 34" (NewsQuant does not count these)
    re.compile(r"\baged?\s+\d{1,3}(?:\s*(?:to|-|–|and)\s*\d{1,3})?\b", re.I),
    # "a baker's dozen"
    re.compile(r"baker['’]?s\s+dozen", re.I),
]

_QUAL = [
    ("at least", r"at\s+least|no\s+(?:fewer|less)\s+than|not\s+(?:fewer|less)\s+than|a\s+minimum\s+of|minimum\s+of|≥|>="),
    ("at most", r"at\s+(?:the\s+)?most|no\s+more\s+than|not\s+more\s+than|a\s+maximum\s+of|maximum\s+of|≤|<="),
    ("up to", r"(?<!lead\s)(?<!lead-)(?<!run\s)(?<!run-)up\s+to|as\s+(?:many|much|high|long|far)\s+as"),
    ("over", r"(?:well\s+|just\s+|slightly\s+|far\s+|a\s+little\s+)?(?:over|more\s+than|above|in\s+excess\s+of|"
             r"upwards?\s+of|exceeding|greater\s+than|higher\s+than|larger\s+than|north\s+of|>)"),
    ("under", r"(?:well\s+|just\s+|slightly\s+|a\s+little\s+)?(?:under|less\s+than|fewer\s+than|below|short\s+of|"
              r"lower\s+than|smaller\s+than|shy\s+of|<|sub-)"),
    ("approximately", r"about|around|approximately|approx\.?|roughly|some|nearly|almost|close\s+to|circa|ca\.|"
                      r"an\s+estimated|estimated|~|≈|in\s+the\s+region\s+of|on\s+the\s+order\s+of|"
                      r"in\s+the\s+neighbou?rhood\s+of|an\s+approximate|approximate|c\."),
    ("exact", r"exactly|precisely|just|only|a\s+total\s+of|totalling|totaling"),
]
_QUAL_RE = [(q, re.compile(rf"(?:^|(?<=[^\w])|(?<=\s))(?:{p})\s*$", re.I)) for q, p in _QUAL]
_QUAL_POST = [
    ("at least", re.compile(r"(?:(?:\s+[a-z]+){0,3}?\s+or\s+(?:more|above|higher|greater)\b|\+|-plus(?!\w)|\s?plus(?!\w))", re.I)),
    ("at most", re.compile(r"(?:\s+[a-z]+){0,3}?\s+or\s+(?:less|fewer|below|lower)\b", re.I)),
    ("approximately", re.compile(r"\s*(?:or\s+so|odd)\b", re.I)),
]

_VAGUE = re.compile(
    r"\b(?:(?P<tens>tens|hundreds)\s+of\s+(?P<of>thousands|millions|billions)|"
    r"(?P<sev>several|a\s+few|few)\s+(?P<sevs>hundred|thousand|million|billion|dozen)(?!\w)|"
    r"(?P<bare>dozens|scores|hundreds|thousands|millions|billions|trillions))\b",
    re.I,
)
_VAGUE_BASE = {"dozen": 12, "dozens": 12, "scores": 20, "hundred": 100, "hundreds": 100,
               "thousand": 1e3, "thousands": 1e3, "million": 1e6, "millions": 1e6, "billion": 1e9,
               "billions": 1e9, "trillions": 1e12, "tens": 10}

_FRACTION_WORDS = re.compile(
    r"\b(?P<n>a|one|two|three)[\s-](?P<d>half|third|thirds|quarter|quarters|fifth|fifths|tenth|tenths)\b"
    r"(?:\s+of\s+an?\s+(?P<sc>million|billion|trillion|thousand|hundred)\b|(?=\s+(?:of|the|an?|their|its|his|her|our)\b))"
    r"|\b(?P<h>half)\b(?!\s+an?\s+(?:dozen|hundred|thousand|million|billion|trillion)\b)"
    r"(?=\s+(?:of|the|a|an|their|its|his|her|our|all)\b)",
    re.I,
)
_FRAC_DEN = {"half": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4, "fifth": 5, "fifths": 5,
             "tenth": 10, "tenths": 10}
_UNICODE_FRAC = {"½": 0.5, "⅓": 1 / 3, "⅔": 2 / 3, "¼": 0.25, "¾": 0.75, "⅛": 0.125}

_YEAR_PREP = re.compile(
    r"(?:\b(?:in|since|by|until|till|from|of|during|before|after|between|through|early|late|mid|"
    r"around|circa|and|to|or|year|fiscal|fy|spring|summer|autumn|fall|winter|season|class|"
    r"the)|[-–(])\s*$",
    re.I,
)
_PREV_WORD = re.compile(r"([^\s]+)\s*$")
_NEXT_WORDS = re.compile(r"\s*([A-Za-z][A-Za-z'’.-]*)")


# --------------------------------------------------------------------------------------------
# Number parsing

def _words_value(s: str) -> Optional[float]:
    """Value of an English number-word sequence ("two million", "twenty-six", "a dozen")."""
    toks = re.split(r"[\s-]+", s.lower())
    total, current = 0.0, 0.0
    seen = False
    i = 0
    while i < len(toks):
        t = toks[i]
        if t == "and" and toks[i + 1:i + 3] == ["a", "half"]:
            current += 0.5
            i += 3
            continue
        if t == "and":
            i += 1
            continue
        if t == "a" or (t == "one" and i + 1 < len(toks) and toks[i + 1] in _SCALES):
            current += 1
            seen = True
        elif t == "half":
            current += 0.5
            seen = True
            if i + 1 < len(toks) and toks[i + 1] == "a":
                i += 1
        elif t in _SMALL:
            current += _SMALL[t]
            seen = True
        elif t in _TENS:
            current += _TENS[t]
            seen = True
        elif t == "dozen":
            current = (current or 1) * 12
            seen = True
        elif t == "hundred":
            current = (current or 1) * 100
            seen = True
        elif t in _SCALES:
            total += (current or 1) * _SCALES[t]
            current = 0.0
            seen = True
        else:
            return None
        i += 1
    return total + current if seen else None


def _digits_value(s: str) -> float:
    return float(s.replace(",", ""))


# --------------------------------------------------------------------------------------------
# Helpers

class _Atom:
    __slots__ = ("start", "end", "value", "cur", "unit", "kind", "scaled", "nstart", "nend", "text_num")

    def __init__(self, start, end, value, cur=None, unit=None, kind="digits", scaled=False, nstart=None, nend=None):
        self.start, self.end, self.value = start, end, value
        self.cur, self.unit, self.kind, self.scaled = cur, unit, kind, scaled
        self.nstart = start if nstart is None else nstart  # where the number itself starts (after currency)
        self.nend = end if nend is None else nend  # where the number (with scale) ends, before a unit


def _norm_currency(c: str) -> str:
    c = re.sub(r"\s+", "", c)
    if c in ("$US", "US$"):
        return "US$"
    if c == "PS":
        return "£"
    if c.rstrip(".") == "Rs":
        return "Rs"
    return c


def _norm_unit(u: str) -> str:
    low = u.lower().strip()
    if low in ("%", "percent", "per cent", "pct", "pc"):
        return "%"
    if low in ("'", "′"):
        return "foot"
    if low in ('"', "″"):
        return "inch"
    return u.strip()


def _masked(spans: list[tuple[int, int]], s: int, e: int) -> bool:
    for a, b in spans:
        if a < e and s < b:
            return True
    return False


def _is_sentence_start(text: str, pos: int) -> bool:
    j = pos - 1
    while j >= 0 and text[j] in " \t\"'“‘(":
        j -= 1
    return j < 0 or text[j] in ".!?\n:;"


# --------------------------------------------------------------------------------------------
# Main

def find_quantities(text: str, doc=None) -> list[Quantity]:
    """Every quantity in ``text``, in text order. ``doc``: optional spaCy Doc of the same text."""
    if not text:
        return []
    masks = [(m.start(), m.end()) for rx in _MASKS for m in rx.finditer(text)]
    vague = _vague(text)
    fracs = _fraction_words(text, [])
    atoms = _atoms(text, masks + [q.span for q in vague] + [q.span for q in fracs])
    tok = _TokenIndex(doc) if doc is not None else None
    atoms = [a for a in atoms if not _excluded(text, a, tok)]
    quants = _combine(text, atoms)
    quants += [v for v in vague if not _masked(masks, *v.span)]
    quants += [f for f in fracs if not _masked(masks, *f.span)]
    quants.sort(key=lambda q: q.span[0])
    for prev, q in zip(quants, quants[1:]):
        # a conversion in brackets says the same: "more than 100 kilometers (60 miles)"
        if q.qualifier == "exact" and prev.qualifier not in ("exact", "between", "vague") \
                and re.fullmatch(r"(?:\s+[A-Za-z]+){0,3}\s*\(\s*", text[prev.span[1]:q.span[0]]):
            q.qualifier = prev.qualifier
    for q in quants:
        if q.unit is None:
            if tok is not None:
                q.unit = _unit_from_doc(text, q, tok) or _unit_doc_guess(q, tok)
            else:
                q.unit = _unit_guess(text, q.span[1], counted_only=q.qualifier == "vague")
    return quants


def _atoms(text: str, masks) -> list[_Atom]:
    out: list[_Atom] = []
    for m in _ATOM.finditer(text):
        s, e = m.span()
        cur = m.group("cur")
        if _masked(masks, s if not cur else m.end("cur"), e):
            continue
        nstart = (m.end("cur") if cur else s)
        neg = False
        if not cur and nstart > 0 and text[nstart - 1] in "-−" and (nstart == 1 or text[nstart - 2] in " (\t\n") \
                and m.group("dig"):
            neg = True  # "fell to -5 degrees"
        elif cur and cur[0].isalpha() and s > 0 and (text[s - 1].isalnum() or text[s - 1] in "-_/"):
            continue  # "PLX-R18": an identifier, not rand
        # never start inside a word or right after a letter/digit-hyphen ("F-16", "S23", "cac40")
        before = text[nstart - 1] if nstart > 0 else " "
        before2 = text[max(0, nstart - 2):nstart]
        if not cur:
            if before in "'’′" and nstart > 1 and text[nstart - 2].isdigit():
                continue  # the inches of 6'3"
            if before.isalnum() or before in "_/@#" or (before == "." and nstart > 1 and text[nstart - 2].isdigit()):
                continue
            if before in "-–" and nstart > 1 and text[nstart - 2].isalpha() and not neg:
                if text[max(0, nstart - 4):nstart].lower() not in ("sub-", " to-"):
                    continue
            if before == "," and nstart > 1 and text[nstart - 2].isdigit():
                continue
        if m.group("frac"):
            f = m.group("frac")
            if f in _UNICODE_FRAC:
                val = _UNICODE_FRAC[f]
            else:
                a, b = re.split(r"\s?[⁄/]\s?", f)
                if float(b) == 0:
                    continue
                val = float(a) / float(b)
            out.append(_Atom(s, e, val, cur, kind="frac", nstart=nstart))
            continue
        if m.group("sci"):
            mm = re.match(r"(\d+(?:\.\d+)?)\s?[x×]\s?10\s?(?:\^|\*\*)?\s?([-−]?\d+)", m.group("sci"))
            val = float(mm.group(1)) * 10 ** int(mm.group(2).replace("−", "-"))
            out.append(_Atom(s, e, val, cur, kind="sci", nstart=nstart))
            continue
        if m.group("dig"):
            ds, de = m.span("dig")
            # digits glued to more digits-with-slash/colon: ratios, times, ids
            after = text[de:de + 1]
            if after in ":/" and text[de + 1:de + 2].isdigit() and not (after == "/" and cur):
                continue
            if text[max(0, ds - 1):ds] in ":/" and ds > 1 and text[ds - 2].isdigit() and text[ds - 1] != "/":
                continue
            val = _digits_value(m.group("dig"))
            scale = m.group("dscale")
            scaled = False
            end = de
            half = re.match(r"\s+and\s+a\s+half\b", text[de:de + 16], re.I) if not scale else None
            if half:
                val += 0.5  # "2 and a half tonnes"
                end = de + half.end()
                hs = re.match(rf"\s+({_SCALE_RE})\b", text[end:end + 12], re.I)
                if hs and hs.group(1).lower() in _SCALES:
                    val *= _SCALES[hs.group(1).lower()]
                    scaled = True
                    end += hs.end()
            if scale:
                sc = scale.lower()
                glued = m.start("dscale") == de
                # "m"/"b" are million/billion only with a currency ("$5m") or glued "bn"-style
                if sc in ("m", "b") and not cur and not (sc == "b" and scale == "B" and not glued
                                                         and _next_is_word(text, m.end("dscale"))):
                    scale = None
                elif sc == "k" and not glued and not cur:
                    scale = None
                if scale:
                    val *= _ABBR_SCALE[sc]
                    scaled = True
                    end = m.end("dscale")
            if neg:
                val, s = -val, s - 1
            a = _Atom(s, end, val, cur, kind="digits", scaled=scaled, nstart=nstart, nend=end)
            _attach_unit(text, a, glued_ok=not half)
            if a.unit is None and not scaled and text[end:end + 1].isalpha():
                # digits glued to letters that are not a unit: an identifier ("9AB", "3D")
                if not _GEN_RE.match(text, end):
                    continue
                a.unit = "G"
                a.end = end + 1
            out.append(a)
            continue
        # number words
        w = m.group("word")
        val = _words_value(w)
        if val is None:
            continue
        ws, we = m.span("word")
        if w.lower() == "one":
            pw = re.findall(r"[a-z]+", text[max(0, ws - 12):ws].lower())
            if (pw and pw[-1] in _ONE_PRONOUN and re.fullmatch(r"[\s'\"‘’“”]*", text[ws - 1:ws] or " ")
                    and text[max(0, ws - 12):ws].rstrip(" '\"‘’“”").lower().endswith(pw[-1])) \
                    or re.match(r"-on-one\b", text[we:we + 8], re.I) or re.match(r"\s+another\b|\s+(?:and|or)\s+(?:the\s+)?other\b", text[we:we + 14], re.I):
                continue
        end = we
        scaled = False
        if m.group("wscale"):
            sc = m.group("wscale").lower()
            if sc in _SCALES or sc in ("bn", "mn", "tn"):
                val *= _ABBR_SCALE[sc]
                scaled = True
                end = m.end("wscale")
        if text[we:we + 1] == "-" and not text[we + 1:we + 2].isspace():
            # "six-cylinder", "three-point": counted; unit is the word after the hyphen
            nm = re.match(r"-([A-Za-z]+)", text[we:])
            if nm and nm.group(1).lower() not in _SMALL and nm.group(1).lower() not in _TENS:
                a = _Atom(s, we, val, cur, kind="word", nstart=nstart, nend=we)
                a.unit = nm.group(1)
                out.append(a)
                continue
        a = _Atom(s, end, val, cur, kind="word", scaled=scaled, nstart=nstart, nend=end)
        _attach_unit(text, a, glued_ok=False)
        out.append(a)
    # drop atoms inside a previous one
    out.sort(key=lambda a: (a.start, -a.end))
    res: list[_Atom] = []
    for a in out:
        if res and a.start < res[-1].end:
            continue
        res.append(a)
    return res


def _next_is_word(text: str, pos: int) -> bool:
    return bool(re.match(r"\s+[a-z]", text[pos:pos + 3]))


# Unit symbols that are not taken as units when separated from the number by a space ("5 a", "3 in").
_SPACED_NEVER = {"a", "s", "h", "g", "l", "v", "w", "x", "in.", "ps", "mi", "t", "mt", "bar", "c", "f",
                 "second", "pa", "pc"}


def _attach_unit(text: str, a: _Atom, glued_ok: bool) -> None:
    """A unit of measure right after the number ("5km", "12 percent", "30'")."""
    e = a.end
    if a.cur:
        a.unit = _norm_currency(a.cur)
        # "$3500 a month", "$1.2 billion a year": kept in unit as NewsQuant does not need it
        return
    if glued_ok and e < len(text) and not text[e].isspace():
        m = _GLUED_RE.match(text, e)
        if m:
            u = m.group(0)
            if u in ("'", "′") and text[e + 1:e + 2].isalpha():
                return
            if u in ('"', "″", "'", "′") and (a.kind != "digits"):
                return
            if u in ('"', "″"):
                # a closing quote after a number is not inches unless a noun or punctuation follows
                if not re.match(r"\s+(?:screen|display|monitor|tv|wheels?|tablet|laptop)", text[e + 1:e + 15], re.I):
                    return
            if u in ("c", "C", "f", "F", "P"):
                return  # only lower-case "p" (pence) of these single letters
            a.unit = _norm_unit(u)
            a.end = m.end()
            _per_unit(text, a)
            return
    m = re.match(r"[-‑]([A-Za-z]+(?:-old)?)(?![A-Za-z0-9-])", text[e:e + 24])
    if m and m.group(1).lower() not in _SMALL and m.group(1).lower() not in _TENS \
            and m.group(1).lower() not in ("and", "to", "or", "plus"):
        a.unit = m.group(1)  # "22-year-old", "46-page", "3.5-liter"
        return
    m = _UNIT_AFTER.match(text, e)
    if m:
        u = m.group(0).strip()
        ul = u.lower()
        # single letters and ambiguous short words count as units only when glued to the number, in a
        # compound unit ("1.3 A/cm2"), or (a few) when written apart as symbols ("661 kt", "300 m away")
        if re.match(r"/[A-Za-z]", text[m.end():m.end() + 2]):
            pass
        elif ul in _SPACED_NEVER:
            return
        elif ul == "m" and re.match(r"\s+[a-z]", text[m.end():m.end() + 2]) and not re.match(
                r"\s+(?:in|of|and|or|to|from|long|wide|high|deep|tall|away|above|below|per)\b", text[m.end():m.end() + 8]):
            return
        # "second" / "minute" etc. as nouns are fine; "years old" etc. stay units
        if ul in ("day", "days", "week", "weeks", "month", "months", "year", "years", "minute", "minutes",
                  "hour", "hours", "seconds", "decades", "centuries"):
            a.unit = u
            a.end = m.end()
            return
        if ul in ("degrees", "degree", "deg") and re.match(r"\s*(?:C|F|Celsius|Fahrenheit)\b", text[m.end():m.end() + 12]):
            mm = re.match(r"\s*(?:C|F|Celsius|Fahrenheit)\b", text[m.end():])
            a.unit = text[m.start():m.end() + mm.end()].strip()
            a.end = m.end() + mm.end()
            return
        a.unit = _norm_unit(u)
        a.end = m.end()
        _per_unit(text, a)
        return
    # currency written after the number: "2,435,000 YEN", "108.79 JPY"
    m = re.match(r"\s?(USD|EUR|GBP|JPY|YEN|CNY|RMB|INR|CHF|CAD|AUD|RUB|UAH)\b", text[e:e + 6])
    if m:
        a.unit = m.group(1)
        a.end = e + m.end()


def _is_name_word(prev: str) -> bool:
    """A capitalised (or camel-cased) word that makes the next number part of a name."""
    if not prev or not prev[-1].isalnum():
        return False
    pl = prev.lower()
    if pl in _FUNCTION_CAPS or re.fullmatch(_MONTH + r"\.?", prev):
        return False
    if re.search(r"['’]s$|s['’]$", prev):
        return False  # possessive: "Ukraine's 10,000 troops"
    return prev[0].isupper() or any(c.isupper() for c in prev[1:])


def _per_unit(text: str, a: _Atom) -> None:
    """Extend a unit with "/unit": "A/cm2", "kV/cm", "mg/l"."""
    m = re.match(r"/[A-Za-z]{1,5}\d?(?![A-Za-z])", text[a.end:a.end + 8])
    if m and "/" not in a.unit:
        a.unit += m.group(0)
        a.end += m.end()


def _excluded(text: str, a: _Atom, tok) -> bool:
    """Years, ages in apposition, identifiers, person/product names followed by a number."""
    s = a.start
    raw = text[a.nstart:a.nend]
    m = _PREV_WORD.search(text, max(0, s - 40), s)
    prev = m.group(1) if m else ""
    prev_start = m.start(1) if m else s
    prevl = prev.lower().rstrip(",:;")
    measured = bool(a.unit) and (a.unit.lower() in _MEASURE or a.unit == "%") or a.scaled
    if not measured:
        nxt = _NEXT_WORDS.match(text, a.end)
        measured = bool(nxt) and nxt.group(1).lower() in _CURRENCY_WORDS
    if not a.cur and not measured:
        # identifiers: "Article 5", "No. 3", "sp 500"
        if prevl in _ID_WORDS and (prev[-1:].isalnum() or prev.endswith(".")):
            return True
        # names: "Model 3", "FTSE 100", "Galaxy Note 20", "Formula One"
        if _is_name_word(prev):
            pt = tok.at(prev_start) if tok is not None else None
            if pt is not None and pt.pos_ in ("VERB", "AUX", "ADP", "DET", "ADV", "ADJ", "SCONJ", "CCONJ",
                                              "PRON", "PART", "NUM"):
                pass  # a title-case headline verb ("Russia Sends 10,000 Troops")
            elif _is_sentence_start(text, prev_start):
                if pt is not None and pt.pos_ == "PROPN":
                    return True
            else:
                return True
    # a place in a ranking, not an amount: "slipped into the bottom three", "finished in the top 10"
    if not a.cur and not a.unit and not a.scaled and prevl in ("top", "bottom") \
            and re.search(r"\bthe\s+$", text[max(0, prev_start - 8):prev_start], re.I):
        nxt = _NEXT_WORDS.match(text, a.end)
        nw = nxt.group(1).lower() if nxt else ""
        if not nw or nw in _STOP_AFTER:  # "the top three seeds" counts seeds
            return True
    # long bare digit strings are identifiers (tweet ids, timestamps, account numbers)
    if a.kind == "digits" and not a.cur and re.fullmatch(r"\d{9,}", raw):
        return True
    # ages in apposition: "Senard, 65, now ..."; "aged 18 to 34"
    if a.kind == "digits" and not a.cur and not a.unit and re.fullmatch(r"\d{1,3}", raw):
        pw = re.search(r"([A-Za-z]+)\s*,\s*$", text[max(0, s - 30):s])
        if pw and pw.group(1)[0].isupper() and re.match(r"\s*(?:,|―|—|–|\s-\s)", text[a.end:a.end + 4]):
            return True
        if prevl in ("aged", "age", "ages"):
            return True
    # years
    if a.kind == "digits" and not a.cur and not a.scaled and re.fullmatch(r"1[5-9]\d\d|20\d\d", raw):
        if not measured:
            before = text[max(0, s - 12):s]
            if a.unit and a.unit.lower() in ("years", "year", "days", "months", "weeks"):
                return bool(_YEAR_PREP.search(before))
            nxt = _NEXT_WORDS.match(text, a.end)
            nw = nxt.group(1) if nxt else ""
            plural_noun = bool(nw) and nw[0].islower() and nw.lower() not in _STOP_AFTER and nw.endswith("s") \
                and not _YEAR_PREP.search(before)
            if not plural_noun:
                return True
    return False

# --------------------------------------------------------------------------------------------
# Ranges and qualifiers

_RANGE_BETWEEN = re.compile(r"\s*(?:and|to|[-–—]|&)\s*$", re.I)


def _combine(text: str, atoms: list[_Atom]) -> list[Quantity]:
    out: list[Quantity] = []
    i = 0
    while i < len(atoms):
        a = atoms[i]
        b = atoms[i + 1] if i + 1 < len(atoms) else None
        rng = _range_with(text, a, b) if b is not None else None
        if rng:
            qual, start = rng
            lo, hi = a.value, b.value
            # a scale written once for both ends: "four to five thousand", "$10 to $15 billion"
            fa, fb = _factor(text, a), _factor(text, b)
            if fa == 1 and fb > 1 and a.value < b.value / fb:
                lo = a.value * fb
            unit = b.unit or a.unit
            if a.cur and not b.cur:
                unit = a.unit
            q = Quantity(span=(start, b.end), text=text[start:b.end], value=None, low=lo, high=hi,
                         qualifier="between", unit=unit if (b.unit or a.unit) else None)
            out.append(q)
            # chains: "from $160 to $180 to $200"
            c = atoms[i + 2] if i + 2 < len(atoms) else None
            d = atoms[i + 3] if i + 3 < len(atoms) else None
            if c is not None and re.fullmatch(r"\s*to\s*", text[b.end:c.start], re.I) \
                    and not (d is not None and _range_with(text, c, d)):
                q2 = Quantity(span=(b.start, c.end), text=text[b.start:c.end], value=None, low=b.value,
                              high=c.value, qualifier="between", unit=c.unit or b.unit)
                out.append(q2)
                i += 3
                continue
            i += 2
            continue
        qual, start = _qualifier(text, a)
        end = a.end
        for pq, rx in _QUAL_POST:
            pm = rx.match(text, a.end)
            if pm and qual == "exact":
                qual = pq
                end = pm.end()
                break
        out.append(Quantity(span=(start, end), text=text[start:end], value=a.value, qualifier=qual,
                            unit=a.unit))
        i += 1
    return out


def _factor(text: str, a: _Atom) -> float:
    """The scale written at the end of a number ("1.5 million" -> 1e6, "five thousand" -> 1000), else 1."""
    m = re.search(rf"(?:\d|\s)({_SCALE_RE})\s*$", text[a.nstart:a.nend], re.I)
    if not m:
        return 1.0
    sc = m.group(1).lower()
    if sc in ("m", "b") and not a.cur and not a.scaled:
        return 1.0
    if a.kind == "word" and len(re.findall(r"hundred|thousand|million|billion|trillion", text[a.nstart:a.nend], re.I)) > 1:
        return 1.0
    return _ABBR_SCALE.get(sc, 1.0)


def _range_with(text: str, a: _Atom, b: _Atom):
    """If a and b form a range, return (qualifier, start of the expression)."""
    gap = text[a.end:b.start]
    if len(gap) > 40:
        return None
    left = text[max(0, a.start - 30):a.start]
    m_from = re.search(r"\bfrom\s+$", left, re.I)
    m_betw = re.search(r"\bbetween\s+$", left, re.I)
    # "between A and B", "between A to B"
    if m_betw and re.fullmatch(r"\s*(?:and|to|[-–])\s*", gap, re.I):
        return "between", a.start - (len(left) - m_betw.start())
    # "from A to B", with up to three words of unit between ("from 21 mpg combined to 23")
    if m_from and re.fullmatch(r"(?:\s*[A-Za-z%.]+){0,3}?\s*(?:up\s+)?to\s*", gap, re.I):
        return "between", a.start - (len(left) - m_from.start())
    # "A-B", "A – B", "A to B", "A to-B"
    if re.fullmatch(r"\s?[-–—]\s?|\s*to\s*-?\s*|\s*(?:[-–])\s*to\s*", gap, re.I):
        hyphen = "to" not in gap.lower()
        if hyphen and a.value >= b.value and not b.scaled:
            return None
        if not hyphen:
            # a score, vote or poll result: "leads 47 percent to 44 percent", "a 3 to 1 margin"
            if re.search(r"\b(?:leads?|leading|led|trails?|trailing|beat|beats|beating|won|wins|lost|loses|"
                         r"vote[sd]?|voting|margin|edge[sd]?|ahead|behind)\b(?:\s+\S+){0,3}\s*$", left, re.I) \
                    or re.match(r"\s+(?:margin|majority|vote|ratio|odds|split|decision|win|victory|defeat|lead)\b",
                                text[b.end:b.end + 12], re.I):
                return None
            # a descending pair without "from" is a comparison unless both carry the same unit of measure
            if a.value > b.value and not (a.unit and a.unit == b.unit and a.unit != "%"):
                return None
            # "fell 0.4 per cent to 13176": a has a unit that b does not share -> not a range
            if a.unit and not b.unit and not a.cur:
                return None
            if a.cur and not b.cur and not b.unit:
                return None
            if a.unit and b.unit and a.unit != b.unit:
                return None
        q, st = _qualifier(text, a)
        return "between", st if q == "approximately" else a.start
    # "A or B": consecutive small numbers ("three or four years", "one or two")
    if re.fullmatch(r"\s+or\s+", gap, re.I) and a.kind == b.kind == "word" and b.value - a.value == 1 and b.value <= 20:
        return "between", a.start
    # "to A from B" ("narrowed to 138,285 lots from 212,577 lots")
    mm = re.fullmatch(r"\s*((?:[A-Za-z]+\s*){0,2}?)\s*from\s*", gap, re.I)
    if mm and re.search(r"\bto\s+$", left, re.I) and a.unit == b.unit and not a.cur:
        words = mm.group(1).strip()
        if a.unit is not None or (words and re.match(r"\s*" + re.escape(words) + r"\b", text[b.end:b.end + 40])):
            return "between", a.start
    # "$7/$9"
    if gap == "/" and a.cur and b.cur:
        return "between", a.start
    return None


def _qualifier(text: str, a: _Atom) -> tuple[str, int]:
    left = text[max(0, a.start - 40):a.start]
    for q, rx in _QUAL_RE:
        m = rx.search(left)
        if m:
            # the qualifier must touch the number, so temporal "over the past three weeks" is not "over"
            phrase = left[m.start():].strip().lower()
            if q == "exact" and phrase in ("just", "only"):
                return "exact", a.start
            start = a.start - (len(left) - m.start())
            while start < a.start and text[start].isspace():
                start += 1
            return q, start
    return "exact", a.start


# --------------------------------------------------------------------------------------------
# Vague amounts and fraction words

def _vague(text: str) -> list[Quantity]:
    out = []
    for m in _VAGUE.finditer(text):
        s, e = m.span()
        if m.group("tens"):
            base = _VAGUE_BASE[m.group("of").lower()] * (10 if m.group("tens").lower() == "tens" else 100)
            lo, hi = base, base * 10
        elif m.group("sev"):
            b = _VAGUE_BASE[m.group("sevs").lower()]
            if m.group("sev").lower() == "several":
                lo, hi = 3 * b, 10 * b
            else:
                lo, hi = 2 * b, 10 * b
        else:
            word = m.group("bare").lower()
            # "hundreds" alone must not be part of "hundreds of thousands" (handled above)
            if word == "scores" and not re.match(r"\s+of\b", text[e:e + 4]):
                continue
            b = _VAGUE_BASE[word]
            lo, hi = b, b * 10
        out.append(Quantity(span=(s, e), text=text[s:e], value=None, low=float(lo), high=float(hi),
                            qualifier="vague", unit=None))
    return out


def _fraction_words(text: str, quants: list[Quantity]) -> list[Quantity]:
    out = []
    taken = [q.span for q in quants]
    for m in _FRACTION_WORDS.finditer(text):
        s, e = m.span()
        if _masked(taken, s, e):
            continue
        if m.group("h"):
            # "half" as an amount: not "the second half", "first half of 2024"
            if re.search(r"\b(?:first|second|the|other|latter|back|front|top|bottom)\s+$", text[max(0, s - 10):s], re.I):
                continue
            val = 0.5
        else:
            n = m.group("n").lower()
            num = 1 if n in ("a", "one") else _SMALL[n]
            d = m.group("d").lower()
            if d == "quarter" and re.search(r"\b(?:the|first|second|third|fourth|last|next)\s+$", text[max(0, s - 10):s], re.I):
                continue
            val = num / _FRAC_DEN[d]
            if m.group("sc"):
                val *= _SCALES[m.group("sc").lower()]
        fake = _Atom(s, e, val, kind="word")
        qual, start = _qualifier(text, fake)
        out.append(Quantity(span=(start, e), text=text[start:e], value=val, qualifier=qual, unit=None))
    return out


# --------------------------------------------------------------------------------------------
# What is counted

class _TokenIndex:
    def __init__(self, doc):
        self.doc = doc
        self.starts = [t.idx for t in doc]

    def at(self, char: int):
        i = bisect.bisect_right(self.starts, char) - 1
        if i < 0:
            return None
        t = self.doc[i]
        return t if t.idx <= char < t.idx + len(t.text) else None




def _unit_from_doc(text: str, q: Quantity, tok: _TokenIndex) -> Optional[str]:
    t = tok.at(q.span[1] - 1)
    if t is None:
        return None
    doc = tok.doc
    # climb NUM heads to the right ("two million artillery rounds": two -> million -> rounds)
    h = t
    steps = 0
    while h.head.i > h.i and h.head.pos_ == "NUM" and steps < 4:
        h = h.head
        steps += 1
    head = h.head if h.head.i > h.i and h.head.pos_ in ("NOUN", "PROPN") and h.dep_ in (
        "nummod", "quantmod", "compound", "amod", "nmod", "npadvmod", "det", "appos", "dep") else None
    while head is not None and head.dep_ == "compound" and head.head.i > head.i and head.head.pos_ in ("NOUN", "PROPN") \
            and head.head.i - h.i <= 6:
        head = head.head  # "two million artillery rounds": artillery -> rounds
    if head is not None and head.i - h.i <= 6:
        first = h.i + 1
        while first < head.i and doc[first].pos_ in ("PUNCT",) or (first < head.i and doc[first].text in ("-",)):
            first += 1
        unit_toks = [x for x in doc[first:head.i + 1]]
        unit = " ".join(x.text for x in unit_toks if x.pos_ != "PUNCT" or x.text in ("%", "/", "-"))
        unit = re.sub(r"\s*-\s*", "-", unit).strip()
        # "containers of ammunition": a container or count noun followed by "of" + noun
        if head.i + 2 < len(doc) and doc[head.i + 1].lower_ == "of" and head.lower_ not in _UNIT_SET \
                and head.lower_ not in _CURRENCY_WORDS:
            pobj = [c for c in doc[head.i + 1].children if c.dep_ == "pobj"]
            if pobj and pobj[0].pos_ in ("NOUN", "PROPN") and pobj[0].i - head.i <= 4 \
                    and all(x.pos_ not in ("DET", "PRON") for x in doc[head.i + 2:pobj[0].i]):
                unit = unit + " of " + doc[head.i + 2:pobj[0].i + 1].text
        return unit or None
    # partitive: "two of Johnson's deputies", "thousands of troops", "one of the best speakers"
    nxt = doc[t.i + 1] if t.i + 1 < len(doc) else None
    if nxt is not None and nxt.lower_ == "of":
        pobj = [c for c in nxt.children if c.dep_ == "pobj"]
        if pobj and pobj[0].pos_ in ("NOUN", "PROPN") and pobj[0].i - nxt.i <= 6:
            first = nxt.i + 1
            while first < pobj[0].i and doc[first].pos_ in ("DET",):
                first += 1
            return doc[first:pobj[0].i + 1].text
    return None


def _unit_doc_guess(q: Quantity, tok: _TokenIndex) -> Optional[str]:
    """The parse found no head noun: take the adjectives and nouns right after the number, up to a noun."""
    t = tok.at(q.span[1] - 1)
    if t is None:
        return None
    doc = tok.doc
    j = t.i + 1
    while j < len(doc) and j - t.i <= 4 and doc[j].pos_ in ("ADJ", "PROPN", "NOUN") and doc[j].lower_ not in _STOP_AFTER:
        if doc[j].pos_ == "NOUN" and not (j + 1 < len(doc) and doc[j + 1].pos_ == "NOUN"):
            return doc[t.i + 1:j + 1].text
        j += 1
    return None


def _unit_guess(text: str, end: int, counted_only: bool = False) -> Optional[str]:
    """Without a parse: up to three following words that are not function words ("North Korean soldiers").

    ``counted_only`` (vague amounts): "thousands" and "several hundred" stand alone as the subject
    ("Thousands fled the city"), so a following word is taken only if it looks like a plural noun
    ("several hundred soldiers"); "thousands of troops" is read as before."""
    words = []
    pos = end
    for _ in range(3):
        m = _NEXT_WORDS.match(text, pos)
        if not m:
            break
        w = m.group(1).rstrip(".")
        if w.lower() in _STOP_AFTER or not w:
            break
        if counted_only and not words and not (
                (w.endswith("s") and w[0].islower() and not w.endswith("ss")) or w.lower() in _IRREGULAR_PLURALS):
            break
        words.append(w)
        pos = m.end()
        if (w.endswith("s") and w[0].islower()) or w.lower() in _IRREGULAR_PLURALS:
            break
    if not words:
        m = re.match(r"\s+of\s+(?:the\s+|their\s+|its\s+)?(?=([A-Za-z][A-Za-z'’-]*))", text[end:end + 40])
        if m and m.group(1).lower() not in _STOP_AFTER:
            # "dozens of North Korean soldiers": the noun phrase after "of", as far as its plural noun
            return _unit_guess(text, end + m.end() - 1) or m.group(1)
        return None
    unit = " ".join(words)
    m = re.match(r"\s+of\s+([a-z][a-z-]+)", text[pos:pos + 30])
    if m and words[-1].lower() not in _UNIT_SET and m.group(1) not in _STOP_AFTER:
        unit += " of " + m.group(1)
    return unit
