"""Attribution extraction on sentences written for these tests (not taken from any corpus)."""
from __future__ import annotations

import json
import os

import pytest

from claimgraph.extract import extract_many, extract_statements
from claimgraph.extract.attribution import EXTRACTOR_VERSION, quote_regions
from claimgraph.extract.nlp import split_text

SHARED = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "..", "shared")


def run(text, **kw):
    return extract_statements("t", text, **kw)


def span_text(text, span):
    return text[span[0]:span[1]] if span else None


def find(sts, cue_word):
    hits = [s for s in sts if s.cue and cue_word in s.cue.lower()]
    assert hits, f"no statement with cue {cue_word!r}: {[s.cue for s in sts]}"
    return hits[0]


def test_said_that():
    text = "The harbour master said that the ferry would resume service on Friday."
    st = find(run(text), "said")
    assert span_text(text, st.source.span) == "The harbour master"
    assert span_text(text, st.cue_span) == "said"
    assert span_text(text, st.content_span) == "that the ferry would resume service on Friday"
    assert st.stance == "asserts" and not st.negated
    assert st.extractor == EXTRACTOR_VERSION


def test_content_then_source():
    text = "The bridge will stay closed until spring, the city engineer said."
    st = find(run(text), "said")
    assert st.source.text == "the city engineer"
    assert st.content == "The bridge will stay closed until spring"


def test_quote_said_inverted():
    text = "\u201cWe are ready for the storm,\u201d said Marta Oyelaran, the county emergency coordinator."
    st = find(run(text), "said")
    assert st.direct_quote
    assert "We are ready for the storm" in st.content
    assert st.source.text.startswith("Marta Oyelaran")
    assert st.source.kind == "person"


@pytest.mark.parametrize("text,content", [
    ("According to the weather service, the river will crest on Tuesday.", "the river will crest on Tuesday"),
    ("The river will crest on Tuesday, according to the weather service.", "The river will crest on Tuesday"),
])
def test_according_to(text, content):
    st = find(run(text), "according to")
    assert st.source.text == "the weather service"
    assert st.content == content
    assert span_text(text, st.cue_span).lower() == "according to"


@pytest.mark.parametrize("verb", ["reported", "confirmed", "announced", "warned", "claimed", "insisted",
                                  "noted", "estimated"])
def test_reporting_verbs(verb):
    text = f"The Coastal Authority {verb} that the pier had been damaged by the waves."
    st = find(run(text), verb)
    assert st.source.text == "The Coastal Authority"
    assert st.content == "that the pier had been damaged by the waves"


def test_assessment_states():
    text = "Supply lines are under strain, the ministry\u2019s assessment states."
    st = find(run(text), "states")
    assert "assessment" in st.source.text
    assert st.content == "Supply lines are under strain"


def test_colon_headline():
    text = "Governor Alvarez: \u201cThe budget is balanced\u201d\nThe governor spoke in the capital."
    sts = run(text)
    st = find(sts, ":")
    assert st.source.text == "Governor Alvarez"
    assert "The budget is balanced" in st.content


def test_quote_running_over_paragraphs():
    text = ("\u201cThe harvest was poor this year,\u201d said farmer Ilse Brandt. \u201cWe lost half the wheat.\n\n"
            "\u201cNext year we will plant earlier.\u201d\n\nThe village council meets on Monday.")
    st = find(run(text), "said")
    assert st.content_span[0] == text.index("\u201cThe harvest") or st.content_span[0] == text.index("The harvest")
    assert "plant earlier" in st.content
    assert "council" not in st.content


def test_pronoun_and_surname_resolution():
    text = ("Port director Samuel Okafor said the cranes were repaired. "
            "He added that traffic would double by June. "
            "Okafor also said new berths were planned.")
    sts = run(text)
    added = find(sts, "added")
    assert added.source.text == "He"
    assert added.source.name == "Samuel Okafor"
    later = [s for s in sts if s.source and s.source.text == "Okafor"]
    assert later and later[0].source.name == "Samuel Okafor"
    first = find(sts, "said")
    assert first.source.role == "director"


def test_agency_resolution():
    text = ("The National Weather Agency issued a flood warning on Sunday. "
            "The agency said that rainfall could exceed records.")
    st = find(run(text), "said")
    assert st.source.text == "The agency"
    assert st.source.name == "National Weather Agency"
    assert st.stance == "hedges"  # "could exceed"


