from tests.events.conftest import summit, summit_index  # noqa: F401
