"""The audit log: who did or viewed what, when, and in which scope."""

from django.conf import settings
from django.db import models

AUDIT_IMMUTABLE = "审计日志只能追加，不能修改或删除。"


class AuditImmutableError(Exception):
    """An attempt to change or delete an audit entry (append-only)."""


class AuditQuerySet(models.QuerySet):
    def delete(self):
        raise AuditImmutableError(AUDIT_IMMUTABLE)

    def prune(self):
        """Delete these entries; only the retention job calls this."""
        return super().delete()


class AuditEntry(models.Model):
    """One audited action: a change, a view of personal data, or an export."""

    class Kind(models.TextChoices):
        CHANGE = "change", "变更"
        VIEW = "view", "查看个人信息"
        EXPORT = "export", "导出"
        DOWNLOAD = "download", "下载文件"
        SECURITY = "security", "安全事件"

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="操作人",
    )
    kind = models.CharField("类别", max_length=10, choices=Kind.choices)
    action = models.CharField("动作", max_length=100, db_index=True)
    object_type = models.CharField("对象类型", max_length=100, blank=True)
    object_id = models.CharField("对象编号", max_length=64, blank=True)
    object_repr = models.CharField("对象", max_length=300, blank=True)
    scope = models.CharField("范围", max_length=200, blank=True)
    detail = models.JSONField("详情", default=dict, blank=True)
    ip_address = models.GenericIPAddressField("IP 地址", null=True, blank=True)
    created_at = models.DateTimeField("时间", auto_now_add=True, db_index=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "审计日志"
        verbose_name_plural = "审计日志"
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor} {self.action}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.get("force_insert"):
            raise AuditImmutableError(AUDIT_IMMUTABLE)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditImmutableError(AUDIT_IMMUTABLE)

    @property
    def action_label(self) -> str:
        """The action's Chinese (or translated) label from common.audit.ACTIONS."""
        from .audit import action_label

        return action_label(self.action)

    @property
    def detail_items(self) -> list[tuple[str, str]]:
        """The detail as (label, value) pairs, without the request path."""
        from .audit import detail_items

        return detail_items(self.detail)
