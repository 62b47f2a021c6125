"""Place normaliser: countries, demonyms, subdivisions, cities, ambiguity, person names.

Sentences are written for these tests. Most tests run without a spaCy Doc (the gazetteer and the
document's evidence alone); the ones about entities build the Doc with the project's pipeline and
set the entity that matters by hand, so that they do not depend on the small model's guesses.
"""
from __future__ import annotations

import time

import pytest

from claimgraph.extract.places import find_places
from claimgraph.model import Place


def by_text(places: list[Place]) -> dict[str, Place]:
    return {p.text: p for p in places}


@pytest.fixture(scope="module")
def nlp():
    from claimgraph.extract.nlp import get_nlp

    return get_nlp()


def test_spans_point_into_text():
    text = "Talks between Russia and the U.S. stalled; Ukraine's envoy left."
    for p in find_places(text):
        assert text[p.span[0]:p.span[1]] == p.text


@pytest.mark.parametrize("name,code", [
    ("Russia", "RU"), ("South Korea", "KR"), ("North Korea", "KP"), ("United States", "US"),
    ("America", "US"), ("Britain", "GB"), ("Ukraine", "UA"), ("Germany", "DE"), ("Turkey", "TR"),
])
def test_country_names(name, code):
    text = f"Delegates from {name} arrived for the summit on Tuesday."
    p = by_text(find_places(text))[name]
    assert (p.code, p.country) == (code, code)
    assert p.name and p.lat is None


def test_country_short_forms_keep_case():
    text = "The US and the U.S. Navy met the UK team; let us see what they told us."
    places = find_places(text)
    found = [(p.text, p.code) for p in places]
    assert ("US", "US") in found and ("U.S.", "US") in found and ("UK", "GB") in found
    assert not [p for p in places if p.text == "us"]


@pytest.mark.parametrize("demonym,code,name", [
    ("North Korean", "KP", "North Korea"), ("Ukrainian", "UA", "Ukraine"), ("Russian", "RU", "Russia"),
    ("South Korean", "KR", "South Korea"), ("Ukrainians", "UA", "Ukraine"),
])
def test_demonyms_are_places_of_their_country(demonym, code, name):
    text = f"Several {demonym} officers were seen at the depot."
    p = by_text(find_places(text))[demonym]
    assert (p.name, p.code, p.country) == (name, code, code)


@pytest.mark.parametrize("variant", ["Kursk Oblast", "Kursk region", "Kurskaya oblast", "Kursk oblast",
                                     "Kursk Region"])
def test_kursk_variants_resolve_to_one_subdivision(variant):
    text = f"Shelling was reported overnight in the {variant}, according to the governor."
    p = by_text(find_places(text))[variant]
    assert (p.name, p.code, p.country) == ("Kursk Oblast", "RU-KRS", "RU")


@pytest.mark.parametrize("variant,name,code", [
    ("Donetsk region", "Donetsk Oblast", "UA-14"), ("Donetsk Oblast", "Donetsk Oblast", "UA-14"),
    ("Crimea", "Crimea", "UA-43"), ("Texas", "Texas", "US-TX"), ("Bavaria", "Bavaria", "DE-BY"),
    ("Zaporizhzhia Oblast", "Zaporizhzhia Oblast", "UA-23"), ("Belgorod region", "Belgorod Oblast", "RU-BEL"),
])
def test_subdivisions(variant, name, code):
    text = f"Officials in {variant} announced new measures."
    p = by_text(find_places(text))[variant]
    assert (p.name, p.code) == (name, code)
    assert p.country == code[:2]


@pytest.mark.parametrize("spelling", ["Kyiv", "Kiev"])
def test_capital_city_with_coordinates(spelling):
    text = f"Air raid sirens sounded in {spelling} before dawn."
    p = by_text(find_places(text))[spelling]
    assert p.name == "Kyiv" and p.country == "UA"
    assert p.lat == pytest.approx(50.45, abs=0.1) and p.lon == pytest.approx(30.52, abs=0.1)


def test_small_towns_with_coordinates():
    text = "Ukrainian units held positions near Toretsk while fighting went on around Kurakhove."
    places = by_text(find_places(text))
    assert places["Toretsk"].country == "UA" and places["Toretsk"].lat == pytest.approx(48.39, abs=0.1)
    assert places["Kurakhove"].country == "UA" and places["Kurakhove"].lon == pytest.approx(37.28, abs=0.1)


def test_region_names_are_not_read_as_countries():
    text = "Migration from Latin America and the Middle East rose."
    places = find_places(text)
    assert [p.text for p in places] == ["Latin America", "Middle East"]
    assert all(p.country is None for p in places)


