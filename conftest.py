"""Project-wide pytest fixtures and markers."""

import os

import pytest
from django.conf import settings


def pytest_collection_modifyitems(config, items):
    on_postgres = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
    on_redis = bool(os.environ.get("REDIS_URL"))
    skip_pg = pytest.mark.skip(reason="needs PostgreSQL: set DATABASE_URL")
    skip_redis = pytest.mark.skip(reason="needs Redis: set REDIS_URL")
    for item in items:
        if "postgres" in item.keywords and not on_postgres:
            item.add_marker(skip_pg)
        if "redis" in item.keywords and not on_redis:
            item.add_marker(skip_redis)


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import cache

    cache.clear()
    yield
