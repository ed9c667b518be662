"""Users, roles, regions, credit service agencies and credit offices."""

from django.contrib.auth.models import AbstractUser
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from common.validators import validate_mobile, validate_uscc


class Region(models.Model):
    """A county-level area (县、市、区) or park, numbered as in the city's notices."""

    code = models.CharField(
        "地区编码",
        max_length=2,
        unique=True,
        validators=[RegexValidator(r"^\d{2}$", "地区编码应为两位数字，如 01。")],
    )
    name = models.CharField("名称", max_length=50)
    city = models.CharField("所属城市", max_length=50)

    class Meta:
        ordering = ["code"]
        verbose_name = "地区"
        verbose_name_plural = "地区"

    def __str__(self):
        return f"{self.code} {self.name}"


class Agency(models.Model):
    """A credit service agency (信用服务机构) that runs training for the offices."""

    name = models.CharField("机构名称", max_length=100, unique=True)
    uscc = models.CharField(
        "统一社会信用代码", max_length=18, unique=True, validators=[validate_uscc]
    )
    contact_person = models.CharField("联系人", max_length=50)
    contact_phone = models.CharField(
        "联系电话", max_length=11, validators=[validate_mobile]
    )
    service_group = models.CharField(
        "线上服务群", max_length=100, blank=True, help_text="如 QQ群：123456789"
    )
    regions = models.ManyToManyField(
        Region, related_name="agencies", blank=True, verbose_name="负责地区"
    )

    class Meta:
        ordering = ["name"]
        verbose_name = "信用服务机构"
        verbose_name_plural = "信用服务机构"

    def __str__(self):
        return self.name


class CreditOffice(models.Model):
    """A city or county credit office (信用办)."""

    class Level(models.TextChoices):
        CITY = "city", "市级"
        COUNTY = "county", "县（市、区）级"

    name = models.CharField("名称", max_length=100, unique=True)
    level = models.CharField("级别", max_length=10, choices=Level.choices)
    city = models.CharField("所属城市", max_length=50)
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="offices",
        verbose_name="地区",
        help_text="县级信用办必填；市级信用办留空。",
    )

    class Meta:
        ordering = ["level", "name"]
        verbose_name = "信用办"
        verbose_name_plural = "信用办"
        constraints = [
            models.CheckConstraint(
                condition=Q(level="city", region__isnull=True)
                | Q(level="county", region__isnull=False),
                name="office_level_matches_region",
            )
        ]

    def __str__(self):
        return self.name


class User(AbstractUser):
    """A platform user; `role` decides what the user may see and do."""

    class Role(models.TextChoices):
        ENTERPRISE = "enterprise", _("企业代表")
        TRAINER = "trainer", _("培训讲师")
        COUNTY_OFFICE = "county_office", _("县级信用办")
        CITY_OFFICE = "city_office", _("市级信用办")
        ADMIN = "admin", _("系统管理员")

    real_name = models.CharField("真实姓名", max_length=50)
    mobile = models.CharField(
        "手机号码", max_length=11, blank=True, validators=[validate_mobile]
    )
    role = models.CharField(
        "角色", max_length=20, choices=Role.choices, default=Role.ENTERPRISE
    )
    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
        verbose_name="所属机构",
    )
    office = models.ForeignKey(
        CreditOffice,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
        verbose_name="所属信用办",
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="representatives",
        verbose_name="所属企业",
    )

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"
        constraints = [
            models.CheckConstraint(
                condition=~Q(role="trainer") | Q(agency__isnull=False),
                name="trainer_has_agency",
            ),
            models.CheckConstraint(
                condition=~Q(role__in=["county_office", "city_office"])
                | Q(office__isnull=False),
                name="office_user_has_office",
            ),
        ]

    def __str__(self):
        return self.real_name or self.username

    @property
    def is_enterprise(self) -> bool:
        return self.role == self.Role.ENTERPRISE

    @property
    def is_trainer(self) -> bool:
        return self.role == self.Role.TRAINER

    @property
    def is_county_office(self) -> bool:
        return self.role == self.Role.COUNTY_OFFICE

    @property
    def is_city_office(self) -> bool:
        return self.role == self.Role.CITY_OFFICE

    @property
    def is_office(self) -> bool:
        return self.role in (self.Role.COUNTY_OFFICE, self.Role.CITY_OFFICE)

    @property
    def is_platform_admin(self) -> bool:
        return self.role == self.Role.ADMIN or self.is_superuser


