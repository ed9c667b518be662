"""Remind enrolled enterprises one day before their session, once, now.

The periodic job enrollment.jobs.send_session_reminders does this hourly by itself.
"""

from django.core.management.base import BaseCommand

from enrollment.services import enrolment_send_reminders


class Command(BaseCommand):
    help = "向次日开课场次的已报名企业发送开课提醒（站内通知和邮件），可重复执行。"

    def handle(self, *args, **options):
        sent = enrolment_send_reminders()
        self.stdout.write(f"已发送开课提醒 {sent} 条。")
