"""The shared cache in Redis, as production has it: Django's backend, keeping one
Redis client per connection pool.

Django's backend makes a new `redis.Redis` for every cache call, and its
constructor fills a table of some 170 response callbacks: about 0.2 ms of CPU, more
than the GET it then sends over the loopback. A door scan makes three such calls
(its rate limit, and the figures' generation bumped before and after the commit), a
kept page one or more. A client holds no connection of its own (it takes one from
its pool for each command), and each thread has its own cache object anyway, so
keeping one is safe.
"""

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class _ClientKeptPerPool(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        # Pools are kept for the cache's life (`_pools`), so their ids stay theirs.
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class KeptClientRedisCache(RedisCache):
    """`django.core.cache.backends.redis.RedisCache`, one Redis client per pool."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _ClientKeptPerPool


def count_in_redis(cache, key, *, start, timeout):
    """Add one to the number at `key` in `cache` (a `RedisCache`), first set to
    `start` (kept `timeout` seconds, None for ever) if it is missing; its new value.
    One round trip, both commands in one MULTI/EXEC, where Django's add() then
    incr() take three (SET NX, EXISTS, INCR) and its incr() alone two: nor can the
    key expire or be evicted between them."""
    key = cache.make_and_validate_key(key)
    # Django's cache has no public way to send two commands at once.
    pipeline = cache._cache.get_client(key, write=True).pipeline(transaction=True)
    pipeline.set(key, start, ex=timeout, nx=True)
    pipeline.incr(key)
    return pipeline.execute()[1]
