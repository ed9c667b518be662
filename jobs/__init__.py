"""Background jobs on the database queue (django-tasks + django-tasks-db).

    from jobs import job, periodic

    @job()
    def certificate_zip_build(*, session_id: int) -> str: ...

    @periodic(every=timedelta(minutes=1))
    def attempts_close_expired_job() -> int: ...

Declare them in <app>/jobs.py; enqueue with `.enqueue(**kwargs)` (inside the caller's
transaction, so the job exists exactly when the data it needs does). See README.
"""

from jobs.declare import MAIL_QUEUE, job, periodic

__all__ = ["MAIL_QUEUE", "job", "periodic"]
