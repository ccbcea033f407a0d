"""Image renditions created one at a time, in order of their filter.

Wagtail's `create_renditions` writes the renditions a `{% picture %}` asks for in
one INSERT ... ON CONFLICT DO NOTHING, in the order their drawing finished. Two
visitors drawing the same new renditions at once can then insert them in opposite
orders, each waiting for the row the other inserted: PostgreSQL breaks the
deadlock by failing one of them, and that visitor gets a 500. `create_rendition`
writes one row with `get_or_create`, which takes the other visitor's row when it
loses the race; in a fixed order, no two visitors wait on each other. Drawing one
by one costs a little time once per picture; every later visitor reads the rows.
"""


def create_renditions_in_order(image, *filters):
    return {
        filter: image.create_rendition(filter)
        for filter in sorted(filters, key=lambda filter: filter.spec)
    }
