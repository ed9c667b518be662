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


class Severity(models.TextChoices):
    """Severity of the dishonest conduct behind a penalty (seed 001, attachment 3)."""

    GENERAL = "general", "一般失信"
    SERIOUS = "serious", "严重失信"
    SPECIALLY_SERIOUS = "specially_serious", "特定严重失信"


class PenaltyDomain(models.TextChoices):
    """Domains that may carry their own publicity periods."""

    ORDINARY = "ordinary", "一般领域"
    SPECIAL_EQUIPMENT = "special_equipment", "特种设备"
    WORK_SAFETY = "work_safety", "安全生产"
    FIRE_SAFETY = "fire_safety", "消防安全"
    FOOD_DRUG = "food_drug", "食品药品"
    ENVIRONMENT = "environment", "生态环境"


class RuleProfile(models.Model):
    """The repair rules of an era or region, kept as data (no numbers in code)."""

    name = models.CharField("名称", max_length=100, unique=True)
    basis = models.TextField("依据", blank=True)
    is_default = models.BooleanField("默认规则", default=False)
    regions = models.ManyToManyField(
        Region,
        blank=True,
        related_name="rule_profiles",
        verbose_name="适用地区",
        help_text="为空时只在被培训项目选用或作为默认规则时生效。",
    )
    min_class_hours = models.PositiveSmallIntegerField("培训最少学时")
    class_hour_minutes = models.PositiveSmallIntegerField("每学时分钟数")

    class Meta:
        ordering = ["-is_default", "name"]
        verbose_name = "信用修复规则"
        verbose_name_plural = "信用修复规则"
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"],
                condition=models.Q(is_default=True),
                name="one_default_rule_profile",
            ),
            models.CheckConstraint(
                condition=models.Q(min_class_hours__gt=0, class_hour_minutes__gt=0),
                name="rule_profile_positive_hours",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def min_attendance_minutes(self) -> int:
        return self.min_class_hours * self.class_hour_minutes


class SeverityRule(models.Model):
    """Per severity: repairable or not, training and credit report, publicity."""

    profile = models.ForeignKey(
        RuleProfile, on_delete=models.CASCADE, related_name="severity_rules"
    )
    severity = models.CharField("失信程度", max_length=20, choices=Severity.choices)
    repairable = models.BooleanField("可修复")
    training_required = models.BooleanField("须参加信用修复培训")
    credit_report_required = models.BooleanField("须提交信用报告")
    min_publicity_months = models.PositiveSmallIntegerField("最短公示期（月）")
    max_publicity_months = models.PositiveSmallIntegerField("最长公示期（月）")

    class Meta:
        ordering = ["profile", "severity"]
        verbose_name = "分级规则"
        verbose_name_plural = "分级规则"
        constraints = [
            models.UniqueConstraint(
                fields=["profile", "severity"], name="one_rule_per_severity"
            ),
            models.CheckConstraint(
                condition=models.Q(
                    max_publicity_months__gte=models.F("min_publicity_months")
                ),
                name="severity_rule_max_ge_min",
            ),
        ]

    def __str__(self):
        return f"{self.profile} · {self.get_severity_display()}"


class DomainPublicity(models.Model):
    """A domain whose publicity periods differ from its severity's defaults."""

    profile = models.ForeignKey(
        RuleProfile, on_delete=models.CASCADE, related_name="domain_periods"
    )
    domain = models.CharField("领域", max_length=30, choices=PenaltyDomain.choices)
    severity = models.CharField("失信程度", max_length=20, choices=Severity.choices)
    min_publicity_months = models.PositiveSmallIntegerField("最短公示期（月）")
    max_publicity_months = models.PositiveSmallIntegerField("最长公示期（月）")

    class Meta:
        verbose_name = "领域公示期"
        verbose_name_plural = "领域公示期"
        constraints = [
            models.UniqueConstraint(
                fields=["profile", "domain", "severity"], name="one_period_per_domain"
            ),
            models.CheckConstraint(
                condition=models.Q(
                    max_publicity_months__gte=models.F("min_publicity_months")
                ),
                name="domain_publicity_max_ge_min",
            ),
        ]

    def __str__(self):
        return f"{self.get_domain_display()} · {self.get_severity_display()}"


class PenaltyRecord(models.Model):
    """An administrative penalty (行政处罚) on an enterprise."""

    enterprise = models.ForeignKey(
        Enterprise,
        on_delete=models.CASCADE,
        related_name="penalties",
        verbose_name="企业",
    )
    decision_no = models.CharField("行政处罚决定书文号", max_length=100)
    authority = models.CharField("处罚机关", max_length=100)
    decision_date = models.DateField("处罚决定日期")
    content = models.TextField("处罚内容")
    severity = models.CharField(
        "失信程度", max_length=20, choices=Severity.choices, default=Severity.GENERAL
    )
    domain = models.CharField(
        "领域",
        max_length=30,
        choices=PenaltyDomain.choices,
        default=PenaltyDomain.ORDINARY,
    )
    created_at = models.DateTimeField("录入时间", auto_now_add=True)

    class Meta:
        ordering = ["enterprise", "-decision_date"]
        verbose_name = "行政处罚记录"
        verbose_name_plural = "行政处罚记录"
        constraints = [
            models.UniqueConstraint(
                fields=["authority", "decision_no"],
                name="unique_decision_per_authority",
            )
        ]

    def __str__(self):
        return self.decision_no
