import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The API keeps its answers a short while and counts each address's calls in the cache:
    each test starts without either."""
    cache.clear()
    yield
    cache.clear()
