"""Canonical sources across documents: one registry, so that every spelling of a person or body in
every document resolves to one source, with kind, role, affiliation (the body it speaks for) and country.

The registry is a pure function of the set of source mentions in the store (``build``), so it gives the
same ids whatever order the documents came in. Rules, in order:
  1. anonymous sources stay per document ("a senior official" in two articles need not be one person);
     their stated affiliation is resolved like any body;
  2. well-known bodies and their spellings (data/known_sources.json), acronyms defined in the text
     ("Institute for the Study of War (ISW)"), and generic plural heads ("State Department officials");
  3. country-level bodies from a demonym or country name with a generic head: "Ukrainian officials",
     "South Korean authorities" -> that country's government; "... intelligence", "... military" ->
     its intelligence services / armed forces, which speak for the government;
  4. people by full name; a surname alone joins the one person of that surname, when there is one;
  5. anything else by its normalised name.
"""
from __future__ import annotations

import json
import os
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Optional

import pycountry

from claimgraph.model import SourceMention

DATA = Path(__file__).parent / "data" / "known_sources.json"

GENERIC_HEADS = ("officials", "official", "sources", "source", "spokesperson", "spokespeople", "spokesman",
                 "spokeswoman", "representatives", "authorities", "leadership", "statement", "report",
                 "assessment", "data", "figures", "estimates", "estimate", "analysts", "officers")
GOVERNMENT_HEADS = {"government", "officials", "official", "authorities", "administration", "leadership",
                    "ministry", "diplomats", "diplomat", "embassy", "sources", "source", "spokesperson", "side"}
INTEL_HEADS = {"intelligence", "spy agency", "intelligence services", "intelligence service", "intelligence agencies",
               "intelligence officials", "intelligence sources", "military intelligence"}
MILITARY_HEADS = {"military", "army", "armed forces", "forces", "troops", "defence ministry", "defense ministry",
                  "military officials", "commanders", "general staff"}
NATIONAL_ROLES = {"president", "prime minister", "chancellor", "minister", "foreign minister", "defence minister",
                  "defense minister", "secretary", "ambassador", "envoy", "diplomat", "press secretary", "spokesperson"}
SPEAKING_ROLES = {"aide", "adviser", "spokesperson", "press secretary", "official", "representative", "analyst"}
LEGISLATOR_ROLES = {"congressman", "congresswoman", "senator", "representative", "lawmaker", "mp", "legislator"}
GOVERNMENT_ROLES = {"spokesperson", "press secretary", "secretary", "minister", "prime minister", "president",
                    "ambassador", "official", "diplomat", "envoy", "chancellor", "governor", "commander", "general",
                    "chief", "director", "head", "deputy", "officer"}

# capitals and seats of power that stand for their country's government in news ("Seoul said")
METONYMS = {"washington": "US", "kremlin": "RU", "moscow": "RU", "kyiv": "UA", "kiev": "UA", "seoul": "KR",
            "pyongyang": "KP", "beijing": "CN", "london": "GB", "paris": "FR", "berlin": "DE", "tokyo": "JP",
            "tehran": "IR", "ankara": "TR", "warsaw": "PL", "minsk": "BY", "jerusalem": "IL", "white house": "US"}
GOVERNMENT_DISPLAY = {"US": "the United States", "GB": "the United Kingdom", "RU": "Russia", "KR": "South Korea",
                      "KP": "North Korea", "IR": "Iran", "SY": "Syria", "VN": "Vietnam", "TW": "Taiwan",
                      "BO": "Bolivia", "VE": "Venezuela", "TZ": "Tanzania", "MD": "Moldova", "LA": "Laos"}


ACRONYM_DEF = re.compile(r"([A-Z][\w.'\u2019 -]{3,80}?)\s*\(([A-Z][A-Za-z]{1,9})\)")
FUNCTION_WORDS = frozenset("""the a an his her their its our my your this that these those some many several
other others one two three four five another any all both each most few no such said""".split())


def is_named(name: str) -> bool:
    """Whether a source phrase names someone ('Vedant Patel', 'Democrats', 'NATO') rather than describes
    ('analysts', 'his attorney', 'the governor'): only names are merged across documents."""
    return any(w[:1].isupper() and w.lower() not in FUNCTION_WORDS for w in re.findall(r"[^\W\d_][\w'\u2019.-]*", name))