def test_anonymous_source_with_affiliation():
    text = ("A senior Norwegian official familiar with the talks said the agreement was close.")
    st = find(run(text), "said")
    assert st.source.kind == "anonymous"
    assert st.source.affiliation and "Norwegian" in st.source.affiliation


def test_publisher_speaking_of_itself():
    text = "The mayor will resign next week, The Gazette has learned."
    st = find(run(text, publisher="The Gazette"), "learned")
    assert st.source.text == "The Gazette"
    assert st.source.kind == "media"
    assert st.source.name == "The Gazette"
    assert span_text(text, st.cue_span) == "has learned"


def test_two_sources_one_content():
    text = "The convoy reached the border, according to Danish and Swedish military sources."
    sts = [s for s in run(text) if s.cue == "according to"]
    assert len(sts) == 2
    names = sorted(s.source.name for s in sts)
    assert names == ["Danish military sources", "Swedish military sources"]
    assert sts[0].content_span == sts[1].content_span


def test_based_on_and_citing():
    text = ("The research institute assessed that the dam was weakened, based on reports from local "
            "engineers and statements by Deputy Mayor Lena Hart.")
    st = find(run(text), "assessed")
    names = [b.name for b in st.based_on]
    assert "local engineers" in names
    assert any("Lena Hart" in n for n in names)
    text2 = "The newspaper said the plant would close, citing two company executives."
    st2 = find(run(text2), "said")
    assert [b.text for b in st2.based_on] == ["two company executives"]


@pytest.mark.parametrize("text,cue,stance", [
    ("The ministry denied that its troops had crossed the river.", "denied", "denies"),
    ("The analyst said the company may have overstated its profits.", "said", "hedges"),
    ("The senator said that the council should allow the festival to go ahead.", "said", "recommends"),
    ("The reporter asked whether the tunnel was safe.", "asked", "questions"),
    ("The engineer questioned whether the repairs were finished.", "questioned", "questions"),
    ("The inspector said the kitchen was clean.", "said", "asserts"),
])
def test_stance(text, cue, stance):
    assert find(run(text), cue).stance == stance


def test_negated_content():
    text = "The commander said that they have not seen the drones over the city."
    st = find(run(text), "said")
    assert st.negated
    text2 = "The commander said that they have seen the drones over the city."
    assert not find(run(text2), "said").negated


def test_framing():
    assert find(run("The company claimed that the leak was harmless."), "claimed").framing == "claimed"
    st = find(run("The group purportedly said that it controlled the airport."), "said")
    assert st.framing == "purportedly"
    assert find(run("The group said that it controlled the airport."), "said").framing is None


def test_nested_attribution_both_levels():
    text = "The minister said the inspectors reported that the reactor was stable."
    sts = run(text)
    outer = find(sts, "said")
    inner = find(sts, "reported")
    assert outer.source.text == "The minister"
    assert "reported that the reactor was stable" in outer.content
    assert inner.source.text == "the inspectors"
    assert inner.content == "that the reactor was stable"


def test_attribution_inside_a_quote_is_not_separate():
    text = "\u201cMy neighbour said the road was flooded, so we stayed home,\u201d Dana Reyes said."
    sts = run(text)
    assert [s.source.text for s in sts if s.source] == ["Dana Reyes"]


def test_spans_cover_texts_with_odd_whitespace():
    text = ("  Intro line\u00a0with nbsp.\r\n\r\nThe council  said   that taxes would rise.\n\n"
            "\u201cIt is necessary,\u201d the treasurer told reporters.")
    for st in run(text):
        assert text[st.content_span[0]:st.content_span[1]] == st.content
        if st.cue_span:
            assert text[st.cue_span[0]:st.cue_span[1]] == st.cue
        if st.source and st.source.span:
            assert text[st.source.span[0]:st.source.span[1]] == st.source.text


def test_long_text_is_split_with_offsets_kept():
    para = "The lighthouse keeper said that the lamp was lit at dusk. "
    text = "\n\n".join(para * 40 for _ in range(60))
    pieces = split_text(text, limit=5000)
    assert len(pieces) > 1
    assert "".join(p for _, p in pieces) == text
    assert all(text[o:o + len(p)] == p for o, p in pieces)
    import claimgraph.extract.nlp as nlpmod
    old = nlpmod.MAX_PIECE
    nlpmod.MAX_PIECE = 5000
    try:
        sts = run(text[:30000])
    finally:
        nlpmod.MAX_PIECE = old
    assert len(sts) >= 400
    # statements from every piece, with offsets into the whole text
    assert max(st.content_span[0] for st in sts) > 25000
    for st in sts:
        assert text[st.content_span[0]:st.content_span[1]] == st.content
        assert st.content.startswith("that the lamp was lit")
        assert text[st.cue_span[0]:st.cue_span[1]] == "said"


