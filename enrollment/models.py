"""Programmes, plan lines, sessions, enrolments, commitment letters and attendance."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition
from simple_history.models import HistoricalRecords

from accounts.models import Agency, Region
from common.state import ProtectedStateMixin
from enterprises.models import Enterprise, PenaltyRecord, RuleProfile


class Programme(models.Model):
    """A year's training effort, e.g. 2022 南通市信用修复公益培训."""

    class Kind(models.TextChoices):
        REPAIR_TRAINING = "repair_training", "信用修复培训"
        CREDIT_STANDARD = "credit_standard", "信用管理贯标"

    name = models.CharField("名称", max_length=200, unique=True)
    year = models.PositiveSmallIntegerField("年度")
    city = models.CharField("城市", max_length=50)
    kind = models.CharField("类型", max_length=30, choices=Kind.choices)
    rule_profile = models.ForeignKey(
        RuleProfile,
        on_delete=models.PROTECT,
        related_name="programmes",
        verbose_name="信用修复规则",
    )
    is_active = models.BooleanField("进行中", default=True)

    class Meta:
        ordering = ["-year", "name"]
        verbose_name = "培训项目"
        verbose_name_plural = "培训项目"

    def __str__(self):
        return self.name


class PlanLine(models.Model):
    """One line of a programme's plan: a region or sector, a quota and an agency."""

    programme = models.ForeignKey(
        Programme,
        on_delete=models.CASCADE,
        related_name="plan_lines",
        verbose_name="培训项目",
    )
    label = models.CharField(
        "名称", max_length=100, help_text="如 海安市、卫生健康领域"
    )
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plan_lines",
        verbose_name="地区",
        help_text="按行业领域安排的计划行可留空。",
    )
    extra_regions = models.ManyToManyField(
        Region,
        blank=True,
        related_name="joint_plan_lines",
        verbose_name="联合地区",
        help_text="如“开发区联合苏锡通园区”中的联合地区。",
    )
    planned_count = models.PositiveIntegerField("计划企业数")
    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        related_name="plan_lines",
        verbose_name="服务机构",
    )
    contact_person = models.CharField("联系人", max_length=50, blank=True)
    contact_phone = models.CharField("联系电话", max_length=30, blank=True)
    service_group = models.CharField("线上服务群", max_length=100, blank=True)
    # Kept equal to the line's enrolled enterprises by the enrolment services under
    # the line's row lock; the check constraint stops overselling at the database.
    enrolled_count = models.PositiveIntegerField("已报名企业数", default=0)
    # Quota and agency changes (the counter is kept by the enrolment services).
    history = HistoricalRecords(excluded_fields=["enrolled_count"])

    class Meta:
        ordering = ["programme", "id"]
        verbose_name = "培训计划行"
        verbose_name_plural = "培训计划行"
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "label"], name="unique_plan_line_label"
            ),
            models.CheckConstraint(
                condition=Q(planned_count__gt=0), name="plan_line_positive_quota"
            ),
            models.CheckConstraint(
                condition=Q(enrolled_count__lte=F("planned_count")),
                name="plan_line_not_oversold",
            ),
        ]

    def __str__(self):
        return f"{self.programme} · {self.label}"


def _new_secret() -> str:
    return secrets.token_hex(32)


