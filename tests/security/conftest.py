"""The world is built once per module inside a transaction that is rolled back.

Each test still runs in its own savepoint (pytest-django's `db`), so a POST that
changes something is undone before the next cell.
"""

import pytest
from django.db import transaction

from conftest import restore_migration_data

from .world import world_build


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            # A transactional test run before this module flushed the tables.
            restore_migration_data()
            yield world_build()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
