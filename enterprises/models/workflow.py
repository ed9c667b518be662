"""Archive workflow: numbering, follow-ups, holidays, reminder letters, invitations,
list imports."""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from accounts.models import CreditOffice, Region

from .archive import Enterprise


class ArchiveCounter(models.Model):
    """The last archive sequence used in a region; locked row-wise when numbering."""

    region = models.OneToOneField(
        Region, on_delete=models.CASCADE, related_name="archive_counter"
    )
    last_sequence = models.PositiveIntegerField("已用顺序号", default=0)

    class Meta:
        verbose_name = "档案编号计数器"
        verbose_name_plural = "档案编号计数器"

    def __str__(self):
        return f"{self.region} · {self.last_sequence}"


class FollowUp(models.Model):
    """A dated note in an enterprise's follow-up history (后续整治进展)."""

    class Kind(models.TextChoices):
        SURVEY = "survey", "摸排核查"
        HELP = "help", "帮扶跟进"
        KEY_HELP = "key_help", "重点企业一对一帮扶"
        RECTIFICATION_CHECK = "check", "整改核查"
        INTERVIEW = "interview", "警示约谈"
        OTHER = "other", "其他"

    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.CASCADE, related_name="follow_ups"
    )
    penalty = models.ForeignKey(
        "PenaltyRecord",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="follow_ups",
        verbose_name="行政处罚",
    )
    date = models.DateField("日期")
    kind = models.CharField("类别", max_length=10, choices=Kind.choices)
    note = models.TextField("进展")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="记录人",
    )
    created_at = models.DateTimeField("记录时间", auto_now_add=True)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = "跟进记录"
        verbose_name_plural = "跟进记录"

    def __str__(self):
        return f"{self.date} {self.get_kind_display()}"


class CalendarDay(models.Model):
    """A public holiday, or a weekend day that is a working day (调休), as data."""

    date = models.DateField("日期", unique=True)
    is_workday = models.BooleanField(
        "调休上班", default=False, help_text="勾选表示该日虽为周末但需上班。"
    )
    name = models.CharField("名称", max_length=50, help_text="如 国庆节、春节调休")
    history = HistoricalRecords()

    class Meta:
        ordering = ["date"]
        verbose_name = "节假日与调休"
        verbose_name_plural = "节假日与调休"

    def __str__(self):
        return f"{self.date} {self.name}"


class ReminderLetter(models.Model):
    """A repair reminder letter (信用修复提醒函) sent to an enterprise."""

    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.CASCADE, related_name="reminder_letters"
    )
    office = models.ForeignKey(
        CreditOffice,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="出具单位",
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    issued_at = models.DateTimeField("出具时间", auto_now_add=True)
    document_no = models.CharField("发文字号", max_length=60, blank=True)
    # Delivered with a penalty decision (两书同达, seed 004 item 2): which one, when.
    penalty = models.ForeignKey(
        "PenaltyRecord",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reminder_letters",
        verbose_name="随附的行政处罚",
    )
    delivered_on = models.DateField("送达日期", null=True, blank=True)
    confirmed_at = models.DateTimeField("回执确认时间", null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="确认人",
    )

    class Meta:
        ordering = ["-issued_at", "-id"]
        verbose_name = "信用修复提醒函"
        verbose_name_plural = "信用修复提醒函"

    def __str__(self):
        return f"{self.enterprise} · {self.issued_at:%Y-%m-%d}"


class Invitation(models.Model):
    """A one-time link with which an office invites an enterprise's representative."""

    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.CASCADE, related_name="invitations"
    )
    token = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField("邀请时间", auto_now_add=True)
    expires_at = models.DateTimeField("有效期至")
    used_at = models.DateTimeField("使用时间", null=True, blank=True)
    used_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "企业代表邀请"
        verbose_name_plural = "企业代表邀请"

    def __str__(self):
        return f"{self.enterprise} · {self.created_at:%Y-%m-%d}"


class ImportBatch(models.Model):
    """An uploaded governance list: parsed rows and errors, committed all at once."""

    class Status(models.TextChoices):
        PREVIEW = "preview", "待确认"
        COMMITTED = "committed", "已导入"

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="+")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    filename = models.CharField("文件名", max_length=200)
    sha256 = models.CharField(max_length=64)
    rows = models.JSONField(default=list)
    errors = models.JSONField(default=list)
    status = models.CharField(
        "状态", max_length=10, choices=Status.choices, default=Status.PREVIEW
    )
    summary = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    committed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "名单导入"
        verbose_name_plural = "名单导入"

    def __str__(self):
        return self.filename


class ClaimRequest(models.Model):
    """An account's request to act for an enterprise, with its business licence,
    decided by the credit office of `region` (the archive's region, or for an
    enterprise not yet archived the one the applicant named)."""

    class Status(models.TextChoices):
        PENDING = "pending", "待审核"
        APPROVED = "approved", "已通过"
        REJECTED = "rejected", "已驳回"

    class ApplicantRole(models.TextChoices):
        LEGAL_REPRESENTATIVE = "legal_rep", "法定代表人"
        PRINCIPAL = "principal", "主要负责人"
        AGENT = "agent", "经办人（持授权委托书）"

    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="claim_requests",
        verbose_name="申请人",
    )
    applicant_role = models.CharField(
        "申请人身份", max_length=20, choices=ApplicantRole.choices
    )
    uscc = models.CharField("统一社会信用代码", max_length=18)
    company_name = models.CharField("企业名称", max_length=200)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="+", verbose_name="审核地区"
    )
    licence = models.FileField("营业执照", upload_to="licences/%Y/%m/")
    status = models.CharField(
        "状态", max_length=10, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField("申请时间", auto_now_add=True)
    decided_at = models.DateTimeField("审核时间", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="审核人",
    )
    reason = models.CharField("驳回理由", max_length=300, blank=True)
    enterprise = models.ForeignKey(
        Enterprise,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="关联企业",
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "企业认领申请"
        verbose_name_plural = "企业认领申请"
        constraints = [
            models.UniqueConstraint(
                fields=["applicant"],
                condition=models.Q(status="pending"),
                name="one_pending_claim_per_applicant",
            )
        ]

    def __str__(self):
        return f"{self.company_name}（{self.uscc}）· {self.get_status_display()}"
