"""Cases found while wiring the engine into the service (written by the service side).
Each must finish: a hang here blocks a Celery worker (bounded in calls, not in seconds)."""

import datetime

import pytest

from factcheck import engine
from tests.factcheck.engine.steps import counting_steps

# Each case below takes 12,000 to 25,000 calls; a hundred times that is a runaway loop,
# failed at once instead of hanging the run.
STEP_BUDGET = 2_500_000


@pytest.fixture(autouse=True)
def fail_if_it_runs_away():
    with counting_steps(budget=STEP_BUDGET):
        yield


def test_headline_with_a_qualified_figure_does_not_hang():
    engine.extract_claims("Monitor counts more than 1,300 dead on Syria's coast")


def test_statement_day_is_not_the_period_of_the_deaths():
    """'The ministry said on Monday that N were killed': Monday is when it was said, not when
    they died; the ministry is the source. A later toll from the same ministry is a revision."""
    first = engine.extract_claims(
        "The health ministry said on Monday that 1,200 people were killed by the earthquake.",
        published=datetime.date(2023, 2, 6),
    )
    later = engine.extract_claims(
        "The health ministry said on Wednesday that 2,800 people were killed by the earthquake.",
        published=datetime.date(2023, 2, 8),
    )
    assert len(first) == 1
    assert len(later) == 1
    findings = engine.detect(
        engine.ClaimRecord(
            id=2, facts=later[0].facts, published=datetime.date(2023, 2, 8), document_id=2
        ),
        [
            engine.ClaimRecord(
                id=1, facts=first[0].facts, published=datetime.date(2023, 2, 6), document_id=1
            )
        ],
    )
    assert [finding.kind for finding in findings] == ["revision"]
    assert "1,200" in findings[0].explanation
    assert "2,800" in findings[0].explanation