class Notice(models.Model):
    """An in-site notice (站内通知) for one user, also pushed live over Channels."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="notices", verbose_name="用户"
    )
    title = models.CharField("标题", max_length=200)
    body = models.TextField("内容", blank=True)
    url = models.CharField("链接", max_length=300, blank=True)
    created_at = models.DateTimeField("时间", auto_now_add=True)
    read_at = models.DateTimeField("已读时间", null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "站内通知"
        verbose_name_plural = "站内通知"
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self):
        return self.title


class OneTimeCode(models.Model):
    """A 6-digit code sent by SMS (or mail to staff): stored only as an HMAC,
    valid for OTP_TTL_SECONDS, single use, at most OTP_MAX_ATTEMPTS tries."""

    class Purpose(models.TextChoices):
        LOGIN = "login", "验证码登录"
        RESET = "reset", "重置密码"
        CLAIM = "claim", "认领企业"

    destination = models.CharField("接收方", max_length=254, db_index=True)
    purpose = models.CharField("用途", max_length=10, choices=Purpose.choices)
    # What the code is bound to besides the destination (e.g. user id and USCC of a
    # claim), so a code sent for one claim cannot complete another.
    subject = models.CharField("绑定对象", max_length=100, blank=True)
    code_hash = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField("发送时间", auto_now_add=True, db_index=True)
    expires_at = models.DateTimeField("有效期至")
    attempts = models.PositiveSmallIntegerField("尝试次数", default=0)
    used_at = models.DateTimeField("使用时间", null=True, blank=True)
    ip_address = models.GenericIPAddressField("请求 IP", null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "一次性验证码"
        verbose_name_plural = "一次性验证码"
        indexes = [models.Index(fields=["ip_address", "created_at"])]

    def __str__(self):
        return f"{self.get_purpose_display()} · {self.created_at:%Y-%m-%d %H:%M}"


class OfficeProfile(models.Model):
    """How an office's official letters look: letterhead, seal, 文号 prefix.

    Place names live here (and in Region), never in code or templates."""

    office = models.OneToOneField(
        CreditOffice,
        on_delete=models.CASCADE,
        related_name="profile",
        verbose_name="信用办",
    )
    letterhead = models.CharField(
        "发文机关标志",
        max_length=60,
        blank=True,
        help_text="印在公文首页的红色机关名称；留空时用信用办名称。",
    )
    number_prefix = models.CharField(
        "发文字号前缀",
        max_length=20,
        blank=True,
        help_text="如「通信用函」，文号印作 前缀〔年份〕序号号；留空时用信用办名称。",
    )
    seal = models.ImageField(
        "印章图片",
        upload_to="office_seals/",
        blank=True,
        help_text="PNG（透明背景）；上传后印在公文落款处，否则印「（盖章）」。",
    )

    class Meta:
        verbose_name = "信用办公文设置"
        verbose_name_plural = "信用办公文设置"

    def __str__(self):
        return self.letterhead or self.office.name


class DocumentNumberCounter(models.Model):
    """The yearly sequence behind an office's document numbers (发文字号)."""

    office = models.ForeignKey(
        CreditOffice, on_delete=models.CASCADE, related_name="+", verbose_name="信用办"
    )
    year = models.PositiveSmallIntegerField("年份")
    last = models.PositiveIntegerField("已用序号", default=0)

    class Meta:
        verbose_name = "发文字号计数"
        verbose_name_plural = "发文字号计数"
        constraints = [
            models.UniqueConstraint(
                fields=["office", "year"], name="document_number_once_per_year"
            )
        ]

    def __str__(self):
        return f"{self.office} {self.year}: {self.last}"
