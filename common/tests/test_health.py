"""/healthz/: database, cache, channel layer, job queue, media storage and disk."""

import datetime

import pytest
from django.utils import timezone

from jobs.models import WorkerHeartbeat

# The checks run on threads with their own connections: they see committed rows only.
pytestmark = pytest.mark.django_db(transaction=True)


def _health(client):
    return client.get("/healthz/?format=json")


def test_healthz_names_every_service_and_all_are_ok(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path

    response = _health(client)

    assert response.status_code == 200
    names = {key.split("(")[0] for key in response.json()}
    assert names == {
        "Database",
        "Cache",
        "ChannelLayer",
        "Queue",
        "Storage",
        "DiskSpace",
    }
    assert set(response.json().values()) == {"OK"}
    assert response["Cache-Control"].startswith("max-age=0")


def test_healthz_fails_when_no_job_worker_is_alive(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.JOBS_RUN_INLINE = False
    WorkerHeartbeat.objects.create(
        worker_id="gone",
        hostname="h",
        pid=1,
        started_at=timezone.now() - datetime.timedelta(hours=1),
        last_seen=timezone.now() - datetime.timedelta(minutes=5),
    )

    response = _health(client)

    assert response.status_code == 500
    assert response.json()["Queue()"] == "Unavailable: no job worker alive"


def test_healthz_passes_with_a_live_worker(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.JOBS_RUN_INLINE = False
    now = timezone.now()
    WorkerHeartbeat.objects.create(
        worker_id="alive", hostname="h", pid=1, started_at=now, last_seen=now
    )

    assert _health(client).status_code == 200
