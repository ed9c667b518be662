"""python manage.py jobs_worker [--scheduler] [--queue-name '*'] …

django-tasks-db's db_worker with a lease (see jobs.worker). With --scheduler it also
enqueues the periodic jobs, which is how scripts/run.sh runs everything in one
process beside the server on the embedded default.
"""

from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from jobs.worker import LeasedWorker


class Command(DbWorkerCommand):
    help = "运行后台任务进程（带租约：进程死亡后其任务由其他进程接手）。"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.set_defaults(queue_name="*", reload=False)
        parser.add_argument(
            "--scheduler",
            action="store_true",
            help="also enqueue the periodic jobs (one is enough; more are safe)",
        )

    def handle(self, *, verbosity, scheduler, **options):
        self.configure_logging(verbosity)
        queues = options["queue_name"].split(",")
        excluded = (
            options["exclude_queues"].split(",") if options["exclude_queues"] else []
        )
        worker = LeasedWorker(
            scheduler=scheduler,
            queue_names=queues,
            interval=options["interval"],
            batch=options["batch"],
            backend_name=options["backend_name"],
            startup_delay=options["startup_delay"],
            max_tasks=options["max_tasks"],
            worker_id=options["worker_id"],
            excluded_queue_names=excluded,
        )
        worker.configure_signals()
        worker.run()
