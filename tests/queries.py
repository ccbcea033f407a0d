"""Exact query counts: a page runs the same number of queries with few rows as with
many, so it can't slow down as the data grows (an N+1 of even one query fails)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from home import page_cache


def queries_for(client, url, *, renewed=False):
    """The SQL of one warm request for `url`. The first two requests fill what a
    live site keeps warm (image renditions, site root paths, cached counts, the
    settings rows the first one creates, which renew the parts kept until content
    changes); the third is the one that counts. With `renewed`, content has just
    changed, so everything kept until then is made afresh inside the count. A
    streamed response is read to its end inside the count, since that is when its
    queries run."""
    _read(client.get(url))
    _read(client.get(url))
    if renewed:
        page_cache.changed()
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
        _read(response)
    assert response.status_code == 200, (url, response.status_code)
    return [query["sql"] for query in context.captured_queries]


def queries_of(call):
    """The SQL that `call()` runs (for code reached without a request)."""
    with CaptureQueriesContext(connection) as context:
        call()
    return [query["sql"] for query in context.captured_queries]


def assert_same_queries(client, urls, *, grow):
    """Each of `urls` runs exactly as many queries after `grow()` adds rows, both
    with its kept parts (home/page_cache.py `remember`) at hand and making them
    afresh.

    Returns the number each ran with its kept parts at hand, for tests that also
    pin the absolute count."""
    before = {url: _both_ways(client, url) for url in urls}
    grow()
    counts = {}
    for url in urls:
        after = _both_ways(client, url)
        for was, now in zip(before[url], after, strict=True):
            assert len(now) == len(was), _difference(url, was, now)
        counts[url] = len(after[0])
    return counts


def _both_ways(client, url):
    return queries_for(client, url), queries_for(client, url, renewed=True)


def assert_same_queries_of(call, *, grow):
    """`call()` runs exactly as many queries after `grow()` adds rows (the first
    call warms, as in `queries_for`). Returns that number."""
    call()
    before = queries_of(call)
    grow()
    call()
    after = queries_of(call)
    assert len(after) == len(before), _difference(call, before, after)
    return len(after)


def _read(response):
    if response.streaming:
        b"".join(response.streaming_content)  # closes the response at its end


def _difference(url, before, after):
    extra = [sql for sql in after if sql not in before] or after[len(before) :]
    return f"{url}: {len(before)} queries, then {len(after)}; new: {extra[:3]}"
