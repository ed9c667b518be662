from django.conf import settings
from django.core.management.base import BaseCommand

from common.audit import audit_prune


class Command(BaseCommand):
    help = "删除超过保存期限（AUDIT_RETENTION_DAYS，至少 180 天）的审计日志。"

    def handle(self, *args, **options):
        deleted = audit_prune()
        self.stdout.write(
            f"已删除 {deleted} 条超过 {settings.AUDIT_RETENTION_DAYS} 天的审计日志。"
        )
