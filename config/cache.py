"""The Redis cache backend of the service: Django's, keeping one client object per connection
pool.

Django's Redis client builds a new `redis.Redis` (with its table of a hundred response
callbacks) on every cache call; each API request makes two or three (the key's identity, the
rate-limit counter), and building them cost more than the round trips. A `redis.Redis` is
safe to share between threads, and its pool reconnects after a fork."""

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class ReusingRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class ReusingRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient
