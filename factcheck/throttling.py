"""Rate limits per API client (each client is its own user) and per address for anonymous
callers, answered with 429 and `Retry-After`.

A fixed-window counter (one atomic increment in the shared cache per request) instead of DRF's
default, which stores every request time of the last window in one cache entry and rewrites it
on each request: at a thousand requests a minute that is a large value read and written every
time. The rates are read on each request, so settings overrides apply at once."""

import time

from django.core.cache import cache
from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle


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
        key = f"{self.key}:{window_start}"
        # `add` creates the counter with its expiry only if it is missing; `incr` is atomic.
        cache.add(key, 0, timeout=self.duration + 1)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between the two calls
            cache.add(key, 1, timeout=self.duration + 1)
            count = 1
        self._retry_after = window_start + self.duration - now
        return count <= self.num_requests

    def wait(self):
        return max(1.0, getattr(self, "_retry_after", self.duration))


class ClientRateThrottle(FixedWindowMixin, UserRateThrottle):
    pass


class AnonymousRateThrottle(FixedWindowMixin, AnonRateThrottle):
    pass