def name_key(name: str) -> str:
    """A spelling-insensitive key: lower case, ASCII, no punctuation, no leading 'the', no possessive."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"['\u2019]s\b", "", text)
    text = re.sub(r"\bu\.\s?s\.", "us", text)
    text = re.sub(r"\bu\.\s?k\.", "uk", text)
    text = re.sub(r"\b(?:[a-z]\.){2,}", lambda m: m.group(0).replace(".", ""), text)  # 'F.B.I.' is 'FBI'
    text = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    text = re.sub(r"^the-", "", text)
    return text[:120] or "unnamed"


# words that say what a person is, not whom they speak for: a mention's affiliation made only of these
# ("Chancellor", "retired Army Lt", "Presumptive Republican presidential") names no body
TITLE_WORDS = frozenset("""president vice chancellor prime minister secretary attorney general lt lieutenant gen
col colonel capt captain sgt sergeant maj major adm admiral retired former acting deputy chief director chairman
chairwoman chair speaker rep representative sen senator congressman congresswoman governor mayor spokesman
spokeswoman spokesperson ambassador commander judge justice presumptive presidential nominee candidate counsel
senior trial mr mrs ms dr navy army marine marines air force no the of and then ex top assistant associate
principal press communications campaign manager adviser advisor aide head leader member""".split())
PARTY_WORDS = {"republican": "R", "republicans": "R", "gop": "R", "democratic": "D", "democrat": "D",
               "democrats": "D"}
PARTY_CODE = re.compile(r"\(?\b([RDI])[-\u2013]\s?[A-Z][A-Za-z.]{1,12}\)?")  # "(R-Utah)", "R-Va.", "(D-N.Y.)"
US_LEGISLATURE = re.compile(r"\b(?:Rep\.|Reps\.|Sen\.|Sens\.|Senators?|Congress(?:man|woman|men|women|ional)?|"
                            r"(?<!White )House|Senate|lawmakers?|legislators?)(?=\W|$)")
CAMPAIGN = re.compile(r"^(?:the\s+)?(?P<who>[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*){0,2}?)(?:['\u2019\u02bc`]s)?\s+"
                      r"(?:presidential\s+)?campaign$")
BROAD_BODIES = frozenset({"src:us-congress"})  # a person's party group in it says more than the whole body
LEGISLATURE_BODIES = {"R": ("src:us-congress-republicans", "Republicans in the US Congress"),
                      "D": ("src:us-congress-democrats", "Democrats in the US Congress")}
DATELINE = re.compile(r"^[A-Z][A-Za-z .'-]{1,40},?\s+(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2},?\s+)?\([A-Za-z]{2,12}\)\s*[\u2014\u2013-]+\s*")
LEADING_ADVERB = re.compile(r"^(?:later|also|then|earlier|previously|now|even|still|initially|subsequently|"
                            r"both|and|or)\s+(?=\S)", re.I)
HONORIFIC = re.compile(r"^(?:Mr|Mrs|Ms|Miss|Dr|Prof)\.?\s+(?=[A-Z])")
NAME_TOKEN = r"(?:[A-Z][a-z'\u2019]+(?:-[A-Z][a-z'\u2019]+)?|[A-Z]\.|[A-Z][a-z]*[A-Z][a-z]+|\u201c[A-Z][a-z]+\u201d|\"[A-Z][a-z]+\")"
TRAILING_NAME = re.compile(rf"((?:{NAME_TOKEN}\s+){{1,3}}{NAME_TOKEN})$")
MIDDLE_INITIAL = re.compile(r"(?<=\w)\s+[A-Z]\.(?=\s+[A-Z])")


def _words(text: str) -> list[str]:
    return re.findall(r"[A-Za-z][\w'\u2019.]*", text)


def _titled(text: str) -> bool:
    """Whether a phrase holds a title word ('F.B.I. director', 'Former prosecutor')."""
    return any(w.lower().rstrip(".") in TITLE_WORDS - {"the", "of", "and", "no", "then"} for w in _words(text))


def party_of(text: str) -> Optional[str]:
    """'R' or 'D' from a party word or a party code ('(R-Utah)'), when the phrase names one party."""
    found = {PARTY_WORDS[w.lower()] for w in _words(text) if w.lower() in PARTY_WORDS}
    found |= {m.group(1) for m in PARTY_CODE.finditer(text) if m.group(1) in "RD"}
    return found.pop() if len(found) == 1 else None


POSSESSIVE_OWNER = re.compile(r"^(?:the\s+)?(?P<who>[A-Z][\w.-]+(?:\s+[A-Z][\w.-]+){0,2})['\u2019]s?\s+\S")


def _names_a_body(text: str) -> bool:
    """Whether a phrase holds a name that is not a title ('Judicial Watch', 'FBI'; not 'recommendation
    Attorney' or 'retired Army Lt')."""
    return any(w[:1].isupper() and w.lower().rstrip(".") not in TITLE_WORDS and w.lower() not in PARTY_WORDS
               and w.lower() not in FUNCTION_WORDS for w in _words(text))


def _person_in(text: str) -> Optional[tuple[str, str]]:
    """(title part, name) for 'title(s) Full Name' or 'title, Full Name': 'the F.B.I. director, James B.
    Comey' -> ('the F.B.I. director', 'James B. Comey'); None when the phrase does not end in a name."""
    text = re.split(r",\s+(?:who|which|whose|a|an|the)\b", text)[0].strip(" ,")
    text = PARTY_CODE.sub("", text).strip(" ,")
    m = TRAILING_NAME.search(text)
    if not m:
        return None
    tokens = m.group(1).split()
    titles = [i for i, t in enumerate(tokens) if t.lower().rstrip(".") in TITLE_WORDS | set(PARTY_WORDS)]
    if titles:  # 'New York City Mayor Rudy Giuliani': the name follows the last title
        tokens = tokens[titles[-1] + 1:]
    if not tokens or not re.match(r"[A-Z][a-z]", tokens[-1]) or (len(tokens) < 2 and not titles):
        return None  # a lone word is a name only right after a title ('GOP Rep McCaul')
    name = " ".join(tokens)
    return text[: text.rfind(name)].strip(" ,"), name


def tidy_mention(m: dict) -> dict:
    """A mention as the registry reads it. The extractor writes what it found; this mends what it often
    gets wrong, from the written words alone (so a mention always tidies the same way):
      - a dateline before the source ('CLEVELAND, July 19 (UPI) - Former Attorney General X') is dropped;
      - a title standing for the name ('the F.B.I. director, James B. Comey') gives way to the name, and
        the rest of the phrase becomes role and affiliation;
      - honorifics and middle initials are not part of a person's key ('Mr. Kosa', 'James B. Comey');
      - an affiliation made of titles only ('Chancellor', 'retired Army Lt') is no affiliation.
    """
    m = dict(m)
    text, name = (m.get("text") or "").strip(), (m.get("name") or m.get("text") or "").strip()
    stripped = DATELINE.sub("", text)
    if stripped != text and stripped:
        text = stripped
        if DATELINE.sub("", name) != name or name.upper() == name or name not in text:
            name = text
            m["kind"] = "unknown" if m.get("kind") in ("government", "organization", None) else m["kind"]
    if _titled(name) or (name == text and name.upper() == name):
        found = _person_in(text if len(text) >= len(name) else name)
        if found:
            title, name = found
            m["kind"] = "person"
            role_words = [w.lower().rstrip(".") for w in _words(title) if w.lower().rstrip(".") in TITLE_WORDS
                          and w.lower() not in ("the", "of", "and", "no", "then", "former", "retired", "acting")]
            if role_words and not m.get("role"):
                m["role"] = " ".join(role_words[-2:]) if role_words[-1] == "general" else role_words[-1]
            after = re.search(r"\b(?:for|of|at|with|from)\s+(?:the\s+)?(.+)$", title)
            rest = after.group(1).strip() if after else \
                " ".join(w for w in _words(title) if w.lower().rstrip(".") not in TITLE_WORDS)
            if rest and not m.get("affiliation"):  # 'a spokesman for the Ortiz campaign' -> 'Ortiz campaign'
                m["affiliation"] = rest
    name = HONORIFIC.sub("", name)
    name = LEADING_ADVERB.sub("", name)  # 'South Korean and later Western intelligence' -> 'Western intelligence'
    if m.get("kind") == "person":
        name = MIDDLE_INITIAL.sub("", name)
    m["name"] = name
    if m.get("affiliation") and not _names_a_body(m["affiliation"]):
        m["affiliation"] = None
    m["text"] = text or name
    return m


def _country_of_mention(name: str, text: str) -> Optional[str]:
    """The country a mention names: from its name, else from the written phrase unless that phrase joins
    several sources ('South Korean and later Western intelligence' says nothing of the second's country)."""
    return country_in(name) or (country_in(text) if text and not re.search(r"\b(?:and|or)\b", text) else None)


def legislature_of(m: dict) -> Optional[tuple[str, str]]:
    """(id, name) of the party group in the US Congress a legislator or a group of legislators speaks
    for ('Rep. Jason Chaffetz, R-Utah', 'House Republicans', 'a few Republican lawmakers'); the Congress
    itself when no party is stated; None for anyone else."""
    text = " ".join(x for x in (m.get("text"), m.get("affiliation")) if x)
    role = m.get("role")
    legislator = role in LEGISLATOR_ROLES or bool(US_LEGISLATURE.search(text)) or bool(PARTY_CODE.search(text))
    if not legislator or (m.get("kind") == "person" and role not in LEGISLATOR_ROLES | {"speaker", "chairman", "chair",
                                                                                     "chairwoman", "leader", None}):
        return None
    if re.search(r"\b(?:former|ex-)\b", text, re.I):
        return None  # a former member speaks for himself
    party = party_of(text)
    if party:
        return LEGISLATURE_BODIES[party]
    code = country_in(text)
    return ("src:us-congress", "US Congress") if code in ("US", None) and (role in LEGISLATOR_ROLES
                                                                          or PARTY_CODE.search(text)) else None


@dataclass
class SourceRecord:
    id: str
    name: str
    kind: str
    role: Optional[str] = None
    affiliation: Optional[str] = None  # a source id
    country: Optional[str] = None
    aliases: set[str] = field(default_factory=set)

    def as_row(self) -> dict:
        return {"id": self.id, "name": self.name, "kind": self.kind, "role": self.role,
                "affiliation": self.affiliation, "country": self.country, "aliases": sorted(self.aliases)}


class KnownSourcesError(ValueError):
    """A known-sources file is unreadable or malformed; the message names the file and the problem."""


def known_bodies() -> tuple[dict[str, dict], dict[str, str]]:
    """(body id -> entry, alias key -> body id) from the shipped table, extended (and overridden by id)
    by the files named in $CLAIMGRAPH_SOURCES (paths separated by ':')."""
    return _known_bodies(os.environ.get("CLAIMGRAPH_SOURCES", ""))


def _load_bodies(path: Path) -> list[dict]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise KnownSourcesError(f"known-sources file {path}: {e}") from e
    bodies = data.get("bodies") if isinstance(data, dict) else None
    if not isinstance(bodies, list):
        raise KnownSourcesError(f"known-sources file {path}: expected an object with a list 'bodies'")
    for n, body in enumerate(bodies):
        if not (isinstance(body, dict) and isinstance(body.get("id"), str) and isinstance(body.get("name"), str)):
            raise KnownSourcesError(f"known-sources file {path}: body {n} needs string 'id' and 'name'")
        body.setdefault("kind", "organization")
        body.setdefault("aliases", [])
    return bodies


@lru_cache(maxsize=4)
def _known_bodies(extra: str) -> tuple[dict[str, dict], dict[str, str]]:
    by_id: dict[str, dict] = {}
    for path in [DATA, *(Path(p) for p in extra.split(os.pathsep) if p)]:
        for body in _load_bodies(path):
            by_id[body["id"]] = body
    alias: dict[str, str] = {}
    for body in by_id.values():
        for spelling in [body["name"], *body["aliases"]]:
            alias.setdefault(name_key(spelling), body["id"])
    return by_id, alias


@lru_cache(maxsize=4096)
def country_in(text: str) -> Optional[str]:
    """ISO alpha-2 of the country a phrase names or implies ('Ukrainian officials' -> UA, 'Seoul' -> KR),
    from the place normaliser's countries, demonyms and places; None when it names none or several."""
    from claimgraph.extract.places import find_places

    key = name_key(text).replace("-", " ")
    if key in METONYMS:
        return METONYMS[key]
    codes = {code for seat, code in METONYMS.items() if " " in seat and re.search(rf"\b{seat}\b", key)}
    covered = "|".join(seat for seat in METONYMS if " " in seat and re.search(rf"\b{seat}\b", key))
    # a seat of power named in the phrase ('the White House') is that country, not a town of that name
    codes |= {p.country for p in find_places(text) if p.country and not (covered and re.fullmatch(covered, p.text.lower()))}
    return codes.pop() if len(codes) == 1 else None


def _only_place(phrase: str) -> bool:
    """Whether a phrase is nothing but a country or a seat of power ('Ukraine', 'Seoul', 'the Kremlin')."""
    from claimgraph.extract.places import find_places

    key = name_key(phrase).replace("-", " ")
    if key in METONYMS:
        return True
    covered = "".join(phrase[p.span[0]:p.span[1]] for p in find_places(phrase))
    rest = set(re.findall(r"[a-z]+", phrase.lower())) - set(re.findall(r"[a-z]+", covered.lower())) - {"the"}
    return bool(covered) and not rest


def government_record(code: str) -> SourceRecord:
    country = pycountry.countries.get(alpha_2=code)
    display = GOVERNMENT_DISPLAY.get(code) or (getattr(country, "common_name", None) or country.name if country else code)
    return SourceRecord(id=f"src:gov-{code.lower()}", name=f"Government of {display}", kind="government",
                        country=code, aliases={f"{display} government"})


def _strip_generic(key: str) -> str:
    for head in GENERIC_HEADS:
        suffix = "-" + head
        if key.endswith(suffix) and len(key) > len(suffix):
            return key[: -len(suffix)]
    return key


@dataclass
class MentionRef:
    """One mention to resolve: where it is (statement id, 'source' or a based_on index) and what it says."""

    statement_id: str
    slot: str  # "source" or "based_on:N"
    document_id: str
    mention: dict  # text, name, kind, role, affiliation


def _expanded(spelling: str) -> list[str]:
    """A spelling, and for "Full Name (ACR)" also "Full Name" and "ACR"."""
    if not spelling:
        return []
    return [spelling, ACRONYM_DEF.sub(r"\1", spelling), *(m.group(2) for m in ACRONYM_DEF.finditer(spelling))]


def _could_be_acronym(key: str) -> bool:
    return 2 <= len(key) <= 10 and "-" not in key


def mention_keys(m: dict) -> set[str]:
    """The keys of the registry's two learnt maps that a mention defines or looks up: ``ND:surname=full``
    (a full name of a person), ``NU:surname`` (a bare surname), ``AD:acr=full`` (an acronym defined in the
    text), ``AU:key`` (a spelling that may be an acronym). A mention's resolution depends only on the map
    entries of its own keys, which lets an incremental update find every mention a new document affects."""
    keys = set()
    m = tidy_mention(m)
    name = (m.get("name") or m.get("text") or "").strip()
    parts = name.split()
    if m.get("kind") == "person" and len(parts) >= 2:
        keys.add(f"ND:{name_key(parts[-1])}={name_key(name)}")
    elif len(parts) == 1 and is_named(name):
        keys.add(f"NU:{name_key(name)}")
    for spelling in (name, m.get("affiliation") or ""):
        campaign = CAMPAIGN.match(spelling.strip())
        if campaign and len(campaign.group("who").split()) == 1:
            keys.add(f"NU:{name_key(campaign.group('who'))}")
    owner = POSSESSIVE_OWNER.match((m.get("affiliation") or "").strip())
    if owner and len(owner.group("who").split()) == 1:
        keys.add(f"NU:{name_key(owner.group('who'))}")
    for spelling in (m.get("text") or "", m.get("name") or ""):
        for full, acr in ACRONYM_DEF.findall(spelling):
            keys.add(f"AD:{name_key(acr)}={name_key(full)}")
    for spelling in (m.get("text") or "", m.get("name") or "", m.get("affiliation") or ""):
        for variant in _expanded(spelling):
            key = name_key(variant)
            for k in (key, _strip_generic(key)):
                if _could_be_acronym(k):
                    keys.add(f"AU:{k}")
    return keys


@dataclass
class LearntMaps:
    """What the registry learns from all mentions together: the full name a bare surname stands for, and
    the full name an acronym defined in some text stands for."""

    surnames: dict[str, Optional[str]] = field(default_factory=dict)
    acronyms: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_keys(cls, definition_keys: Iterable[str]) -> "LearntMaps":
        """From every ``ND:``/``AD:`` key of the mentions (one per mention, repeats counted)."""
        fulls: dict[str, Counter] = {}
        acronyms: dict[str, set[str]] = {}
        for key in definition_keys:
            kind, _, rest = key.partition(":")
            left, _, right = rest.partition("=")
            if kind == "ND":
                fulls.setdefault(left, Counter())[right] += 1
            elif kind == "AD":
                acronyms.setdefault(left, set()).add(right)
        surnames = {}
        for surname, counts in fulls.items():
            # the only person of that surname, or one who holds at least 80% of the full-name mentions
            (top, n), total = counts.most_common(1)[0], sum(counts.values())
            surnames[surname] = top if len(counts) == 1 or n >= 0.8 * total else None
        return cls(surnames=surnames, acronyms={a: next(iter(f)) for a, f in acronyms.items() if len(f) == 1})


def merge_record(have: SourceRecord, new: SourceRecord) -> SourceRecord:
    """Fold one contribution into a record. Commutative and associative (unions and minima), so records
    are the same whatever order mentions arrive in, and an incremental update can fold new mentions into a
    stored record: the fullest name, the first role/affiliation/country in sort order, every alias."""
    def least(a, b):
        return min(x for x in (a, b) if x is not None) if a is not None or b is not None else None

    name = min((have.name, new.name), key=lambda n: (-len(n.split()), n))
    affiliations = [a for a in (have.affiliation, new.affiliation) if a]
    return SourceRecord(id=have.id, name=name, kind=least(have.kind, new.kind), role=least(have.role, new.role),
                        affiliation=min(affiliations, key=lambda a: (not _is_established(a), a in BROAD_BODIES, a))
                        if affiliations else None,
                        country=least(have.country, new.country), aliases=have.aliases | new.aliases)


def _is_established(source_id: str) -> bool:
    """A body from the known-sources table, a country's government, intelligence or armed forces, or a
    party group in Congress: the better affiliation when mentions of one person disagree."""
    return source_id.startswith(("src:gov-", "src:intelligence-", "src:military-")) or source_id in known_bodies()[0] \
        or source_id in {body for body, _ in LEGISLATURE_BODIES.values()}


def record_from_row(row: dict) -> SourceRecord:
    return SourceRecord(id=row["id"], name=row["name"], kind=row["kind"], role=row.get("role"),
                        affiliation=row.get("affiliation"), country=row.get("country"),
                        aliases=set(row.get("aliases") or ()))


def fold(records: Iterable[SourceRecord], into: Optional[dict[str, SourceRecord]] = None) -> dict[str, SourceRecord]:
    out = into if into is not None else {}
    for rec in records:
        have = out.get(rec.id)
        out[rec.id] = rec if have is None else merge_record(have, rec)
    return out


@dataclass
class Resolution:
    """A mention resolved: its source id and the records it contributes (its own source, the bodies it
    speaks for, their governments), to be folded into the registry."""

    source_id: str
    contributions: list[SourceRecord]


class Registry:
    """Resolves mentions to canonical sources. ``build`` resolves a whole set of mentions (learning the
    surname and acronym maps from them); ``resolve_mention`` resolves one with given maps, for the
    incremental path, which folds the contributions into stored records."""

    def __init__(self, maps: Optional[LearntMaps] = None) -> None:
        self.records: dict[str, SourceRecord] = {}
        bodies, alias = known_bodies()
        self.bodies, self._static_alias = bodies, alias
        self.use(maps or LearntMaps())
        self._contributions: list[SourceRecord] = []

    def use(self, maps: LearntMaps) -> None:
        self.maps = maps
        self.acronyms = maps.acronyms
        self.alias = dict(self._static_alias)
        for acr, full in maps.acronyms.items():  # "(ISW)" may define a known body's acronym
            if full in self.alias:
                self.alias.setdefault(acr, self.alias[full])

    # -- records -------------------------------------------------------------------------------------
    def _record(self, rec: SourceRecord) -> SourceRecord:
        self._contributions.append(rec)
        if rec.affiliation and rec.affiliation.startswith("src:gov-"):
            self._government(rec.affiliation[len("src:gov-"):].upper())
        return rec

    def _government(self, code: str, alias: Optional[str] = None) -> str:
        rec = government_record(code)
        if alias:
            rec.aliases.add(alias)
        self._record(rec)
        return rec.id

    def _body(self, body_id: str, spelling: str) -> str:
        entry = self.bodies[body_id]
        aliases = set(entry["aliases"]) | ({spelling} if spelling else set())
        self._record(SourceRecord(id=body_id, name=entry["name"], kind=entry["kind"], country=entry.get("country"),
                                  affiliation=entry.get("affiliation"), aliases=aliases))
        return body_id

    def _country_of(self, source_id: Optional[str]) -> Optional[str]:
        """The country of a record contributed while resolving the current mention."""
        for rec in self._contributions:
            if rec.id == source_id and rec.country:
                return rec.country
        return None

    # -- lookups -------------------------------------------------------------------------------------
    def _known(self, *spellings: str) -> Optional[str]:
        expanded = [v for spelling in spellings for v in _expanded(spelling)]
        for spelling in expanded:
            if not spelling.strip():
                continue
            key = name_key(spelling)
            for candidate in (key, _strip_generic(key), self.acronyms.get(key)):
                if candidate and candidate in self.alias:
                    return self.alias[candidate]
        return None

    def _country_body(self, phrase: str, kind: str) -> Optional[str]:
        """'Ukrainian officials' -> Government of Ukraine; 'US intelligence' -> US intelligence services."""
        code = country_in(phrase)
        if not code:
            return None
        low = phrase.lower()
        if kind == "intelligence" or any(h in low for h in INTEL_HEADS):
            gov = self._government(code)
            return self._record(SourceRecord(id=f"src:intelligence-{code.lower()}", name=f"{code} intelligence services",
                                             kind="intelligence", country=code, affiliation=gov,
                                             aliases={phrase})).id
        if kind == "military" or any(re.search(rf"\b{re.escape(h)}\b", low) for h in MILITARY_HEADS):
            gov = self._government(code)
            return self._record(SourceRecord(id=f"src:military-{code.lower()}", name=f"{code} armed forces",
                                             kind="military", country=code, affiliation=gov, aliases={phrase})).id
        words = set(re.findall(r"[a-z]+", low))
        if kind == "government" or words & GOVERNMENT_HEADS or _only_place(phrase):
            return self._government(code, alias=phrase)
        return None

    def affiliation_of(self, text: Optional[str], role: Optional[str] = None) -> Optional[str]:
        if not text:
            return None
        body = self._known(text)
        if body:
            return self._body(body, text)
        if role in LEGISLATOR_ROLES:
            code = country_in(text)
            return self._body("src:us-congress", text) if code == "US" else None
        found = self._country_body(text, "government" if role in GOVERNMENT_ROLES else "unknown")
        if found:
            return found
        owner = POSSESSIVE_OWNER.match(text.strip())
        if owner:  # "Clinton's top foreign policy aide": an aide speaks for the person he works for
            if re.search(r"\b(?:former|ex-)", text, re.I):
                return None  # a former aide speaks for himself
            who = owner.group("who")
            person = self._person_key(who)
            if not person:
                return None
            return self._record(SourceRecord(id=f"src:{person}", name=who, kind="person", aliases={who})).id
        if not _names_a_body(text):
            return None  # 'recommendation Attorney', 'the bureau': no named body
        return self._record(SourceRecord(id="src:" + name_key(text), name=text, kind="organization",
                                         aliases={text})).id

    # -- resolving -----------------------------------------------------------------------------------
    def build(self, refs: Iterable[MentionRef]) -> dict[tuple[str, str], str]:
        """Resolve every mention of a whole store; ``records`` then holds the registry."""
        refs = list(refs)
        self.use(LearntMaps.from_keys(k for ref in refs for k in mention_keys(ref.mention)
                                      if k.startswith(("ND:", "AD:"))))
        self.resolutions: dict[tuple[str, str], Resolution] = {}
        out: dict[tuple[str, str], str] = {}
        for ref in refs:
            res = self.resolve_mention(ref.mention, ref.document_id)
            self.resolutions[(ref.statement_id, ref.slot)] = res
            fold(res.contributions, self.records)
            out[(ref.statement_id, ref.slot)] = res.source_id
        return out

    def resolve_mention(self, m: dict, document_id: str) -> Resolution:
        self._contributions = []
        source_id = self._resolve(m, document_id)
        return Resolution(source_id, self._contributions)

    def _person_key(self, name: str) -> Optional[str]:
        """The registry key of the person a name stands for: a bare surname joins the one person named
        in full with it, whatever kind the extractor guessed for the bare word."""
        key = name_key(name)
        if len(name.split()) == 1:
            return self.maps.surnames.get(key)
        return key

    def _campaign(self, phrase: Optional[str]) -> Optional[str]:
        """'the Clinton campaign', "Trump's campaign": a campaign body that speaks for its candidate."""
        found = CAMPAIGN.match((phrase or "").strip())
        if not found:
            return None
        who = found.group("who")
        person = self._person_key(who)
        if person:  # the candidate, so that the campaign's affiliation always names a record
            self._record(SourceRecord(id=f"src:{person}", name=who, kind="person", aliases={who}))
        rec = SourceRecord(id=f"src:{name_key(who)}-campaign", name=f"{who} campaign", kind="organization",
                           affiliation=f"src:{person}" if person else None, aliases={phrase.strip()})
        return self._record(rec).id

    def _national_government(self, text: str) -> Optional[str]:
        """The government of the one country a phrase names as a country (not a state or a city)."""
        from claimgraph.extract.places import find_places

        codes = {p.code for p in find_places(text) if p.code and len(p.code) == 2}
        return self._government(codes.pop()) if len(codes) == 1 else None

    def _legislature(self, m: dict) -> Optional[str]:
        found = legislature_of(m)
        if not found:
            return None
        body_id, body_name = found
        if body_id in self.bodies:
            return self._body(body_id, "")
        self._record(SourceRecord(id=body_id, name=body_name, kind="government", country="US",
                                  aliases={body_name}))
        return body_id

    def _resolve(self, m: dict, document_id: str) -> str:
        m = tidy_mention(m)
        name, text, kind = (m.get("name") or m.get("text") or "").strip(), m.get("text") or "", m.get("kind") or "unknown"
        role, affiliation_text = m.get("role"), m.get("affiliation")
        spellings = {s for s in (name, text) if s}
        if kind == "anonymous":  # "US intelligence sources" speak for US intelligence
            body = self._known(name)
            affiliation = (self._body(body, name) if body else None) or self.affiliation_of(affiliation_text, "official") \
                or self._country_body(name, "government")
            rec = SourceRecord(id=f"src:{document_id}:{name_key(name)}", name=name, kind="anonymous", role=role,
                               affiliation=affiliation, country=_country_of_mention(name, text),
                               aliases=spellings)
            return self._record(rec).id
        body = self._known(name, text)
        if body:
            for s in sorted(spellings):
                self._body(body, s)
            return body
        campaign = self._campaign(name)
        if campaign:
            return campaign
        person = self._person_key(name) if is_named(name) and len(name.split()) == 1 else None
        if (kind == "person" or person) and is_named(name):
            key = person or name_key(name)
            # a person speaks for a body only in a role that speaks for it (not as candidate or analyst);
            # members of a legislature speak for their party's group in it
            speaks = role in GOVERNMENT_ROLES or role in LEGISLATOR_ROLES or role in SPEAKING_ROLES
            affiliation = self._legislature(m) or self._campaign(affiliation_text) or (
                self.affiliation_of(affiliation_text, role) if speaks else None)
            if not affiliation and role in NATIONAL_ROLES and not re.search(r"\b(?:former|ex-)", text, re.I):
                affiliation = self._national_government(text)  # 'Chancellor Angela Merkel of Germany'
            rec = SourceRecord(id="src:" + key, name=name, kind="person", role=role, affiliation=affiliation,
                               country=self._country_of(affiliation), aliases=spellings)
            return self._record(rec).id
        group = self._legislature(m) if kind != "document" else None
        if group:  # 'House Republicans', 'a few Republican lawmakers'
            return group
        country_body = self._country_body(name, kind) if kind in ("government", "intelligence", "military", "unknown",
                                                                 "organization") else None
        if country_body:
            return country_body
        affiliation = self.affiliation_of(affiliation_text) if affiliation_text else None
        bare = name_key(ACRONYM_DEF.sub(r"\1", name))  # "Full Name (ACR)" is keyed as "Full Name"
        key = self.acronyms.get(name_key(name), _strip_generic(bare) if kind != "document" else bare)
        if not is_named(name):  # a description: the same words in two articles need not be one source
            key = f"{document_id}:{name_key(name)}"
        rec = SourceRecord(id="src:" + key, name=name, kind=kind, role=role, affiliation=affiliation,
                           country=_country_of_mention(name, text), aliases=spellings)
        return self._record(rec).id
