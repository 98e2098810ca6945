"""Gunicorn settings of the web service: `gunicorn -c config/gunicorn.py config.wsgi`.
Used by docker-compose, the benchmarks and CI's schemathesis run, so what is measured is what
runs. Every value can be overridden on the command line or with GUNICORN_CMD_ARGS."""

import gc
import os


def _usable_cores() -> int:
    # The cores this process may run on (a container's cpuset), not the host's.
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", 2 * _usable_cores()))
timeout = 30
graceful_timeout = 30


def post_worker_init(worker):
    """Load every view, then move what the loaded application holds out of the garbage
    collector's reach.

    A list request leaves reference cycles behind (DRF's request and view refer to each other,
    so do a filter set and its filters), so collections run every few requests; without the
    freeze each full collection walked the ~100,000 objects of Django, DRF and our modules,
    which never become garbage. A larger first-generation threshold lets most request objects
    die before they are promoted. Measured in bench/api_throughput.py."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - imports every view module before the freeze
    gc.collect()
    gc.freeze()
    gc.set_threshold(7000, 20, 20)
    worker.log.info("%s objects kept out of garbage collection", gc.get_freeze_count())