def test_extract_many_matches_single():
    texts = [("a", "The mayor said the park would reopen.", None, None),
             ("b", "", None, None),
             ("c", "The weather was mild all week.", None, None),
             ("d", "The river will flood, according to the hydrologist.", None, None)]
    many = dict(extract_many(texts))
    assert set(many) == {"a", "b", "c", "d"}
    for doc_id, text, _, _ in texts:
        single = extract_statements(doc_id, text)
        assert [(s.content_span, s.cue_span) for s in many[doc_id]] == \
            [(s.content_span, s.cue_span) for s in single]
    assert many["b"] == [] and many["c"] == []


def test_quote_regions_unclosed_paragraph():
    text = "\u201cFirst part.\n\u201cSecond part.\u201d he said."
    regs = quote_regions(text)
    assert regs[0] == (0, len("\u201cFirst part."))
    assert text[regs[1][0]:regs[1][1]] == "\u201cSecond part.\u201d"


@pytest.mark.skipif(not os.path.exists(os.path.join(SHARED, "seed", "seed.jsonl")), reason="no shared seed")
def test_seed_article_end_to_end():
    row = json.loads(open(os.path.join(SHARED, "seed", "seed.jsonl"), encoding="utf-8").readline())
    sts = extract_statements(row["id"], row["text"], row.get("published"), row.get("publisher"))
    text = row["text"]
    for st in sts:
        assert text[st.content_span[0]:st.content_span[1]] == st.content
    by_name = {}
    for st in sts:
        if st.source:
            by_name.setdefault(st.source.name, []).append(st)
    assert "Vedant Patel" in by_name
    patel = by_name["Vedant Patel"][0].source
    assert patel.role == "spokesperson" and patel.kind == "person"
    assert "State Department" in (patel.affiliation or "")
    # two sources behind one content
    assert {"South Korean intelligence sources", "US intelligence sources"} <= set(by_name)
    turner = by_name["Mike Turner"][0]
    assert turner.stance == "recommends"
    isw = [st for st in sts if st.source and "Study of War" in st.source.name][0]
    assert {"Ukrainian intelligence", "Rustem Umerov"} <= {b.name for b in isw.based_on}


def test_non_english_text_gives_nothing():
    text = ("Le ministre a d\u00e9clar\u00e9 que les troupes \u00e9taient arriv\u00e9es dans la r\u00e9gion, "
            "selon des sources officielles. \u00ab Nous sommes pr\u00eats \u00bb, a-t-il dit.")
    assert run(text) == []
    assert dict(extract_many([("fr", text, None, None)]))["fr"] == []
    assert run("The minister said that the troops had arrived.") != []


# -- learned decisions, spaCy component, source names ------------------------------------------------

def test_models_ship_in_the_package():
    from claimgraph.extract.attribution import MODEL_PATH, get_models

    assert os.path.getsize(MODEL_PATH) < 50 * 1024 * 1024
    models = get_models()
    assert models is not None
    assert {"cue", "cue_s", "cue_e", "con_s", "con_e", "src_s", "src_e"} <= set(models.m)
    assert "say" in models.cue_lemmas


def test_learned_cue_beyond_the_verb_list():
    # a cue verb the hand-written list does not have, with an object content
    text = "The opposition leader slammed the new fishing quotas during a rally in the port town."
    sts = run(text)
    st = find(sts, "slammed")
    assert st.source.text == "The opposition leader"
    assert st.content.startswith("the new fishing quotas")


def test_rules_alone_still_work():
    from claimgraph.extract.attribution import statements_from_parses
    from claimgraph.extract.nlp import parse

    text = "The harbour master said that the ferry would resume service on Friday."
    sts = statements_from_parses("t", text, parse(text), None, use_models=False)
    assert [s.cue for s in sts] == ["said"]
    assert sts[0].source.text == "The harbour master"


