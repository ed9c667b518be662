"""python manage.py notify_repair_eligible: notify once, now.

The periodic job enterprises.jobs.notify_repair_eligible does this daily at 08:00.
"""

from django.core.management.base import BaseCommand

from enterprises.services import repair_eligible_notify


class Command(BaseCommand):
    help = (
        "通知企业代表：行政处罚已满最短公示期、可申请信用修复（每条处罚只通知一次）。"
    )

    def handle(self, *args, **options):
        count = repair_eligible_notify()
        self.stdout.write(self.style.SUCCESS(f"已发送可修复提醒 {count} 条。"))
