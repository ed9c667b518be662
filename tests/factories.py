"""factory_boy factories shared by every app's tests."""

import datetime
import hashlib

import factory
from django.utils import timezone

from accounts.models import (
    Agency,
    City,
    CreditOffice,
    PenaltyAuthority,
    Province,
    Region,
    User,
)
from common.validators import USCC_ALPHABET, make_uscc
from enrollment.models import (
    Attendance,
    CommitmentLetter,
    Enrolment,
    PlanLine,
    Programme,
    TrainingSession,
)
from enterprises.models import (
    Enterprise,
    PenaltyRecord,
    RuleProfile,
    Severity,
    SeverityRule,
)


def _uscc_body(n: int) -> str:
    digits = []
    for _ in range(8):
        n, r = divmod(n, len(USCC_ALPHABET))
        digits.append(USCC_ALPHABET[r])
    return "913206" + "MA1" + "".join(reversed(digits))


def uscc_for(n: int) -> str:
    """A valid, distinct USCC for each n."""
    return make_uscc(_uscc_body(n))


class ProvinceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Province
        django_get_or_create = ["code"]

    code = "320000"
    name = "江苏省"
    short_name = "江苏"


class CityFactory(factory.django.DjangoModelFactory):
    """Nantong unless told; `CityFactory(code="320500", name="苏州市",
    short_name="苏州")` is a second city."""

    class Meta:
        model = City
        django_get_or_create = ["code"]

    province = factory.SubFactory(ProvinceFactory)
    code = "320600"
    name = "南通市"
    short_name = "南通"


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ["city", "code"]

    city = factory.SubFactory(CityFactory)
    code = factory.Sequence(lambda n: f"{(n % 89) + 10:02d}")
    name = factory.LazyAttribute(lambda o: f"测试区{o.code}")


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"测试信用服务机构{n}有限公司")
    uscc = factory.Sequence(lambda n: uscc_for(900000 + n))
    contact_person = "测试联系人"
    contact_phone = "13900009999"

    @factory.post_generation
    def regions(self, create, extracted, **kwargs):
        if create and extracted:
            self.regions.set(extracted)


class CreditOfficeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CreditOffice

    name = factory.Sequence(lambda n: f"测试信用办{n}")
    level = CreditOffice.Level.COUNTY
    region = factory.SubFactory(RegionFactory)
    city = factory.LazyAttribute(
        lambda o: o.region.city if o.region is not None else CityFactory()
    )


class EnterpriseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enterprise

    uscc = factory.Sequence(lambda n: uscc_for(n))
    name = factory.Sequence(lambda n: f"测试企业{n}有限公司")
    region = factory.SubFactory(RegionFactory)
    legal_representative = "张三"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    real_name = factory.Sequence(lambda n: f"用户{n}")
    mobile = factory.Sequence(lambda n: f"139{n:08d}")
    role = User.Role.ENTERPRISE
    password = factory.PostGenerationMethodCall("set_password", "pass-1234")

    @factory.post_generation
    def _save(self, create, extracted, **kwargs):
        if create:
            self.save()


class RepresentativeFactory(UserFactory):
    role = User.Role.ENTERPRISE
    enterprise = factory.SubFactory(EnterpriseFactory)


class TrainerFactory(UserFactory):
    role = User.Role.TRAINER
    agency = factory.SubFactory(AgencyFactory)


class CountyOfficerFactory(UserFactory):
    role = User.Role.COUNTY_OFFICE
    office = factory.SubFactory(CreditOfficeFactory)


class CityOfficerFactory(UserFactory):
    role = User.Role.CITY_OFFICE
    office = factory.SubFactory(
        CreditOfficeFactory, level=CreditOffice.Level.CITY, region=None
    )


class ProvinceOfficerFactory(UserFactory):
    role = User.Role.PROVINCE_OFFICE
    office = factory.SubFactory(
        CreditOfficeFactory,
        level=CreditOffice.Level.PROVINCE,
        region=None,
        city=None,
        province=factory.SubFactory(ProvinceFactory),
    )


class PenaltyAuthorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PenaltyAuthority

    name = factory.Sequence(lambda n: f"测试市场监督管理局{n}")
    city = factory.SubFactory(CityFactory)


class AuthorityOfficerFactory(UserFactory):
    role = User.Role.PENALTY_AUTHORITY
    authority = factory.SubFactory(PenaltyAuthorityFactory)


class AdminFactory(UserFactory):
    role = User.Role.ADMIN
    is_staff = True
    is_superuser = True


