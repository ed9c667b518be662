"""Auto-submit attempts past deadline plus grace, once, now.

The periodic job exams.jobs.close_expired_attempts does this every minute by itself.
"""

from django.core.management.base import BaseCommand

from exams.services import attempts_close_expired


class Command(BaseCommand):
    help = "自动交卷：关闭所有已超过截止时间（含宽限秒数）的考试。"

    def handle(self, *args, **options):
        closed = attempts_close_expired()
        self.stdout.write(f"已自动交卷 {closed} 场考试。")