class TrainingSession(ProtectedStateMixin, models.Model):
    """A training session (培训场次) under a plan line.

    Its status moves only through the transitions declared below, each called by one
    audited service in `enrollment.services.sessions`.
    """

    class Mode(models.TextChoices):
        OFFLINE = "offline", "线下"
        ONLINE = "online", "线上"

    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        OPEN = "open", "报名中"
        CLOSED = "closed", "报名截止"
        LIVE = "live", "进行中"
        FINISHED = "finished", "已结束"

    plan_line = models.ForeignKey(
        PlanLine,
        on_delete=models.PROTECT,
        related_name="sessions",
        verbose_name="计划行",
    )
    title = models.CharField("名称", max_length=200)
    mode = models.CharField("形式", max_length=10, choices=Mode.choices)
    venue = models.CharField("地点或线上会议室", max_length=300)
    starts_at = models.DateTimeField("开始时间")
    ends_at = models.DateTimeField("结束时间")
    class_hours = models.DecimalField("学时", max_digits=4, decimal_places=1)
    capacity = models.PositiveIntegerField("容量")
    # Seats taken, recounted under the session's row lock by the enrolment services.
    seats_taken = models.PositiveIntegerField("已占座位", default=0)
    trainers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="taught_sessions",
        verbose_name="讲师",
    )
    courses = models.ManyToManyField(
        "wagtailcore.Page",
        blank=True,
        related_name="training_sessions",
        verbose_name="课程",
    )
    status = FSMField(
        "状态",
        max_length=10,
        choices=Status.choices,
        default=Status.DRAFT,
        protected=True,
    )
    # Live sign-in (Channels): HMAC secret and the trainer-controlled windows.
    signin_secret = models.CharField(max_length=64, default=_new_secret, editable=False)
    signin_opened_at = models.DateTimeField("签到开放时间", null=True, blank=True)
    signin_closed_at = models.DateTimeField("签到关闭时间", null=True, blank=True)
    signout_opened_at = models.DateTimeField("签退开放时间", null=True, blank=True)
    signout_closed_at = models.DateTimeField("签退关闭时间", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_at"]
        verbose_name = "培训场次"
        verbose_name_plural = "培训场次"
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="session_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(capacity__gt=0), name="session_positive_capacity"
            ),
            models.CheckConstraint(
                condition=Q(seats_taken__lte=F("capacity")),
                name="session_not_oversold",
            ),
        ]

    def __str__(self):
        return self.title

    # --- status transitions (only through enrollment.services.sessions) ----------

    @transition(field=status, source=Status.DRAFT, target=Status.OPEN)
    def publish(self):
        """Open enrolment (报名中)."""

    @transition(field=status, source=Status.OPEN, target=Status.CLOSED)
    def close_enrolment(self):
        """Stop taking enrolments before the session."""

    @transition(field=status, source=Status.CLOSED, target=Status.OPEN)
    def reopen_enrolment(self):
        """Take enrolments again."""

    @transition(field=status, source=[Status.OPEN, Status.CLOSED], target=Status.LIVE)
    def go_live(self):
        """The trainer opened sign-in: the session is under way."""

    @transition(
        field=status,
        source=[Status.OPEN, Status.CLOSED, Status.LIVE],
        target=Status.FINISHED,
    )
    def finish(self):
        """The session is over (the trainer's console or the periodic job)."""


class Enrolment(models.Model):
    """An enterprise's place (or waitlist place) in a session."""

    class Status(models.TextChoices):
        ENROLLED = "enrolled", _("已报名")
        WAITLISTED = "waitlisted", _("候补")
        CANCELLED = "cancelled", _("已取消")

    session = models.ForeignKey(
        TrainingSession,
        on_delete=models.PROTECT,
        related_name="enrolments",
        verbose_name="场次",
    )
    # Denormalised from the session so the database can hold "one active enrolment
    # per programme" as a constraint.
    programme = models.ForeignKey(
        Programme,
        on_delete=models.PROTECT,
        related_name="enrolments",
        verbose_name="培训项目",
    )
    plan_line = models.ForeignKey(
        PlanLine,
        on_delete=models.PROTECT,
        related_name="enrolments",
        verbose_name="计划行",
    )
    enterprise = models.ForeignKey(
        Enterprise,
        on_delete=models.PROTECT,
        related_name="enrolments",
        verbose_name="企业",
    )
    attendee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="enrolments",
        verbose_name="参训人",
    )
    status = models.CharField("状态", max_length=12, choices=Status.choices)
    enrolled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="报名操作人",
    )
    created_at = models.DateTimeField("报名时间", auto_now_add=True)
    promoted_at = models.DateTimeField("候补转正时间", null=True, blank=True)
    cancelled_at = models.DateTimeField("取消时间", null=True, blank=True)
    reminded_at = models.DateTimeField("开课提醒时间", null=True, blank=True)

    class Meta:
        ordering = ["session", "created_at", "id"]
        verbose_name = "报名"
        verbose_name_plural = "报名"
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "programme"],
                condition=~Q(status="cancelled"),
                name="one_active_enrolment_per_programme",
            ),
        ]
        indexes = [models.Index(fields=["session", "status"])]

    def __str__(self):
        return f"{self.enterprise} · {self.session}"


