"""The enterprise archive (一企一档)."""

from django.db import models

from accounts.models import Region
from common.validators import validate_uscc


class Enterprise(models.Model):
    """An enterprise on a governance list or with a repairable penalty."""

    class BusinessStatus(models.TextChoices):
        ACTIVE = "active", "在业/存续"
        LIQUIDATION = "liquidation", "清算"
        MOVED_IN = "moved_in", "迁入"
        MOVED_OUT = "moved_out", "迁出"
        SUSPENDED = "suspended", "停业"
        WITHDRAWN = "withdrawn", "撤销"
        REVOKED = "revoked", "吊销"
        DEREGISTERED = "deregistered", "注销"

    uscc = models.CharField(
        "统一社会信用代码", max_length=18, unique=True, validators=[validate_uscc]
    )
    name = models.CharField("企业名称", max_length=200)
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        related_name="enterprises",
        verbose_name="地区",
    )
    legal_representative = models.CharField("法定代表人", max_length=50, blank=True)
    registered_address = models.CharField("登记地址", max_length=300, blank=True)
    actual_address = models.CharField("实际地址", max_length=300, blank=True)
    business_status = models.CharField(
        "经营状态",
        max_length=20,
        choices=BusinessStatus.choices,
        default=BusinessStatus.ACTIVE,
    )
    contact_person = models.CharField("联系人", max_length=50, blank=True)
    contact_phone = models.CharField("联系电话", max_length=30, blank=True)
    created_at = models.DateTimeField("建档时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        ordering = ["region__code", "name"]
        verbose_name = "企业"
        verbose_name_plural = "企业"

    def __str__(self):
        return self.name