@pytest.mark.parametrize("text,mention,country,code", [
    ("Protests in Paris spread to Lyon and across France.", "Paris", "FR", None),
    ("He grew up in Paris, Texas, near the Oklahoma line.", "Paris", "US", None),
    ("Drones struck Odessa overnight, Ukrainian officials said.", "Odessa", "UA", None),
    ("Oil workers in Odessa, Texas, went on strike.", "Odessa", "US", None),
    ("Georgia signed a border deal with Armenia and Azerbaijan.", "Georgia", "GE", "GE"),
    ("Voters in Georgia, Alabama and Florida backed the governor.", "Georgia", "US", "US-GA"),
    ("The plant in Springfield, Illinois, will close next year.", "Springfield", "US", None),
])
def test_ambiguous_names_resolved_by_the_document(text, mention, country, code):
    p = by_text(find_places(text))[mention]
    assert p.country == country
    assert p.code == code
    assert p.name is not None


def test_odessa_in_ukraine_has_ukrainian_coordinates():
    p = by_text(find_places("Drones struck Odessa overnight, Ukrainian officials said."))["Odessa"]
    assert p.name == "Odesa" and p.lat == pytest.approx(46.48, abs=0.1)
    p = by_text(find_places("Oil workers in Odessa, Texas, went on strike."))["Odessa"]
    assert p.lat == pytest.approx(31.8, abs=0.2) and p.lon < -100


@pytest.mark.parametrize("text,mention", [
    ("Paris is lovely in the spring.", "Paris"),
    ("Springfield approved the budget, a US report said.", "Springfield"),
    ("Georgia is hosting the talks, a US official and a Russian diplomat said.", "Georgia"),
])
def test_ambiguous_names_without_evidence_stay_unresolved(text, mention):
    p = by_text(find_places(text))[mention]
    assert p.name is None and p.code is None and p.country is None and p.lat is None
    assert p.text == mention


def test_washington_with_us_context_is_the_capital_not_the_state():
    text = "Lawmakers from Ohio and Michigan flew to Washington for the vote."
    p = by_text(find_places(text))["Washington"]
    assert p.country == "US" and p.code is None and p.lat == pytest.approx(38.9, abs=0.1)
    p = by_text(find_places("Wildfires spread across Washington state and Oregon."))["Washington state"]
    assert p.code == "US-WA"


def test_person_entity_is_not_a_place(nlp):
    from spacy.tokens import Span

    text = "Washington said the treaty would be signed in Kyiv."
    doc = nlp(text)
    doc.ents = [Span(doc, 0, 1, label="PERSON")]
    places = find_places(text, doc)
    assert [p.text for p in places] == ["Kyiv"]


def test_person_names_without_doc_are_not_places():
    for text in ("George Washington crossed the river at night.", "Obama said the deal was fair.",
                 "Mr. Jordan said he would appeal."):
        assert find_places(text) == [], text


def test_org_names_keep_only_their_country(nlp):
    from spacy.tokens import Span

    text = "The US State Department cited The New York Post in its note."
    doc = nlp(text)
    # "The US State Department" and "The New York Post" as organisations
    doc.ents = [Span(doc, 0, 4, label="ORG"), Span(doc, 6, 10, label="ORG")]
    places = find_places(text, doc)
    assert [(p.text, p.code) for p in places] == [("US", "US")]


def test_with_doc_entities_from_the_pipeline(nlp):
    text = ("Russian troops pushed into the Kursk region on Monday, and Ukrainian officials in Kyiv "
            "said North Korean soldiers were among them.")
    places = find_places(text, nlp(text))
    got = {(p.text, p.code) for p in places}
    assert {("Russian", "RU"), ("Kursk region", "RU-KRS"), ("Ukrainian", "UA"), ("North Korean", "KP")} <= got
    assert any(p.text == "Kyiv" and p.country == "UA" and p.lat for p in places)


def test_unknown_gpe_entity_is_kept_unresolved(nlp):
    from spacy.tokens import Span

    text = "Supplies reached Novoselivka Druha island late on Friday."
    doc = nlp(text)
    doc.ents = [Span(doc, 2, 5, label="LOC")]
    places = find_places(text, doc)
    assert [(p.text, p.name) for p in places] == [("Novoselivka Druha island", None)]


def test_speed_is_small_next_to_parsing():
    text = ("Russian forces shelled Kharkiv and the Donetsk region, while officials in Washington, "
            "London and Paris discussed sanctions with Ukrainian and Polish ministers. ") * 40
    find_places(text)  # builds the tables
    t = time.perf_counter()
    find_places(text)
    elapsed = time.perf_counter() - t
    words = len(text.split())
    assert words > 800
    assert elapsed < 0.1  # spaCy's small model needs ~0.2 s for this many words
