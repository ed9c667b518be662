"""Certificates (培训结业证明), repair proofs (信用修复证明) and repair applications."""

import secrets
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django_fsm import FSMField, transition

from accounts.models import Agency, CreditOffice
from common.state import ProtectedStateMixin
from enrollment.models import Enrolment, PlanLine, Programme, TrainingSession
from enterprises.models import Enterprise, PenaltyRecord


def new_verify_code() -> str:
    """An unguessable verification code (128 bits, URL-safe)."""
    return secrets.token_urlsafe(16)


# Crockford's base32: no I, L, O, U, so a code read off paper is typed right.
CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_CROCKFORD_READ = str.maketrans({"I": "1", "L": "1", "O": "0"})


def new_short_code() -> str:
    """Eight Crockford base32 characters (40 bits), printed beside the serial."""
    return "".join(secrets.choice(CROCKFORD) for _ in range(8))


def short_code_normalise(text: str) -> str:
    """What someone typed, as stored: upper case, no spaces or dashes, I/L→1, O→0."""
    cleaned = "".join(text.split()).replace("-", "").upper()
    return cleaned.translate(_CROCKFORD_READ)


class AgencySeal(models.Model):
    """The seal image an agency prints on its certificates."""

    agency = models.OneToOneField(
        Agency, on_delete=models.CASCADE, related_name="seal", verbose_name="服务机构"
    )
    image = models.ImageField("印章图片", upload_to="seals/")
    uploaded_at = models.DateTimeField("上传时间", auto_now=True)

    class Meta:
        verbose_name = "机构印章"
        verbose_name_plural = "机构印章"

    def __str__(self):
        return f"{self.agency} 印章"


class ProgrammeCertificateSettings(models.Model):
    """Per programme: the serial prefix and the repair-rate target (seed 001: 80%)."""

    programme = models.OneToOneField(
        Programme,
        on_delete=models.CASCADE,
        related_name="certificate_settings",
        verbose_name="培训项目",
    )
    serial_prefix = models.CharField(
        "证书编号前缀",
        max_length=12,
        help_text="如 NT2022；编号为 前缀-地区编码-四位序号。",
    )
    repair_rate_target = models.DecimalField(
        "信用修复率目标",
        max_digits=4,
        decimal_places=3,
        default=Decimal("0.800"),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(1))],
    )

    class Meta:
        verbose_name = "结业证明设置"
        verbose_name_plural = "结业证明设置"

    def __str__(self):
        return f"{self.programme} · {self.serial_prefix}"


class SerialCounter(models.Model):
    """The last sequence number used under one serial prefix (row-locked)."""

    prefix = models.CharField(max_length=40, unique=True)
    last_value = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "编号计数器"
        verbose_name_plural = "编号计数器"

    def __str__(self):
        return f"{self.prefix}: {self.last_value}"


class Verifiable(models.Model):
    """What the public verification page needs: serial, code and state."""

    class Status(models.TextChoices):
        VALID = "valid", "有效"
        REVOKED = "revoked", "已撤销"

    serial = models.CharField("编号", max_length=40, unique=True)
    verify_code = models.CharField(
        "验证码", max_length=40, unique=True, default=new_verify_code, editable=False
    )
    # Printed with the serial and typed by hand; the long code above still verifies.
    short_code = models.CharField(
        "短验证码", max_length=8, default=new_short_code, editable=False
    )
    status = models.CharField(
        "状态", max_length=10, choices=Status.choices, default=Status.VALID
    )
    issued_at = models.DateTimeField("出具时间")
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="出具人",
    )
    revoked_at = models.DateTimeField("撤销时间", null=True, blank=True)
    revoked_reason = models.CharField("撤销原因", max_length=300, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="撤销人",
    )

    class Meta:
        abstract = True

    def __str__(self):
        return self.serial

    @property
    def is_valid(self) -> bool:
        return self.status == self.Status.VALID

    @property
    def public_code(self) -> str:
        """Serial plus short code: what the QR address and paper carry."""
        return f"{self.serial}-{self.short_code}"


