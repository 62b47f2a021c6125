"""Time expressions: one test per rule, on sentences written for these tests.

The publication date used throughout is Thursday 14 November 2024 unless a test says otherwise.
"""
from __future__ import annotations

import pytest

from claimgraph.extract.times import find_times, resolve
from claimgraph.model import TimeExpression

PUB = "2024-11-14"  # a Thursday


def one(text: str, published: str | None = PUB, doc=None) -> TimeExpression:
    found = find_times(text, published, doc)
    assert len(found) == 1, [(t.text, t.value) for t in found]
    t = found[0]
    assert text[t.span[0]:t.span[1]] == t.text
    return t


def values(text: str, published: str | None = PUB) -> list[tuple[str, str]]:
    return [(t.text, t.value) for t in find_times(text, published)]


# -- absolute dates -------------------------------------------------------------------------


def test_day_month_without_year_resolved_against_publication():
    t = one("The mayor spoke to reporters on 12 November about the flooding.")
    assert (t.text, t.type, t.value, t.granularity) == ("12 November", "DATE", "2024-11-12", "day")


def test_month_day_with_year_is_kept():
    t = one("The treaty was signed on March 3, 1998, in a small town.")
    assert (t.value, t.granularity) == ("1998-03-03", "day")


def test_month_year():
    assert one("Prices peaked in August 2019 and then fell.").value == "2019-08"


def test_iso_and_time_of_day():
    assert one("The file was stamped 2023-05-07 by the clerk.").value == "2023-05-07"
    t = one("The vote closed at 6:30 p.m. on Tuesday, officials said.")
    assert (t.type, t.value) == ("TIME", "2024-11-12T18:30")


def test_bare_year_and_not_a_year():
    assert values("The bridge opened in 1987 after a long delay.") == [("1987", "1987")]
    # amounts and identifiers are not years
    assert values("The company sold 2500 tickets and paid $1999 for flight 2024.") == []


def test_decade_and_century():
    assert one("Rents doubled during the 1990s in the capital.").value == "199X"
    assert one("The chapel dates from the 12th century and draws visitors.").value == "11"


# -- no publication date: never invent a year -----------------------------------------------


def test_no_publication_date_keeps_only_what_the_text_fixes():
    t = one("The council met on 12 November to vote on the budget.", published=None)
    assert t.value == "XXXX-11-12"
    assert one("The port closed in October after the storm.", published=None).value == "XXXX-10"
    assert one("The envoy arrived on Monday.", published=None).value == "XXXX-WXX-1"
    assert one("Exports fell last year, the ministry said.", published=None).value == "PAST_REF"
    # an explicit year is still fine
    assert one("The port closed in October 2021.", published=None).value == "2021-10"


# -- weekdays before and after the publication date -----------------------------------------


def test_weekday_past_tense_is_before_publication():
    assert one("The minister resigned on Monday after the vote.").value == "2024-11-11"


def test_weekday_same_day_in_reporting():
    assert one("The ministry said Thursday that talks had stalled.").value == "2024-11-14"


def test_weekday_future_tense_is_after_publication():
    assert one("The delegation will travel to Geneva on Monday.").value == "2024-11-18"
    assert one("The summit is scheduled for Saturday in the capital.").value == "2024-11-16"


def test_last_and_next_weekday():
    assert one("Rebels attacked the convoy last Thursday.").value == "2024-11-07"
    assert one("Talks resume next Tuesday, a spokesman said.").value == "2024-11-19"


def test_weekday_with_spacy_doc():
    spacy = pytest.importorskip("spacy")
    try:
        from claimgraph.extract.nlp import get_nlp

        nlp = get_nlp()
    except Exception:  # pragma: no cover
        pytest.skip("spaCy model not available")
    text = "The general said the troops would leave the city on Saturday."
    assert one(text, doc=nlp(text)).value == "2024-11-16"
    text = "The troops left the city on Saturday, the general said."
    assert one(text, doc=nlp(text)).value == "2024-11-09"
    assert spacy is not None