class LetterImmutableError(RuntimeError):
    """A signed commitment letter was about to be changed or deleted."""


LETTER_IMMUTABLE = "信用修复承诺书签署后不可修改或删除。"


class CommitmentLetterQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise LetterImmutableError(LETTER_IMMUTABLE)

    def delete(self):
        raise LetterImmutableError(LETTER_IMMUTABLE)


class CommitmentLetter(models.Model):
    """信用修复承诺书: one per penalty record; immutable once signed."""

    class SignatureKind(models.TextChoices):
        DRAWN = "drawn", "手写签名"
        TYPED = "typed", "输入姓名签名"

    class IdType(models.TextChoices):
        RESIDENT_ID = "resident_id", "居民身份证"
        PASSPORT = "passport", "护照"
        HK_MACAO = "hk_macao", "港澳居民来往内地通行证"
        TAIWAN = "taiwan", "台湾居民来往大陆通行证"
        FOREIGN_PR = "foreign_pr", "外国人永久居留身份证"

    penalty = models.OneToOneField(
        PenaltyRecord,
        on_delete=models.PROTECT,
        related_name="commitment_letter",
        verbose_name="行政处罚记录",
    )
    enterprise = models.ForeignKey(
        Enterprise,
        on_delete=models.PROTECT,
        related_name="commitment_letters",
        verbose_name="企业",
    )
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="签署人",
    )
    signer_name = models.CharField("签署人姓名", max_length=50)
    id_type = models.CharField("证件类型", max_length=20, choices=IdType.choices)
    id_last4 = models.CharField("证件号码后四位", max_length=4)
    signature_image = models.ImageField(
        "手写签名", upload_to="signatures/%Y/%m/", blank=True
    )
    signature_kind = models.CharField(
        "签名方式",
        max_length=10,
        choices=SignatureKind.choices,
        default=SignatureKind.DRAWN,
    )
    rendered_text = models.TextField("承诺书全文")
    text_sha256 = models.CharField("全文 SHA-256", max_length=64)
    signed_at = models.DateTimeField("签署时间")
    ip_address = models.GenericIPAddressField("IP 地址")
    user_agent = models.CharField("浏览器", max_length=500, blank=True)

    objects = CommitmentLetterQuerySet.as_manager()

    class Meta:
        ordering = ["-signed_at"]
        verbose_name = "信用修复承诺书"
        verbose_name_plural = "信用修复承诺书"
        constraints = [
            models.CheckConstraint(
                condition=Q(id_last4__regex=r"^[0-9]{3}[0-9X]$"),
                name="letter_id_last4_format",
            )
        ]

    def __str__(self):
        return f"{self.enterprise} · {self.penalty}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise LetterImmutableError(LETTER_IMMUTABLE)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise LetterImmutableError(LETTER_IMMUTABLE)


class Attendance(models.Model):
    """One enrolment's attendance at its session, summed from sign-in and presence."""

    class Method(models.TextChoices):
        CODE = "code", "签到码"
        QR = "qr", "扫码"
        HTTP = "http", "网页签到"
        MANUAL = "manual", "讲师补录"

    enrolment = models.OneToOneField(
        Enrolment,
        on_delete=models.CASCADE,
        related_name="attendance",
        verbose_name="报名",
    )
    signed_in_at = models.DateTimeField("签到时间", null=True, blank=True)
    signin_method = models.CharField(
        "签到方式", max_length=10, choices=Method.choices, blank=True
    )
    signed_out_at = models.DateTimeField("签退时间", null=True, blank=True)
    last_seen_at = models.DateTimeField("最近在线", null=True, blank=True)
    attended_seconds = models.PositiveIntegerField("累计在线秒数", default=0)
    manual_reason = models.CharField("补录原因", max_length=300, blank=True)
    manual_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="补录人",
    )

    class Meta:
        verbose_name = "出勤"
        verbose_name_plural = "出勤"

    def __str__(self):
        return f"{self.enrolment} · {self.attended_seconds // 60} 分钟"