class Certificate(Verifiable):
    """培训结业证明: issued when letters are signed, attendance met and exam passed."""

    KIND_LABEL = "信用修复培训结业证明"

    enrolment = models.ForeignKey(
        Enrolment,
        on_delete=models.PROTECT,
        related_name="certificates",
        verbose_name="报名",
    )
    enterprise = models.ForeignKey(
        Enterprise,
        on_delete=models.PROTECT,
        related_name="certificates",
        verbose_name="企业",
    )
    programme = models.ForeignKey(
        Programme,
        on_delete=models.PROTECT,
        related_name="certificates",
        verbose_name="培训项目",
    )
    plan_line = models.ForeignKey(
        PlanLine, on_delete=models.PROTECT, related_name="+", verbose_name="计划行"
    )
    session = models.ForeignKey(
        TrainingSession,
        on_delete=models.PROTECT,
        related_name="certificates",
        verbose_name="场次",
    )
    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        related_name="certificates",
        verbose_name="培训机构",
    )
    office = models.ForeignKey(
        CreditOffice,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="委托信用办",
    )
    region_code = models.CharField("地区编码", max_length=2)
    # What the certificate says is fixed when issued, whatever changes later.
    enterprise_name = models.CharField("企业名称", max_length=200)
    uscc = models.CharField("统一社会信用代码", max_length=18)
    representative = models.CharField("参训代表", max_length=50)
    session_title = models.CharField("场次名称", max_length=200)
    session_starts_at = models.DateTimeField("培训开始")
    session_ends_at = models.DateTimeField("培训结束")
    class_hours = models.DecimalField("学时", max_digits=4, decimal_places=1)
    exam_score = models.DecimalField("考试成绩", max_digits=5, decimal_places=1)
    penalties = models.ManyToManyField(
        PenaltyRecord,
        related_name="certificates",
        verbose_name="所涉行政处罚",
        blank=True,
    )
    decision_numbers = models.JSONField("行政处罚决定书文号", default=list, blank=True)
    replaces = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaced_by",
        verbose_name="替换的证明",
    )

    class Meta:
        ordering = ["-issued_at", "-id"]
        verbose_name = "培训结业证明"
        verbose_name_plural = "培训结业证明"
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment"],
                condition=Q(status="valid"),
                name="one_valid_certificate_per_enrolment",
            ),
            models.CheckConstraint(
                condition=Q(status="valid", revoked_at__isnull=True)
                | Q(status="revoked", revoked_at__isnull=False),
                name="certificate_revocation_has_date",
            ),
        ]


class RepairApplication(ProtectedStateMixin, models.Model):
    """The enterprise's repair application on Credit China for one penalty.

    Prepared → submitted → approved or rejected; a rejected application is prepared
    or submitted again. Transitions are called only by `certificates.services`.
    """

    class Status(models.TextChoices):
        PREPARED = "prepared", "材料已准备"
        SUBMITTED = "submitted", "已提交"
        APPROVED = "approved", "已通过"
        REJECTED = "rejected", "未通过"

    penalty = models.OneToOneField(
        PenaltyRecord,
        on_delete=models.CASCADE,
        related_name="repair_application",
        verbose_name="行政处罚记录",
    )
    enterprise = models.ForeignKey(
        Enterprise,
        on_delete=models.CASCADE,
        related_name="repair_applications",
        verbose_name="企业",
    )
    certificate = models.ForeignKey(
        Certificate,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="repair_applications",
        verbose_name="结业证明",
    )
    status = FSMField(
        "状态",
        max_length=10,
        choices=Status.choices,
        default=Status.PREPARED,
        protected=True,
    )
    prepared_on = models.DateField("材料准备日期", null=True, blank=True)
    submitted_on = models.DateField("提交日期", null=True, blank=True)
    decided_on = models.DateField("审核结果日期", null=True, blank=True)
    note = models.CharField("备注", max_length=500, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="填报人",
    )
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-id"]
        verbose_name = "信用修复申请"
        verbose_name_plural = "信用修复申请"
        constraints = [
            models.CheckConstraint(
                condition=~Q(status__in=["approved", "rejected"])
                | Q(decided_on__isnull=False),
                name="repair_decision_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["submitted", "approved", "rejected"])
                | Q(submitted_on__isnull=False),
                name="repair_submission_has_date",
            ),
        ]

    def __str__(self):
        return f"{self.penalty} · {self.get_status_display()}"

    # --- status transitions (only through certificates.services) ---------------

    @transition(
        field=status,
        source=[Status.PREPARED, Status.REJECTED],
        target=Status.PREPARED,
    )
    def prepare(self, *, on):
        """Materials ready (again, after a rejection)."""
        self.prepared_on, self.submitted_on, self.decided_on = on, None, None

    @transition(
        field=status,
        source=[Status.PREPARED, Status.REJECTED],
        target=Status.SUBMITTED,
    )
    def submit(self, *, on):
        """Submitted on Credit China."""
        self.prepared_on = self.prepared_on or on
        self.submitted_on, self.decided_on = on, None

    @transition(field=status, source=Status.SUBMITTED, target=Status.APPROVED)
    def approve(self, *, on):
        """Credit China approved the repair."""
        self.decided_on = on

    @transition(field=status, source=Status.SUBMITTED, target=Status.REJECTED)
    def reject(self, *, on):
        """Credit China refused the repair (the note says why)."""
        self.decided_on = on


