"""Load the demo data of every app; safe to run again and again."""

from importlib import import_module

from django.core.management.base import BaseCommand
from django.db import transaction

# Each module of the demo package has seed(stdout) and is run in this order.
DEMO_MODULES = [
    "demo.accounts",
    "demo.enterprises",
    "demo.enrollment",
    "demo.exams",
    "demo.certificates",  # after demo.enrollment (programmes)
    # after all of the above: the sessions, letters, attendance, exams,
    # certificates and repairs of the last month, today and the weeks ahead
    "demo.story",
    # after the story: attaches the demo courses to its sessions
    "demo.courses",
    "demo.reports",
]


class Command(BaseCommand):
    help = "载入演示数据（可重复执行，结果不变）。"

    def handle(self, *args, **options):
        for name in DEMO_MODULES:
            with transaction.atomic():
                import_module(name).seed(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("演示数据已就绪。"))
