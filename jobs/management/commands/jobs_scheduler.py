"""python manage.py jobs_scheduler [--once]: enqueue periodic jobs on their clock.

The periodic jobs are declared in code (@periodic in each app's jobs.py); there is no
cron table. Several schedulers may run at once: each slot is enqueued once.
"""

import logging
import signal
import threading

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import DatabaseError, close_old_connections

from jobs.declare import PERIODIC
from jobs.services import periodic_jobs_enqueue

logger = logging.getLogger("jobs")


class Command(BaseCommand):
    help = "按代码中声明的周期把定时任务加入队列（无需 cron）。"

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="one tick, then exit")

    def handle(self, *, once, **options):
        stop = threading.Event()
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, lambda *_: stop.set())
        names = ", ".join(sorted(PERIODIC)) or "-"
        self.stdout.write(f"定时任务：{names}")
        while True:
            close_old_connections()
            try:
                for name in periodic_jobs_enqueue():
                    self.stdout.write(f"已加入队列：{name}")
            except DatabaseError:
                # The database is away (restarting): the next tick tries again.
                logger.exception("periodic jobs could not be enqueued")
            if once or stop.wait(settings.JOBS_SCHEDULER_TICK_SECONDS):
                return