# --- repair rules and penalties (enterprises) --------------------------------------


class RuleProfileFactory(factory.django.DjangoModelFactory):
    """A profile with the 2022 Jiangsu values: 3 class hours of 60 minutes."""

    class Meta:
        model = RuleProfile
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"测试规则{n}")
    min_class_hours = 3
    class_hour_minutes = 60

    @factory.post_generation
    def severity_rules(self, create, extracted, **kwargs):
        if not create or extracted is False:
            return
        for severity, repairable, training, report, low, high in (
            (Severity.GENERAL, True, True, False, 3, 12),
            (Severity.SERIOUS, True, True, True, 6, 36),
            (Severity.SPECIALLY_SERIOUS, False, False, False, 36, 36),
        ):
            SeverityRule.objects.create(
                profile=self,
                severity=severity,
                repairable=repairable,
                training_required=training,
                credit_report_required=report,
                min_publicity_months=low,
                max_publicity_months=high,
            )


class PenaltyRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PenaltyRecord

    enterprise = factory.SubFactory(EnterpriseFactory)
    decision_no = factory.Sequence(lambda n: f"通测罚决字〔2022〕{n + 1}号")
    authority = "南通市测试局"
    decision_date = factory.LazyFunction(
        lambda: datetime.date.today() - datetime.timedelta(days=200)
    )
    content = "责令改正违法行为，罚款人民币五千元。"
    severity = Severity.GENERAL


# --- programmes, sessions, enrolments (enrollment) ---------------------------------


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme

    name = factory.Sequence(lambda n: f"2026年测试信用修复培训{n}")
    year = 2026
    city = factory.SubFactory(CityFactory)
    kind = Programme.Kind.REPAIR_TRAINING
    rule_profile = factory.SubFactory(RuleProfileFactory)


class PlanLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanLine

    programme = factory.SubFactory(ProgrammeFactory)
    region = factory.SubFactory(
        RegionFactory, city=factory.SelfAttribute("..programme.city")
    )
    label = factory.LazyAttribute(lambda o: o.region.name if o.region else "专场")
    planned_count = 170
    agency = factory.SubFactory(AgencyFactory)


class TrainingSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingSession

    plan_line = factory.SubFactory(PlanLineFactory)
    title = factory.Sequence(lambda n: f"信用修复专题培训第{n + 1}期")
    mode = TrainingSession.Mode.OFFLINE
    venue = "南通市测试会议中心"
    starts_at = factory.LazyFunction(
        lambda: timezone.now() + datetime.timedelta(days=7)
    )
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=3))
    class_hours = 3
    capacity = 50
    status = TrainingSession.Status.OPEN


class EnrolmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrolment

    session = factory.SubFactory(TrainingSessionFactory)
    programme = factory.LazyAttribute(lambda o: o.session.plan_line.programme)
    plan_line = factory.LazyAttribute(lambda o: o.session.plan_line)
    enterprise = factory.SubFactory(
        EnterpriseFactory, region=factory.SelfAttribute("..session.plan_line.region")
    )
    status = Enrolment.Status.ENROLLED


class CommitmentLetterFactory(factory.django.DjangoModelFactory):
    """A signed letter; the text and hash are placeholders, not the template."""

    class Meta:
        model = CommitmentLetter

    penalty = factory.SubFactory(PenaltyRecordFactory)
    enterprise = factory.LazyAttribute(lambda o: o.penalty.enterprise)
    signer = factory.SubFactory(
        RepresentativeFactory, enterprise=factory.SelfAttribute("..enterprise")
    )
    signer_name = "张三"
    id_type = CommitmentLetter.IdType.RESIDENT_ID
    id_last4 = "123X"
    rendered_text = "测试承诺书全文"
    text_sha256 = factory.LazyAttribute(
        lambda o: hashlib.sha256(o.rendered_text.encode()).hexdigest()
    )
    signed_at = factory.LazyFunction(timezone.now)
    ip_address = "127.0.0.1"


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    enrolment = factory.SubFactory(EnrolmentFactory)
    signed_in_at = factory.LazyFunction(timezone.now)
    signin_method = Attendance.Method.CODE
    attended_seconds = 0
    # Stored time is final once signed out (journey.attendance): credited time
    # comes with its sign-out, as the live services store it.
    signed_out_at = factory.LazyAttribute(
        lambda o: (
            o.signed_in_at + datetime.timedelta(seconds=o.attended_seconds)
            if o.attended_seconds and o.signed_in_at
            else None
        )
    )
