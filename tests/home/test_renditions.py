"""Visitors who arrive together at a page whose pictures have no renditions yet
each get the page: creating the same renditions at once must not deadlock."""

import concurrent.futures
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from home.demo_images import demo_image

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# What `{% picture image format-{webp,jpeg} fill-{160x160,320x320} %}` asks for.
FILTERS = [
    "fill-160x160|format-webp",
    "fill-160x160|format-jpeg",
    "fill-320x320|format-webp",
    "fill-320x320|format-jpeg",
]
VISITORS = 2


@pytest.fixture
def slow_rendition_rows():
    """Each rendition row takes a tenth of a second to write, so visitors who
    arrive together are still writing theirs when the others start."""
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE FUNCTION slow_row() RETURNS trigger LANGUAGE plpgsql AS"
            " $$ BEGIN PERFORM pg_sleep(0.1); RETURN NEW; END $$;"
            " CREATE TRIGGER slow_rendition BEFORE INSERT ON wagtailimages_rendition"
            " FOR EACH ROW EXECUTE FUNCTION slow_row();"
        )
    yield
    with connection.cursor() as cursor:
        cursor.execute(
            "DROP TRIGGER slow_rendition ON wagtailimages_rendition;"
            " DROP FUNCTION slow_row();"
        )


def test_visitors_creating_the_same_renditions_at_once_all_get_them(
    monkeypatch, slow_rendition_rows
):
    image = demo_image("Rendition race", seed=1, width=400, height=300)
    # Renditions are drawn side by side and finish in no fixed order; each
    # visitor here sees them finish in a different one.
    visitor = threading.local()
    finished = concurrent.futures.as_completed

    def as_completed(futures):
        done = list(finished(list(futures)))
        return done[visitor.turn :] + done[: visitor.turn]

    monkeypatch.setattr(concurrent.futures, "as_completed", as_completed)
    together = threading.Barrier(VISITORS, timeout=30)

    def visit(turn):
        visitor.turn = turn * 2
        try:
            # A fresh copy per visitor: none shares another's prefetched rows.
            fresh = type(image).objects.get(pk=image.pk)
            together.wait()
            return sorted(fresh.get_renditions(*FILTERS))
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=VISITORS) as pool:
        answers = list(pool.map(visit, range(VISITORS)))

    assert answers == [sorted(FILTERS)] * VISITORS
    assert image.renditions.count() == len(FILTERS)