# -- relative to the publication date -------------------------------------------------------


def test_last_month_this_year_next_year():
    assert (one("Inflation eased last month, the bank said.").value) == "2024-10"
    assert one("The factory will reopen next year.").value == "2025"
    assert one("Sales rose this year in every region.").value == "2024"
    assert one("The bill passed last week.").value == "2024-W45"


def test_yesterday_today_tomorrow():
    assert values("Shelling resumed yesterday and continued today; more is expected tomorrow.") == [
        ("yesterday", "2024-11-13"), ("today", "2024-11-14"), ("tomorrow", "2024-11-15")]


def test_in_october_across_a_year_boundary():
    t = one("The company said its exports collapsed in October.", published="2025-01-10")
    assert (t.text, t.value, t.granularity) == ("October", "2024-10", "month")


def test_future_month_across_a_year_boundary():
    assert one("Elections will be held in February.", published="2024-11-14").value == "2025-02"


def test_since_2023():
    t = one("Prices have doubled since 2023, traders said.")
    assert (t.text, t.type, t.value, t.granularity) == ("2023", "DATE", "2023", "year")


def test_over_the_past_two_weeks():
    t = one("Over the past two weeks, the army has moved closer to the river.")
    assert (t.text, t.type, t.value, t.granularity) == ("the past two weeks", "DURATION", "P2W", "interval")


def test_n_units_ago():
    assert one("The ceasefire collapsed two days ago.").value == "2024-11-12"
    assert one("She left the party two years ago.").value == "2022"
    assert one("The fund was created three months ago.").value == "2024-08"


def test_earlier_this_week_and_quarters():
    assert one("The firm warned earlier this week of job cuts.").value == "2024-W46"
    assert one("Profits fell in the fourth quarter.").value == "2024-Q4"
    assert one("Output grew in the third quarter of 2021.").value == "2021-Q3"


def test_present_past_future_refs():
    assert one("The border is currently closed to trucks.").value == "PRESENT_REF"
    assert one("Now the talks are over.").value == "PRESENT_REF"
    assert one("The factory was recently sold to a rival.").value == "PAST_REF"
    assert one("He was formerly the mayor of the town.").value == "PAST_REF"
    assert one("Nobody can predict the future of the region.").value == "FUTURE_REF"


def test_seasons():
    assert one("The offensive began last summer.").value == "2023-SU"
    assert one("The harvest this autumn was poor.").value == "2024-FA"


# -- durations ------------------------------------------------------------------------------


@pytest.mark.parametrize("text,span,value", [
    ("The siege lasted 18 months before the town fell.", "18 months", "P18M"),
    ("Workers were told to wait three weeks for their pay.", "three weeks", "P3W"),
    ("The hearing took more than four hours.", "more than four hours", "PT4H"),
    ("Repairs will take two and a half years.", "two and a half years", "P2Y6M"),
    ("He was held for 90 minutes at the border.", "90 minutes", "PT90M"),
    ("The strike has gone on for years.", "years", "PXY"),
    ("A five-year plan was announced.", "five-year", "P5Y"),
    ("The talks could last two to three weeks.", "two to three weeks", "P2W"),
])
def test_durations(text, span, value):
    t = one(text)
    assert (t.text, t.type, t.value, t.granularity) == (span, "DURATION", value, "interval")


def test_an_age_is_not_a_duration():
    assert values("The 45-year-old driver, 52 years old according to police, was released.") == []


# -- sets -----------------------------------------------------------------------------------


@pytest.mark.parametrize("text,value", [
    ("The newspaper publishes a weekly supplement.", "P1W"),
    ("Patrols cross the bridge every day.", "P1D"),
    ("The committee meets every Monday.", "XXXX-WXX-1"),
    ("The fee rose to $40 a month.", "P1M"),
    ("Inspectors visit twice a year.", "P1Y"),
])
def test_sets(text, value):
    t = one(text)
    assert (t.type, t.value) == ("SET", value)


# -- words that look like dates but are not -------------------------------------------------


