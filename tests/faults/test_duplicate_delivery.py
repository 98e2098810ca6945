"""The same task delivered twice at once on two workers: one result, no duplicate rows, no
deadlock. Row locks serialise extraction; the unique constraints and savepoints of the flag
upsert make two detections of one claim write each flag once."""

from pathlib import Path

import pytest

from factcheck.models import Article, Claim, ContradictionFlag
from factcheck.tasks import detect_claim_contradictions, process_article

from .scenario import REPORTS, assert_same_as_a_clean_run, post_article, wait_until_settled

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_two_workers_running_the_same_tasks_at_once_give_one_result(workers, api_client):
    started = [workers.start(detect_delay=1.0), workers.start(detect_delay=1.0)]
    ids = []
    for body in REPORTS:
        ids.append(post_article(api_client, body))
        process_article.delay(ids[-1])  # the same article a second time, at once
    wait_until_settled(timeout=120)
    clean = assert_same_as_a_clean_run()
    assert len(clean["flags"]) >= 2  # one flag per disputed figure: the reports dispute two

    # Every detection again, each claim sent twice at once to the two workers.
    ContradictionFlag.objects.all().delete()
    Claim.objects.update(detected_at=None)
    Article.objects.update(status="extracted")
    before = len(workers.detection_starts())
    for claim_id in Claim.objects.values_list("pk", flat=True):
        detect_claim_contradictions.delay(claim_id)
        detect_claim_contradictions.delay(claim_id)
    wait_until_settled(timeout=120)
    runs = workers.detection_starts()[before:]
    assert len(runs) == 2 * Claim.objects.count()
    assert len({pid for pid, _ in runs}) >= 2, "both workers ran detections"
    assert assert_same_as_a_clean_run() == clean
    for worker in started:
        assert "deadlock" not in Path(worker.log_path).read_text().lower()
