"""Signatures: wording never changes them, meaning always does, and a disagreement is the
same whichever side comes first."""

import datetime as dt

import pytest

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


def _keys(*claims):
    """The disagreement key of every finding between the claims (each pair once)."""
    records = [
        ClaimRecord(id=i, facts=analyze_claim(text), published=day)
        for i, (text, day) in enumerate(claims)
    ]
    found = {}
    for i, record in enumerate(records):
        for finding in detect(record, records[:i]):
            pair = frozenset((finding.details["a"]["value"], finding.details["b"]["value"]))
            found[pair] = disagreement_of(finding.details).key
    return found


@pytest.mark.parametrize(
    ("reports", "low", "high", "top"),
    [
        # a toll that grew: the first figure against both later ones, then the middle one
        (
            [
                ("The fire brigade said 14 people died in the blaze.", 0),
                ("The fire brigade said 19 people died in the blaze.", 1),
                ("The fire brigade said 23 people died in the blaze.", 2),
            ],
            14,
            19,
            23,
        ),
        # the lower figure anchors whatever the report dates
        (
            [
                ("The mayor said 40 people were missing after the storm.", 0),
                ("The mayor said 25 people were missing after the storm.", 3),
                ("The coast guard said 31 people were missing after the storm.", 4),
            ],
            25,
            31,
            40,
        ),
    ],
)
def test_a_figure_and_every_higher_figure_held_against_it_are_one_disagreement(
    reports, low, high, top
):
    keys = _keys(*[(text, DAY + dt.timedelta(days)) for text, days in reports])
    assert keys[frozenset((low, high))] == keys[frozenset((low, top))]
    assert keys[frozenset((high, top))] != keys[frozenset((low, top))]


def test_two_sources_stating_the_same_figure_anchor_one_disagreement():
    sides = [
        disagreement_of(finding.details)
        for finding in detect(
            ClaimRecord(id=9, facts=analyze_claim("The army said 80 people were killed.")),
            [
                ClaimRecord(id=1, facts=analyze_claim("The governor said 52 people were killed.")),
                ClaimRecord(id=2, facts=analyze_claim("The Red Cross said 52 people were killed.")),
            ],
        )
    ]
    assert len(sides) == 2
    assert sides[0].key == sides[1].key


def test_people_with_different_names_for_one_role_keep_one_disagreement_per_pair():
    first = ClaimRecord(id=1, facts=analyze_claim("Interior Minister Karim Abadi said so."))
    second = ClaimRecord(id=2, facts=analyze_claim("Interior Minister Farid Abadi said so."))
    (one,) = detect(first, [second])
    (other,) = detect(second, [first])
    assert one.kind == "entity"
    assert disagreement_of(one.details).key == disagreement_of(other.details).key


def test_a_higher_toll_and_a_part_exceeding_the_toll_are_held_against_one_figure():
    keys = _keys(
        ("The health office said 30 people died in the quake.", DAY),
        ("Rescuers said 41 children died in the quake.", DAY),
        ("The army said 55 people died in the quake.", DAY),
    )
    assert keys[frozenset((30, 41))] == keys[frozenset((30, 55))]