def test_may_the_modal_and_names_are_not_months():
    assert values("Officials may announce new measures, Theresa May said.") == []
    assert values("Thousands joined the march on the capital.") == []


def test_resolve_single_expression():
    t = resolve("last month", "2025-01-10")
    assert t is not None and t.value == "2024-12"
    assert resolve("nothing temporal here", PUB) is None


# -- which way an underspecified date points (rules checked with the spaCy parse) -----------


def _nlp_or_skip():
    pytest.importorskip("spacy")
    try:
        from claimgraph.extract.nlp import get_nlp

        return get_nlp()
    except Exception:  # pragma: no cover
        pytest.skip("spaCy model not available")


def test_participle_modifier_names_a_past_event():
    nlp = _nlp_or_skip()
    # a past participle after a noun is something already done, whatever the main verb says
    text = "Lawyers asked the court to lift the curfew order issued Monday by the governor."
    assert one(text, doc=nlp(text)).value == "2024-11-11"
    text = "The currency is close to the low reached on Aug. 6, dealers said."
    assert one(text, doc=nlp(text), published="2025-02-06").value == "2024-08-06"
    # ... unless it is set *for* a date: then the clause above decides
    text = "The dispute will dominate a summit set for Brussels in March."
    assert one(text, doc=nlp(text)).value == "2025-03"


def test_infinitive_describing_a_noun_has_no_tense_of_its_own():
    nlp = _nlp_or_skip()
    text = "The first two towns to vote on Tuesday were small farming communities."
    assert one(text, doc=nlp(text)).value == "2024-11-12"
    # after a noun of intent, it points ahead
    text = "The firm signed an agreement to buy the port in March."
    assert one(text, doc=nlp(text)).value == "2025-03"


def test_since_points_back():
    nlp = _nlp_or_skip()
    text = "Inspectors have been allowed to visit the plant since Sept. 3."
    assert one(text, doc=nlp(text)).value == "2024-09-03"
    assert one("Inspectors have been allowed to visit the plant since Sept. 3.").value == "2024-09-03"


def test_a_month_six_months_away_is_the_past_one():
    # no tense cue either way: a month exactly half a year off is read as the one before
    assert one("Prices are near the record of May.", published="2024-11-14").value == "2024-05"
    assert one("Prices are near the record of August.", published="2025-02-06").value == "2024-08"


def test_the_following_year_after_a_full_date():
    assert values("He was promoted on May 22, 1995, and the following year he went to Rome.") == [
        ("May 22, 1995", "1995-05-22"), ("the following year", "1996")]


def test_last_with_a_full_date():
    t = one("The clinic was attacked last Oct. 23, police said.", published="2025-04-19")
    assert (t.text, t.value) == ("Oct. 23", "2024-10-23")


def test_coordinated_days_of_one_month():
    assert values("Leaders meet in Vienna on December 4 and 5, the ministry said.") == [
        ("December 4", "2024-12-04"), ("5", "2024-12-05")]
    # a number after "and" that is not a day of the month is left alone
    assert values("Output fell on Nov. 3 and 12 percent of wells closed.") == [("Nov. 3", "2024-11-03")]


def test_a_quarter_not_yet_begun_reported_in_the_past_is_last_years():
    t = one("The carrier reported a drop in profits for the fourth quarter.", published="2025-01-20")
    assert t.value == "2024-Q4"
    assert one("The carrier expects profits to recover in the fourth quarter.", published="2025-01-20").value == "2025-Q4"


@pytest.mark.parametrize("text, span_text, value", [
    ("The minister left on a one-day visit to the port.", "one-day", "P1D"),
    ("Negotiators ended their day-long session without a deal.", "day-long", "P1D"),
    ("The town mourned after a years-long siege.", "years-long", "PXY"),
    ("Miners ended a week-long strike.", "a week-long", "P1W"),
])
def test_hyphenated_lengths(text, span_text, value):
    t = one(text)
    assert (t.text, t.type, t.value) == (span_text, "DURATION", value)


def test_one_day_alone_is_not_a_length():
    assert values("One day the river will flood again.") == []
