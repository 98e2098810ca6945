"""Worker killed mid-task: SIGKILL while a contradiction detection runs. Late acknowledgement
means the message was never acknowledged, so it is delivered again: by the same worker at
once when only its pool process died (reject on worker lost), by another worker once the
visibility timeout has passed when the whole worker died. The end state is exactly what one
clean run gives."""

import os
import signal

import pytest

from .conftest import wait_for
from .scenario import REPORTS, assert_same_as_a_clean_run, post_article, wait_until_settled

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_pool_process_killed_mid_detection_is_redelivered(workers, api_client):
    workers.start(detect_delay=2.0)
    ids = [post_article(api_client, body) for body in REPORTS[:2]]
    pid, claim_id = wait_for(lambda: (workers.detection_starts() or [None])[0], timeout=60)
    os.kill(pid, signal.SIGKILL)

    wait_until_settled(timeout=120)
    restarts = [start for start in workers.detection_starts() if start[1] == claim_id]
    assert len(restarts) >= 2, "the killed detection was delivered again"
    assert restarts[1][0] != pid, "to a new pool process"
    state = assert_same_as_a_clean_run()
    assert {pk for pk, status in state["articles"] if status == "checked"} == set(ids)
    assert state["flags"], "the two death tolls contradict each other"


def test_a_whole_worker_killed_mid_detection_is_redelivered_to_another(workers, api_client):
    first = workers.start(detect_delay=2.0, visibility_timeout=4)
    ids = [post_article(api_client, body) for body in REPORTS[:2]]
    _, claim_id = wait_for(lambda: (workers.detection_starts() or [None])[0], timeout=60)
    workers.kill(first)  # main process and pool: nothing acknowledges or rejects the message

    workers.start(visibility_timeout=4)
    wait_until_settled(timeout=120)
    assert [start[1] for start in workers.detection_starts()].count(claim_id) >= 2
    state = assert_same_as_a_clean_run()
    assert {pk for pk, status in state["articles"] if status == "checked"} == set(ids)
    assert state["flags"]
