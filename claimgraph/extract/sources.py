"""Sources inside one document: kind, role, stated affiliation, and resolution of short mentions.

``describe`` types one source noun phrase (a spaCy Span) on its own; ``Resolver`` walks a
document's mentions in reading order and links "he", "she", "they", "the agency", "the ministry",
"Patel" and "the spokesperson" to the fuller mention they stand for.

Cross-document identity (aliases, countries, known organisations from the shipped data file) is the
fuse stage's work; this module only uses the words of the document and generic English.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from .cues import PRONOUNS_PERSON, PRONOUNS_PLURAL, RELATIVE_PRONOUNS

ROLE_WORDS = {
    "spokesperson": "spokesperson", "spokesman": "spokesperson", "spokeswoman": "spokesperson",
    "press secretary": "press secretary", "secretary": "secretary", "minister": "minister",
    "congressman": "congressman", "congresswoman": "congresswoman", "senator": "senator",
    "sen.": "senator", "rep.": "representative", "representative": "representative",
    "president": "president", "prime minister": "prime minister", "chancellor": "chancellor",
    "director": "director", "chief": "chief", "head": "head", "chairman": "chairman",
    "chairwoman": "chairwoman", "chair": "chair", "commander": "commander", "general": "general",
    "gen.": "general", "ambassador": "ambassador", "governor": "governor", "gov.": "governor",
    "mayor": "mayor", "official": "official", "officials": "official", "analyst": "analyst",
    "adviser": "adviser", "advisor": "adviser", "aide": "aide", "lawyer": "lawyer",
    "attorney": "attorney", "correspondent": "correspondent", "reporter": "reporter",
    "editor": "editor", "professor": "professor", "expert": "expert", "leader": "leader",
    "candidate": "candidate", "nominee": "nominee", "pollster": "pollster", "strategist": "strategist",
    "officer": "officer", "diplomat": "diplomat", "envoy": "envoy", "judge": "judge",
    "speaker": "speaker", "deputy": "deputy", "founder": "founder", "ceo": "chief executive",
    "executive": "executive", "manager": "manager", "researcher": "researcher",
}
HONORIFICS = frozenset("mr. mrs. ms. dr. mr mrs ms dr sir lord".split())

INTEL_WORDS = frozenset("""intelligence nis cia sbu hur gur fsb gru mi6 mi5 mossad nsa dia
odni fbi""".split())
MILITARY_WORDS = frozenset("""army military forces force navy marines pentagon command commander
troops brigade battalion regiment staff general gen. defense defence idf""".split())
GOVERNMENT_WORDS = frozenset("""government ministry department kremlin administration cabinet
office embassy president minister secretary spokesperson spokesman spokeswoman white house
parliament congress senate governor mayor state council authorities authority agency
prosecutor prosecutors police officials official presidency commission""".split())
MEDIA_WORDS = frozenset("""post times journal news newspaper reuters ap afp cnn bbc nbc abc cbs
fox msnbc politico guardian telegraph tass ria interfax ukrinform bloomberg axios tribune herald
gazette magazine network outlet broadcaster agency\u2019s channel daily breitbart huffpost npr pbs
yonhap kyodo xinhua insider economist ft""".split())
DOCUMENT_WORDS = frozenset("""report assessment statement poll polls survey study analysis document
documents memo letter filing transcript release data figures estimate estimates record records
email emails article review audit research findings complaint lawsuit indictment excerpts""".split())
ANON_HEADS = frozenset("""source sources official officials people person insider insiders
aide aides adviser advisers advisors diplomat diplomats someone expert experts analysts""".split())
ANON_MARKERS = re.compile(
    r"\b(familiar with|who (?:asked|requested|spoke on condition)|on condition of anonymity|"
    r"not authori[sz]ed|anonymity|unnamed|anonymous|close to)\b", re.I)

# head nouns that refer back to an organisation named earlier ("the agency", "the ministry")
ORG_ANAPHORS = frozenset("""agency ministry department service office government administration
institute think-tank group organization organisation company firm campaign committee
commission newspaper paper outlet network army military command council""".split())


@dataclass
class Described:
    kind: str
    role: Optional[str]
    affiliation: Optional[str]
    name: str


def _words(span) -> list[str]:
    return [t.lower_ for t in span]


def core_tokens(span):
    """The source phrase without appositives, relative clauses and trailing punctuation."""
    root = span.root
    toks = [t for t in span if t.i <= root.i or t.dep_ in ("compound", "flat") and t.head == root]
    # keep a right-hand 'of'-phrase of organisations ("the Institute for the Study of War")
    out = []
    for t in span:
        if t.i <= root.i:
            out.append(t)
        elif t.head.i >= root.i and t.dep_ in ("prep", "pobj", "compound", "det", "amod", "cc", "conj",
                                               "punct", "appos") and _inside_name(t, root):
            out.append(t)
        else:
            break
    while out and (out[-1].is_punct or out[-1].dep_ == "cc"):
        out.pop()
    while out and (out[0].is_punct or out[0].dep_ == "cc"):
        out.pop(0)
    return out or toks


_NOT_AFFILIATION = frozenset("former senior top then longtime veteran current new".split())


def text_of(toks) -> str:
    """The document's own text from the first to the last of ``toks`` (original spacing kept)."""
    toks = list(toks)
    if not toks:
        return ""
    first = min(toks, key=lambda t: t.i)
    last = max(toks, key=lambda t: t.i)
    return first.doc[first.i:last.i + 1].text


