"""The web server's settings (config/gunicorn.py)."""

import gc
import logging
import runpy
from pathlib import Path

import pytest

GUNICORN_SETTINGS = Path(__file__).resolve().parents[2] / "config" / "gunicorn.py"


class FakeWorker:
    log = logging.getLogger("gunicorn-test")


@pytest.fixture
def restored_gc():
    thresholds = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*thresholds)


def test_workers_and_bind_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("GUNICORN_WORKERS", "3")
    monkeypatch.setenv("GUNICORN_BIND", "127.0.0.1:9000")
    settings = runpy.run_path(str(GUNICORN_SETTINGS))
    assert settings["workers"] == 3
    assert settings["bind"] == "127.0.0.1:9000"


def test_a_worker_freezes_the_loaded_application_out_of_the_collectors_reach(restored_gc):
    settings = runpy.run_path(str(GUNICORN_SETTINGS))
    settings["post_worker_init"](FakeWorker())
    # Django, DRF and every view module: tens of thousands of long-lived objects.
    assert gc.get_freeze_count() > 10_000
    assert gc.get_threshold()[0] > 700


def test_workers_default_to_two_per_usable_core(monkeypatch):
    monkeypatch.delenv("GUNICORN_WORKERS", raising=False)
    settings = runpy.run_path(str(GUNICORN_SETTINGS))
    assert settings["workers"] == 2 * settings["_usable_cores"]()
    assert settings["workers"] >= 2