def test_spacy_component_in_own_pipeline():
    import spacy

    import claimgraph.extract.component  # noqa: F401  registers the factory
    from claimgraph.extract.nlp import MODEL_NAME

    nlp = spacy.load(MODEL_NAME)
    nlp.add_pipe("claimgraph_attribution")
    assert nlp.pipe_names[-1] == "claimgraph_attribution"
    text = "The river will crest on Tuesday, according to the weather service."
    doc = nlp(text)
    sts = doc._.statements
    st = find(sts, "according to")
    assert st.source.text == "the weather service"
    assert text[st.content_span[0]:st.content_span[1]] == st.content == "The river will crest on Tuesday"
    docs = list(nlp.pipe(["The mayor said the park would reopen.", "No one speaks here at all."]))
    assert [len(d._.statements) > 0 for d in docs] == [True, False]


def test_component_needs_a_parse():
    import spacy

    import claimgraph.extract.component  # noqa: F401

    nlp = spacy.blank("en")
    nlp.add_pipe("claimgraph_attribution")
    with pytest.raises(ValueError):
        nlp("The mayor said the park would reopen.")


def test_source_names_keep_the_text_spelling():
    text = "Foreign Minister Jean-Pierre Morvan said the embassy would reopen in March."
    st = find(run(text), "said")
    assert st.source.name == "Jean-Pierre Morvan"
    assert st.source.role == "minister"
    text2 = "The secretary-general of the alliance, Ana Ki-woon, said the talks were over."
    st2 = find(run(text2), "said")
    assert "Ki-woon" in st2.source.text and " - " not in st2.source.name


def test_premodifier_person_is_not_glued_to_the_name():
    text = "Garcia campaign manager Tomas Lindqvist said the candidate would debate twice."
    st = find(run(text), "said")
    assert st.source.name == "Tomas Lindqvist"
    assert st.source.affiliation == "Garcia campaign"
    assert st.source.role == "manager"


@pytest.mark.parametrize("text", [
    "OSLO (AP) \u2014 The fisheries minister said the quota would be cut by a third.",
    "OSLO \u2014 The fisheries minister said the quota would be cut by a third.",
])
def test_dateline_is_not_a_source(text):
    sts = run(text)
    st = find(sts, "said")
    assert st.source is not None and st.source.text == "The fisheries minister"
    for s in sts:
        assert not (s.source and "OSLO" in s.source.text)


def test_training_runs_on_a_small_file(tmp_path):
    from claimgraph.extract import train

    docs = []
    for k, (src, verb, content) in enumerate([
            ("The mayor", "said", "the park would reopen"), ("The coach", "insisted", "the team was ready"),
            ("The pilot", "reported", "the runway was icy"), ("A nurse", "said", "the ward was full")]):
        text = f"{src} {verb} {content}. The weather was mild."
        s0, c0 = 0, len(src) + 1
        docs.append({"id": f"d{k}", "text": text, "attributions": [{
            "source": {"spans": [[s0, len(src)]]}, "cue": {"spans": [[c0, c0 + len(verb)]]},
            "content": {"spans": [[c0 + len(verb) + 1, c0 + len(verb) + 1 + len(content)]]}}]})
    path = tmp_path / "tiny_train.jsonl"
    path.write_text("\n".join(json.dumps(d) for d in docs), encoding="utf-8")
    out = tmp_path / "m.json.gz"
    assert train.main(["--train", str(path), "--out", str(out), "--threshold", "0", "--workers", "1"]) == 0
    from claimgraph.extract.attribution import Models

    m = Models.load(str(out))
    assert "say" in m.cue_lemmas and m.cue_threshold == 0
    with pytest.raises(SystemExit):
        train.main(["--train", str(tmp_path / "dev.jsonl"), "--out", str(out)])


# -- the reporting clause at the end of the sentence, citations, headlines ---------------------------

def test_content_then_source_then_when():
    text = ("The ferry will not sail before Friday, harbour master Ines Brandt said on Monday.\n"
            "The ferry will not sail before Friday, Ines Brandt, the harbour master, told reporters this week.\n"
            "The ferry will not sail before Friday, the port authority's Ines Brandt said late on Sunday.")
    found = extract_statements("d", text)
    assert len(found) == 3
    assert [st.content for st in found] == ["The ferry will not sail before Friday"] * 3
    assert [st.source.text for st in found] == ["harbour master Ines Brandt", "Ines Brandt, the harbour master",
                                                "the port authority's Ines Brandt"]
    assert [st.cue for st in found] == ["said", "told", "said"]


