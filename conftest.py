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


def cache_clear_own_keys() -> None:
    """Empty this run's cache entries only. The test settings give every run its own
    KEY_PREFIX on Redis, so another run or a developer's server sharing the Redis
    database keeps its keys (Django's RedisCache.clear() would flush the database)."""
    from django.core.cache import cache

    if settings.CACHES["default"]["BACKEND"].endswith("RedisCache"):
        client = cache._cache.get_client(write=True)
        pattern = f"{cache.key_prefix}:*"
        keys = list(client.scan_iter(match=pattern, count=1000))
        if keys:
            client.delete(*keys)
    else:
        cache.clear()


@pytest.fixture(autouse=True)
def _clear_cache():
    cache_clear_own_keys()
    yield


def restore_migration_data() -> None:
    """Re-create the rows migrations make, which a transactional test's flush empties:
    Wagtail's locale, root collection, root page and default site, and the default
    repair-rule profile. Later tests (and live servers) expect them."""
    from importlib import import_module

    from django.apps import apps
    from wagtail.coreutils import get_supported_content_language_variant
    from wagtail.models import Collection, Locale, Page, Site

    code = get_supported_content_language_variant(settings.LANGUAGE_CODE)
    Locale.objects.get_or_create(language_code=code)
    if not Collection.objects.exists():
        Collection.add_root(name="Root")
    root = Page.get_first_root_node() or Page.add_root(
        instance=Page(title="Root", slug="root")
    )
    if not Site.objects.exists():
        home = root.add_child(instance=Page(title="首页", slug="home"))
        Site.objects.create(
            hostname="localhost", port=80, root_page=home, is_default_site=True
        )
    migration = import_module("enterprises.migrations.0004_issue3_default_rule_profile")
    if not apps.get_model("enterprises", "RuleProfile").objects.filter(is_default=True):
        migration.create_default(apps, None)


@pytest.fixture(autouse=True)
def _migration_data(request):
    """Make sure every database test starts with the rows migrations create.

    A transactional test (live servers, WebSockets, concurrency) ends by flushing
    every table, which also removes Wagtail's tree and the default rule profile that
    migrations made; the tests after it would otherwise run on a database no
    deployment ever has."""
    marker = request.node.get_closest_marker("django_db")
    if marker is None:
        return
    transactional = marker.kwargs.get("transaction", False)
    request.getfixturevalue("transactional_db" if transactional else "db")
    restore_migration_data()