def text_of_runs(toks) -> str:
    """Like ``text_of`` for tokens with gaps: each contiguous run in its own spelling, runs joined by
    one blank ("South Korean" + "intelligence" from "South Korean and US intelligence")."""
    toks = sorted(toks, key=lambda t: t.i)
    runs: list[list] = []
    for t in toks:
        if runs and runs[-1][-1].i == t.i - 1:
            runs[-1].append(t)
        else:
            runs.append([t])
    return " ".join(text_of(r) for r in runs)


def _person_run(core, root) -> list:
    """The one person named in a phrase: the PERSON entity holding the head, else the last one
    ("Clinton campaign manager Robby Mook" -> "Robby Mook"), without honorifics and "'s"."""
    runs: list[list] = []
    for t in core:
        if t.ent_type_ != "PERSON":
            continue
        if runs and runs[-1][-1].i == t.i - 1 and t.ent_iob_ != "B":
            runs[-1].append(t)
        else:
            runs.append([t])
    run = next((r for r in runs if root in r), runs[-1])
    while len(run) > 1 and (run[0].lower_ in HONORIFICS or run[0].is_punct):
        run = run[1:]
    while len(run) > 1 and (run[-1].lower_ in ("'s", "\u2019s", "'") or run[-1].is_punct):
        run = run[:-1]
    return run


_NAME_LINKS = frozenset("for of the on and".split())


def _is_acronym(t) -> bool:
    return 2 <= len(t.text) <= 10 and t.text[:1].isupper() and sum(c.isupper() for c in t.text) >= 2 and t.is_alpha


def _inside_name(t, root) -> bool:
    """True for tokens right of the head that belong to a proper name (ISW's 'for the Study of War'),
    with the acronym the text defines for it ('... Analysis (CMSA)')."""
    if t.ent_type_ and root.ent_type_ and t.ent_iob_ != "B" and t.dep_ != "appos":
        return True
    doc = t.doc
    if t.text == "(":
        return t.i + 2 < len(doc) and _is_acronym(doc[t.i + 1]) and doc[t.i + 2].text == ")"
    if t.text == ")":
        return t.i >= 2 and _is_acronym(doc[t.i - 1]) and doc[t.i - 2].text == "("
    if t.dep_ == "appos":
        return _is_acronym(t) and t.i >= 1 and doc[t.i - 1].text == "("
    if t.dep_ == "punct":
        return t.ent_type_ != ""
    # a title-case name the entity recogniser missed: "Centre for Maritime Security Analysis"
    if root.is_title and root.pos_ == "PROPN":
        if t.is_title and t.pos_ == "PROPN":
            return True
        return t.lower_ in _NAME_LINKS and t.i + 1 < len(doc) and (doc[t.i + 1].is_title or doc[t.i + 1].lower_ == "the")
    return False


