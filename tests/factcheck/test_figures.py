"""The measure labels of a story's figures page (factcheck/figures.py) use the engine's words."""

import pytest

from factcheck.figures import Measure


def measure(**fields):
    base = dict(
        key=(),
        subject=None,
        event=None,
        group=None,
        agent=None,
        place=None,
        period_start=None,
        period_end=None,
        period_open=False,
        period_days=None,
        period_label=None,
    )
    return Measure(**{**base, **fields})


@pytest.mark.parametrize(
    ("fields", "label"),
    [
        ({"subject": "people", "event": "killed"}, "people killed"),
        ({"subject": "people", "event": "killed", "group": "foreign"}, "foreign people killed"),
        ({"subject": "people", "event": "recovered"}, "bodies recovered"),
        (
            {"subject": "people", "event": "aboard", "group": "nat:ireland"},
            "people aboard (Ireland)",
        ),
        (
            {"subject": "countries", "event": "killed", "group": "foreign"},
            "countries of origin of foreign people killed",
        ),
        (
            {"subject": "people", "event": "killed", "place": "the valley"},
            "people killed in the valley",
        ),
        ({"subject": None, "event": None}, "figures"),
    ],
)
def test_a_measure_is_labelled_in_the_engine_words(fields, label):
    assert measure(**fields).label == label