class RepairProof(Verifiable):
    """信用修复证明 (seed 004 item 7): the city office's proof of a completed repair."""

    KIND_LABEL = "信用修复证明"

    application = models.ForeignKey(
        RepairApplication,
        on_delete=models.PROTECT,
        related_name="proofs",
        verbose_name="信用修复申请",
    )
    enterprise = models.ForeignKey(
        Enterprise,
        on_delete=models.PROTECT,
        related_name="repair_proofs",
        verbose_name="企业",
    )
    office = models.ForeignKey(
        CreditOffice,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="出具信用办",
    )
    enterprise_name = models.CharField("企业名称", max_length=200)
    uscc = models.CharField("统一社会信用代码", max_length=18)
    decision_no = models.CharField("行政处罚决定书文号", max_length=100)
    authority = models.CharField("处罚机关", max_length=100)
    approved_on = models.DateField("修复完成日期")
    document_no = models.CharField("发文字号", max_length=60, blank=True)

    class Meta:
        ordering = ["-issued_at", "-id"]
        verbose_name = "信用修复证明"
        verbose_name_plural = "信用修复证明"
        constraints = [
            models.UniqueConstraint(
                fields=["application"],
                condition=Q(status="valid"),
                name="one_valid_proof_per_application",
            ),
            models.CheckConstraint(
                condition=Q(status="valid", revoked_at__isnull=True)
                | Q(status="revoked", revoked_at__isnull=False),
                name="proof_revocation_has_date",
            ),
        ]


class CertificateBatch(models.Model):
    """A session's certificates built into one ZIP by a background job (and, for an
    issue run, issued first). The page polls it for progress and the download."""

    class Kind(models.TextChoices):
        ZIP = "zip", "打包下载"
        ISSUE = "issue", "一键出具并打包"

    class Status(models.TextChoices):
        QUEUED = "queued", "排队中"
        RUNNING = "running", "生成中"
        DONE = "done", "已完成"
        FAILED = "failed", "失败"

    session = models.ForeignKey(
        TrainingSession,
        on_delete=models.CASCADE,
        related_name="certificate_batches",
        verbose_name="培训场次",
    )
    kind = models.CharField("类型", max_length=10, choices=Kind.choices)
    status = models.CharField(
        "状态", max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="发起人",
    )
    created_at = models.DateTimeField("发起时间", auto_now_add=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)
    total = models.PositiveIntegerField("证明总数", default=0)
    done = models.PositiveIntegerField("已生成", default=0)
    issued = models.PositiveIntegerField("本次新出具", default=0)
    skipped = models.JSONField("未能出具", default=list, blank=True)
    file = models.FileField("ZIP 文件", upload_to="certificate_batches/", blank=True)
    error = models.CharField("失败原因", max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "证明批量任务"
        verbose_name_plural = "证明批量任务"

    def __str__(self):
        return f"{self.session} · {self.get_kind_display()}"