def describe(span, doc_kind_hint: Optional[str] = None) -> Described:
    """Type one source phrase (spaCy Span): kind, role, affiliation and a cleaned-up name."""
    core = core_tokens(span)
    words = [t.lower_ for t in core]
    text_core = " ".join(words)
    root = span.root
    head = root.lower_
    full_text = span.text
    # role and affiliation: "US State Department Spokesperson Vedant Patel"
    role = None
    role_idx = None
    for i, w in enumerate(words):
        r = ROLE_WORDS.get(w)
        if r is None and i + 1 < len(words):
            r = ROLE_WORDS.get(w + " " + words[i + 1])
        if r:
            role, role_idx = r, i
    person_toks = [t for t in core if t.ent_type_ == "PERSON"]
    name = None
    affiliation = None
    if person_toks:
        run = _person_run(core, root)
        name = text_of(run)
        if role_idx is not None and role_idx > 0 or run[0].i > core[0].i:
            limit = role_idx if role_idx is not None and role_idx > 0 else len(core)
            before = [t for t in core[:limit] if t.i < run[0].i and t.lower_ not in HONORIFICS]
            while before and (before[0].pos_ == "DET" or before[0].lower_ in _NOT_AFFILIATION):
                before.pop(0)
            while before and (before[-1].is_punct or before[-1].lower_ in _NOT_AFFILIATION):
                before.pop()
            if before and any(t.pos_ in ("PROPN", "NOUN") or t.ent_type_ for t in before):
                affiliation = text_of(before)
    if not name:
        toks = core[1:] if core and core[0].pos_ == "DET" and len(core) > 1 else core
        name = text_of(toks) if toks else ""
        if toks and name.count("(") > name.count(")") and toks[-1].i + 1 < len(span.doc) \
                and span.doc[toks[-1].i + 1].text == ")":
            name += ")"  # the span stopped inside "(CMSA)"
    # affiliation for non-person: apposition "a source in the ministry", "official from X"
    if affiliation is None:
        for t in span:
            if t.dep_ == "pobj" and t.head.lower_ in ("in", "at", "from", "with", "of") and t.head.head == root \
                    and (t.ent_type_ in ("ORG", "GPE", "NORP") or t.lower_ in GOVERNMENT_WORDS):
                sub = [x for x in t.subtree]
                if len(sub) > 1 and sub[0].pos_ == "DET":
                    sub = sub[1:]
                affiliation = text_of(sub)
                break
    kind = _kind(span, core, words, head, person_toks, full_text)
    if kind == "anonymous" and affiliation is None:
        mods = [t for t in core if t.i < root.i and (t.ent_type_ in ("NORP", "GPE", "ORG")
                                                    or t.pos_ == "PROPN")]
        if mods:
            affiliation = text_of_runs(mods)
    if kind in ("person",) and role is None and root.lower_ in ROLE_WORDS:
        role = ROLE_WORDS[root.lower_]
    return Described(kind=kind, role=role, affiliation=affiliation, name=name or full_text)


