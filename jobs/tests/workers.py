"""A worker to run one claimed job in the test's own process (for other apps' tests
of their jobs on the database queue)."""

from django_tasks_db.models import DBTaskResult

from jobs.worker import LeasedWorker


def worker(worker_id: str = "w-test") -> LeasedWorker:
    return LeasedWorker(
        queue_names=["*"],
        interval=0.1,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=worker_id,
        excluded_queue_names=[],
    )


def run_claimed(row: DBTaskResult, worker_id: str = "w-test") -> DBTaskResult:
    """Claim `row` as `worker_id`, run it as the worker would, return it refreshed."""
    row.claim(worker_id)
    worker(worker_id).run_task(row)
    row.refresh_from_db()
    return row
