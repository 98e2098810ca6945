"""The Redis cache backend keeps one client object per connection pool."""

from config.cache import ReusingRedisCache


def test_cache_calls_share_one_client_per_pool():
    backend = ReusingRedisCache("redis://127.0.0.1:6379/0", {})
    client = backend._cache.get_client(write=True)
    assert backend._cache.get_client("some-key", write=True) is client
    assert backend._cache.get_client() is client  # one server: reads use the same pool


def test_each_server_has_its_own_client():
    backend = ReusingRedisCache("redis://127.0.0.1:6379/0,redis://127.0.0.1:6379/1", {})
    writer = backend._cache.get_client(write=True)
    reader = backend._cache.get_client(write=False)  # replicas serve reads
    assert reader is not writer
    assert backend._cache.get_client(write=False) is reader