def _kind(span, core, words, head, person_toks, full_text) -> str:
    wset = set(words)
    if head in PRONOUNS_PERSON:
        return "person"
    if head in RELATIVE_PRONOUNS or head in PRONOUNS_PLURAL or head in ("it", "you"):
        return "unknown"
    if person_toks and span.root.ent_type_ == "PERSON":
        return "person"
    if head in ANON_HEADS and not person_toks:
        det = core[0].lower_ if core else ""
        if ANON_MARKERS.search(full_text) or det in ("a", "an", "one", "two", "three", "several", "some",
                                                     "many", "other", "another") or head in ("sources", "source"):
            return "anonymous"
    if wset & INTEL_WORDS:
        return "intelligence"
    if head in ROLE_WORDS and person_toks:
        return "person"
    if head in DOCUMENT_WORDS:
        return "document"
    if wset & MILITARY_WORDS and head not in ("secretary", "minister", "ministry", "department"):
        return "military"
    if span.root.ent_type_ == "ORG" and (wset & MEDIA_WORDS) and not (wset & GOVERNMENT_WORDS - {"agency"}):
        return "media"
    if wset & GOVERNMENT_WORDS or span.root.ent_type_ == "GPE":
        return "government"
    if span.root.ent_type_ == "ORG" or head in ORG_ANAPHORS:
        return "organization"
    if person_toks:
        return "person"
    if head in ROLE_WORDS:
        return "person"
    return "unknown"


SPEECH_LEMMAS = frozenset("""say tell add note explain insist claim argue write ask warn reply respond recall
acknowledge admit deny""".split())


def _quoted_tokens(doc) -> set[int]:
    """Indices of the tokens inside quotation marks (cached on the Doc)."""
    cached = doc.user_data.get("claimgraph_quoted")
    if cached is not None:
        return cached
    out: set[int] = set()
    open_at = None
    for t in doc:
        if t.text in ('"', "\u201c", "\u201d", "''", "``"):
            if open_at is None and t.text != "\u201d":
                open_at = t.i
            else:
                out.update(range(open_at + 1 if open_at is not None else t.i, t.i))
                open_at = None
        if t.text == "\n\n" or (t.is_space and "\n" in t.text):
            open_at = None  # a quotation does not run over a paragraph break unclosed
    doc.user_data["claimgraph_quoted"] = out
    return out


class Resolver:
    """Resolves short mentions to earlier, fuller ones, in reading order within one document."""

    def __init__(self, publisher: Optional[str] = None):
        self.publisher = publisher
        self.persons: list[tuple[str, str, Described]] = []  # (last name lower, full name, desc)
        self.last_person: Optional[Described] = None
        self.last_source: Optional[Described] = None
        self.orgs: list[Described] = []

    # -- pronouns --------------------------------------------------------------------------------------
    def _known_person(self, name: str) -> Optional[Described]:
        """The person a name stands for among those named in full so far ('Comey' -> 'James Comey')."""
        parts = name.split()
        for last, full, pd in reversed(self.persons):
            if full == name or (len(parts) == 1 and last == parts[0].lower()):
                return Described("person", pd.role, pd.affiliation, full)
        return None

    def _doc_people(self, doc) -> dict:
        """Surname -> full name of the people the document names in full (two words or more), and title
        -> names for 'President Barack Obama' (cached on the Doc): what a bare 'Lynch' or 'the president'
        in a sentence can stand for."""
        cached = doc.user_data.get("claimgraph_people")
        if cached is not None:
            return cached
        full: dict[str, list[tuple[int, str]]] = {}
        titled: dict[str, list[tuple[int, str]]] = {}
        spans = [ent for ent in doc.ents if ent.label_ == "PERSON"]
        for tok in doc:  # 'Adel Nefzi said': a name speaking is a person, whatever the tagger thought
            if tok.dep_ == "nsubj" and tok.pos_ == "PROPN" and tok.head.lemma_ in SPEECH_LEMMAS and tok.ent_type_ != "PERSON":
                left = tok.i
                while left > 0 and doc[left - 1].dep_ in ("compound", "flat") and doc[left - 1].pos_ == "PROPN":
                    left -= 1
                spans.append(doc[left:tok.i + 1])
        for ent in sorted(spans, key=lambda e: e.start):
            toks = [t for t in ent if t.lower_ not in HONORIFICS and not t.is_punct and t.lower_ not in ("'s", "\u2019s")
                    and t.lower_ not in ROLE_WORDS]
            if not toks or not toks[-1].text[:1].isupper():
                continue
            name = " ".join(t.text for t in toks)
            if len(toks) >= 2 or toks[-1].lower_ not in full:
                full.setdefault(toks[-1].lower_, []).append((ent.start, name))
            else:
                name = full[toks[-1].lower_][-1][1]
            before = [t for t in ent if t.lower_ in ROLE_WORDS] or \
                ([doc[ent.start - 1]] if ent.start > 0 and doc[ent.start - 1].lower_ in ROLE_WORDS else [])
            for t in before:
                titled.setdefault(ROLE_WORDS[t.lower_], []).append((ent.start, name))
        gender: dict[str, str] = {}
        for ent in spans:  # 'Mrs. Ines Barros', 'Mr. Weller'
            prev = doc[ent.start - 1].lower_ if ent.start > 0 else ""
            first = ent[0].lower_
            mark = first if first in HONORIFICS else prev
            if mark in ("mr.", "mr", "mrs.", "mrs", "ms.", "ms"):
                key = ent[-1].lower_
                for _, name in full.get(key, []):
                    gender.setdefault(name, "m" if mark in ("mr.", "mr") else "f")
        cached = {"full": full, "titled": titled, "gender": gender}
        doc.user_data["claimgraph_people"] = cached
        return cached

    def _name_at(self, people: dict, tok) -> Optional[str]:
        """The full name a proper-noun token stands for, by the people named in full before it."""
        for start, name in reversed(people["full"].get(tok.lower_, [])):
            if start <= tok.i:
                return name
        return None

    @staticmethod
    def _depth(tok) -> int:
        """How deep a token sits in reported or subordinate clauses (a subject of the main clause is 0)."""
        depth, t = 0, tok
        while t.head.i != t.i:
            if t.dep_ in ("ccomp", "xcomp", "relcl", "advcl", "acl", "pcomp"):
                depth += 1
            t = t.head
        return depth

    def _person_mentions(self, sent, before: Optional[int], quoted: set[int]):
        """(token index, is subject, clause depth, Described) of the people a sentence names before token
        ``before``, outside quotations: surnames of people named in full in the document, named people,
        and 'the president'-like subjects standing for the person named with that title."""
        people = self._doc_people(sent.doc)
        out, taken = [], set()
        for tok in sent:
            if (before is not None and tok.i >= before) or tok.i in quoted or tok.i in taken:
                continue
            name = None
            if tok.pos_ == "PROPN" and tok.text[:1].isupper():
                name = self._name_at(people, tok)
                if name is None and tok.ent_type_ == "PERSON" and tok.ent_iob_ == "B":
                    ent = [t for t in tok.doc[tok.i:tok.i + 4] if t.ent_type_ == "PERSON" and
                           (t.i == tok.i or t.ent_iob_ == "I")]
                    toks = [t for t in ent if t.lower_ not in HONORIFICS and t.lower_ not in ROLE_WORDS
                            and not t.is_punct]
                    name = " ".join(t.text for t in toks) if toks else None
            elif tok.dep_ in ("nsubj", "nsubjpass") and tok.lower_ in ROLE_WORDS and \
                    any(c.lower_ == "the" for c in tok.children):
                earlier = [n for st, n in people["titled"].get(ROLE_WORDS[tok.lower_], []) if st < tok.i]
                name = earlier[-1] if earlier else None
            if not name:
                continue
            head = tok
            while head.dep_ in ("compound", "flat") and head.head.i != head.i and head.head.pos_ == "PROPN":
                head = head.head
            taken.update(t.i for t in tok.doc[tok.i:head.i + 1])
            if head.dep_ in ("compound", "amod") or head.dep_ == "poss" and tok.ent_type_ != "PERSON":
                continue  # a name as a modifier ('the James Brady briefing room') names no one here
            d = self._known_person(name) or Described("person", None, None, name)
            subject = head.dep_ in ("nsubj", "nsubjpass") or (head.dep_ == "ROOT" and head.pos_ == "PROPN")
            out.append((tok.i, subject, self._depth(head) + (head.dep_ == "poss"), d))
        return out

    def antecedent(self, span) -> Optional[Described]:
        """Whom 'he' or 'she' stands for, from the text before it: in its own sentence and up to five
        before, outside quotations. In its own sentence, the subject of the least embedded clause before it
        ('While Comey said Clinton was careless, he said...' is Comey), then the nearest person; in an
        earlier sentence, its main subject, then the last person it names. A person whose gender is known
        from an honorific ('Mrs. Clinton') must agree. 'Even as he spoke, Giuliani said...': a
        pronoun in a clause before its sentence's subject is that subject."""
        doc, i = span.doc, span.start
        pron = span.root.lower_
        gender = "f" if pron in ("she", "her") else "m" if pron in ("he", "him") else None
        quoted = _quoted_tokens(doc)

        honorific = self._doc_people(doc)["gender"]

        def agrees(d: Described) -> bool:
            known = honorific.get(d.name)
            return gender is None or known is None or known == gender

        sent = span.sent
        clause = span.root.head
        if clause.dep_ == "advcl" and clause.i > span.start:
            for later in self._person_mentions(sent, None, quoted):
                if later[0] > clause.i and later[1] and later[2] == 0 and agrees(later[3]):
                    return later[3]
        sents = [sent]
        while len(sents) < 6 and sents[-1].start > 0:
            sents.append(doc[sents[-1].start - 1].sent)
        for n, sn in enumerate(sents):
            found = [m for m in self._person_mentions(sn, i if n == 0 else None, quoted) if agrees(m[3])]
            if not found:
                continue
            subjects = [m for m in found if m[1]]
            if subjects:
                best = min(subjects, key=lambda m: (m[2], -m[0] if n == 0 else m[0]))
            else:
                best = min(found, key=lambda m: (m[2], -m[0]))
            return best[3]
        return None

    @staticmethod
    def relative_antecedent(span):
        """The noun phrase a relative pronoun ('who', 'which', 'that') stands for: the head its relative
        clause hangs on, with that head's own words (not the clause); None when the parse shows none."""
        tok = span.root
        clause = tok.head
        while clause.dep_ not in ("relcl", "acl") and clause.head.i != clause.i and clause.i != clause.head.i \
                and clause.dep_ in ("ccomp", "conj", "xcomp"):
            clause = clause.head
        if clause.dep_ not in ("relcl", "acl") or clause.head.pos_ not in ("NOUN", "PROPN"):
            # the parser often hangs ', who said' on the main verb: the antecedent is then the noun
            # before the comma, climbed up 'X at Y' and 'X and Y' to the head the phrase is about
            doc = tok.doc
            if tok.i < 2 or doc[tok.i - 1].text != "," or doc[tok.i - 2].pos_ not in ("NOUN", "PROPN"):
                return None
            noun = doc[tok.i - 2]
            while (noun.dep_ == "pobj" and noun.head.dep_ == "prep" and noun.head.lower_ != "of"
                   and noun.head.head.pos_ in ("NOUN", "PROPN")) or (noun.dep_ in ("conj", "compound")
                                                                     and noun.head.pos_ in ("NOUN", "PROPN")):
                noun = noun.head.head if noun.dep_ == "pobj" else noun.head
            words = [t for t in noun.subtree if t.i < tok.i - 1 and not t.is_punct]
            return doc[words[0].i:words[-1].i + 1] if words and words[-1].i - words[0].i < 12 else None
        noun = clause.head
        inside = {t.i for t in clause.subtree}
        words = [t for t in noun.subtree if t.i not in inside and not t.is_punct]
        if not words:
            return None
        start, end = words[0].i, words[-1].i + 1
        while end > start and noun.doc[end - 1].dep_ in ("cc", "punct", "prep"):
            end -= 1
        while start < noun.i and noun.doc[start].dep_ in ("cc", "punct", "prep", "predet"):
            start += 1
        return noun.doc[start:end] if end - start <= 12 else noun.doc[max(start, noun.i - 4):noun.i + 1]

    def resolve(self, span) -> Described:
        d = describe(span)
        head = span.root.lower_
        words = [t.lower_ for t in span]
        if len(span) == 1 and head in PRONOUNS_PERSON:
            found = self.antecedent(span) if head not in ("i", "me") else None
            if found is not None:
                self.last_person = found
                self.last_source = found
                return found
            if self.last_person is not None:
                d = Described(self.last_person.kind, self.last_person.role, self.last_person.affiliation,
                              self.last_person.name)
            return d
        if len(span) == 1 and head in RELATIVE_PRONOUNS:
            noun = self.relative_antecedent(span)
            if noun is not None:  # 'experts in national security law, who said...': the experts
                return self.resolve(noun)
            return d
        if len(span) == 1 and head in PRONOUNS_PLURAL | {"it"}:
            if self.last_source is not None and self.last_source.kind != "person":
                d = Described(self.last_source.kind, self.last_source.role, self.last_source.affiliation,
                              self.last_source.name)
            return d
        # publisher speaking of itself ("The Post has learned")
        if self.publisher and head not in PRONOUNS_PERSON | PRONOUNS_PLURAL:
            pub = re.sub(r"[^a-z]", "", self.publisher.lower())
            core = [w for w in words if w not in ("the",) and len(w) >= 3]
            if core and all(re.sub(r"[^a-z]", "", w) in pub for w in core):
                d = Described("media", None, None, self.publisher)
                self.last_source = d
                return d
        if len(span) <= 2 and span.root.pos_ == "PROPN" and d.kind in ("person", "unknown", "organization"):
            last = span.root.lower_
            for ln, full, pd in reversed(self.persons):
                if ln == last and full.lower() != last:
                    d = Described("person", d.role or pd.role, d.affiliation or pd.affiliation, full)
                    self.last_person = d
                    self.last_source = d
                    return d
        if d.kind == "person":
            # a surname alone ("Patel", "Mr. Patel") -> the full name seen earlier
            parts = d.name.split()
            if len(parts) == 1:
                for last, full, pd in reversed(self.persons):
                    if last == parts[0].lower() and full != d.name:
                        d = Described(pd.kind, d.role or pd.role, d.affiliation or pd.affiliation, full)
                        break
            elif len(parts) >= 2:
                self.persons.append((parts[-1].lower(), d.name, d))
            self.last_person = d
            self.last_source = d
            return d
        # "the agency", "the ministry", "the spokesperson": definite description of an earlier source
        if words and words[0] == "the" and len(span) <= 3:
            if head in ROLE_WORDS and self.last_person is not None and self.last_person.role == ROLE_WORDS[head]:
                d = Described(self.last_person.kind, self.last_person.role, self.last_person.affiliation,
                              self.last_person.name)
                self.last_source = d
                return d
            if head in ORG_ANAPHORS or head in INTEL_WORDS or head in GOVERNMENT_WORDS:
                for od in reversed(self.orgs):
                    if head in od.name.lower() or od.kind in ("government", "intelligence", "military",
                                                               "organization") and head in ORG_ANAPHORS:
                        d = Described(od.kind, od.role, od.affiliation, od.name)
                        self.last_source = d
                        return d
        # publisher speaking of itself ("The Post has learned")
        if d.kind == "media" and self.publisher:
            pub = self.publisher.lower().replace(" ", "")
            core = [w for w in words if w not in ("the",)]
            if core and any(w in pub for w in core if len(w) >= 3):
                d = Described("media", None, None, self.publisher)
        if d.kind not in ("person", "unknown", "anonymous") and len(span) >= 1:
            self.orgs.append(d)
        self.last_source = d
        return d
