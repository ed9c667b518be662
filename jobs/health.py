"""/healthz/ check of the job queue: a live worker, and no job waiting too long."""

import dataclasses

from django.conf import settings
from health_check.base import HealthCheck
from health_check.exceptions import ServiceUnavailable, ServiceWarning

from jobs.selectors import queue_state


@dataclasses.dataclass
class Queue(HealthCheck):
    """Some worker heartbeats within its lease; the oldest ready job is recent."""

    max_wait_seconds: int = dataclasses.field(default=300, repr=False)

    def run(self) -> None:
        if settings.JOBS_RUN_INLINE:
            return  # jobs run inside the caller: there is no queue to watch
        state = queue_state()
        if not state.workers_alive:
            raise ServiceUnavailable("no job worker alive")
        if state.oldest_ready_seconds > self.max_wait_seconds:
            raise ServiceWarning(f"a job waits {state.oldest_ready_seconds:.0f} s")
