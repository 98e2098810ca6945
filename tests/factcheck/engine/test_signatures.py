"""Signatures: wording never changes them, meaning always does, and a disagreement is the
same whichever side comes first."""

import datetime as dt

from factcheck.engine import ClaimRecord, analyze_claim, detect
from factcheck.engine.signatures import detection_signature, disagreement_of, side_signature

DAY = dt.date(2024, 5, 2)


def test_rewordings_of_one_statement_share_a_detection_signature():
    first = analyze_claim("The port authority said 12 people were missing.")
    again = analyze_claim("According to the port authority, 12 people were missing.")
    assert detection_signature(first, DAY) == detection_signature(again, DAY)


def test_another_figure_source_or_day_changes_the_detection_signature():
    base = analyze_claim("The port authority said 12 people were missing.")
    assert detection_signature(base, DAY) != detection_signature(base, DAY + dt.timedelta(1))
    for other in (
        "The port authority said 13 people were missing.",
        "The Red Crescent said 12 people were missing.",
    ):
        assert detection_signature(analyze_claim(other), DAY) != detection_signature(base, DAY)


def test_a_disagreement_has_one_key_whichever_claim_is_new():
    low = ClaimRecord(id=1, facts=analyze_claim("The port authority said 12 people were missing."))
    high = ClaimRecord(id=2, facts=analyze_claim("The Red Crescent said 30 people were missing."))
    (one,) = detect(low, [high])
    (other,) = detect(high, [low])
    assert disagreement_of(one.details).key == disagreement_of(other.details).key


def test_an_unattributed_figure_matches_the_sourced_one_by_value_only():
    sourced = side_signature(
        {
            "subject": "people",
            "event": "killed",
            "lo": 40,
            "hi": 40.0,
            "qualifier": "exact",
            "source": "interior ministry",
        }
    )
    bare = side_signature(
        {
            "subject": "people",
            "event": "killed",
            "lo": 40.0,
            "hi": 40,
            "qualifier": "exact",
            "source": None,
            "text": "forty",
        }
    )
    assert (sourced.attributed, bare.attributed) == (True, False)
    assert sourced.value == bare.value
    assert sourced.figure != bare.figure


def test_details_without_two_sides_name_no_disagreement():
    assert disagreement_of({"relation": "same"}) is None
