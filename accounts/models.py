"""Users, roles, regions, credit service agencies and credit offices."""

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from common.validators import validate_mobile, validate_uscc


class Province(models.Model):
    """A province (省级行政区) with its GB/T 2260 code, e.g. 320000 江苏省."""

    code = models.CharField(
        "行政区划代码",
        max_length=6,
        unique=True,
        validators=[
            RegexValidator(r"^\d{2}0000$", "省级行政区划代码为六位数字，如 320000。")
        ],
    )
    name = models.CharField("名称", max_length=50, unique=True)
    short_name = models.CharField("简称", max_length=20, help_text="如 江苏")

    class Meta:
        ordering = ["code"]
        verbose_name = "省"
        verbose_name_plural = "省"

    def __str__(self):
        return self.name


class City(models.Model):
    """A prefecture-level city (设区市) with its GB/T 2260 code, e.g. 320600 南通市."""

    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="cities", verbose_name="省"
    )
    code = models.CharField(
        "行政区划代码",
        max_length=6,
        unique=True,
        validators=[
            RegexValidator(r"^\d{4}00$", "市级行政区划代码为六位数字，如 320600。")
        ],
    )
    name = models.CharField("名称", max_length=50, unique=True)
    short_name = models.CharField("简称", max_length=20, help_text="如 南通")

    class Meta:
        ordering = ["code"]
        verbose_name = "设区市"
        verbose_name_plural = "设区市"

    def __str__(self):
        return self.name


class Region(models.Model):
    """A county-level area (县、市、区), park or sector under its city.

    `code` is the two-digit sequence the city's notices give it (seed 000: the first
    two digits of an archive number); it is unique within the city only.
    `division_code` is the GB/T 2260 code where the area has one.
    """

    class Kind(models.TextChoices):
        DISTRICT = "district", "市辖区"
        COUNTY = "county", "县"
        COUNTY_CITY = "county_city", "县级市"
        ZONE = "zone", "开发区/园区"
        SECTOR = "sector", "行业领域"

    city = models.ForeignKey(
        City, on_delete=models.PROTECT, related_name="regions", verbose_name="所属城市"
    )
    code = models.CharField(
        "地区序号",
        max_length=2,
        validators=[RegexValidator(r"^\d{2}$", "地区序号应为两位数字，如 01。")],
        help_text="本市内的两位序号，用作档案编号的前两位。",
    )
    name = models.CharField("名称", max_length=50)
    kind = models.CharField(
        "类别", max_length=12, choices=Kind.choices, default=Kind.DISTRICT
    )
    division_code = models.CharField(
        "行政区划代码",
        max_length=6,
        blank=True,
        validators=[RegexValidator(r"^\d{6}$", "行政区划代码为六位数字，如 320685。")],
        help_text="GB/T 2260 代码；开发区、园区和行业领域可留空。",
    )

    class Meta:
        ordering = ["city__code", "code"]
        verbose_name = "地区"
        verbose_name_plural = "地区"
        constraints = [
            models.UniqueConstraint(
                fields=["city", "code"], name="region_code_unique_in_city"
            ),
            models.UniqueConstraint(
                fields=["division_code"],
                condition=~Q(division_code=""),
                name="region_division_code_unique",
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.name}"

    @property
    def key(self) -> str:
        """The region's code qualified by its city's, unique across the province
        (e.g. 320600-01); pages use it in links."""
        return f"{self.city.code}-{self.code}"


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
    """A provincial, city or county credit office (信用办)."""

    class Level(models.TextChoices):
        PROVINCE = "province", "省级"
        CITY = "city", "市级"
        COUNTY = "county", "县（市、区）级"

    name = models.CharField("名称", max_length=100, unique=True)
    level = models.CharField("级别", max_length=10, choices=Level.choices)
    province = models.ForeignKey(
        Province,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="offices",
        verbose_name="所属省",
        help_text="省级信用办必填。",
    )
    city = models.ForeignKey(
        City,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="offices",
        verbose_name="所属城市",
        help_text="市级、县级信用办必填；省级留空。",
    )
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="offices",
        verbose_name="地区",
        help_text="县级信用办必填；省级、市级信用办留空。",
    )

    class Meta:
        ordering = ["level", "name"]
        verbose_name = "信用办"
        verbose_name_plural = "信用办"
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    level="province",
                    province__isnull=False,
                    city__isnull=True,
                    region__isnull=True,
                )
                | Q(level="city", city__isnull=False, region__isnull=True)
                | Q(level="county", city__isnull=False, region__isnull=False),
                name="office_level_matches_place",
            )
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if self.region_id and self.city_id and self.region.city_id != self.city_id:
            raise ValidationError({"region": "地区不属于所选城市。"})


class PenaltyAuthority(models.Model):
    """An authority that decides administrative penalties (行政处罚机关), in a city."""

    name = models.CharField("名称", max_length=100)
    city = models.ForeignKey(
        City,
        on_delete=models.PROTECT,
        related_name="penalty_authorities",
        verbose_name="所属城市",
    )
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="penalty_authorities",
        verbose_name="地区",
        help_text="县级机关填写；市级机关留空。",
    )

    class Meta:
        ordering = ["city__code", "name"]
        verbose_name = "行政处罚机关"
        verbose_name_plural = "行政处罚机关"
        constraints = [
            models.UniqueConstraint(
                fields=["city", "name"], name="penalty_authority_unique_in_city"
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
        PROVINCE_OFFICE = "province_office", _("省级信用办")
        PENALTY_AUTHORITY = "penalty_authority", _("行政处罚机关")
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
    authority = models.ForeignKey(
        PenaltyAuthority,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
        verbose_name="所属行政处罚机关",
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
                condition=~Q(
                    role__in=["county_office", "city_office", "province_office"]
                )
                | Q(office__isnull=False),
                name="office_user_has_office",
            ),
            models.CheckConstraint(
                condition=~Q(role="penalty_authority") | Q(authority__isnull=False),
                name="authority_user_has_authority",
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
    def is_province_office(self) -> bool:
        return self.role == self.Role.PROVINCE_OFFICE

    @property
    def is_penalty_authority(self) -> bool:
        return self.role == self.Role.PENALTY_AUTHORITY

    @property
    def is_office(self) -> bool:
        """County and city offices: the offices that act (the province only reads)."""
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
