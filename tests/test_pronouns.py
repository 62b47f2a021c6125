"""Whom 'he' and 'she' stand for, on texts written for these tests: the person the text last made its
subject, not merely the last person quoted."""
from __future__ import annotations

from claimgraph.extract import extract_statements


def sources_by_cue(text):
    return [(s.cue, s.source.text if s.source else None, s.source.name if s.source else None)
            for s in extract_statements("t", text)]


def name_of(text, needle):
    """The resolved name of the statement whose content contains ``needle``."""
    hits = [s for s in extract_statements("t", text) if needle in s.content]
    assert hits, f"no statement containing {needle!r}: {sources_by_cue(text)}"
    return hits[0].source.name


def test_pronoun_after_a_person_named_in_narration():
    text = ("\u201cThe bridge was never safe,\u201d said Tomas Reyes of the Harbour Institute.\n\n"
            "That might surprise anyone who read Mayor Elena Vasquez\u2019s statement on Tuesday. "
            "She said the bridge had passed every inspection since 2019.")
    assert name_of(text, "passed every inspection") == "Elena Vasquez"


def test_subject_of_the_clause_before_the_pronoun_wins():
    text = ("Rep. Daniel Okoro, chairman of the transport committee, did not question the engineers\u2019 report, "
            "but he said the ministry must publish its inspection records.")
    assert name_of(text, "publish its inspection records") == "Daniel Okoro"


def test_the_main_clause_subject_not_the_one_inside_a_report():
    text = ("Mayor Elena Vasquez spoke on Monday. "
            "While Vasquez said the contractor Piotr Lind was careless, she said there was no case for charges.")
    assert name_of(text, "no case for charges") == "Elena Vasquez"


def test_a_speaker_the_tagger_took_for_a_place_is_still_a_person():
    text = ("Karim Haddou said the clinic would stay open. "
            "Haddou, a nurse and a member of the clinic's board, said he never met the inspector from Lyon. "
            "He said he does not believe the report.")
    assert name_of(text, "does not believe the report") == "Karim Haddou"


def test_a_title_subject_stands_for_the_person_named_with_that_title():
    text = ("President Amara Diallo met flood victims on Sunday. "
            "Speaking at the Jean Moulin conference hall, the president praised the volunteers. "
            "He said the army would rebuild the dams.")
    assert name_of(text, "rebuild the dams") == "Amara Diallo"


def test_honorific_gender_is_respected():
    text = ("Mrs. Ines Barros met Mr. Jonas Weller on Friday. "
            "Weller praised the plan, and she said the funds would arrive in May.")
    assert name_of(text, "funds would arrive in May") == "Ines Barros"


def test_no_person_before_falls_back_to_the_last_speaker():
    text = ("\u201cWe will reopen the port,\u201d said harbour chief Lena Moss. "
            "\u201cThe cranes are ready,\u201d she added.")
    assert name_of(text, "The cranes are ready") == "Lena Moss"


def test_relative_pronoun_source_is_the_noun_it_hangs_on():
    text = ("That is the view of engineers at the Delft harbour office, who said the quay could not carry "
            "heavier cranes.")
    hits = [s for s in extract_statements("t", text) if "heavier cranes" in s.content]
    assert hits and hits[0].source.text == "who"
    assert "engineers" in hits[0].source.name and "who" not in hits[0].source.name
