"""Load the demo data of every app; safe to run again and again."""

from importlib import import_module

from django.core.management.base import BaseCommand
from django.db import transaction

# Each module of the demo package has seed(stdout) and is run in this order.
DEMO_MODULES = [
    "demo.accounts",
    "demo.enterprises",
    "demo.enrollment",
    # after enrollment: attaches the demo courses to the demo sessions
    "demo.courses",
    "demo.exams",  # after enrollment: links the demo paper to the 2022 sessions
    "demo.certificates",  # after demo.enrollment (programmes, enrolments)
    "demo.reports",
]


class Command(BaseCommand):
    help = "载入演示数据（可重复执行，结果不变）。"

    def handle(self, *args, **options):
        for name in DEMO_MODULES:
            with transaction.atomic():
                import_module(name).seed(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("演示数据已就绪。"))
