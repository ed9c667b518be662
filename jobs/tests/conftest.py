import pytest

DATABASE_QUEUE = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default", "mail"],
    }
}


@pytest.fixture
def database_queue(settings):
    """Jobs go to the database queue, as in production, instead of running inline."""
    settings.TASKS = DATABASE_QUEUE
    settings.JOBS_LEASE_SECONDS = 30
    settings.JOBS_MAX_ATTEMPTS = 3
