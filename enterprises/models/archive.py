"""The enterprise archive (一企一档)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from accounts.models import Region
from common.validators import validate_uscc

from ..choices import (
    BUILDINGS_CHOICES,
    EXIT_REASON_LABELS,
    LAND_CHOICES,
    MACHINERY_CHOICES,
    MEASURE_LABELS,
    OPERATING_CHOICES,
    REPAIR_INTENTION_CHOICES,
    GovernanceType,
    governance_errors,
)

validate_id_last4 = RegexValidator(r"^\d{3}[\dX]$", "身份证号只保存后四位，如 123X。")


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
    # --- the archive (seed 000 form, seed 001 attachment 4) ---
    archive_no = models.CharField(
        "档案编号", max_length=10, unique=True, null=True, blank=True, editable=False
    )
    legal_representative_id_last4 = models.CharField(
        "法定代表人身份证号后四位",
        max_length=4,
        blank=True,
        validators=[validate_id_last4],
    )
    responsible_person = models.CharField(
        "对失信行为负有直接责任的部门负责人", max_length=50, blank=True
    )
    responsible_person_id_last4 = models.CharField(
        "负责人身份证号后四位",
        max_length=4,
        blank=True,
        validators=[validate_id_last4],
    )
    dishonesty_type = models.CharField("严重失信类型", max_length=100, blank=True)
    dishonesty_summary = models.TextField("失信行为简况", blank=True)
    reporting_authority = models.CharField(
        "信息报送机关/认定机关", max_length=100, blank=True
    )
    listed_on = models.DateField("入库时间", null=True, blank=True)
    list_received_on = models.DateField(
        "名单下发日期",
        null=True,
        blank=True,
        help_text="收到上级下发名单的日期；3个工作日内完成摸排。",
    )
    survey_due_on = models.DateField("摸排截止日期", null=True, blank=True)
    survey_department = models.CharField("摸排部门", max_length=100, blank=True)
    surveyor = models.CharField("摸排人员", max_length=50, blank=True)
    survey_date = models.DateField("摸排日期", null=True, blank=True)
    land_status = models.CharField(
        "土地", max_length=20, choices=LAND_CHOICES, blank=True
    )
    buildings_status = models.CharField(
        "房产", max_length=20, choices=BUILDINGS_CHOICES, blank=True
    )
    machinery_status = models.CharField(
        "机器", max_length=20, choices=MACHINERY_CHOICES, blank=True
    )
    machinery_notes = models.CharField("机器大概情况", max_length=300, blank=True)
    operating_status = models.CharField(
        "经营状况", max_length=20, choices=OPERATING_CHOICES, blank=True
    )
    site_notes = models.TextField("现场核查需另外说明的情况", blank=True)
    governance_type = models.CharField(
        "治理类型", max_length=10, choices=GovernanceType.choices, blank=True
    )
    governance_measures = models.JSONField(
        "治理措施", default=list, blank=True, help_text="所选治理类型下的措施代码列表。"
    )
    exit_reasons = models.JSONField("治理退出原因", default=list, blank=True)
    office_notes = models.TextField(
        "信用管理部门或相关部门其他需要说明的情况", blank=True
    )
    office_handler = models.CharField(
        "县（市、区）信用办经手人", max_length=50, blank=True
    )
    agency_handler = models.CharField("机构经手人", max_length=50, blank=True)
    repair_intention = models.CharField(
        "信用修复意向", max_length=20, choices=REPAIR_INTENTION_CHOICES, blank=True
    )
    repair_progress = models.TextField("信用修复情况", blank=True)
    notes = models.TextField("备注", blank=True)
    # --- key enterprises (high-frequency dishonesty, seed 000 item 5) ---
    is_key = models.BooleanField("重点企业", default=False)
    key_reason = models.CharField("重点企业原因", max_length=300, blank=True)
    key_helper = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="helped_enterprises",
        verbose_name="一对一帮扶人",
    )
    created_at = models.DateTimeField("建档时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        ordering = ["region__code", "name"]
        verbose_name = "企业"
        verbose_name_plural = "企业"
        indexes = [models.Index(fields=["region", "survey_due_on"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(archive_no__isnull=True)
                | models.Q(archive_no__regex=r"^\d{10}$"),
                name="archive_no_ten_digits",
            )
        ]

    def __str__(self):
        return self.name

    def clean(self):
        errors = governance_errors(
            self.governance_type, self.governance_measures, self.exit_reasons
        )
        if errors:
            raise ValidationError(errors)

    @property
    def governance_measure_labels(self) -> list[str]:
        return [MEASURE_LABELS.get(c, c) for c in self.governance_measures or []]

    @property
    def exit_reason_labels(self) -> list[str]:
        return [EXIT_REASON_LABELS.get(c, c) for c in self.exit_reasons or []]

    @property
    def survey_overdue(self) -> bool:
        """Not surveyed by its due date (or surveyed after it)."""
        if self.survey_due_on is None:
            return False
        done = self.survey_date or timezone.localdate()
        return done > self.survey_due_on


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
    # 规则变更记录: every change, who made it and when (django-simple-history).
    history = HistoricalRecords(m2m_fields=[regions])

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
        RuleProfile,
        on_delete=models.CASCADE,
        related_name="severity_rules",
        verbose_name="信用修复规则",
    )
    severity = models.CharField("失信程度", max_length=20, choices=Severity.choices)
    repairable = models.BooleanField("可修复")
    training_required = models.BooleanField("须参加信用修复培训")
    credit_report_required = models.BooleanField("须提交信用报告")
    min_publicity_months = models.PositiveSmallIntegerField("最短公示期（月）")
    max_publicity_months = models.PositiveSmallIntegerField("最长公示期（月）")
    note = models.CharField(
        "说明",
        max_length=300,
        blank=True,
        help_text="不可修复时向企业展示的原因，如“依据……不可修复”。",
    )
    history = HistoricalRecords()

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
        RuleProfile,
        on_delete=models.CASCADE,
        related_name="domain_periods",
        verbose_name="信用修复规则",
    )
    domain = models.CharField("领域", max_length=30, choices=PenaltyDomain.choices)
    severity = models.CharField("失信程度", max_length=20, choices=Severity.choices)
    min_publicity_months = models.PositiveSmallIntegerField("最短公示期（月）")
    max_publicity_months = models.PositiveSmallIntegerField("最长公示期（月）")
    history = HistoricalRecords()

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
    facts = models.TextField("主要违法事实", blank=True)
    legal_basis = models.CharField("处罚法律依据", max_length=300, blank=True)
    repair_eligible_notified_at = models.DateTimeField(
        "可修复提醒时间", null=True, blank=True, editable=False
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