def test_citing_is_based_on_not_a_statement():
    text = "The mill will close in May, the Valley Courier reported, citing two company managers."
    [st] = extract_statements("d", text)
    assert st.cue == "reported" and st.content == "The mill will close in May"
    assert [b.text for b in st.based_on] == ["two company managers"]


def test_headline_line_is_its_own_sentence():
    text = "Mill to close\nThe mill will close in May, the Valley Courier reported."
    [st] = extract_statements("d", text)
    assert st.content == "The mill will close in May"


def test_quote_runs_on_after_parser_takes_its_opening_mark():
    # NYT-style '' quotes: the parser hangs the next quotation's opening mark on the attribution's
    # sentence; the running quote must still be found
    text = ("The inspector spoke on Monday.\n\n''The dam is sound,'' the inspector said, looking at the gauges. "
            "''We will check it again in the spring.''\n")
    st = find(run(text), "said")
    assert span_text(text, st.source.span) == "the inspector"
    assert span_text(text, st.content_span).startswith("''The dam is sound,''")
    assert span_text(text, st.content_span).endswith("We will check it again in the spring.''")


@pytest.mark.parametrize("text,content", [
    ("The new timetable, the transit authority said, will take effect in March.",
     "The new timetable, the transit authority said, will take effect in March"),
    ("But the orchard is not for sale, the farmer added, and never will be.",
     "But the orchard is not for sale, the farmer added, and never will be"),
])
def test_attribution_in_the_middle_of_the_content(text, content):
    st = [s for s in run(text) if s.cue in ("said", "added")][0]
    assert span_text(text, st.content_span) == content
    assert st.source.text in ("the transit authority", "the farmer")


def test_quote_before_attribution_with_adjunct():
    text = "\u201cThe water is safe to drink,\u201d the engineer said of the new filters. \u201cWe tested it twice.\u201d"
    st = find(run(text), "said")
    assert span_text(text, st.source.span) == "the engineer"
    # both quotations, the attribution between them included
    assert span_text(text, st.content_span) == text


@pytest.mark.parametrize("text,content", [
    ("The old bridge seems to need new cables.", "The old bridge seems to need new cables"),
    ("Ticket sales appear to have doubled since the spring.", "Ticket sales appear to have doubled since the spring"),
])
def test_raising_verb_subject_is_content_not_source(text, content):
    st = [s for s in run(text) if s.cue and s.cue.split()[-1] in ("seems", "appear")][0]
    assert st.source is None
    assert span_text(text, st.content_span) == content


@pytest.mark.parametrize("text,content", [
    ("The old pier was declared unsafe after the storm.", "The old pier was declared unsafe"),
    ("The ferry captain is considered the most experienced sailor on the coast.",
     "The ferry captain is considered the most experienced sailor on the coast"),
])
def test_agentless_passive_subject_is_content_not_source(text, content):
    st = [s for s in run(text) if s.cue and s.cue.split()[0] in ("was", "is")][0]
    assert st.source is None
    assert span_text(text, st.content_span) == content


def test_according_to_in_the_middle_of_the_content():
    text = "The new library, according to the city council, will open in June."
    st = find(run(text), "according")
    assert st.source.text == "the city council"
    assert span_text(text, st.content_span) == "The new library, according to the city council, will open in June"


def test_colon_at_line_end_takes_the_next_paragraphs_quotation():
    text = ("The fisherman Tomas Lindqvist, 58, explained it this way:\n\n"
            "\"The cod are gone from the bay. We used to catch them by the hundreds.\"\n\n"
            "\"Now we go out for a week and come back with nothing.\"\n")
    st = find(run(text), "explained")
    assert st.source.text.startswith("The fisherman Tomas Lindqvist")
    assert span_text(text, st.content_span) == text[text.index("\"The cod"):].rstrip("\n")
    assert st.direct_quote


@pytest.mark.parametrize("text", [
    "The minister said she neither sent nor received classified files.",
    "The engineer said the crane was neither safe nor legal.",
    "The inspector said there is no precedent for closing the port.",
    "The auditor said there was no evidence of tampering.",
])
def test_negated_contents_neither_nor_and_stated_absence(text):
    st = find(run(text), "said")
    assert st.negated, st.content


def test_positive_content_is_not_negated():
    st = find(run("The inspector said there is a precedent for closing the port."), "said")
    assert not st.negated
