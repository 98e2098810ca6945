"""Cases found while wiring the engine into the service (written by the service side).
Each must finish quickly: a hang here blocks a Celery worker."""

import datetime
import signal

import pytest

from factcheck import engine


@pytest.fixture(autouse=True)
def fail_after_five_seconds():
    def on_alarm(signum, frame):
        raise TimeoutError("the engine took more than 5 s on one short text")

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.alarm(5)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


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
