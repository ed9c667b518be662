"""Health checks of the platform's own services, for /healthz/ (django-health-check):
the channel layer and the disk. Database, cache and media storage use the library's
checks; the job queue's check lives in jobs.health."""

import dataclasses
import shutil
import uuid
from pathlib import Path

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings
from health_check.base import HealthCheck
from health_check.exceptions import ServiceUnavailable, ServiceWarning


@dataclasses.dataclass
class ChannelLayer(HealthCheck):
    """A message sent on the channel layer (Redis across processes) comes back."""

    def run(self) -> None:
        layer = get_channel_layer()
        if layer is None:
            raise ServiceUnavailable("no channel layer")
        channel = f"healthz.{uuid.uuid4().hex}"
        try:
            async_to_sync(layer.send)(channel, {"type": "healthz.ping"})
            message = async_to_sync(layer.receive)(channel)
        except Exception as error:
            raise ServiceUnavailable("channel layer unreachable") from error
        if message.get("type") != "healthz.ping":
            raise ServiceUnavailable("channel layer returned something else")


@dataclasses.dataclass
class DiskSpace(HealthCheck):
    """Free space where media and uploads are written (warn below the minimum)."""

    path: str = dataclasses.field(
        default_factory=lambda: str(settings.MEDIA_ROOT), repr=False
    )
    min_free_mb: int = dataclasses.field(default=500, repr=False)

    def run(self) -> None:
        where = Path(self.path)
        while not where.exists() and where != where.parent:
            where = where.parent  # MEDIA_ROOT may not exist before the first upload
        free_mb = shutil.disk_usage(where).free // (1024 * 1024)
        if free_mb < self.min_free_mb:
            raise ServiceWarning(f"{free_mb} MB free")
