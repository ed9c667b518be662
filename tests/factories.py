"""factory_boy factories shared by every app's tests."""

import factory

from accounts.models import Agency, CreditOffice, Region, User
from common.validators import USCC_ALPHABET, make_uscc
from enterprises.models import Enterprise


def _uscc_body(n: int) -> str:
    digits = []
    for _ in range(8):
        n, r = divmod(n, len(USCC_ALPHABET))
        digits.append(USCC_ALPHABET[r])
    return "913206" + "MA1" + "".join(reversed(digits))


def uscc_for(n: int) -> str:
    """A valid, distinct USCC for each n."""
    return make_uscc(_uscc_body(n))


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"{(n % 89) + 10:02d}")
    name = factory.LazyAttribute(lambda o: f"测试区{o.code}")
    city = "南通市"


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
    city = "南通市"
    region = factory.SubFactory(RegionFactory)


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


class AdminFactory(UserFactory):
    role = User.Role.ADMIN
    is_staff = True
    is_superuser = True
