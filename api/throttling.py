"""Rate limits per API client (each client is its own user) and per address for anonymous
callers, answered with 429 and `Retry-After`.

A fixed-window counter (one atomic increment in the shared cache per request) instead of DRF's
default, which stores every request time of the last window in one cache entry and rewrites it
on each request: at a thousand requests a minute that is a large value read and written every
time. The rates are read on each request, so settings overrides apply at once."""

import logging
import time

from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError
from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

logger = logging.getLogger(__name__)


class FixedWindowMixin:
    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def allow_request(self, request, view):
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        now = time.time()
        window_start = int(now // self.duration) * self.duration
        count = window_count(f"{self.key}:{window_start}", timeout=self.duration + 1)
        self._retry_after = window_start + self.duration - now
        return count <= self.num_requests

    def wait(self):
        return max(1.0, getattr(self, "_retry_after", self.duration))


# Increment, and give a new counter its expiry: atomic, one command and one reply.
_COUNT_IN_WINDOW = """
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
return count
"""


def window_count(key: str, *, timeout: int) -> int:
    """Counts one more request in the window `key` and returns the window's count; 0 when the
    cache cannot be reached (the limit is a protection: a cache outage must not turn the whole
    API away)."""
    backend = caches["default"]
    if isinstance(backend, RedisCache):
        # One round trip (EVALSHA of a script registered once per backend); Django's `add` +
        # `incr` take three.
        script = getattr(backend, "_factcheck_window_count", None)
        if script is None:
            client = backend._cache.get_client(None, write=True)
            script = client.register_script(_COUNT_IN_WINDOW)
            backend._factcheck_window_count = script
        try:
            return int(script(keys=[backend.make_and_validate_key(key)], args=[timeout]))
        except RedisError:
            logger.warning("Rate-limit cache unreachable: request not counted")
            return 0
    cache.add(key, 0, timeout=timeout)
    try:
        return cache.incr(key)
    except ValueError:  # expired between the two calls
        cache.add(key, 1, timeout=timeout)
        return 1


class ClientRateThrottle(FixedWindowMixin, UserRateThrottle):
    pass


class AnonymousRateThrottle(FixedWindowMixin, AnonRateThrottle):
    pass
